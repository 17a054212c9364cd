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

// The deepest nesting parse_json takes. nlohmann parses any depth without
// recursion, but copying, comparing and writing a document recurse, so a
// megabyte of "[[[[" from outside would overflow a thread's stack in the
// first copy; no document os1 reads comes near 100 levels.
inline constexpr int MAX_JSON_DEPTH = 100;

// True when `text` opens more than `max_depth` arrays/objects at once
// (brackets inside strings do not count). A linear scan, no recursion:
// safe on any input, valid JSON or not.
bool json_depth_exceeds(std::string_view text, int max_depth = MAX_JSON_DEPTH);

// `source` names the document in the error ("mail.jsonl:12"). A document
// nested deeper than `max_depth` is refused before it is parsed ("nested
// deeper than 100 levels").
Result<Json> parse_json(std::string_view text, std::string_view source = "JSON", int max_depth = MAX_JSON_DEPTH);

// The document as text: compact (indent < 0) or indented. Never throws;
// invalid UTF-8 in strings becomes U+FFFD.
std::string dump_json(const Json& j, int indent = -1);

}  // namespace os1
