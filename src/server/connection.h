// Sockets: the accept loop and one connection's life (HTTP/1.1 requests,
// then possibly a WebSocket or an SSE stream), on Asio coroutines. Every
// request is handed to Api on the worker pool; the connection's own strand
// only reads, writes and waits.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/thread_pool.hpp>

#include "server/api.h"

namespace os1::server {

struct Shared {
    Shared(Api& a, boost::asio::io_context& i, boost::asio::thread_pool& w, Limits l) : api(a), io(i), workers(w), limits(l) {}
    Api& api;
    boost::asio::io_context& io;
    boost::asio::thread_pool& workers;
    Limits limits;
    boost::asio::ssl::context* tls = nullptr;  // null: plain HTTP
    std::atomic<int> streams{0};               // SSE and WebSocket conversations open now

    // Every open connection, with a way to close it (from any thread).
    std::mutex mutex;
    std::map<uint64_t, std::function<void()>> live;  // guarded by mutex
    uint64_t next_id = 0;                            // guarded by mutex
    int open_connections();
    void close_all_connections();
};

boost::asio::awaitable<void> accept_loop(Shared& shared, boost::asio::ip::tcp::acceptor& acceptor);

}  // namespace os1::server
