// The curated list of small chat models `os1 pull NAME` knows by alias, and
// how installed models are found in models_dir.
//
// Each alias maps to a public Hugging Face GGUF URL. sha256 is filled only
// where we know it for certain; otherwise pull verifies against what the
// server publishes (a .sha256 sidecar or a sha256 ETag) or says plainly that
// no checksum is known.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "models/download.h"
#include "core/result.h"

namespace os1::models {

struct CatalogEntry {
    std::string_view alias;        // "qwen2.5-0.5b"
    std::string_view summary;      // "Qwen2.5 0.5B Instruct, Q4_K_M (~0.4 GB)"
    std::string_view url;          // https://huggingface.co/.../resolve/main/<file>.gguf
    std::string_view file_name;    // installed as models_dir/<file_name>
    std::string_view sha256;       // lower-case hex, or empty when not known
};

std::span<const CatalogEntry> catalog();
// Case-insensitive; also accepts the file name ("qwen2.5-0.5b-instruct-q4_k_m.gguf").
const CatalogEntry* find_catalog(std::string_view alias_or_file);
// The alias itself (case-insensitive), not a file name: what `os1 pull NAME`
// downloads. A file name ("ggml-base.en.bin") may be a file the person
// has, so it never starts a download on its own.
const CatalogEntry* find_alias(std::string_view alias);
// Why `os1 pull NAME` does nothing for a bare name that is neither an alias
// nor a file here (Invalid, starting "no model called 'NAME'"): it lists the
// aliases, says a file is installed from its path, and names the alias
// whose file NAME is ("that is whisper-base.en's file").
Error unknown_pull_name(std::string_view name);
// The alias whose file name is `file_name`, or empty.
std::string_view alias_for_file(std::string_view file_name);

// *.gguf files directly in models_dir, sorted by name (a missing folder is empty).
std::vector<std::filesystem::path> installed_models(const std::filesystem::path& models_dir);

// Finds the GGUF a person named: an existing path; an alias or a file name
// (with or without .gguf) in models_dir. NotFound says what to run.
Result<std::filesystem::path> find_model(std::string_view name, const std::filesystem::path& models_dir);

// A GGUF already on disk (`os1 pull PATH`, install_local.cpp).
// check_gguf: the file opens as GGUF (magic, version, metadata, tensor
// table); Invalid says why not.
Result<void> check_gguf(const std::filesystem::path& path);

struct LocalInstallRequest {
    std::filesystem::path source;      // the .gguf to copy (never moved or changed)
    std::filesystem::path models_dir;
    std::string file_name;             // default: the source's name (".gguf" added if missing)
    bool force = false;                // copy again over an installed file of that name
    ProgressFn progress;               // done/total bytes, then finished
    const std::atomic<bool>* cancel = nullptr;
};
struct LocalInstall {
    std::filesystem::path path;
    uint64_t bytes = 0;
    bool already_installed = false;
};
// Checks, then copies into models_dir through a hidden 0600 temporary file
// (synced, renamed into place).
Result<LocalInstall> install_local_model(const LocalInstallRequest& request);

}  // namespace os1::models
