// Load on `os1 serve`, loopback only, bounded: starts a server in this
// process (temporary OS1_HOME, the none brain), then
//   1. C keep-alive connections hammer GET /healthz for S seconds;
//   2. P people chat at once over the app's WebSocket (/api/chat, Bearer
//      key): each says T messages, one after another, waiting for "done";
//   3. the same P people each send T chat completions (/v1, non-streaming).
// Every acknowledged message ("done", or a 200) is then checked to be
// stored exactly once (GET /api/history: each text once, nothing else).
// Prints requests/s, p50/p95/p99 latency and errors for each. The wrk run
// over every non-brain endpoint is bench/server_wrk.sh.
//
//   server_load [--connections 50] [--seconds 10] [--people 20] [--turns 5]
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <map>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "core/json.h"
#include "server/server.h"
#include "server/users.h"

using namespace os1;
using Steady = std::chrono::steady_clock;
namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

namespace {

int connect_to(uint16_t port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

// One request on a kept-alive connection; the status (0 = failed) and body.
int exchange(int fd, const std::string& request, std::string* body) {
    if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) != ssize_t(request.size())) return 0;
    std::string in;
    char buf[16384];
    size_t head_end = std::string::npos, length = 0;
    for (;;) {
        ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) return 0;
        in.append(buf, size_t(n));
        if (head_end == std::string::npos && (head_end = in.find("\r\n\r\n")) != std::string::npos) {
            std::string lower = in.substr(0, head_end);
            for (auto& c : lower) c = char(std::tolower(static_cast<unsigned char>(c)));
            auto cl = lower.find("content-length:");
            length = cl == std::string::npos ? 0 : std::strtoul(lower.c_str() + cl + 15, nullptr, 10);
        }
        if (head_end != std::string::npos && in.size() >= head_end + 4 + length) break;
    }
    if (body) *body = in.substr(head_end + 4, length);
    return std::atoi(in.c_str() + 9);
}

struct Figures {
    std::vector<double> ms;
    int errors = 0;
    double seconds = 0;
    static Figures merged(const std::vector<Figures>& each, double seconds) {
        Figures all;
        for (const auto& f : each) {
            all.ms.insert(all.ms.end(), f.ms.begin(), f.ms.end());
            all.errors += f.errors;
        }
        all.seconds = seconds;
        return all;
    }
    void print(const char* what) {
        std::sort(ms.begin(), ms.end());
        auto pct = [&](double p) { return ms.empty() ? 0.0 : ms[std::min(ms.size() - 1, size_t(p * ms.size()))]; };
        std::printf("| %-34s | %8zu | %8.0f | %7.2f | %7.2f | %7.2f | %6d |\n", what, ms.size(), ms.size() / seconds,
                    pct(0.50), pct(0.95), pct(0.99), errors);
    }
};

// One person's conversation over /api/chat: `turns` messages, each waited
// for. The texts acknowledged with "done" go to `acked`.
void chat_over_websocket(uint16_t port, const std::string& key, int person, int turns, Figures& figures,
                         std::vector<std::string>& acked) {
    net::io_context io;
    websocket::stream<beast::tcp_stream> ws(io);
    beast::error_code ec;
    ws.next_layer().connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port), ec);
    if (!ec) {
        ws.set_option(websocket::stream_base::decorator(
            [&](websocket::request_type& r) { r.set(beast::http::field::authorization, "Bearer " + key); }));
        ws.handshake("127.0.0.1:" + std::to_string(port), "/api/chat", ec);
    }
    if (ec) {
        figures.errors += turns;
        return;
    }
    ws.next_layer().expires_after(std::chrono::seconds(120));
    for (int t = 0; t < turns; t++) {
        const std::string id = "c" + std::to_string(t);
        const std::string text = "over the socket, message " + std::to_string(t) + " from person " + std::to_string(person);
        const auto t0 = Steady::now();
        ws.write(net::buffer(dump_json({{"type", "say"}, {"id", id}, {"text", text}})), ec);
        bool done = false;
        while (!ec && !done) {
            beast::flat_buffer in;
            ws.read(in, ec);
            if (ec) break;
            auto j = parse_json(beast::buffers_to_string(in.data()));
            if (!j || !j->is_object() || (*j)["id"] != id) continue;
            if ((*j)["type"] == "done") done = true;
            else if ((*j)["type"] == "error") break;
        }
        if (!done) {
            figures.errors++;
            if (ec) break;
            continue;
        }
        acked.push_back(text);
        figures.ms.push_back(std::chrono::duration<double, std::milli>(Steady::now() - t0).count());
    }
    ws.close(websocket::close_code::normal, ec);
}

}  // namespace

int main(int argc, char** argv) {
    int connections = 50, seconds = 10, people = 20, turns = 5;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string a = argv[i];
        int v = std::atoi(argv[i + 1]);
        if (a == "--connections") connections = v;
        else if (a == "--seconds") seconds = v;
        else if (a == "--people") people = v;
        else if (a == "--turns") turns = v;
    }
    const auto home = std::filesystem::temp_directory_path() / ("os1-server-load-" + std::to_string(::getpid()));
    std::filesystem::create_directories(home);
    ::setenv("OS1_HOME", home.c_str(), 1);
    server::ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.brain.brain = "none";
    options.web_dir = home / "web";
    auto started = server::Server::start(options);
    if (!started) {
        std::fprintf(stderr, "server_load: %s\n", started.error().message.c_str());
        return 1;
    }
    const uint16_t port = (*started)->port();

    std::printf("| %-34s | %8s | %8s | %7s | %7s | %7s | %6s |\n", "load (loopback, none brain)", "requests", "req/s",
                "p50 ms", "p95 ms", "p99 ms", "errors");
    std::printf("|%s|%s|%s|%s|%s|%s|%s|\n", std::string(36, '-').c_str(), std::string(10, '-').c_str(),
                std::string(10, '-').c_str(), std::string(9, '-').c_str(), std::string(9, '-').c_str(),
                std::string(9, '-').c_str(), std::string(8, '-').c_str());

    {  // 1. /healthz
        std::vector<Figures> each(static_cast<size_t>(connections));
        std::vector<std::thread> threads;
        const auto end = Steady::now() + std::chrono::seconds(seconds);
        const std::string req = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        for (int c = 0; c < connections; c++)
            threads.emplace_back([&, c] {
                int fd = connect_to(port);
                while (Steady::now() < end) {
                    if (fd < 0) fd = connect_to(port);
                    auto t0 = Steady::now();
                    if (fd < 0 || exchange(fd, req, nullptr) != 200) {
                        each[size_t(c)].errors++;
                        if (fd >= 0) ::close(fd);
                        fd = -1;
                        continue;
                    }
                    each[size_t(c)].ms.push_back(std::chrono::duration<double, std::milli>(Steady::now() - t0).count());
                }
                if (fd >= 0) ::close(fd);
            });
        for (auto& t : threads) t.join();
        Figures::merged(each, seconds).print(("GET /healthz, " + std::to_string(connections) + " connections").c_str());
    }

    auto users = server::UserStore::open(home / "data" / "users.db");
    if (!users) return 1;
    std::vector<std::string> keys;
    for (int p = 0; p < people; p++) {
        (void)(*users)->add("p" + std::to_string(p), "a long passphrase", "");
        keys.push_back(*(*users)->new_key("p" + std::to_string(p)));
    }
    std::vector<std::vector<std::string>> acked(static_cast<size_t>(people));  // per person, in order

    {  // 2. chat over the WebSocket, many people at once
        std::vector<Figures> each(static_cast<size_t>(people));
        std::vector<std::thread> threads;
        const auto t_start = Steady::now();
        for (int p = 0; p < people; p++)
            threads.emplace_back([&, p] { chat_over_websocket(port, keys[size_t(p)], p, turns, each[size_t(p)], acked[size_t(p)]); });
        for (auto& t : threads) t.join();
        Figures::merged(each, std::chrono::duration<double>(Steady::now() - t_start).count())
            .print(("WebSocket turn, " + std::to_string(people) + " people at once").c_str());
    }

    {  // 3. chat completions (/v1), many people at once
        std::vector<Figures> each(static_cast<size_t>(people));
        std::vector<std::thread> threads;
        const auto t_start = Steady::now();
        for (int p = 0; p < people; p++)
            threads.emplace_back([&, p] {
                int fd = connect_to(port);
                for (int t = 0; t < turns; t++) {
                    const std::string text = "message " + std::to_string(t) + " from person " + std::to_string(p);
                    const std::string body = dump_json({{"model", "os1"}, {"messages", {{{"role", "user"}, {"content", text}}}}});
                    const std::string req = "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                                            keys[size_t(p)] + "\r\nContent-Type: application/json\r\nContent-Length: " +
                                            std::to_string(body.size()) + "\r\n\r\n" + body;
                    auto t0 = Steady::now();
                    if (fd < 0 || exchange(fd, req, nullptr) != 200) {
                        each[size_t(p)].errors++;
                        continue;
                    }
                    acked[size_t(p)].push_back(text);
                    each[size_t(p)].ms.push_back(std::chrono::duration<double, std::milli>(Steady::now() - t0).count());
                }
                if (fd >= 0) ::close(fd);
            });
        for (auto& t : threads) t.join();
        Figures::merged(each, std::chrono::duration<double>(Steady::now() - t_start).count())
            .print(("chat completion (/v1), " + std::to_string(people) + " people at once").c_str());
    }

    // Every acknowledged message is stored exactly once, and nothing else is.
    int wrong = 0;
    size_t total = 0;
    for (int p = 0; p < people; p++) {
        int fd = connect_to(port);
        std::string body;
        const std::string req = "GET /api/history?limit=1000 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                                keys[size_t(p)] + "\r\n\r\n";
        exchange(fd, req, &body);
        ::close(fd);
        auto j = parse_json(body);
        std::map<std::string, int> stored;
        if (j && j->contains("messages"))
            for (const auto& m : (*j)["messages"])
                if (m["role"] == "user") stored[m["text"].get<std::string>()]++;
        std::map<std::string, int> expected;
        for (const auto& text : acked[size_t(p)]) expected[text]++;
        total += acked[size_t(p)].size();
        if (stored != expected) wrong++;
    }
    std::printf("\nstored exactly once: %s (%zu acknowledged messages; %d of %d people's histories differ)\n",
                wrong == 0 ? "yes" : "NO", total, wrong, people);
    (*started)->stop();
    std::error_code ec;
    std::filesystem::remove_all(home, ec);
    return 0;
}
