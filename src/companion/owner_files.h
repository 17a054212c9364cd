// Where one owner's files outside the database live: persona.toml (and
// .previous), the terminal's chat_history, and the brain's saved KV states.
// The database, the models and config.toml are shared by every owner of an
// installation; these files are each person's own.
//
//   local owner ("local"):  <data>/persona.toml, <data>/chat_history,
//                           <cache>/kv/            (the paths os1 always used)
//   any other owner:        <data>/people/<owner>/persona.toml, .../chat_history,
//                           <data>/people/<owner>/cache/kv/
//
// An owner id that names a folder must be safe as one: 1-64 ASCII letters,
// digits, '.', '_' or '-', beginning with a letter or a digit (no '/', no
// "..", no hidden names). Folders are 0700 (Paths::ensure keeps <data>
// private on every start).
#pragma once

#include <filesystem>
#include <string_view>

#include "core/paths.h"
#include "core/result.h"

namespace os1::companion {

struct OwnerFiles {
    std::filesystem::path data_dir;   // persona.toml(.previous), chat_history
    std::filesystem::path cache_dir;  // kv/: the brain's saved states
    bool own_folder = false;          // <data>/people/<owner>/ (not the local owner)

    std::filesystem::path persona_file() const;
    std::filesystem::path chat_history_file() const;
    std::filesystem::path kv_state_dir() const;
};

// Error::invalid, saying what is allowed, for an id unsafe as a folder name.
Result<void> check_owner_folder(std::string_view owner);

// The owner's places under `paths` (checked with check_owner_folder unless
// the owner is the local one). Creates nothing.
Result<OwnerFiles> owner_files(const Paths& paths, std::string_view owner);

// Creates the owner's folders, 0700 (a no-op beyond Paths::ensure for the
// local owner).
Result<void> ensure_owner_files(const OwnerFiles& files);

}  // namespace os1::companion
