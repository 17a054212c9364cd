// Model downloads for `os1 pull`: HTTP(S) via libcurl into
// models_dir/<file>.part, resumed with a Range request after an
// interruption (in the same run, with backoff, and in a later run), checked
// (GGUF magic, SHA-256 when a digest is known) and installed atomically by
// renaming into models_dir. A checksum mismatch deletes the .part and
// installs nothing.
//
// Where the expected digest comes from, best first: the caller (catalog
// entry or --sha256), the server's X-Linked-ETag or ETag when it is a bare
// sha256 (Hugging Face does this for every large file), a "<url>.sha256"
// sidecar. When none exists the result says so (Verification::None) and the
// caller must say so plainly; the digest of what was installed is recorded
// in the manifest either way.
//
// Thread safety: one download per target file at a time; the progress
// callback runs on the calling thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace os1::models {

struct DownloadProgress {
    uint64_t done = 0;         // bytes in the .part so far (resumed bytes included)
    uint64_t total = 0;        // 0 when the server did not say
    uint64_t resumed_from = 0; // bytes that were already there when this attempt began
    double bytes_per_s = 0;    // over this attempt
    bool finished = false;     // the last call of an attempt
};
using ProgressFn = std::function<void(const DownloadProgress&)>;

enum class Verification {
    Given,    // matched the digest the caller knew (catalog / --sha256)
    ETag,     // matched the sha256 the server published in (X-Linked-)ETag
    Sidecar,  // matched <url>.sha256
    None,     // no digest known: nothing was verified
};
std::string_view verification_name(Verification v);  // "given", "etag", "sidecar", "none"

struct DownloadRequest {
    std::string url;
    std::filesystem::path models_dir;
    std::string file_name;        // empty: the URL's last path segment
    std::string expected_sha256;  // empty when unknown
    bool force = false;           // download again over an installed file
    ProgressFn progress;
    const std::atomic<bool>* cancel = nullptr;
    double connect_timeout_s = 15;
    // Fewer than stall_min_bytes in stall_timeout_s (about 1 KiB/s by
    // default) is a stall: drop the connection and resume. There is no
    // overall deadline: a large file on a slow link may take hours.
    double stall_timeout_s = 60;
    uint64_t stall_min_bytes = 64 * 1024;
    // The most the file may be: a server announcing (Content-Length) or
    // sending more is refused and the .part deleted. No chat model os1 can
    // run is larger than the default.
    uint64_t max_bytes = uint64_t{64} << 30;
    int max_retries = 5;          // consecutive attempts that made no progress
    double retry_backoff_s = 1;   // doubles per failed attempt, capped at 30 s
};

struct DownloadResult {
    std::filesystem::path path;   // the installed file
    uint64_t bytes = 0;
    std::string sha256;           // of the installed file (always computed)
    std::string expected_sha256;  // what it was checked against (empty: None)
    Verification verified = Verification::None;
    bool resumed = false;         // continued a .part left by an earlier run or attempt
    bool already_installed = false;
    int attempts = 0;
};

// NotFound (HTTP 404), Network (unreachable, refused, gave up after retries:
// the .part is kept for the next run), Corrupt (checksum mismatch, not a
// GGUF, larger than max_bytes: nothing installed), Cancelled (the .part is
// kept), Io.
Result<DownloadResult> download_model(const DownloadRequest& request);

// "https://host/a/b/model.gguf?download=true" -> "model.gguf" (empty if none).
std::string file_name_from_url(std::string_view url);

}  // namespace os1::models
