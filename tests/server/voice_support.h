// A client of /api/voice for the server's tests: a WebSocket (Beast,
// synchronous, with a read deadline) that sends the web app's messages and
// 16 kHz PCM frames and reads back JSON and her audio (binary messages).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/json.h"
#include "server_support.h"

namespace os1::test {

struct VoiceMessage {
    bool binary = false;
    std::string bytes;  // a binary message: s16le samples
    Json json;          // a text message
    std::string type() const { return binary ? "audio" : json.value("type", ""); }
};

class VoiceClient {
public:
    VoiceClient();
    ~VoiceClient();
    // The handshake's status (101 = open). `origin` "" = the server's own.
    int connect(uint16_t port, const std::string& cookie, const std::string& origin = "");
    bool send(const Json& message);
    bool send_bytes(const std::string& bytes);
    bool send_pcm(std::span<const int16_t> samples);
    // {"type": "start"} with the web app's format; the server's answer.
    std::optional<VoiceMessage> start();
    // The next message, or nullopt (closed, or nothing within `wait`).
    std::optional<VoiceMessage> read(std::chrono::milliseconds wait = std::chrono::milliseconds(5000));
    // Messages until one of type `type` (inclusive), the connection closes or `wait` passes.
    std::vector<VoiceMessage> until(const std::string& type, std::chrono::milliseconds wait = std::chrono::milliseconds(5000));
    bool closed() const { return m_closed; }

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    bool m_closed = false;
};

// Opens /api/voice for a signed-in person (their cookie, the server's Origin).
std::unique_ptr<VoiceClient> open_voice(TestServer& server, const Signed& who);
// The error message's code in a message ("" when it is not an error).
std::string voice_error_code(const VoiceMessage& m);

}  // namespace os1::test
