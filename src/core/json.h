// JSON through nlohmann-json (Debian's nlohmann-json3-dev). Parsing goes
// through parse_json so a malformed document is an Error, not an exception.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "core/result.h"

namespace os1 {

using Json = nlohmann::json;

// `source` names the document in the error ("mail.jsonl:12").
Result<Json> parse_json(std::string_view text, std::string_view source = "JSON");

}  // namespace os1
