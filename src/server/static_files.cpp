// The web app's files. A path is served only when, after resolving
// symbolic links, it is a regular file inside the web folder: "..", hidden
// names and backslashes are refused before the file system is asked.
// Client routes (no file, no extension) get index.html.
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>
#include <fstream>
#include <sstream>

#include "server/api.h"

namespace os1::server {

namespace http = boost::beast::http;
namespace fs = std::filesystem;

namespace {

std::string_view mime_type(const fs::path& p) {
    const std::string e = p.extension().string();
    if (e == ".html") return "text/html; charset=utf-8";
    if (e == ".js" || e == ".mjs") return "text/javascript; charset=utf-8";
    if (e == ".css") return "text/css; charset=utf-8";
    if (e == ".json") return "application/json";
    if (e == ".webmanifest") return "application/manifest+json";
    if (e == ".svg") return "image/svg+xml";
    if (e == ".png") return "image/png";
    if (e == ".ico") return "image/x-icon";
    if (e == ".woff2") return "font/woff2";
    if (e == ".txt") return "text/plain; charset=utf-8";
    if (e == ".wasm") return "application/wasm";
    return "application/octet-stream";
}

// Safe relative path from the URL path, or nullopt.
std::optional<fs::path> relative_path(const std::string& url_path) {
    fs::path rel;
    size_t i = 1;
    while (i <= url_path.size()) {
        size_t slash = url_path.find('/', i);
        if (slash == std::string::npos) slash = url_path.size();
        const std::string part = url_path.substr(i, slash - i);
        i = slash + 1;
        if (part.empty()) continue;
        if (part[0] == '.' || part.find('\\') != std::string::npos || part.find(':') != std::string::npos) return std::nullopt;
        rel /= part;
    }
    return rel;
}

bool inside(const fs::path& root, const fs::path& p) {
    auto r = root.begin(), q = p.begin();
    for (; r != root.end(); ++r, ++q)
        if (q == p.end() || *r != *q) return false;
    return true;
}

constexpr size_t MAX_STATIC_BYTES = 32 * 1024 * 1024;

}  // namespace

Response static_file(const Request& req, const Target& target, const fs::path& web_dir) {
    if (req.method() != http::verb::get && req.method() != http::verb::head) {
        auto res = error_reply(req, 405, "invalid", "The web app's files are read with GET.");
        res.set(http::field::allow, "GET, HEAD");
        return res;
    }
    std::error_code ec;
    const fs::path root = fs::canonical(web_dir, ec);
    if (ec || !fs::is_directory(root))
        return error_reply(req, 404, "not_found", "The web app is not installed here (scripts/setup builds it; or pass --web DIR).");
    auto rel = relative_path(target.path);
    if (!rel) return error_reply(req, 404, "not_found", "There is no such file.");
    fs::path file = rel->empty() ? root / "index.html" : root / *rel;
    bool found = fs::is_regular_file(file, ec);
    if (!found && !rel->has_extension()) {  // a client route: the app decides
        file = root / "index.html";
        found = fs::is_regular_file(file, ec);
    }
    if (!found) return error_reply(req, 404, "not_found", "There is no such file.");
    const fs::path real = fs::canonical(file, ec);
    if (ec || !inside(root, real) || !fs::is_regular_file(real, ec))
        return error_reply(req, 404, "not_found", "There is no such file.");
    const auto size = fs::file_size(real, ec);
    if (ec || size > MAX_STATIC_BYTES) return error_reply(req, 404, "not_found", "There is no such file.");
    // The validator a browser revalidates "no-cache" files with: size and
    // modification time (a reinstalled web app changes both or one).
    const auto mtime = fs::last_write_time(real, ec).time_since_epoch().count();
    const std::string etag = str("\"", size, "-", mtime, "\"");
    std::ifstream in(real, std::ios::binary);
    std::ostringstream data;
    data << in.rdbuf();
    if (!in && !in.eof()) return error_reply(req, 500, "internal", "The file could not be read.");

    Response res{http::status::ok, req.version()};
    res.set(http::field::etag, etag);
    res.set(http::field::content_type, mime_type(real));
    res.set("X-Content-Type-Options", "nosniff");
    const std::string name = real.filename().string();
    const bool hashed_asset = real.parent_path().filename() == "assets";
    if (name == "index.html" || name == "sw.js" || name == "service-worker.js" || name.ends_with(".webmanifest") || !hashed_asset) {
        res.set(http::field::cache_control, "no-cache");
    } else {
        res.set(http::field::cache_control, "public, max-age=31536000, immutable");
    }
    if (name == "index.html")
        res.set("Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; "
                "frame-ancestors 'none'; base-uri 'self'");
    res.keep_alive(req.keep_alive());
    auto match = req.find(http::field::if_none_match);
    if (match != req.end() && match->value().find(etag) != std::string_view::npos) {
        res.result(http::status::not_modified);  // the browser's copy is this file
        return res;
    }
    res.body() = data.str();
    res.prepare_payload();
    if (req.method() == http::verb::head) res.body().clear();
    return res;
}

}  // namespace os1::server
