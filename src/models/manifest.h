// models_dir/manifest.json: where each installed model came from and its
// sha256, written by `os1 pull`, read by `os1 models`. Models copied in by
// hand have no entry; that is fine.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include "core/result.h"

namespace os1::models {

struct ManifestEntry {
    std::string file;       // file name in models_dir
    std::string url;
    std::string sha256;     // of the installed file
    std::string verified;   // "given", "etag", "sidecar" or "none" (see download.h)
    uint64_t bytes = 0;
    std::string installed;  // UTC, ISO 8601
};

// A missing manifest is empty; a corrupt one is an error naming the file.
Result<std::map<std::string, ManifestEntry>> read_manifest(const std::filesystem::path& models_dir);
// Adds or replaces the entry for entry.file (installed is set to now when empty). Atomic write.
Result<void> record_in_manifest(const std::filesystem::path& models_dir, ManifestEntry entry);
Result<void> remove_from_manifest(const std::filesystem::path& models_dir, const std::string& file);

}  // namespace os1::models
