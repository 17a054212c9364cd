// The person's line history kept by a terminal front end (<data>/chat_history,
// 0600), and forgetting from it: what the person asked to forget must not
// stay behind there, nor in a running front end's in-memory history.
//
// Line editing itself (readline) lives in the front end (apps/os1); it
// registers a LiveHistory so forget reaches the lines it holds in memory.
#pragma once

#include <filesystem>
#include <functional>
#include <string_view>

#include "core/result.h"

namespace os1::companion {

// Where the terminal keeps its line history: <data_dir>/chat_history.
std::filesystem::path chat_history_path(const std::filesystem::path& data_dir);

// "/forget my sister" names what the person wants gone: never kept.
bool is_forget_line(std::string_view line);

// A front end's in-memory history: removes the lines `drop` selects.
using LiveHistory = std::function<void(const std::function<bool(std::string_view)>& drop)>;
// Registers (or, with {}, clears) this process's live history. One per
// process (line editing is global state in the terminal).
void set_live_history(LiveHistory live);

// Removes the lines `drop` selects from the history file (rewritten
// atomically, 0600) and from the live history (a chat in progress). A
// missing file is no error. Returns how many lines went from the file.
Result<int> forget_history_lines(const std::filesystem::path& file, const std::function<bool(std::string_view)>& drop);

}  // namespace os1::companion
