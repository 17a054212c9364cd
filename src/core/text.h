// The text policy: what os1 guarantees about text wherever it enters (chat
// input, files, model output, server errors, memory) and wherever it leaves
// (terminal, JSON, error messages). See README.md, "Text policy".
//
//   - Text that enters is valid UTF-8 by construction: repair_utf8 turns
//     every invalid byte, overlong form, surrogate or cut-off sequence into
//     U+FFFD, so nothing downstream (JSON, SQLite, the word splitter) can
//     meet a broken byte sequence.
//   - Text that enters is bounded: check_size refuses what is too long with
//     a message that says how long it was and how long it may be.
//   - Text shown on a terminal goes through for_terminal (or TerminalStream
//     for streamed pieces): control characters, escape sequences (ESC, CSI,
//     OSC), C1 controls and bidirectional overrides are shown as visible
//     marks, never obeyed; only \n and \t pass.
//   - Text an error message repeats goes through quote_capped: quoted,
//     controls escaped, at most ~80 characters, with the real size after.
//
// Pure functions, no state; thread-safe. Nothing here throws.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"

namespace os1 {

// The longest message a person may send in one turn (a chat line, --once).
constexpr size_t MAX_MESSAGE_BYTES = 64 * 1024;

bool is_valid_utf8(std::string_view s);

// Valid UTF-8 by construction: well-formed sequences are kept as they are;
// each maximal ill-formed subpart (a stray continuation byte, an overlong
// form, a surrogate, a sequence cut short, bytes F5..FF) becomes one U+FFFD.
// Idempotent; valid input comes back unchanged.
std::string repair_utf8(std::string_view s);

// "512 bytes", "64 KB", "3.2 MB" (1 KB = 1024 bytes).
std::string format_size(size_t bytes);

// Error::out_of_range("<what> is 3.2 MB; <what> may be at most 64 KB") when
// text is longer than max_bytes. `what` reads as a noun: "a message".
Result<void> check_size(std::string_view text, size_t max_bytes, std::string_view what);
// The same for text counted but not kept (a line read past its bound).
Result<void> check_length(size_t bytes, size_t max_bytes, std::string_view what);

// check_size, then repair_utf8: the one call for text crossing into os1.
Result<std::string> accept_text(std::string_view text, size_t max_bytes, std::string_view what);

// Safe to write to a terminal: valid UTF-8 where every control character
// except \n and \t is shown as a visible mark (ESC as "^[", CR as "^M",
// DEL as "^?"; C1 controls and bidirectional overrides as "<U+009B>"), so an
// escape sequence prints as harmless text. Idempotent.
std::string for_terminal(std::string_view s);

// for_terminal for text that arrives in pieces (a streamed model reply): a
// multi-byte character cut between two pieces is held back until the next
// piece, so feeding the pieces gives the same text as for_terminal of the
// whole. finish() returns what is still held (repaired).
class TerminalStream {
public:
    std::string feed(std::string_view piece);
    std::string finish();

private:
    std::string m_pending;  // an incomplete UTF-8 sequence from the last piece (at most 3 bytes)
};

// For error messages that repeat what someone gave us: "\"name\"" with
// quotes, backslashes and controls escaped (\n, \x1b, \u202e), cut after
// max_chars characters, and then the real size: "\"aaaa…\" (70,312 bytes)".
std::string quote_capped(std::string_view s, size_t max_chars = 80);
// The same without the quotes, for messages that bring their own:
// "aaaa… (70,312 bytes)".
std::string escape_capped(std::string_view s, size_t max_chars = 80);

}  // namespace os1
