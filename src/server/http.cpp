// JSON replies, errors and request parsing shared by every route.
#include "server/http.h"

#include <boost/beast/http/field.hpp>
#include <charconv>

#include "core/text.h"

namespace os1::server {

namespace http = boost::beast::http;

Response json_reply(const Request& req, unsigned status, const Json& body) {
    Response res{static_cast<http::status>(status), req.version()};
    res.set(http::field::content_type, "application/json");
    res.set(http::field::cache_control, "no-store");
    res.keep_alive(req.keep_alive());
    res.body() = dump_json(body);
    res.prepare_payload();
    return res;
}

static Json error_json(std::string_view code, std::string_view message) {
    return {{"error", {{"code", std::string(code)}, {"message", std::string(message)}}}};
}

Response error_reply(const Request& req, unsigned status, std::string_view code, std::string_view message) {
    return json_reply(req, status, error_json(code, message));
}

Response error_reply(unsigned status, std::string_view code, std::string_view message) {
    Request none;
    none.version(11);
    none.keep_alive(false);
    return json_reply(none, status, error_json(code, message));
}

Response error_reply(const Request& req, const Error& error) {
    switch (error.code) {
        case ErrorCode::NotFound: return error_reply(req, 404, "not_found", error.message);
        case ErrorCode::Invalid:
        case ErrorCode::Unsupported: return error_reply(req, 400, "invalid", error.message);
        case ErrorCode::OutOfRange: return error_reply(req, 413, "too_large", error.message);
        case ErrorCode::Cancelled: return error_reply(req, 409, "busy", error.message);
        default: return error_reply(req, 500, "internal", error.message);
    }
}

Response empty_reply(const Request& req, unsigned status) {
    Response res{static_cast<http::status>(status), req.version()};
    res.keep_alive(req.keep_alive());
    res.prepare_payload();
    return res;
}

static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Percent-decoding; '+' is a space in a query (form encoding), not in a path.
static Result<std::string> decode(std::string_view s, bool plus_is_space) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); i++) {
        char c = s[i];
        if (c == '%') {
            const int hi = i + 2 < s.size() ? hex_value(s[i + 1]) : -1;
            const int lo = i + 2 < s.size() ? hex_value(s[i + 2]) : -1;
            if (hi < 0 || lo < 0) return Error::invalid("the address has a bad %-escape");
            c = static_cast<char>(hi * 16 + lo);
            i += 2;
        } else if (c == '+' && plus_is_space) {
            c = ' ';
        }
        if (c == '\0') return Error::invalid("the address has a NUL character");
        out.push_back(c);
    }
    if (!is_valid_utf8(out)) return Error::invalid("the address is not valid UTF-8");
    return out;
}

Result<Target> parse_target(std::string_view target) {
    if (target.empty() || target.front() != '/') return Error::invalid("the request target must be an absolute path");
    Target t;
    const size_t q = target.find('?');
    t.path = TRY(decode(target.substr(0, q), false));
    if (q == std::string_view::npos) return t;
    std::string_view rest = target.substr(q + 1);
    while (!rest.empty()) {
        const size_t amp = rest.find('&');
        std::string_view pair = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
        if (pair.empty()) continue;
        const size_t eq = pair.find('=');
        auto key = TRY(decode(pair.substr(0, eq), true));
        auto value = eq == std::string_view::npos ? std::string() : TRY(decode(pair.substr(eq + 1), true));
        t.query[key] = value;
    }
    return t;
}

Result<int> query_int(const Target& target, const std::string& name, int fallback, int lo, int hi) {
    auto it = target.query.find(name);
    if (it == target.query.end() || it->second.empty()) return fallback;
    int v = 0;
    auto [end, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), v);
    if (ec != std::errc{} || end != it->second.data() + it->second.size() || v < lo || v > hi)
        return Error::invalid("'", name, "' must be a whole number from ", lo, " to ", hi);
    return v;
}

std::optional<std::string> cookie(const Request& req, std::string_view name) {
    for (auto it = req.find(http::field::cookie); it != req.end() && it->name() == http::field::cookie; ++it) {
        std::string_view all = it->value();
        while (!all.empty()) {
            const size_t semi = all.find(';');
            std::string_view part = all.substr(0, semi);
            all = semi == std::string_view::npos ? std::string_view{} : all.substr(semi + 1);
            while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
            const size_t eq = part.find('=');
            if (eq != std::string_view::npos && part.substr(0, eq) == name) return std::string(part.substr(eq + 1));
        }
    }
    return std::nullopt;
}

std::optional<std::string> bearer(const Request& req) {
    auto it = req.find(http::field::authorization);
    if (it == req.end()) return std::nullopt;
    std::string_view v = it->value();
    if (v.size() <= 7 || (v.substr(0, 7) != "Bearer " && v.substr(0, 7) != "bearer ")) return std::nullopt;
    v.remove_prefix(7);
    while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
    while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
    if (v.empty()) return std::nullopt;
    return std::string(v);
}

Result<Json> json_body(const Request& req) {
    if (req.body().empty()) return Error::invalid("the request needs a JSON body");
    auto j = parse_json(req.body(), "the request body");
    if (!j) return Error::invalid("the request body is not valid JSON: ", j.error().message);
    if (!j->is_object()) return Error::invalid("the request body must be a JSON object");
    return j.release_value();
}

}  // namespace os1::server
