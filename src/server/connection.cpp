// One connection: read a request (the headers within 16 KiB, the body
// within 1 MiB, the whole of it within Limits::request once it starts, so
// a client dripping bytes is cut), answer it from the worker pool, repeat
// while kept alive (Limits::idle between requests). /api/chat upgrades to
// a WebSocket, and so does /api/voice (audio in binary messages); a
// streamed completion becomes chunked SSE.
#include "server/connection.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <deque>
#include <mutex>

#include "core/log.h"

namespace os1::server {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using net::awaitable;
using net::ip::tcp;
using namespace net::experimental::awaitable_operators;
constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

namespace {

// Pieces from worker threads to a connection's coroutine: send() from any
// thread, next() on the connection's strand (the timer's executor).
struct Piece {
    std::string data;
    bool binary = false;  // a WebSocket's binary message
};

class Outbox final : public Sink, public std::enable_shared_from_this<Outbox> {
public:
    explicit Outbox(net::any_io_executor ex) : m_timer(ex) {}
    void send(std::string piece) override { push({std::move(piece), false}); }
    void send_binary(std::string bytes) override { push({std::move(bytes), true}); }
    void close() override { finish(); }
    bool gone() const override {
        std::lock_guard lock(m_mutex);
        return m_gone;
    }
    void finish() {
        {
            std::lock_guard lock(m_mutex);
            m_finished = true;
        }
        wake();
    }
    bool finished() const {
        std::lock_guard lock(m_mutex);
        return m_finished;
    }
    void leave() {
        std::lock_guard lock(m_mutex);
        m_gone = true;
        m_queue.clear();
    }
    awaitable<std::optional<Piece>> next() {
        for (;;) {
            {
                std::lock_guard lock(m_mutex);
                if (!m_queue.empty()) {
                    Piece s = std::move(m_queue.front());
                    m_queue.pop_front();
                    co_return s;
                }
                if (m_finished || m_gone) co_return std::nullopt;
            }
            m_timer.expires_at(net::steady_timer::time_point::max());
            auto [ec] = co_await m_timer.async_wait(use_tuple);
            if (ec && ec != net::error::operation_aborted) co_return std::nullopt;
            auto state = co_await net::this_coro::cancellation_state;
            if (state.cancelled() != net::cancellation_type::none) co_return std::nullopt;
        }
    }

private:
    void push(Piece piece) {
        {
            std::lock_guard lock(m_mutex);
            if (m_gone) return;
            m_queue.push_back(std::move(piece));
        }
        wake();
    }
    void wake() {
        net::post(m_timer.get_executor(), [self = shared_from_this()] { self->m_timer.cancel(); });
    }
    net::steady_timer m_timer;  // on the connection's strand
    mutable std::mutex m_mutex;
    std::deque<Piece> m_queue;  // guarded by m_mutex
    bool m_finished = false, m_gone = false;
};

// The body of off_io: a coroutine whose parameters (the function, the
// answer on failure) live in its own frame, not in a lambda's captures
// (a capturing lambda coroutine outlives its closure).
template <typename T, typename F>
awaitable<T> call(F f, T on_exception) {
    try {
        co_return f();
    } catch (const std::exception& e) {
        log::error("server: a request failed: ", e.what());
        co_return std::move(on_exception);
    }
}

// Runs `f` on the worker pool and resumes here with its result; a library
// exception becomes a 500 (our code does not throw).
template <typename F>
awaitable<Reply> off_io(Shared& sh, F f) {
    Reply failed{error_reply(500, "internal", "Something went wrong on the server; it is still running."), {}};
    co_return co_await net::co_spawn(sh.workers.get_executor(), call<Reply>(std::move(f), std::move(failed)),
                                     net::use_awaitable);
}

Response read_error_reply(const beast::error_code& ec, const Limits& limits) {
    if (ec == beast::error::timeout)
        return error_reply(408, "invalid", "The request took too long to arrive; the connection is closed.");
    if (ec == http::error::header_limit)
        return error_reply(431, "too_large", str("The request's headers are larger than ", limits.header_bytes / 1024, " KiB."));
    if (ec == http::error::body_limit)
        return error_reply(413, "too_large", str("The request body is larger than ", limits.body_bytes / 1024, " KiB."));
    return error_reply(400, "invalid", "The request is not valid HTTP/1.1.");
}

// Closes the connection's socket from any thread, whoever holds it now.
struct Closer {
    std::shared_ptr<bool> alive = std::make_shared<bool>(true);  // touched on the strand only
    tcp::socket* socket = nullptr;                                // on the strand only
};

template <typename Stream>
awaitable<void> serve_chat(Shared& sh, Stream& plain, Request req, Client client, Closer& closer, bool voice) {
    Api::ChatAccess failed;
    failed.refused = error_reply(500, "internal", "Something went wrong on the server; it is still running.");
    Api::ChatAccess access = co_await net::co_spawn(
        sh.workers.get_executor(),
        call<Api::ChatAccess>([&sh, &req, &client] { return sh.api.chat_access(req, client); }, std::move(failed)),
        net::use_awaitable);
    if (access.refused) {
        access.refused->keep_alive(false);
        beast::get_lowest_layer(plain).expires_after(sh.limits.request);
        co_await http::async_write(plain, *access.refused, use_tuple);
        co_return;
    }
    websocket::stream<Stream> ws(std::move(plain));  // the socket is the WebSocket's now
    closer.socket = &beast::get_lowest_layer(ws).socket();
    beast::get_lowest_layer(ws).expires_never();
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = sh.limits.request;
    timeouts.idle_timeout = sh.limits.idle;
    timeouts.keep_alive_pings = true;
    ws.set_option(timeouts);
    ws.read_message_max(voice ? sh.limits.voice_frame_bytes : sh.limits.frame_bytes);
    if (auto [ec] = co_await ws.async_accept(req, use_tuple); ec) co_return;
    sh.streams++;
    auto outbox = std::make_shared<Outbox>(co_await net::this_coro::executor);
    auto on_worker = [&sh](std::function<void()> f) { net::post(sh.workers, std::move(f)); };
    auto room = voice ? sh.api.open_voice(access.who, outbox, on_worker) : sh.api.open_chat(access.who, outbox, on_worker);
    auto writer = [&]() -> awaitable<void> {
        for (;;) {
            auto message = co_await outbox->next();
            if (!message) {
                if (outbox->finished())  // the room closed it: say goodbye properly
                    co_await ws.async_close(websocket::close_code::normal, use_tuple);
                co_return;
            }
            ws.binary(message->binary);
            if (auto [ec, n] = co_await ws.async_write(net::buffer(message->data), use_tuple); ec) co_return;
        }
    };
    auto reader = [&]() -> awaitable<void> {
        beast::flat_buffer buffer;
        for (;;) {
            auto [ec, n] = co_await ws.async_read(buffer, use_tuple);
            if (ec) co_return;  // closed, idle, or a message over the limit (closed with 1009)
            if (!ws.got_text() && voice)
                room->on_binary(std::string_view(static_cast<const char*>(buffer.data().data()), buffer.size()));
            else if (!ws.got_text())
                outbox->send(dump_json({{"type", "error"}, {"id", ""},
                                        {"error", {{"code", "invalid"}, {"message", "Send text messages (JSON)."}}}}));
            else
                room->on_message(beast::buffers_to_string(buffer.data()));
            buffer.consume(buffer.size());
        }
    };
    co_await (reader() || writer());
    outbox->leave();
    room.reset();  // before the socket goes: a voice conversation is stopped
    sh.streams--;
    closer.socket = nullptr;
    beast::error_code ec;
    beast::get_lowest_layer(ws).socket().close(ec);
}

// The head now, then each piece as a chunk while `stream` runs on a worker.
template <typename Stream>
awaitable<bool> serve_stream(Shared& sh, Stream& stream, Reply& reply) {
    auto& lowest = beast::get_lowest_layer(stream);
    reply.response.chunked(true);
    http::response_serializer<http::string_body> head(reply.response);
    lowest.expires_after(sh.limits.request);
    if (auto [ec, n] = co_await http::async_write_header(stream, head, use_tuple); ec) co_return false;
    sh.streams++;
    auto outbox = std::make_shared<Outbox>(co_await net::this_coro::executor);
    net::post(sh.workers, [outbox, run = std::move(reply.stream)] {
        try {
            run(*outbox);
        } catch (const std::exception& e) {
            log::error("server: a stream failed: ", e.what());
        }
        outbox->finish();
    });
    bool ok = true;
    while (auto piece = co_await outbox->next()) {
        lowest.expires_after(sh.limits.request);
        if (auto [ec, n] = co_await net::async_write(stream, http::make_chunk(net::buffer(piece->data)), use_tuple); ec) {
            outbox->leave();  // the turn goes on and is stored; nobody reads it here
            ok = false;
            break;
        }
    }
    if (ok) {
        auto [ec, n] = co_await net::async_write(stream, http::make_chunk_last(), use_tuple);
        ok = !ec;
    }
    sh.streams--;
    co_return ok && reply.response.keep_alive();
}

// True while the stream is still this function's to close (not a WebSocket's).
template <typename Stream>
awaitable<bool> serve_http(Shared& sh, Stream& stream, Client client, Closer& closer) {
    auto& lowest = beast::get_lowest_layer(stream);
    beast::flat_buffer buffer;
    for (;;) {
        if (buffer.size() == 0) {  // idle until the next request begins
            lowest.expires_after(sh.limits.idle);
            auto [ec, n] = co_await stream.async_read_some(buffer.prepare(4096), use_tuple);
            if (ec) co_return true;
            buffer.commit(n);
        }
        http::request_parser<http::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(sh.limits.header_bytes));
        parser.body_limit(sh.limits.body_bytes);
        lowest.expires_after(sh.limits.request);
        auto [ec, n] = co_await http::async_read(stream, buffer, parser, use_tuple);
        if (ec == http::error::end_of_stream) co_return true;
        if (ec) {
            auto res = read_error_reply(ec, sh.limits);
            lowest.expires_after(std::chrono::seconds(5));
            co_await http::async_write(stream, res, use_tuple);
            co_return true;
        }
        Request req = parser.release();
        if (websocket::is_upgrade(req)) {
            auto target = parse_target(req.target());
            if (target && (target->path == "/api/chat" || target->path == "/api/voice")) {
                co_await serve_chat(sh, stream, std::move(req), client, closer, target->path == "/api/voice");
                co_return false;
            }
            auto res = error_reply(req, 404, "not_found", "Only /api/chat and /api/voice speak WebSocket.");
            res.keep_alive(false);
            co_await http::async_write(stream, res, use_tuple);
            co_return true;
        }
        Reply reply = co_await off_io(sh, [&sh, &req, &client] { return sh.api.handle(req, client); });
        if (reply.stream) {
            if (!co_await serve_stream(sh, stream, reply)) co_return true;
            continue;
        }
        lowest.expires_after(sh.limits.request);
        auto [wec, wn] = co_await http::async_write(stream, reply.response, use_tuple);
        if (wec || !reply.response.keep_alive()) co_return true;
    }
}

awaitable<void> run_connection(Shared& sh, tcp::socket socket) {
    beast::error_code ec;
    Client client;
    client.address = socket.remote_endpoint(ec).address().to_string();
    Closer closer;
    uint64_t id = 0;
    {
        std::lock_guard lock(sh.mutex);
        id = sh.next_id++;
        sh.live[id] = [ex = socket.get_executor(), alive = closer.alive, socket = &closer.socket] {
            net::post(ex, [alive, socket] {
                beast::error_code ignored;
                if (*alive && *socket) (*socket)->close(ignored);
            });
        };
    }
    struct Leave {
        Shared& sh;
        uint64_t id;
        std::shared_ptr<bool> alive;
        ~Leave() {
            *alive = false;
            std::lock_guard lock(sh.mutex);
            sh.live.erase(id);
        }
    } leave{sh, id, closer.alive};
    if (!sh.tls) {
        beast::tcp_stream stream(std::move(socket));
        closer.socket = &stream.socket();
        if (co_await serve_http(sh, stream, client, closer)) stream.socket().shutdown(tcp::socket::shutdown_send, ec);
        closer.socket = nullptr;
        co_return;
    }
    client.tls = true;
    beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), *sh.tls);
    closer.socket = &beast::get_lowest_layer(stream).socket();
    beast::get_lowest_layer(stream).expires_after(sh.limits.request);
    if (auto [hec] = co_await stream.async_handshake(net::ssl::stream_base::server, use_tuple); hec) {
        closer.socket = nullptr;
        co_return;
    }
    if (co_await serve_http(sh, stream, client, closer)) {
        beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(5));
        co_await stream.async_shutdown(use_tuple);
    }
    closer.socket = nullptr;
}

}  // namespace

int Shared::open_connections() {
    std::lock_guard lock(mutex);
    return int(live.size());
}

void Shared::close_all_connections() {
    std::lock_guard lock(mutex);
    for (auto& [id, close] : live) close();
}

awaitable<void> accept_loop(Shared& sh, tcp::acceptor& acceptor) {
    for (;;) {
        auto [ec, socket] = co_await acceptor.async_accept(net::make_strand(sh.io), use_tuple);
        if (ec) {
            if (!acceptor.is_open() || ec == net::error::operation_aborted) co_return;
            continue;  // too many open files, a reset before accept: go on
        }
        auto ex = socket.get_executor();
        net::co_spawn(ex, run_connection(sh, std::move(socket)), [](std::exception_ptr e) {
            if (!e) return;
            try {
                std::rethrow_exception(e);
            } catch (const std::exception& x) {
                log::error("server: a connection failed: ", x.what());
            }
        });
    }
}

}  // namespace os1::server
