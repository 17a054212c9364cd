// Every way a chat WebSocket ends: the person's client goes mid-reply,
// closes properly while the server waits for something to send, or the
// server stops with the chat open. Each ends the socket cleanly (these ran
// into the bad read at serve_chat's close under ASan, src/server/README.md),
// the turn in flight is stored, and the server goes on serving.
#include <gtest/gtest.h>

#include <thread>

#include "server_support.h"

namespace os1::test {
namespace {

struct ChatClose : ::testing::Test {
    TestServer s;
    Signed who;
    void SetUp() override {
        s.add_user("sam", "correct horse battery");
        who = s.login("sam", "correct horse battery");
    }
    // The stored history, once it holds `count` messages (a turn whose
    // client left finishes on a worker); what it holds after ~10 s otherwise.
    Json history_of(size_t count) {
        Json messages;
        for (int i = 0; i < 400; i++) {
            messages = s.get("/api/history?limit=20", who).json()["messages"];
            if (messages.size() >= count) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        }
        return messages;
    }
};

TEST_F(ChatClose, AClientGoneMidReplyLeavesTheTurnStoredAndTheServerServing) {
    auto chat = open_chat(s, who);
    chat->send(R"({"type":"say","id":"c1","text":"Tell me about your day, in as many words as you like."})");
    auto first = chat->read();
    ASSERT_TRUE(first);
    EXPECT_TRUE((*first)["type"] == "token" || (*first)["type"] == "done") << *first;
    chat.reset();  // the socket closes under the server, without a close frame

    const Json messages = history_of(2);
    ASSERT_EQ(messages.size(), 2u) << messages;
    EXPECT_EQ(messages[0]["text"], "Tell me about your day, in as many words as you like.");
    EXPECT_EQ(messages[1]["role"], "assistant");
    EXPECT_TRUE(s.alive());
    // The stored reply comes a moment before the turn lets go of the person:
    // "busy" until then, and a reply after.
    auto again = open_chat(s, who);
    Json back;
    for (int i = 0; i < 400; i++) {
        back = again->say("c2", "I'm back.");
        if (back["type"] != "error" || back["error"]["code"] != "busy") break;
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    EXPECT_EQ(back["type"], "done") << back;
}

TEST_F(ChatClose, AProperCloseWhileNothingIsBeingSentIsAnswered) {
    auto chat = open_chat(s, who);
    ASSERT_EQ(chat->say("c1", "hello")["type"], "done");
    // The server's writer waits for the next message; the close handshake
    // is answered (Beast reads the server's close frame) and the socket ends.
    EXPECT_TRUE(chat->close());
    EXPECT_TRUE(s.alive());
    auto again = open_chat(s, who);
    EXPECT_EQ(again->say("c2", "hello again")["type"], "done");
    EXPECT_EQ(history_of(4).size(), 4u);
}

TEST_F(ChatClose, StoppingTheServerClosesAnOpenChat) {
    auto idle = open_chat(s, who);
    auto talking = open_chat(s, who);
    ASSERT_EQ(talking->say("c1", "hello")["type"], "done");
    s.stop();  // both sockets open, one never used
    EXPECT_FALSE(idle->read());
    EXPECT_TRUE(idle->closed());
    EXPECT_FALSE(talking->read());
    EXPECT_TRUE(talking->closed());
}

}  // namespace
}  // namespace os1::test
