// A tiny HTTP/1.1 server for tests: plain sockets on 127.0.0.1, an
// ephemeral port, one connection at a time on its own thread. The handler
// writes the raw response itself, so a test can send anything: partial
// bodies, dropped connections, slow streams, garbage.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <thread>

namespace os1::test {

struct HttpRequest {
    std::string method;
    std::string path;
    std::map<std::string, std::string> headers;  // names lower-cased
    std::string body;
    std::string header(const std::string& name) const {
        auto it = headers.find(name);
        return it == headers.end() ? std::string() : it->second;
    }
};

class HttpConnection {
public:
    explicit HttpConnection(int fd) : m_fd(fd) {}
    // false once the client has gone away.
    bool send(std::string_view bytes);
    // A complete response with Content-Length.
    bool respond(int status, std::string_view body, std::string_view content_type = "text/plain",
                 std::string_view extra_headers = "");
    // True once the client has closed its side (or reset the connection).
    bool client_gone();

    // Hostile servers. Each stops when the client goes away, or after
    // max_s seconds at most (so a broken client cannot hang the test).
    // Sends `piece` again and again as fast as the client reads.
    void send_endless(std::string_view piece, double max_s = 20);
    // Sends `bytes` cyclically, one byte every interval_s.
    void drip(std::string_view bytes, double interval_s, double max_s = 20);
    // Sends nothing at all.
    void stay_silent(double max_s = 20);

private:
    int m_fd;
};

class TestHttpServer {
public:
    using Handler = std::function<void(const HttpRequest&, HttpConnection&)>;
    explicit TestHttpServer(Handler handler);
    ~TestHttpServer();

    int port() const { return m_port; }
    std::string url(std::string_view path = "") const;
    int requests() const { return m_requests.load(); }

private:
    void serve();

    Handler m_handler;
    int m_listen_fd = -1;
    int m_port = 0;
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_requests{0};
    std::thread m_thread;
};

// Serves `data` at any path with Range support ("bytes=N-").
// drop_after > 0: the first response(s) stop after that many body bytes and
// close the connection (drops counts how many responses do so).
struct FileServeOptions {
    std::string data;
    size_t drop_after = 0;
    int drops = 0;
    std::string extra_headers;  // e.g. "X-Linked-ETag: \"<sha>\"\r\n"
};
void serve_file(const HttpRequest& req, HttpConnection& conn, FileServeOptions& opts);

// An OpenAI-style SSE body: one chunk per piece, then a finish chunk and [DONE].
std::string sse_chunk(std::string_view content, std::string_view finish_reason = "");

}  // namespace os1::test
