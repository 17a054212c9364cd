// Files: whole-file reads, durable atomic writes, folders. Every error names
// the path and what the operating system said.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.h"

namespace os1 {

Result<std::string> read_file(const std::filesystem::path& path);

// Writes to a temporary file beside `path`, fsyncs it, renames it over
// `path` and fsyncs the folder: a crash leaves the old or the new content,
// never a torn file. A full disk is reported and the old file kept.
Result<void> write_file_atomic(const std::filesystem::path& path, std::string_view data);

Result<void> ensure_dir(const std::filesystem::path& path);

// "No space left on device" style text for errno.
std::string errno_text(int err);

}  // namespace os1
