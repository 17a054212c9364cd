// /api/voice against hostile and wrong input: the same door as /api/chat
// (sign-in, the server's own pages), a clear error for audio in the wrong
// format, frames over the limit, a stream of silence, endless audio and
// audio faster than real time; each conversation is cut and the server
// answers the next person as before. (A real spoken turn, which loads the
// recogniser: voice_slow_test.cpp.)
#include <gtest/gtest.h>

#include <thread>

#include "voice_support.h"

namespace os1::test {
namespace {

struct VoiceRoute : ::testing::Test {
    TestServer s{[](server::ServerOptions& o) {
        o.limits.voice_quiet = std::chrono::seconds(1);
        o.limits.voice_total = std::chrono::seconds(30);
    }};
    Signed who;
    void SetUp() override {
        s.add_user("sam", "correct horse battery");
        who = s.login("sam", "correct horse battery");
    }
    // The server still answers: health, and a typed turn on /api/chat.
    void still_serves() {
        EXPECT_TRUE(s.alive());
        auto chat = open_chat(s, who);
        EXPECT_EQ(chat->say("c1", "hello")["type"], "done");
    }
};

// Messages until the connection closes (or 3 s pass).
std::vector<VoiceMessage> rest(VoiceClient& c) { return c.until("(closed)", std::chrono::milliseconds(3000)); }

bool has_error(const std::vector<VoiceMessage>& ms, const std::string& code, const std::string& words) {
    for (const auto& m : ms)
        if (voice_error_code(m) == code && m.json["error"]["message"].get<std::string>().find(words) != std::string::npos) return true;
    return false;
}

TEST_F(VoiceRoute, TheChatsDoorAndAWrongSampleFormatRefusedSayingWhatToSend) {
    VoiceClient nobody;
    EXPECT_EQ(nobody.connect(s.port(), ""), 401);
    VoiceClient elsewhere;
    EXPECT_EQ(elsewhere.connect(s.port(), who.cookie, "http://evil.example"), 403);
    auto c = open_voice(s, who);
    ASSERT_TRUE(c->send_bytes(std::string(640, '\0')));  // audio before "start"
    auto m = c->read();
    ASSERT_TRUE(m);
    EXPECT_EQ(voice_error_code(*m), "invalid");
    for (const Json& start : {Json{{"type", "start"}, {"rate", 44100}}, Json{{"type", "start"}, {"format", "f32le"}},
                              Json{{"type", "start"}, {"channels", 2}}}) {
        ASSERT_TRUE(c->send(start));
        m = c->read();
        ASSERT_TRUE(m);
        EXPECT_EQ(voice_error_code(*m), "invalid") << dump_json(start);
        EXPECT_NE(m->json["error"]["message"].get<std::string>().find("16 kHz mono 16-bit"), std::string::npos);
    }
    ASSERT_TRUE(c->send({{"type", "sing"}}));
    EXPECT_EQ(voice_error_code(*c->read()), "invalid");
    // Started right, then a frame that is not 16-bit samples: said, and cut.
    auto ready = c->start();
    ASSERT_TRUE(ready);
    EXPECT_EQ(ready->type(), "ready");
    EXPECT_EQ(ready->json["rate"], 16000);
    ASSERT_TRUE(c->send_bytes(std::string(641, '\0')));
    auto after = rest(*c);
    EXPECT_TRUE(has_error(after, "invalid", "16-bit")) << after.size();
    EXPECT_TRUE(c->closed());
    still_serves();
}

// The voice socket joins the chat screen's conversation (the chat socket's
// "hello" gives its id), so a spoken yes answers a question asked in writing;
// only a conversation of the same person's open chat sockets is joined.
TEST_F(VoiceRoute, ItJoinsTheChatScreensConversationOnlyForItsOwner) {
    auto chat = open_chat(s, who);
    ASSERT_TRUE(chat->send(R"({"type":"hello"})"));
    auto hello = chat->read();
    ASSERT_TRUE(hello);
    ASSERT_EQ((*hello)["type"], "hello") << dump_json(*hello);
    const std::string id = (*hello)["conversation"];
    EXPECT_EQ(id.rfind("web#", 0), 0u) << id;
    auto start = [&](const Signed& as, const std::string& conversation) {
        auto c = open_voice(s, as);
        Json m = {{"type", "start"}, {"format", "s16le"}, {"rate", 16000}, {"channels", 1}};
        if (!conversation.empty()) m["conversation"] = conversation;
        EXPECT_TRUE(c->send(m));
        auto ready = c->read();
        EXPECT_TRUE(ready && ready->type() == "ready") << (ready ? dump_json(ready->json) : "nothing");
        c->send({{"type", "stop"}});
        rest(*c);  // closed before the next one opens (conversations at once are limited)
        return ready ? ready->json.value("conversation", "") : std::string();
    };
    EXPECT_EQ(start(who, id), id);
    // None named, one made up, or another person's: a conversation of its own.
    const std::string own = start(who, "");
    EXPECT_EQ(own.rfind("web#", 0), 0u) << own;
    EXPECT_NE(own, id);
    EXPECT_NE(start(who, "web#000000000000"), "web#000000000000");
    s.add_user("eve", "another long password");
    const Signed eve = s.login("eve", "another long password");
    EXPECT_NE(start(eve, id), id);
    // Once the chat socket has closed, its conversation is not joined any more
    // (the server lets it go as soon as it sees the close).
    chat.reset();
    bool let_go = false;
    for (int i = 0; i < 30 && !let_go; i++) {
        let_go = start(who, id) != id;
        if (!let_go) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_TRUE(let_go);
}

TEST_F(VoiceRoute, FramesOverTheLimitAreCut) {
    auto c = open_voice(s, who);
    EXPECT_EQ(c->start()->type(), "ready");
    ASSERT_TRUE(c->send_bytes(std::string(48000, '\0')));  // 1.5 s in one frame: over 1 s
    auto after = rest(*c);
    EXPECT_TRUE(has_error(after, "too_large", "at most 1 s"));
    EXPECT_TRUE(c->closed());
    // Over the socket's own limit (64 KiB): closed before it is read.
    auto big = open_voice(s, who);
    EXPECT_EQ(big->start()->type(), "ready");
    big->send_bytes(std::string(100 * 1024, '\0'));
    rest(*big);
    EXPECT_TRUE(big->closed());
    still_serves();
}

TEST_F(VoiceRoute, ASilentStreamIsClosedSayingWhy) {
    auto c = open_voice(s, who);
    EXPECT_EQ(c->start()->type(), "ready");
    const std::vector<int16_t> frame(320, 0);  // 20 ms of digital silence
    for (int i = 0; i < 60 && c->send_pcm(frame); i++) {}  // 1.2 s: past the 1 s allowed
    auto after = rest(*c);
    EXPECT_TRUE(has_error(after, "too_large", "nothing but silence"));
    for (const auto& m : after) EXPECT_NE(m.type(), "heard");  // no turn from silence
    EXPECT_TRUE(c->closed());
    still_serves();
}

TEST(VoiceRouteLimits, AudioFasterThanRealTimeIsCut) {
    TestServer s;
    s.add_user("sam", "correct horse battery");
    auto who = s.login("sam", "correct horse battery");
    auto c = open_voice(s, who);
    EXPECT_EQ(c->start()->type(), "ready");
    // Quiet hiss (not speech, not digital silence either) sent as fast as
    // the socket takes it: 25 s of audio within a moment.
    std::vector<int16_t> frame(16000);
    uint32_t seed = 7;
    for (auto& x : frame) x = static_cast<int16_t>(((seed = seed * 1664525u + 1013904223u) >> 24) - 128);
    for (int i = 0; i < 25 && c->send_pcm(frame); i++) {}
    auto after = rest(*c);
    EXPECT_TRUE(has_error(after, "too_large", "faster than real time"));
    EXPECT_TRUE(c->closed());
    EXPECT_TRUE(s.alive());
}

TEST(VoiceRouteLimits, EndlessAudioEndsTheConversationAtItsLength) {
    TestServer s{[](server::ServerOptions& o) { o.limits.voice_total = std::chrono::seconds(1); }};
    s.add_user("sam", "correct horse battery");
    auto who = s.login("sam", "correct horse battery");
    auto c = open_voice(s, who);
    EXPECT_EQ(c->start()->type(), "ready");
    const std::vector<int16_t> frame(3200, 3);  // 200 ms
    for (int i = 0; i < 8 && c->send_pcm(frame); i++) {}
    auto after = rest(*c);
    EXPECT_TRUE(has_error(after, "too_large", "start it again"));
    EXPECT_TRUE(c->closed());
    EXPECT_TRUE(s.alive());
}

TEST(VoiceRouteLimits, ConversationsAtOnceAreLimited) {
    TestServer s{[](server::ServerOptions& o) { o.limits.voice_conversations = 1; }};
    s.add_user("sam", "correct horse battery");
    auto who = s.login("sam", "correct horse battery");
    auto first = open_voice(s, who);
    EXPECT_EQ(first->start()->type(), "ready");
    auto second = open_voice(s, who);
    auto m = second->start();
    ASSERT_TRUE(m);
    EXPECT_EQ(voice_error_code(*m), "busy");
    // The first one leaves: the place is free again.
    first->send({{"type", "stop"}});
    rest(*first);
    std::optional<VoiceMessage> again;
    for (int i = 0; i < 50; i++) {
        again = second->start();
        if (again && again->type() == "ready") break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ASSERT_TRUE(again);
    EXPECT_EQ(again->type(), "ready");
}

}  // namespace
}  // namespace os1::test
