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

// A person's words are theirs alone: folders 0700, files 0600.
// ensure_private_dir creates `path` (and missing parents) and sets it 0700.
// make_private sets an existing file 0600 or folder 0700 (symbolic links
// are left alone; a missing path is not an error).
// make_private_tree does so for `root` and everything under it.
Result<void> ensure_private_dir(const std::filesystem::path& path);
Result<void> make_private(const std::filesystem::path& path);
Result<void> make_private_tree(const std::filesystem::path& root);

// "No space left on device" style text for errno.
std::string errno_text(int err);

}  // namespace os1
