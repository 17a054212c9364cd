// One owner's files outside the database (owner_files.h).
#include "companion/owner_files.h"

#include "brain/brain.h"
#include "companion/chat_history.h"
#include "companion/setup_flow.h"
#include "core/files.h"
#include "memory/memory.h"

namespace os1::companion {

namespace {

constexpr size_t MAX_FOLDER_OWNER_BYTES = 64;

bool ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

}  // namespace

std::filesystem::path OwnerFiles::persona_file() const { return persona_path(data_dir); }
std::filesystem::path OwnerFiles::chat_history_file() const { return chat_history_path(data_dir); }
std::filesystem::path OwnerFiles::kv_state_dir() const {
    Paths paths;
    paths.cache_dir = cache_dir;
    return brain::kv_state_dir(paths);
}

Result<void> check_owner_folder(std::string_view owner) {
    TRY(memory::check_owner(owner));
    const char* allowed = "1-64 ASCII letters, digits, '.', '_' or '-', beginning with a letter or a digit";
    if (owner.size() > MAX_FOLDER_OWNER_BYTES)
        return Error::invalid("the owner id '", owner.substr(0, 16), "...' is too long for a folder name (", allowed, ")");
    if (!ascii_alnum(owner.front())) return Error::invalid("the owner id '", owner, "' must begin with a letter or a digit (", allowed, ")");
    for (char c : owner)
        if (!ascii_alnum(c) && c != '.' && c != '_' && c != '-')
            return Error::invalid("the owner id '", owner, "' cannot name a folder (", allowed, ")");
    return ok();
}

Result<OwnerFiles> owner_files(const Paths& paths, std::string_view owner) {
    TRY(memory::check_owner(owner));
    if (owner == memory::MemoryOptions{}.owner) return OwnerFiles{paths.data_dir, paths.cache_dir, false};
    TRY(check_owner_folder(owner));
    auto dir = paths.data_dir / "people" / std::string(owner);
    return OwnerFiles{dir, dir / "cache", true};
}

Result<void> ensure_owner_files(const OwnerFiles& files) {
    if (files.own_folder) TRY(ensure_private_dir(files.data_dir.parent_path()));  // <data>/people
    TRY(ensure_private_dir(files.data_dir));
    TRY(ensure_private_dir(files.cache_dir));
    return ok();
}

}  // namespace os1::companion
