// Server-sent events (the text/event-stream format) and the OpenAI
// streaming chunk format, parsed incrementally from whatever byte chunks
// the network delivers.
//
// SseParser follows the WHATWG event-stream rules: lines end in LF, CRLF or
// CR (also split across chunks); a line starting with ':' is a comment;
// "field: value" (one optional space removed) or a bare "field"; "data"
// lines accumulate joined by '\n'; a blank line dispatches the event. A
// line longer than max_line, or an event whose data grows past max_event
// (endless "data:" lines with no blank line), is an error: a hostile or
// broken server must not make us buffer without bound. Unknown fields and
// garbage lines without a known field are ignored, as the spec says.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace os1::net {

struct SseEvent {
    std::string event;  // "message" unless an "event:" field said otherwise
    std::string data;
    std::string id;
};

class SseParser {
public:
    static constexpr size_t MAX_LINE = 1024 * 1024;
    static constexpr size_t MAX_EVENT = 4 * 1024 * 1024;

    explicit SseParser(size_t max_line = MAX_LINE, size_t max_event = MAX_EVENT)
        : m_max_line(max_line), m_max_event(max_event) {}

    // Calls on_event for each complete event in `chunk`; stops and returns
    // false if on_event returns false. An over-long line or event is an
    // Error (and the parser should not be fed again).
    Result<bool> feed(std::string_view chunk, const std::function<bool(const SseEvent&)>& on_event);
    // At end of stream: a final event without its blank line is dispatched
    // (servers that close right after "data: [DONE]\n").
    Result<bool> finish(const std::function<bool(const SseEvent&)>& on_event);

private:
    // false: stop (on_event said so, or m_error is set).
    bool line(std::string_view line, const std::function<bool(const SseEvent&)>& on_event);
    Result<bool> outcome(bool keep_going) const;
    bool dispatch(const std::function<bool(const SseEvent&)>& on_event);

    size_t m_max_line;
    size_t m_max_event;
    std::string m_error;      // set once a limit was passed
    std::string m_line;       // the incomplete line carried over
    bool m_after_cr = false;  // last chunk ended in CR: a leading LF is part of that CRLF
    bool m_bom_checked = false;
    SseEvent m_event;
    bool m_has_data = false;
};

// One `data:` payload of an OpenAI chat-completions stream.
struct StreamChunk {
    bool done = false;             // "[DONE]"
    std::string content;           // choices[0].delta.content (may be empty)
    std::string finish_reason;     // choices[0].finish_reason when set
    std::optional<int> prompt_tokens;      // usage.prompt_tokens
    std::optional<int> completion_tokens;  // usage.completion_tokens
    std::string error;             // {"error": ...} in the stream
};
// Invalid when the payload is not JSON or not an object.
Result<StreamChunk> parse_stream_chunk(std::string_view data);

// The human part of an error body: {"error":{"message":...}}, {"error":"..."},
// {"message":...}, {"detail":...}; else the body itself trimmed to 300 bytes.
std::string error_body_message(std::string_view body);

}  // namespace os1::net
