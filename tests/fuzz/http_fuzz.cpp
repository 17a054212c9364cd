// libFuzzer target for what `os1 serve` reads from a socket: any bytes, fed
// in chunks (the first byte sets their size) to Beast's request parser the
// way the server's reads do (unused bytes kept and presented again), with
// the server's limits, then the server's own request helpers (target and
// query decoding, cookies, Bearer keys, JSON bodies). Every outcome is a
// request or a clear error; never a crash, and never a decoded path that is
// not valid UTF-8 or holds a NUL.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "core/text.h"
#include "server/http.h"

namespace http = boost::beast::http;
using namespace os1;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const size_t step = 1 + data[0] % 97;
    std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    http::request_parser<http::string_body> parser;
    parser.header_limit(16 * 1024);
    parser.body_limit(1024 * 1024);
    parser.eager(true);
    // As the server's reads do: bytes the parser has not used yet stay in the
    // buffer and are presented again with the next piece (Beast's contract;
    // presenting only the new piece makes it scan past the end).
    boost::beast::flat_buffer buffer;
    boost::beast::error_code ec;
    for (size_t i = 0; i < bytes.size() && !ec && !parser.is_done(); i += step) {
        auto piece = bytes.substr(i, step);
        auto room = buffer.prepare(piece.size());
        std::memcpy(room.data(), piece.data(), piece.size());
        buffer.commit(piece.size());
        size_t used = parser.put(buffer.data(), ec);
        buffer.consume(used);
        if (ec == http::error::need_more) ec = {};
    }
    if (ec || !parser.is_header_done()) return 0;
    const server::Request& req = parser.get();
    if (auto target = server::parse_target(req.target())) {
        if (!is_valid_utf8(target->path) || target->path.find('\0') != std::string::npos) std::abort();
        (void)server::query_int(*target, "k", 10, 1, 100);
    } else if (target.error().message.empty()) {
        std::abort();
    }
    (void)server::cookie(req, "os1_session");
    if (auto key = server::bearer(req); key && key->empty()) std::abort();
    if (parser.is_done()) {
        auto body = server::json_body(req);
        if (!body && body.error().message.empty()) std::abort();
        if (body && !body->is_object()) std::abort();
    }
    return 0;
}
