// `os1 serve`: the companion behind HTTP/1.1, WebSocket and SSE, for many
// people at once, each with their own companion (companion::Home per owner).
// The routes and the JSON they speak are in README.md (the contract the web
// app codes against).
//
//   ServerOptions options;                 // 127.0.0.1:8470, the none brain if no model
//   options.brain.brain = "none";
//   auto server = TRY(Server::start(options));
//   printf("open %s\n", server->url().c_str());
//   server->run_until_signal();            // SIGTERM/SIGINT: a graceful stop
//
// Threads: a few I/O threads (Asio) read and write; every companion call,
// password hash and file read runs on a separate worker pool, so a long
// turn never stalls other people's requests.
//
// Errors: start() fails with a clear message for a bad address, a port in
// use, a non-loopback address without TLS or --insecure-lan, unreadable
// TLS files. After that, a request's errors are JSON replies; the server
// stays up.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "companion/home.h"
#include "core/result.h"

namespace os1::server {

struct Limits {
    size_t header_bytes = 16 * 1024;
    size_t body_bytes = 1024 * 1024;
    size_t frame_bytes = 1024 * 1024;      // one WebSocket message
    int connections_per_person = 8;        // requests and sockets open at once
    std::chrono::seconds idle{120};        // a keep-alive or WebSocket with nothing said
    std::chrono::seconds request{20};      // a whole request must arrive within this (slow clients are cut)
    std::chrono::seconds session_ttl{14 * 24 * 3600};
    int login_failures_per_name = 5;       // within login_window
    int login_failures_per_address = 20;
    std::chrono::seconds login_window{300};
    // /api/voice (routes_voice.cpp): one message (audio frames hold at most
    // 1 s, 32,000 bytes), conversations open at once server-wide, and per
    // conversation: the person's audio with no speech in it, all of it, and
    // one utterance (cut and answered there).
    size_t voice_frame_bytes = 64 * 1024;
    int voice_conversations = 4;
    std::chrono::seconds voice_quiet{300};
    std::chrono::seconds voice_total{3600};
    std::chrono::seconds voice_utterance{30};
};

struct ServerOptions {
    std::string listen = "127.0.0.1:8470";  // ADDR:PORT; port 0 picks a free one
    std::filesystem::path tls_cert, tls_key;  // PEM; both or neither
    bool insecure_lan = false;               // allow plain HTTP on a non-loopback address
    std::filesystem::path web_dir;           // "" = the installed web app (default_web_dir())
    brain::BrainFlags brain;                 // as `os1 chat`
    int io_threads = 2;
    int workers = 4;
    Limits limits;
};

// <prefix>/share/os1/web next to the running binary (bin/../share/os1/web),
// else the source tree's web/dist.
std::filesystem::path default_web_dir();

class Server {
public:
    static Result<std::unique_ptr<Server>> start(ServerOptions options);
    ~Server();  // stop()
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    uint16_t port() const;
    // "http://127.0.0.1:8470/" (https under TLS).
    std::string url() const;
    // Blocks until SIGTERM or SIGINT (or stop() from another thread), then stops.
    void run_until_signal();
    // Graceful: stops accepting, lets turns in flight finish (they are
    // stored), ends every conversation, closes the connections. Idempotent.
    void stop();

    struct Impl;

private:
    explicit Server(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace os1::server
