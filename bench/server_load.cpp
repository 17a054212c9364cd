// Load on `os1 serve`, loopback only, bounded: starts a server in this
// process (temporary OS1_HOME, the none brain), then
//   1. C keep-alive connections hammer GET /healthz for S seconds;
//   2. P people each send T chat completions (non-streaming, Bearer key),
//      all at once, and every acknowledged message is checked to be stored
//      exactly once (GET /api/history).
// Prints requests/s, p50/p95/p99 latency and errors for each.
//
//   server_load [--connections 50] [--seconds 10] [--people 20] [--turns 5]
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
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

    {  // 2. chat turns, many people at once
        auto users = server::UserStore::open(home / "data" / "users.db");
        if (!users) return 1;
        std::vector<std::string> keys;
        for (int p = 0; p < people; p++) {
            (void)(*users)->add("p" + std::to_string(p), "a long passphrase", "");
            keys.push_back(*(*users)->new_key("p" + std::to_string(p)));
        }
        std::vector<Figures> each(static_cast<size_t>(people));
        std::vector<int> acknowledged(size_t(people), 0);
        std::vector<std::thread> threads;
        const auto t_start = Steady::now();
        for (int p = 0; p < people; p++)
            threads.emplace_back([&, p] {
                int fd = connect_to(port);
                for (int t = 0; t < turns; t++) {
                    const std::string body = dump_json({{"model", "os1"},
                        {"messages", {{{"role", "user"}, {"content", "message " + std::to_string(t) + " from person " + std::to_string(p)}}}}});
                    const std::string req = "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                                            keys[size_t(p)] + "\r\nContent-Type: application/json\r\nContent-Length: " +
                                            std::to_string(body.size()) + "\r\n\r\n" + body;
                    auto t0 = Steady::now();
                    if (fd < 0 || exchange(fd, req, nullptr) != 200) {
                        each[size_t(p)].errors++;
                        continue;
                    }
                    acknowledged[size_t(p)]++;
                    each[size_t(p)].ms.push_back(std::chrono::duration<double, std::milli>(Steady::now() - t0).count());
                }
                if (fd >= 0) ::close(fd);
            });
        for (auto& t : threads) t.join();
        Figures::merged(each, std::chrono::duration<double>(Steady::now() - t_start).count()).print(("chat turn, " + std::to_string(people) + " people at once").c_str());
        // Every acknowledged message is stored exactly once.
        int wrong = 0;
        for (int p = 0; p < people; p++) {
            int fd = connect_to(port);
            std::string body;
            const std::string req = "GET /api/history?limit=1000 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                                    keys[size_t(p)] + "\r\n\r\n";
            exchange(fd, req, &body);
            ::close(fd);
            auto j = parse_json(body);
            int user_messages = 0;
            if (j && j->contains("messages"))
                for (const auto& m : (*j)["messages"]) user_messages += m["role"] == "user";
            if (user_messages != acknowledged[size_t(p)]) wrong++;
        }
        std::printf("\nstored exactly once: %s (%d of %d people's histories differ from what was acknowledged)\n",
                    wrong == 0 ? "yes" : "NO", wrong, people);
    }
    (*started)->stop();
    std::error_code ec;
    std::filesystem::remove_all(home, ec);
    return 0;
}
