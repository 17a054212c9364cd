// Reading the person's lines in the terminal: GNU readline (line editing,
// history kept in a file) when stdin is a terminal, plain lines otherwise
// (pipes, scripts, tests).
//
// Ctrl-C at the prompt clears the line instead of quitting: the caller's
// SIGINT handler sets `interrupted` (see chat), and readline's signal hook
// turns that into a fresh prompt. Ctrl-D (or the end of the input) ends.
//
// Thread safety: one reader per process (readline is global state).
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace os1::companion {

class LineInput {
public:
    virtual ~LineInput() = default;
    // The next line without its newline; nullopt at the end of input.
    virtual std::optional<std::string> read(const std::string& prompt) = 0;
    virtual bool interactive() const = 0;
};

// `history` is where readline keeps past lines ("" = none; the file is
// 0600: it holds the person's words). "/forget ..." lines are not kept:
// what the person asked to forget must not stay behind in the history. `interrupted`
// is set by the caller's SIGINT handler; the reader clears it.
std::unique_ptr<LineInput> make_line_input(bool terminal, const std::filesystem::path& history,
                                           std::atomic<bool>* interrupted);

}  // namespace os1::companion

namespace os1::companion {

// Where the terminal keeps its line history: <data_dir>/chat_history.
std::filesystem::path chat_history_path(const std::filesystem::path& data_dir);

// Removes the lines `drop` selects from the history file (rewritten
// atomically, 0600) and from this process's readline history (a chat in
// progress). A missing file is no error. Returns how many lines went.
Result<int> forget_history_lines(const std::filesystem::path& file, const std::function<bool(std::string_view)>& drop);

}  // namespace os1::companion
