// JSON through nlohmann-json (Debian's nlohmann-json3-dev). Parsing goes
// through parse_json so a malformed document is an Error, not an exception;
// writing goes through dump_json, never Json::dump directly, so a string
// with invalid UTF-8 (an old stored message, a server's error text) is
// written with U+FFFD instead of throwing type_error.316.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "core/result.h"

namespace os1 {

using Json = nlohmann::json;

// `source` names the document in the error ("mail.jsonl:12").
Result<Json> parse_json(std::string_view text, std::string_view source = "JSON");

// The document as text: compact (indent < 0) or indented. Never throws;
// invalid UTF-8 in strings becomes U+FFFD.
std::string dump_json(const Json& j, int indent = -1);

}  // namespace os1
