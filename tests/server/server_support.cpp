#include "server_support.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>
#include <type_traits>
#include <utility>

#include "server/users.h"

namespace os1::test {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

// This file's Beast clients and the server share Asio's inline functions
// at link time, so they must compile Asio the same way: os1_server gives
// its consumers BOOST_ASIO_NO_DEPRECATED (src/server/CMakeLists.txt). A
// mismatch linked two ABIs under one symbol (socket.close(ec) returning
// void or error_code): under ASan the server's WebSocket close read its
// error_code as the socket and crashed.
static_assert(std::is_void_v<decltype(std::declval<net::ip::tcp::socket&>().close(std::declval<beast::error_code&>()))>,
              "the server's tests must compile Asio as os1_server does (BOOST_ASIO_NO_DEPRECATED, a PUBLIC definition)");

Json HttpReply::json() const {
    auto j = parse_json(body);
    return j ? *j : Json();
}

std::string HttpReply::header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
}

std::string HttpReply::error_code() const {
    Json j = json();
    if (j.is_object() && j.contains("error") && j["error"].is_object() && j["error"].contains("code"))
        return j["error"]["code"].get<std::string>();
    return "";
}

HttpReply parse_reply(const std::string& raw) {
    HttpReply r;
    const size_t end = raw.find("\r\n\r\n");
    if (raw.rfind("HTTP/1.", 0) != 0 || end == std::string::npos) return r;
    r.status = std::atoi(raw.c_str() + 9);
    size_t pos = raw.find("\r\n") + 2;
    bool chunked = false;
    while (pos < end) {
        size_t eol = raw.find("\r\n", pos);
        std::string line = raw.substr(pos, eol - pos);
        pos = eol + 2;
        size_t colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::string name = line.substr(0, colon), value = line.substr(colon + 1);
        for (auto& c : name) c = char(std::tolower(static_cast<unsigned char>(c)));
        while (!value.empty() && value.front() == ' ') value.erase(0, 1);
        if (name == "transfer-encoding" && value == "chunked") chunked = true;
        auto& slot = r.headers[name];
        slot = slot.empty() ? value : slot + "\n" + value;
    }
    std::string body = raw.substr(end + 4);
    if (!chunked) {
        r.body = body;
        return r;
    }
    size_t p = 0;
    while (p < body.size()) {
        size_t eol = body.find("\r\n", p);
        if (eol == std::string::npos) break;
        size_t n = std::strtoul(body.substr(p, eol - p).c_str(), nullptr, 16);
        if (n == 0) break;
        r.body += body.substr(eol + 2, n);
        p = eol + 2 + n + 2;
    }
    return r;
}

TestServer::TestServer(const std::function<void(server::ServerOptions&)>& tweak) {
    ::setenv("OS1_HOME", m_home.path().c_str(), 1);
    std::filesystem::create_directories(web());
    server::ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.brain.brain = "none";
    options.web_dir = web();
    options.io_threads = 2;
    options.workers = 4;
    if (tweak) tweak(options);
    auto started = server::Server::start(options);
    if (!started) {
        ADD_FAILURE() << "the server did not start: " << started.error().message;
        std::abort();
    }
    m_server = std::move(*started);
}

TestServer::~TestServer() {
    if (m_server) m_server->stop();
}

static std::unique_ptr<server::UserStore> users(const std::filesystem::path& home) {
    auto store = server::UserStore::open(home / "data" / "users.db");
    EXPECT_TRUE(store.ok()) << (store ? "" : store.error().message);
    return std::move(*store);
}

void TestServer::add_user(const std::string& name, const std::string& password, const std::string& owner) {
    auto r = users(home())->add(name, password, owner);
    ASSERT_TRUE(r.ok()) << r.error().message;
}

std::string TestServer::new_key(const std::string& name) {
    auto k = users(home())->new_key(name);
    EXPECT_TRUE(k.ok()) << (k ? "" : k.error().message);
    return k ? *k : "";
}

void TestServer::remove_user(const std::string& name) { EXPECT_TRUE(users(home())->remove(name).ok()); }

std::string TestServer::raw(const std::string& bytes, std::chrono::milliseconds wait) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port());
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return {};
    }
    size_t sent = 0;
    while (sent < bytes.size()) {
        ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;  // the server may close early (a header over the limit)
        sent += size_t(n);
    }
    std::string out;
    const auto deadline = std::chrono::steady_clock::now() + wait;
    char buf[65536];
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) break;
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, int(left.count())) <= 0) break;
        ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        out.append(buf, size_t(n));
    }
    ::close(fd);
    return out;
}

HttpReply TestServer::request(const std::string& method, const std::string& target, const std::string& body,
                              const std::vector<std::pair<std::string, std::string>>& headers) {
    std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port()) + "\r\nConnection: close\r\n";
    for (const auto& [k, v] : headers) req += k + ": " + v + "\r\n";
    if (!body.empty() || method == "POST" || method == "PUT")
        req += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
    req += "\r\n" + body;
    return parse_reply(raw(req, std::chrono::milliseconds(30000)));
}

HttpReply TestServer::get(const std::string& target, const Signed& who) {
    return request("GET", target, "", {{"Cookie", who.cookie}});
}

HttpReply TestServer::get_with_key(const std::string& target, const std::string& key) {
    return request("GET", target, "", {{"Authorization", "Bearer " + key}});
}

HttpReply TestServer::send(const std::string& method, const std::string& target, const Signed& who, const std::string& body) {
    return request(method, target, body, {{"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}});
}

Signed TestServer::login(const std::string& name, const std::string& password) {
    auto r = request("POST", "/api/login", dump_json({{"name", name}, {"password", password}}));
    EXPECT_EQ(r.status, 200) << r.body;
    Signed s;
    s.name = name;
    const std::string set = r.header("set-cookie");
    s.cookie = set.substr(0, set.find(';'));
    if (r.json().is_object() && r.json().contains("csrf")) s.csrf = r.json()["csrf"].get<std::string>();
    return s;
}

bool TestServer::alive() { return request("GET", "/healthz").status == 200; }

struct WsClient::Impl {
    net::io_context io;
    websocket::stream<beast::tcp_stream> ws{io};
    bool closed = false;  // a read ended with the connection closed
};

WsClient::WsClient() : m_impl(std::make_unique<Impl>()) {}
WsClient::~WsClient() {
    beast::error_code ec;
    beast::get_lowest_layer(m_impl->ws).socket().close(ec);
}

int WsClient::connect(uint16_t port, const std::string& target, const std::vector<std::pair<std::string, std::string>>& headers) {
    beast::error_code ec;
    auto& lowest = beast::get_lowest_layer(m_impl->ws);
    lowest.socket().connect({net::ip::make_address("127.0.0.1"), port}, ec);
    if (ec) return 0;
    m_impl->ws.set_option(websocket::stream_base::decorator([headers](websocket::request_type& req) {
        for (const auto& [k, v] : headers) req.set(k, v);
    }));
    websocket::response_type res;
    m_impl->ws.handshake(res, "127.0.0.1:" + std::to_string(port), target, ec);
    return int(res.result_int());
}

bool WsClient::send(const std::string& text) {
    beast::error_code ec;
    m_impl->ws.text(true);
    m_impl->ws.write(net::buffer(text), ec);
    return !ec;
}

bool WsClient::send_binary(const std::string& bytes) {
    beast::error_code ec;
    m_impl->ws.binary(true);
    m_impl->ws.write(net::buffer(bytes), ec);
    return !ec;
}

std::optional<Json> WsClient::read(std::chrono::milliseconds wait) {
    beast::flat_buffer buffer;
    std::optional<Json> out;
    bool closed = false;
    m_impl->ws.async_read(buffer, [&](beast::error_code ec, size_t) {
        if (ec) closed = m_impl->closed = true;
        else if (auto j = parse_json(beast::buffers_to_string(buffer.data()))) out = *j;
    });
    m_impl->io.restart();
    m_impl->io.run_for(wait);
    if (!out && !closed) {  // nothing in time: stop waiting
        beast::get_lowest_layer(m_impl->ws).cancel();
        m_impl->io.restart();
        m_impl->io.run();
    }
    return out;
}

bool WsClient::closed() const { return m_impl->closed; }

bool WsClient::close() {
    beast::error_code ec;
    m_impl->ws.close(websocket::close_code::normal, ec);
    return !ec;
}

std::vector<Json> WsClient::until_done(const std::string& id) {
    std::vector<Json> out;
    while (auto m = read()) {
        out.push_back(*m);
        const std::string type = (*m)["type"];
        if ((type == "done" || type == "error") && (*m)["id"] == id) break;
    }
    return out;
}

Json WsClient::say(const std::string& id, const std::string& text) {
    send(dump_json({{"type", "say"}, {"id", id}, {"text", text}}));
    auto all = until_done(id);
    return all.empty() ? Json() : all.back();
}

std::unique_ptr<WsClient> open_chat(TestServer& server, const Signed& who) {
    auto ws = std::make_unique<WsClient>();
    const int status = ws->connect(server.port(), "/api/chat",
                                   {{"Cookie", who.cookie}, {"Origin", "http://127.0.0.1:" + std::to_string(server.port())}});
    EXPECT_EQ(status, 101);
    return ws;
}

std::string last_line(const std::string& out) {
    std::string s = out;
    while (!s.empty() && s.back() == '\n') s.pop_back();
    return s.substr(s.rfind('\n') == std::string::npos ? 0 : s.rfind('\n') + 1);
}

ServeProcess::ServeProcess(const std::filesystem::path& home) : log(home / "serve.log") {
    auto started = run_command("OS1_HOME=" + home.string() + " " + OS1_BINARY +
                               " serve --brain none --listen 127.0.0.1:0 > " + log.string() + " 2>&1 & echo $!");
    pid = last_line(started.out);
    for (int i = 0; i < 200 && url.empty(); i++) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        std::smatch m;
        const std::string t = output();
        if (std::regex_search(t, m, std::regex("open (http://127\\.0\\.0\\.1:[0-9]+/)"))) url = m[1];
    }
}

std::string ServeProcess::output() const {
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

bool ServeProcess::stop() {
    run_command("kill -TERM " + pid);
    for (int i = 0; i < 200; i++) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        if (run_command("kill -0 " + pid + " 2>/dev/null").status != 0) return true;
    }
    return false;
}

}  // namespace os1::test
