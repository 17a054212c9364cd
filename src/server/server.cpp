// Starting and stopping the server: the address rules (loopback unless TLS
// or --insecure-lan), TLS files, the people store, the threads, and the
// graceful stop.
#include "server/server.h"

#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <condition_variable>
#include <pthread.h>
#include <csignal>
#include <thread>

#include "core/log.h"
#include "server/connection.h"

namespace os1::server {

namespace net = boost::asio;
using net::ip::tcp;

struct Server::Impl {
    // Destroyed in reverse: the io_context (and the connections' coroutine
    // frames it still holds) goes before the Api they point into.
    ServerOptions options;
    std::optional<net::ssl::context> tls;
    net::thread_pool workers;
    std::unique_ptr<Api> api;
    std::unique_ptr<Shared> shared;
    net::io_context io;
    tcp::acceptor acceptor;
    std::vector<std::thread> io_threads;
    uint16_t port = 0;
    std::string host;
    std::mutex mutex;
    std::condition_variable changed;
    bool stop_asked = false, stopped = false;  // guarded by mutex

    explicit Impl(ServerOptions o)
        : options(std::move(o)), workers(size_t(std::max(1, options.workers))), acceptor(net::make_strand(io)) {}
};

std::filesystem::path default_web_dir() {
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        auto installed = self.parent_path().parent_path() / "share" / "os1" / "web";
        if (std::filesystem::is_directory(installed, ec)) return installed;
    }
#ifdef OS1_SOURCE_DIR
    return std::filesystem::path(OS1_SOURCE_DIR) / "web" / "dist";
#else
    return "/usr/local/share/os1/web";
#endif
}

// "ADDR:PORT", "[v6]:PORT" or ":PORT" (loopback).
static Result<tcp::endpoint> parse_listen(const std::string& text) {
    const size_t colon = text.rfind(':');
    if (colon == std::string::npos) return Error::invalid("--listen takes ADDR:PORT (like 127.0.0.1:8470), not '", text, "'");
    std::string host = text.substr(0, colon);
    const std::string port_text = text.substr(colon + 1);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    if (host.empty()) host = "127.0.0.1";
    if (host == "localhost") host = "127.0.0.1";
    int port = -1;
    if (!port_text.empty() && port_text.size() <= 5 && port_text.find_first_not_of("0123456789") == std::string::npos)
        port = std::stoi(port_text);
    if (port < 0 || port > 65535) return Error::invalid("the port in --listen must be 0..65535 (0 picks a free one), not '", port_text, "'");
    boost::system::error_code ec;
    auto address = net::ip::make_address(host, ec);
    if (ec) return Error::invalid("--listen: '", host, "' is not an IP address (use 127.0.0.1, 0.0.0.0 or an address of this computer)");
    return tcp::endpoint(address, static_cast<uint16_t>(port));
}

Result<std::unique_ptr<Server>> Server::start(ServerOptions options) {
    auto endpoint = TRY(parse_listen(options.listen));
    const bool tls = !options.tls_cert.empty() || !options.tls_key.empty();
    if (tls && (options.tls_cert.empty() || options.tls_key.empty()))
        return Error::invalid("TLS needs both --tls-cert FILE and --tls-key FILE");
    if (!endpoint.address().is_loopback() && !tls && !options.insecure_lan)
        return Error::invalid("listening on ", endpoint.address().to_string(),
                              " would let anyone on the network read the conversation: give --tls-cert and --tls-key, "
                              "or --insecure-lan if you trust this network");
    if (options.web_dir.empty()) options.web_dir = default_web_dir();
    auto paths = TRY(Paths::resolve());
    TRY(paths.ensure());
    auto users = TRY(UserStore::open(users_file(paths)));

    // The server's threads never take SIGINT/SIGTERM (run_until_signal does).
    sigset_t blocked, previous;
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGINT);
    sigaddset(&blocked, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &blocked, &previous);
    struct Restore {
        sigset_t mask;
        ~Restore() { pthread_sigmask(SIG_SETMASK, &mask, nullptr); }
    } restore{previous};
    auto impl = std::make_unique<Impl>(std::move(options));
    if (tls) {
        impl->tls.emplace(net::ssl::context::tls_server);
        auto& ctx = *impl->tls;
        boost::system::error_code ec;
        ctx.set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 | net::ssl::context::no_sslv3 |
                        net::ssl::context::no_tlsv1 | net::ssl::context::no_tlsv1_1);
        ctx.use_certificate_chain_file(impl->options.tls_cert.string(), ec);
        if (ec) return Error::invalid("cannot use the TLS certificate ", impl->options.tls_cert.string(), ": ", ec.message());
        ctx.use_private_key_file(impl->options.tls_key.string(), net::ssl::context::pem, ec);
        if (ec) return Error::invalid("cannot use the TLS key ", impl->options.tls_key.string(), ": ", ec.message());
    }
    boost::system::error_code ec;
    auto& acc = impl->acceptor;
    acc.open(endpoint.protocol(), ec);
    if (!ec) acc.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acc.bind(endpoint, ec);
    if (ec) return Error::io("cannot listen on ", impl->options.listen, ": ", ec.message(),
                             ec == net::error::address_in_use ? " (another program, or another os1 serve, uses that port)" : "");
    acc.listen(net::socket_base::max_listen_connections, ec);
    if (ec) return Error::io("cannot listen on ", impl->options.listen, ": ", ec.message());
    impl->port = acc.local_endpoint().port();
    impl->host = endpoint.address().is_v6() ? "[" + endpoint.address().to_string() + "]" : endpoint.address().to_string();
    if (endpoint.address().is_unspecified()) impl->host = "127.0.0.1";

    impl->api = std::make_unique<Api>(impl->options, std::move(users));
    impl->shared = std::make_unique<Shared>(*impl->api, impl->io, impl->workers, impl->options.limits);
    impl->shared->tls = impl->tls ? &*impl->tls : nullptr;
    net::co_spawn(acc.get_executor(), accept_loop(*impl->shared, acc), net::detached);
    for (int i = 0; i < std::max(1, impl->options.io_threads); i++)
        impl->io_threads.emplace_back([io = &impl->io] { io->run(); });
    return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Server::Server(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Server::~Server() { stop(); }

uint16_t Server::port() const { return m_impl->port; }

std::string Server::url() const {
    return str(m_impl->tls ? "https://" : "http://", m_impl->host, ":", m_impl->port, "/");
}

void Server::run_until_signal() {
    // SIGINT and SIGTERM are blocked in every server thread (start()), and
    // taken here synchronously: no handler runs inside the server's code.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    for (;;) {
        {
            std::lock_guard lock(m_impl->mutex);
            if (m_impl->stop_asked) break;
        }
        timespec wait{0, 200'000'000};
        const int sig = sigtimedwait(&set, nullptr, &wait);
        if (sig == SIGINT || sig == SIGTERM) {
            log::info("server: signal ", sig, ": stopping (turns in flight finish first)");
            break;
        }
    }
    stop();
}

void Server::stop() {
    auto& s = *m_impl;
    {
        std::lock_guard lock(s.mutex);
        s.stop_asked = true;
        s.changed.notify_all();
        if (s.stopped) return;
        s.stopped = true;
    }
    // 1. No new connections, no new turns.
    net::post(s.acceptor.get_executor(), [&s] {
        boost::system::error_code ec;
        s.acceptor.close(ec);
    });
    s.api->people().begin_shutdown();
    // 2. Turns in flight finish (and stream their last words) while the
    //    connections are open; past a minute they are stopped, and what was
    //    said is stored either way.
    using namespace std::chrono_literals;
    for (int i = 0; s.api->people().any_talking(); i++) {
        if (i == 2400) s.api->people().cancel_all();
        std::this_thread::sleep_for(25ms);
    }
    for (int i = 0; i < 20 && s.shared->streams > 0; i++) std::this_thread::sleep_for(25ms);
    // 3. The connections close; requests still on a worker finish there.
    s.shared->close_all_connections();
    for (int i = 0; i < 200 && s.shared->open_connections() > 0; i++) std::this_thread::sleep_for(25ms);
    s.workers.join();
    // 4. Every conversation ends (the brains' states saved).
    s.api->people().close_all();
    s.io.stop();
    for (auto& t : s.io_threads) t.join();
    s.io_threads.clear();
}

}  // namespace os1::server
