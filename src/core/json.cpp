#include "core/json.h"

namespace os1 {

Result<Json> parse_json(std::string_view text, std::string_view source) {
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

}  // namespace os1
