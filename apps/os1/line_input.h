// Reading the person's lines in the terminal: GNU readline (line editing,
// history kept in a file) when stdin is a terminal, plain lines otherwise
// (pipes, scripts, tests).
//
// Every line is bounded (MAX_LINE_BYTES, 64 KiB, for a message; an answer
// to a first-meeting question has its own, smaller bound, ANSWER_LIMIT): a
// longer one is refused with an error that says how long it was ("a
// message is 3.2 MB; a message may be at most 64 KB"), and reading goes on
// with the next line. The refused line is counted, never held in memory:
// from a pipe at most the bound and a little are kept and the rest is read
// in chunks and dropped; in a terminal readline's input passes through a
// counter that, once the line (typed, or a bracketed paste) passes the
// bound, drops the rest of it up to Enter or the paste's end and ends the
// line.
//
// Ctrl-C at the prompt clears the line instead of quitting: the caller's
// SIGINT handler sets `interrupted` (see chat), and readline's signal hook
// turns that into a fresh prompt. Ctrl-D (or the end of the input) ends.
//
// Thread safety: one reader per process (readline is global state).
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <optional>
#include <iosfwd>
#include <string>

#include "core/result.h"

namespace os1::cli {

constexpr size_t MAX_LINE_BYTES = 64 * 1024;

// How long one line may be, and what the refusal calls it.
struct LineLimit {
    size_t max_bytes = MAX_LINE_BYTES;
    std::string what = "a line";
};
// An answer typed at the first meeting (os1 setup, or os1 chat meeting
// someone): persona::MAX_ANSWER_BYTES (4 KB), refused as "an answer".
LineLimit answer_limit();

class LineInput {
public:
    virtual ~LineInput() = default;
    // The next line without its newline; nullopt at the end of input; an
    // error (out_of_range) for a line over the bound, which is skipped.
    // The reader's own bound, or `limit` for this line.
    std::optional<Result<std::string>> read(const std::string& prompt) { return read(prompt, m_limit); }
    virtual std::optional<Result<std::string>> read(const std::string& prompt, const LineLimit& limit) = 0;
    virtual bool interactive() const = 0;

protected:
    explicit LineInput(LineLimit limit) : m_limit(std::move(limit)) {}
    LineLimit m_limit;
};

// `history` is where readline keeps past lines ("" = none; the file is
// 0600: it holds the person's words). "/forget ..." lines are not kept,
// and forget reaches the lines kept in memory (companion/chat_history.h).
// `interrupted` is set by the caller's SIGINT handler; the reader clears
// it. `what` names a line in the refusal ("a message", "an answer").
std::unique_ptr<LineInput> make_line_input(bool terminal, const std::filesystem::path& history,
                                           std::atomic<bool>* interrupted, std::string what = "a line");

// The next line for a question, bounded by answer_limit() unless `limit`
// says otherwise: a refused line is reported on stderr ("os1: an answer
// is 10 MB; an answer may be at most 4 KB") and the question waits for
// another.
std::optional<std::string> read_answer(LineInput& input, const std::string& prompt);
std::optional<std::string> read_answer(LineInput& input, const std::string& prompt, const LineLimit& limit);

// Plain lines from `in` (a pipe), bounded by `max_bytes`.
std::unique_ptr<LineInput> make_plain_input(std::istream& in, std::string what, size_t max_bytes = MAX_LINE_BYTES);

}  // namespace os1::cli
