#include "brain/http_server_support.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <stdexcept>

#include "core/json.h"

namespace os1::test {

bool HttpConnection::send(std::string_view bytes) {
    while (!bytes.empty()) {
        ssize_t n = ::send(m_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n <= 0) return false;
        bytes.remove_prefix(static_cast<size_t>(n));
    }
    return true;
}

bool HttpConnection::respond(int status, std::string_view body, std::string_view content_type,
                             std::string_view extra_headers) {
    std::string head = "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: " + std::string(content_type) +
                       "\r\nContent-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n" +
                       std::string(extra_headers) + "\r\n";
    return send(head) && send(body);
}

bool HttpConnection::client_gone() {
    pollfd p{m_fd, POLLIN, 0};
    if (::poll(&p, 1, 0) <= 0) return false;
    if (p.revents & (POLLHUP | POLLERR)) return true;
    char c;
    ssize_t n = ::recv(m_fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
    return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

namespace {
using SteadyClock = std::chrono::steady_clock;
bool past(SteadyClock::time_point t0, double max_s) {
    return std::chrono::duration<double>(SteadyClock::now() - t0).count() > max_s;
}
}  // namespace

void HttpConnection::send_endless(std::string_view piece, double max_s) {
    auto t0 = SteadyClock::now();
    while (!past(t0, max_s) && !client_gone() && send(piece)) {
    }
}

void HttpConnection::drip(std::string_view bytes, double interval_s, double max_s) {
    auto t0 = SteadyClock::now();
    for (size_t i = 0; !bytes.empty() && !past(t0, max_s) && !client_gone(); i++) {
        if (!send(bytes.substr(i % bytes.size(), 1))) return;
        std::this_thread::sleep_for(std::chrono::duration<double>(interval_s));
    }
}

void HttpConnection::stay_silent(double max_s) {
    auto t0 = SteadyClock::now();
    while (!past(t0, max_s) && !client_gone()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

TestHttpServer::TestHttpServer(Handler handler) : m_handler(std::move(handler)) {
    m_listen_fd = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(m_listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(m_listen_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(m_listen_fd, 16) != 0)
        throw std::runtime_error("test server: bind/listen failed");
    socklen_t len = sizeof addr;
    ::getsockname(m_listen_fd, reinterpret_cast<sockaddr*>(&addr), &len);
    m_port = ntohs(addr.sin_port);
    m_thread = std::thread([this] { serve(); });
}

TestHttpServer::~TestHttpServer() {
    m_stop = true;
    m_thread.join();
    ::close(m_listen_fd);
}

std::string TestHttpServer::url(std::string_view path) const {
    return "http://127.0.0.1:" + std::to_string(m_port) + std::string(path);
}

namespace {

// Reads one request (headers + Content-Length body); false on EOF/garbage.
bool read_request(int fd, HttpRequest& req, const std::atomic<bool>& stop) {
    std::string buf;
    char tmp[4096];
    size_t header_end = std::string::npos;
    while (header_end == std::string::npos) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0) {
            if (stop) return false;
            continue;
        }
        ssize_t n = ::recv(fd, tmp, sizeof tmp, 0);
        if (n <= 0) return false;
        buf.append(tmp, static_cast<size_t>(n));
        header_end = buf.find("\r\n\r\n");
    }
    std::string head = buf.substr(0, header_end);
    req.body = buf.substr(header_end + 4);
    size_t line_end = head.find("\r\n");
    std::string first = head.substr(0, line_end);
    size_t sp1 = first.find(' '), sp2 = first.find(' ', sp1 + 1);
    req.method = first.substr(0, sp1);
    req.path = first.substr(sp1 + 1, sp2 - sp1 - 1);
    size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
    while (pos < head.size()) {
        size_t e = head.find("\r\n", pos);
        if (e == std::string::npos) e = head.size();
        std::string line = head.substr(pos, e - pos);
        if (size_t c = line.find(':'); c != std::string::npos) {
            std::string name = line.substr(0, c);
            for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            std::string value = line.substr(c + 1);
            while (!value.empty() && value.front() == ' ') value.erase(0, 1);
            req.headers[name] = value;
        }
        pos = e + 2;
    }
    size_t want = req.headers.count("content-length") ? std::stoul(req.headers["content-length"]) : 0;
    while (req.body.size() < want) {
        ssize_t n = ::recv(fd, tmp, sizeof tmp, 0);
        if (n <= 0) return false;
        req.body.append(tmp, static_cast<size_t>(n));
    }
    return true;
}

}  // namespace

void TestHttpServer::serve() {
    while (!m_stop) {
        pollfd p{m_listen_fd, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) continue;
        int fd = ::accept(m_listen_fd, nullptr, nullptr);
        if (fd < 0) continue;
        HttpRequest req;
        if (read_request(fd, req, m_stop)) {
            m_requests++;
            HttpConnection conn(fd);
            m_handler(req, conn);
        }
        ::shutdown(fd, SHUT_RDWR);
        ::close(fd);
    }
}

void serve_file(const HttpRequest& req, HttpConnection& conn, FileServeOptions& opts) {
    size_t start = 0;
    std::string range = req.header("range");
    if (range.rfind("bytes=", 0) == 0) start = std::stoul(range.substr(6));
    if (start >= opts.data.size() && !opts.data.empty()) {
        conn.respond(416, "", "text/plain", "Content-Range: bytes */" + std::to_string(opts.data.size()) + "\r\n");
        return;
    }
    size_t len = opts.data.size() - start;
    std::string head = start > 0 ? "HTTP/1.1 206 Partial Content\r\n" : "HTTP/1.1 200 OK\r\n";
    head += "Content-Type: application/octet-stream\r\nContent-Length: " + std::to_string(len) + "\r\n";
    if (start > 0)
        head += "Content-Range: bytes " + std::to_string(start) + "-" + std::to_string(opts.data.size() - 1) + "/" +
                std::to_string(opts.data.size()) + "\r\n";
    head += "Accept-Ranges: bytes\r\nConnection: close\r\n" + opts.extra_headers + "\r\n";
    if (!conn.send(head)) return;
    std::string_view body = std::string_view(opts.data).substr(start);
    if (opts.drops > 0 && opts.drop_after > 0 && opts.drop_after < body.size()) {
        opts.drops--;
        conn.send(body.substr(0, opts.drop_after));
        return;  // the connection closes with the body short
    }
    conn.send(body);
}

std::string sse_chunk(std::string_view content, std::string_view finish_reason) {
    Json delta = Json::object();
    if (!content.empty()) delta["content"] = std::string(content);
    Json choice = {{"index", 0}, {"delta", delta}};
    choice["finish_reason"] = finish_reason.empty() ? Json(nullptr) : Json(std::string(finish_reason));
    Json chunk = {{"id", "x"}, {"object", "chat.completion.chunk"}, {"choices", Json::array({choice})}};
    return "data: " + chunk.dump() + "\n\n";
}

}  // namespace os1::test
