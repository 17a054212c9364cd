#include "core/json.h"

namespace os1 {

bool json_depth_exceeds(std::string_view text, int max_depth) {
    int depth = 0;
    bool in_string = false, escaped = false;
    for (char c : text) {
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max_depth) return true;
        } else if (c == ']' || c == '}') {
            depth--;
        }
    }
    return false;
}

Result<Json> parse_json(std::string_view text, std::string_view source, int max_depth) {
    if (json_depth_exceeds(text, max_depth))
        return Error::invalid(source, ": nested deeper than ", max_depth, " levels");
    try {
        return Json::parse(text);
    } catch (const Json::parse_error& e) {
        // nlohmann's message: "[json.exception.parse_error.101] parse error at line 1, column 5: ..."
        std::string what = e.what();
        auto pos = what.find("] ");
        if (pos != std::string::npos) what = what.substr(pos + 2);
        return Error::invalid(source, ": ", what);
    } catch (const std::exception& e) {
        return Error::invalid(source, ": ", e.what());
    }
}

std::string dump_json(const Json& j, int indent) {
    try {
        return j.dump(indent, ' ', false, Json::error_handler_t::replace);
    } catch (const std::exception& e) {
        // With error_handler_t::replace nothing is left to throw; should a
        // future nlohmann find something, the caller still gets a document.
        return Json{{"error", str("could not write JSON: ", e.what())}}.dump(-1, ' ', false, Json::error_handler_t::replace);
    }
}

}  // namespace os1
