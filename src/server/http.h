// HTTP pieces every route shares: the request and response types, JSON
// replies and the JSON error shape of the contract (README.md), the target
// split into path and query, cookies. No I/O here (connection.cpp does it).
//
//   auto target = TRY(parse_target(req.target()));
//   if (target.path == "/healthz") return json_reply(req, 200, {{"ok", true}});
//   return error_reply(req, 404, "not_found", "There is nothing at this address.");
//
// Thread safety: pure functions.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/json.h"
#include "core/result.h"

namespace os1::server {

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;

// A reply with a JSON body (keeps the request's HTTP version and keep-alive).
Response json_reply(const Request& req, unsigned status, const Json& body);
// {"error": {"code": CODE, "message": MESSAGE}} with `status`.
Response error_reply(const Request& req, unsigned status, std::string_view code, std::string_view message);
// The same for a request that could not be read (no Request to copy from).
Response error_reply(unsigned status, std::string_view code, std::string_view message);
// An Error from the companion as the matching status: NotFound 404,
// Invalid 400, OutOfRange 413, Cancelled 409, anything else 500 (the
// message is kept: it says what to do).
Response error_reply(const Request& req, const Error& error);
// 204 No Content.
Response empty_reply(const Request& req, unsigned status = 204);

struct Target {
    std::string path;                          // percent-decoded, valid UTF-8
    std::map<std::string, std::string> query;  // decoded; the last value wins
};
// Error::invalid for a target that is not an absolute path, bad percent
// escapes, a NUL, or invalid UTF-8 after decoding.
Result<Target> parse_target(std::string_view target);
// A query value as an integer in [lo, hi]; `fallback` when absent.
Result<int> query_int(const Target& target, const std::string& name, int fallback, int lo, int hi);

// A cookie's value from the Cookie header(s), or nullopt.
std::optional<std::string> cookie(const Request& req, std::string_view name);
// "Bearer KEY" -> KEY, or nullopt.
std::optional<std::string> bearer(const Request& req);
// The request body as a JSON object: Error::invalid with a plain message
// for an empty body, bad JSON or another type.
Result<Json> json_body(const Request& req);

}  // namespace os1::server
