// The /api/voice client of the server's tests (voice_support.h).
#include "voice_support.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <gtest/gtest.h>

namespace os1::test {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

struct VoiceClient::Impl {
    net::io_context io;
    websocket::stream<beast::tcp_stream> ws{io};
};

VoiceClient::VoiceClient() : m_impl(std::make_unique<Impl>()) {}
VoiceClient::~VoiceClient() {
    beast::error_code ec;
    beast::get_lowest_layer(m_impl->ws).socket().close(ec);
}

int VoiceClient::connect(uint16_t port, const std::string& cookie, const std::string& origin) {
    beast::error_code ec;
    beast::get_lowest_layer(m_impl->ws).socket().connect({net::ip::make_address("127.0.0.1"), port}, ec);
    if (ec) return 0;
    const std::string from = origin.empty() ? "http://127.0.0.1:" + std::to_string(port) : origin;
    m_impl->ws.set_option(websocket::stream_base::decorator([cookie, from](websocket::request_type& req) {
        if (!cookie.empty()) req.set("Cookie", cookie);
        req.set("Origin", from);
    }));
    websocket::response_type res;
    m_impl->ws.handshake(res, "127.0.0.1:" + std::to_string(port), "/api/voice", ec);
    return int(res.result_int());
}

bool VoiceClient::send(const Json& message) {
    beast::error_code ec;
    m_impl->ws.text(true);
    m_impl->ws.write(net::buffer(dump_json(message)), ec);
    return !ec;
}

bool VoiceClient::send_bytes(const std::string& bytes) {
    beast::error_code ec;
    m_impl->ws.binary(true);
    m_impl->ws.write(net::buffer(bytes), ec);
    return !ec;
}

bool VoiceClient::send_pcm(std::span<const int16_t> samples) {
    std::string bytes(samples.size() * 2, '\0');
    for (size_t i = 0; i < samples.size(); i++) {
        const auto u = static_cast<uint16_t>(samples[i]);
        bytes[2 * i] = static_cast<char>(u & 0xff);
        bytes[2 * i + 1] = static_cast<char>(u >> 8);
    }
    return send_bytes(bytes);
}

std::optional<VoiceMessage> VoiceClient::start() {
    if (!send({{"type", "start"}, {"format", "s16le"}, {"rate", 16000}, {"channels", 1}})) return std::nullopt;
    return read();
}

std::optional<VoiceMessage> VoiceClient::read(std::chrono::milliseconds wait) {
    if (m_closed) return std::nullopt;
    beast::flat_buffer buffer;
    std::optional<VoiceMessage> out;
    bool done = false;
    m_impl->ws.async_read(buffer, [&](beast::error_code ec, size_t) {
        done = true;
        if (ec) {
            m_closed = true;
            return;
        }
        VoiceMessage m;
        m.binary = !m_impl->ws.got_text();
        if (m.binary) m.bytes = beast::buffers_to_string(buffer.data());
        else if (auto j = parse_json(beast::buffers_to_string(buffer.data()))) m.json = *j;
        out = std::move(m);
    });
    m_impl->io.restart();
    m_impl->io.run_for(wait);
    if (!done) {  // nothing in time: stop waiting
        beast::get_lowest_layer(m_impl->ws).cancel();
        m_impl->io.restart();
        m_impl->io.run();
        m_closed = false;
    }
    return out;
}

std::vector<VoiceMessage> VoiceClient::until(const std::string& type, std::chrono::milliseconds wait) {
    std::vector<VoiceMessage> out;
    const auto end = std::chrono::steady_clock::now() + wait;
    while (std::chrono::steady_clock::now() < end) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
        auto m = read(std::max(left, std::chrono::milliseconds(1)));
        if (!m) break;
        out.push_back(*m);
        if (m->type() == type) break;
    }
    return out;
}

std::unique_ptr<VoiceClient> open_voice(TestServer& server, const Signed& who) {
    auto ws = std::make_unique<VoiceClient>();
    EXPECT_EQ(ws->connect(server.port(), who.cookie), 101);
    return ws;
}

std::string voice_error_code(const VoiceMessage& m) {
    if (m.binary || m.json.value("type", "") != "error") return "";
    return m.json["error"].value("code", "");
}

}  // namespace os1::test
