// A real os1 server for tests: started in this process on 127.0.0.1 with
// an ephemeral port, a temporary OS1_HOME and the none brain; clients that
// speak plain HTTP/1.1 over sockets (any bytes, for hostile tests) and
// WebSocket (Boost.Beast).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/json.h"
#include "server/server.h"
#include "test_support.h"

namespace os1::test {

struct HttpReply {
    int status = 0;                              // 0: no reply (the connection closed)
    std::map<std::string, std::string> headers;  // names lower-cased; Set-Cookie joined by "\n"
    std::string body;
    Json json() const;
    std::string header(const std::string& name) const;
    std::string error_code() const;  // json()["error"]["code"], or ""
};

struct Signed {
    std::string name, cookie, csrf;  // cookie: "os1_session=..."
};

class TestServer {
public:
    // `tweak` adjusts the options (limits, web folder) before the start.
    explicit TestServer(const std::function<void(server::ServerOptions&)>& tweak = {});
    ~TestServer();
    uint16_t port() const { return m_server->port(); }
    const std::filesystem::path& home() const { return m_home.path(); }
    std::filesystem::path web() const { return m_home.path() / "web"; }
    server::Server& server() { return *m_server; }
    void stop() { m_server->stop(); }

    void add_user(const std::string& name, const std::string& password, const std::string& owner = "");
    std::string new_key(const std::string& name);
    void remove_user(const std::string& name);

    // Requests (Connection: close). `headers` are added as given.
    HttpReply request(const std::string& method, const std::string& target, const std::string& body = "",
                      const std::vector<std::pair<std::string, std::string>>& headers = {});
    HttpReply get(const std::string& target, const Signed& who);
    HttpReply get_with_key(const std::string& target, const std::string& key);
    // POST/PUT/DELETE with the session cookie and CSRF token.
    HttpReply send(const std::string& method, const std::string& target, const Signed& who, const std::string& body = "");
    Signed login(const std::string& name, const std::string& password);
    // Raw bytes in, everything the server sends until it closes (or `wait`).
    std::string raw(const std::string& bytes, std::chrono::milliseconds wait = std::chrono::milliseconds(5000));
    bool alive();  // GET /healthz answers 200

private:
    TempDir m_home;
    std::unique_ptr<server::Server> m_server;
};

HttpReply parse_reply(const std::string& raw);

// `os1 serve --brain none --listen 127.0.0.1:0` as its own process
// (OS1_BINARY) over `home`; `url` is "" when it did not start.
struct ServeProcess {
    std::string pid, url;
    std::filesystem::path log;
    explicit ServeProcess(const std::filesystem::path& home);
    std::string output() const;  // what it printed
    bool stop();                 // SIGTERM, then true once the process is gone
};

// The last line of a command's output.
std::string last_line(const std::string& out);


// A WebSocket client (Beast, synchronous, with a read deadline).
class WsClient {
public:
    WsClient();
    ~WsClient();
    // The handshake's HTTP status (101 = open); `headers` go with the upgrade.
    int connect(uint16_t port, const std::string& target, const std::vector<std::pair<std::string, std::string>>& headers);
    bool send(const std::string& text);
    bool send_binary(const std::string& bytes);
    // The next message as JSON, or nullopt (closed, or nothing within `wait`).
    std::optional<Json> read(std::chrono::milliseconds wait = std::chrono::milliseconds(10000));
    bool closed() const;  // a read saw the connection closed (not just nothing in time)
    // A WebSocket close handshake (code 1000); true once the server answered it.
    bool close();
    // Messages until a "done" or "error" (inclusive) for `id`.
    std::vector<Json> until_done(const std::string& id);
    // A "say" and its reply: the "done" (or "error") message.
    Json say(const std::string& id, const std::string& text);
    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

// Opens /api/chat for a signed-in person (cookie, CSRF-free, same Origin).
std::unique_ptr<WsClient> open_chat(TestServer& server, const Signed& who);

}  // namespace os1::test
