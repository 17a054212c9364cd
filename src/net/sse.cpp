#include "net/sse.h"

#include "core/json.h"

namespace os1::net {

Result<bool> SseParser::outcome(bool keep_going) const {
    if (!m_error.empty()) return Error::invalid(m_error);
    return keep_going;
}

Result<bool> SseParser::feed(std::string_view chunk, const std::function<bool(const SseEvent&)>& on_event) {
    if (!m_error.empty()) return Error::invalid(m_error);
    size_t i = 0;
    if (m_after_cr && !chunk.empty()) {
        m_after_cr = false;
        if (chunk[0] == '\n') i = 1;  // the LF of a CRLF split across chunks
    }
    while (i < chunk.size()) {
        size_t end = chunk.find_first_of("\r\n", i);
        size_t piece = (end == std::string_view::npos ? chunk.size() : end) - i;
        if (m_line.size() + piece > m_max_line) {
            m_error = str("the server sent an event-stream line longer than ", m_max_line, " bytes");
            return Error::invalid(m_error);
        }
        if (end == std::string_view::npos) {
            m_line.append(chunk.substr(i));
            break;
        }
        bool keep_going;
        if (m_line.empty()) {
            keep_going = line(chunk.substr(i, end - i), on_event);
        } else {
            m_line.append(chunk.substr(i, end - i));
            std::string whole = std::move(m_line);
            m_line.clear();
            keep_going = line(whole, on_event);
        }
        i = end + 1;
        if (chunk[end] == '\r') {
            if (i < chunk.size()) {
                if (chunk[i] == '\n') i++;
            } else {
                m_after_cr = true;
            }
        }
        if (!keep_going) return outcome(false);
    }
    return true;
}

Result<bool> SseParser::finish(const std::function<bool(const SseEvent&)>& on_event) {
    if (!m_error.empty()) return Error::invalid(m_error);
    if (!m_line.empty()) {
        std::string last = std::move(m_line);
        m_line.clear();
        if (!line(last, on_event)) return outcome(false);
    }
    return dispatch(on_event);
}

bool SseParser::line(std::string_view text, const std::function<bool(const SseEvent&)>& on_event) {
    if (!m_bom_checked) {
        m_bom_checked = true;
        if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    }
    if (text.empty()) return dispatch(on_event);
    if (text[0] == ':') return true;  // comment / keep-alive
    std::string_view field = text, value;
    if (size_t colon = text.find(':'); colon != std::string_view::npos) {
        field = text.substr(0, colon);
        value = text.substr(colon + 1);
        if (!value.empty() && value[0] == ' ') value.remove_prefix(1);
    } else {
        value = {};
    }
    if (field == "data") {
        if (m_event.data.size() + value.size() + 1 > m_max_event) {
            m_error = str("the server sent an event longer than ", m_max_event,
                          " bytes (data lines without the blank line that ends an event)");
            return false;
        }
        if (m_has_data) m_event.data += '\n';
        m_event.data.append(value);
        m_has_data = true;
    } else if (field == "event") {
        m_event.event = std::string(value);
    } else if (field == "id") {
        m_event.id = std::string(value);
    }
    // "retry" and unknown fields are ignored.
    return true;
}

bool SseParser::dispatch(const std::function<bool(const SseEvent&)>& on_event) {
    if (!m_has_data) {
        m_event = SseEvent{};
        return true;
    }
    SseEvent ev = std::move(m_event);
    if (ev.event.empty()) ev.event = "message";
    m_event = SseEvent{};
    m_has_data = false;
    return on_event(ev);
}

namespace {

std::string error_text(const Json& e) {
    if (e.is_string()) return e.get<std::string>();
    if (e.is_object()) {
        if (auto m = e.find("message"); m != e.end() && m->is_string()) return m->get<std::string>();
        return dump_json(e);
    }
    return dump_json(e);
}

std::optional<int> int_field(const Json& obj, const char* name) {
    auto it = obj.find(name);
    if (it == obj.end() || !it->is_number_integer()) return std::nullopt;
    return it->get<int>();
}

}  // namespace

Result<StreamChunk> parse_stream_chunk(std::string_view data) {
    StreamChunk out;
    std::string_view trimmed = data;
    while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\n')) trimmed.remove_suffix(1);
    while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\n')) trimmed.remove_prefix(1);
    if (trimmed == "[DONE]") {
        out.done = true;
        return out;
    }
    // Depth first: the error branch writes the document back (dump_json
    // recurses), and a hostile server could nest it a megabyte deep.
    Json j = json_depth_exceeds(trimmed) ? Json(Json::value_t::discarded)
                                         : Json::parse(trimmed.begin(), trimmed.end(), nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object())
        return Error::invalid("the server sent a stream chunk that is not a JSON object: '",
                              std::string(trimmed.substr(0, 120)), "'");
    if (auto e = j.find("error"); e != j.end() && !e->is_null()) {
        out.error = error_text(*e);
        return out;
    }
    if (auto c = j.find("choices"); c != j.end() && c->is_array() && !c->empty()) {
        const Json& choice = (*c)[0];
        if (choice.is_object()) {
            auto d = choice.find("delta");
            if (d == choice.end()) d = choice.find("message");  // non-streamed body
            if (d != choice.end() && d->is_object()) {
                if (auto t = d->find("content"); t != d->end() && t->is_string()) out.content = t->get<std::string>();
            }
            if (auto t = choice.find("text"); t != choice.end() && t->is_string()) out.content += t->get<std::string>();
            if (auto f = choice.find("finish_reason"); f != choice.end() && f->is_string())
                out.finish_reason = f->get<std::string>();
        }
    }
    if (auto u = j.find("usage"); u != j.end() && u->is_object()) {
        out.prompt_tokens = int_field(*u, "prompt_tokens");
        out.completion_tokens = int_field(*u, "completion_tokens");
    }
    return out;
}

std::string error_body_message(std::string_view body) {
    Json j = json_depth_exceeds(body) ? Json(Json::value_t::discarded) : Json::parse(body.begin(), body.end(), nullptr, false);
    if (!j.is_discarded() && j.is_object()) {
        for (const char* key : {"error", "message", "detail"}) {
            if (auto e = j.find(key); e != j.end() && !e->is_null()) return error_text(*e);
        }
    }
    std::string text(body.substr(0, 300));
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
    return text;
}

}  // namespace os1::net
