// The local brain's KV state across runs (stories260K): saved by
// save_state(), restored by make_brain, ignored when damaged, removed by
// forget_state() / forget_saved_states().
#include <gtest/gtest.h>

#include <fstream>

#include "brain/brain.h"
#include "test_support.h"

namespace os1::brain {
namespace {

std::unique_ptr<Brain> stories(const std::filesystem::path& shared, const std::filesystem::path& state_dir,
                               int n_ctx = 0, const std::string& chat_template = "") {
    BrainConfig c;
    c.chat_template = chat_template;
    c.backend = Backend::Local;
    c.model_path = shared / "models" / "stories260K.gguf";
    c.threads = 1;
    c.n_ctx = n_ctx;
    c.state_dir = state_dir;
    auto b = make_brain(c);
    EXPECT_TRUE(b.ok()) << b.error().message;
    return b ? b.release_value() : nullptr;
}

ChatRequest request(const std::string& text) {
    ChatRequest r;
    r.messages = {{"system", "You are a kind storyteller who remembers every name you are told."}, {"user", text}};
    r.max_tokens = 16;
    r.temperature = 0;
    return r;
}

// Conversation states (and anything else but the mark), or the system
// message's prefix states (<fingerprint>-<hash>.prefix.kv).
std::vector<std::filesystem::path> kv_files(const std::filesystem::path& dir, bool prefix = false) {
    std::vector<std::filesystem::path> out;
    std::error_code ec;
    for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->path().filename() == FORGET_MARK) continue;
        if (it->path().filename().string().ends_with(".prefix.kv") == prefix) out.push_back(it->path());
    }
    return out;
}
std::vector<std::filesystem::path> prefix_files(const std::filesystem::path& dir) { return kv_files(dir, true); }

auto ignore = [](std::string_view) { return true; };

TEST(LocalBrainState, RestartRestoresTheConversationState) {
    OS1_REQUIRE_SHARED(shared);
    test::TempDir home;
    const auto dir = home / "kv";
    std::string first_reply;
    {
        auto brain = stories(shared, dir);
        ASSERT_TRUE(brain);
        EXPECT_EQ(brain->restored_tokens(), 0);
        auto a = brain->chat(request("Tell me about Lily."), ignore);
        ASSERT_TRUE(a.ok()) << a.error().message;
        first_reply = a->text;
        ASSERT_TRUE(brain->save_state().ok());
    }
    auto files = kv_files(dir);
    ASSERT_EQ(files.size(), 1u);
    EXPECT_EQ(files[0].extension(), ".kv");
    EXPECT_EQ(files[0].stem().string().size(), 16u) << "named by the model's fingerprint";

    // A restarted brain has the state: the same prompt reads only its last token.
    auto again = stories(shared, dir);
    ASSERT_TRUE(again);
    EXPECT_GT(again->restored_tokens(), 10);
    auto b = again->chat(request("Tell me about Lily."), ignore);
    ASSERT_TRUE(b.ok()) << b.error().message;
    EXPECT_EQ(b->n_reused_tokens, b->n_prompt_tokens - 1);
    EXPECT_EQ(b->text, first_reply) << "a restored state continues exactly as a fresh one";

    // Without a state_dir nothing is kept or restored.
    auto plain = stories(shared, {});
    ASSERT_TRUE(plain);
    EXPECT_EQ(plain->restored_tokens(), 0);
    EXPECT_TRUE(plain->save_state().ok());
}

TEST(LocalBrainState, DamagedOrTooLargeStateIsIgnored) {
    OS1_REQUIRE_SHARED(shared);
    test::TempDir home;
    const auto dir = home / "kv";
    {
        auto brain = stories(shared, dir);
        ASSERT_TRUE(brain);
        ASSERT_TRUE(brain->chat(request("Tell me about Lily."), ignore).ok());
        ASSERT_TRUE(brain->save_state().ok());
    }
    auto files = kv_files(dir);
    ASSERT_EQ(files.size(), 1u);
    const auto file = files[0];

    // A context too small for the saved tokens: ignored, the brain works.
    auto small = stories(shared, dir, 16);
    ASSERT_TRUE(small);
    EXPECT_EQ(small->restored_tokens(), 0);

    // A damaged file: ignored, then replaced by the next save.
    const auto size = std::filesystem::file_size(file);
    std::filesystem::resize_file(file, size / 2);
    for (const auto& f : prefix_files(dir)) std::filesystem::remove(f);  // nothing else to start from
    auto brain = stories(shared, dir);
    ASSERT_TRUE(brain);
    EXPECT_EQ(brain->restored_tokens(), 0);
    auto r = brain->chat(request("Tell me about Lily."), ignore);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->n_reused_tokens, 0);
    ASSERT_TRUE(brain->save_state().ok());
    EXPECT_EQ(std::filesystem::file_size(file), size);
    EXPECT_GT(stories(shared, dir)->restored_tokens(), 0);
}

TEST(LocalBrainState, ForgetDropsTheStateInMemoryAndOnDisk) {
    OS1_REQUIRE_SHARED(shared);
    test::TempDir home;
    const auto dir = home / "kv";
    auto brain = stories(shared, dir);
    ASSERT_TRUE(brain);
    ASSERT_TRUE(brain->chat(request("My secret is the blue door."), ignore).ok());
    ASSERT_TRUE(brain->save_state().ok());
    std::ofstream(dir / "0123456789abcdef.kv") << "another model's state";
    std::ofstream(dir / ".0123456789abcdef.kv.tmp42") << "a crashed save";
    ASSERT_EQ(kv_files(dir).size(), 3u);

    ASSERT_EQ(prefix_files(dir).size(), 1u);
    brain->forget_state();
    EXPECT_TRUE(kv_files(dir).empty());
    EXPECT_TRUE(prefix_files(dir).empty()) << "the persona's state goes too";
    // The in-memory cache went too: the same prompt is read from scratch.
    auto r = brain->chat(request("My secret is the blue door."), ignore);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->n_reused_tokens, 0);

    EXPECT_EQ(forget_saved_states(home / "missing").value_or(-1), 0);
    ASSERT_TRUE(brain->save_state().ok());
    EXPECT_EQ(forget_saved_states(dir).value_or(-1), 2);  // the conversation and the system message
}

// `os1 memory forget` while a chat is open in another window: that chat's
// conversation still holds the forgotten words, so it must not write them
// back to disk when it ends. A chat begun after the forget saves as usual.
TEST(LocalBrainState, ForgetInAnotherWindowStopsAnOpenChatFromSaving) {
    OS1_REQUIRE_SHARED(shared);
    test::TempDir home;
    const auto dir = home / "kv";
    auto open_chat = stories(shared, dir);
    ASSERT_TRUE(open_chat);
    ASSERT_TRUE(open_chat->chat(request("My secret is the blue door."), ignore).ok());
    ASSERT_TRUE(open_chat->save_state().ok());
    ASSERT_EQ(kv_files(dir).size(), 1u);

    EXPECT_EQ(forget_saved_states(dir).value_or(-1), 2);  // the other window: conversation and system message
    EXPECT_TRUE(kv_files(dir).empty());
    EXPECT_FALSE(forget_mark(dir).empty());
    ASSERT_TRUE(open_chat->chat(request("Tell me a story."), ignore).ok());
    ASSERT_TRUE(open_chat->save_state().ok());  // not an error: skipped
    EXPECT_TRUE(kv_files(dir).empty());
    EXPECT_TRUE(prefix_files(dir).empty());

    auto later_chat = stories(shared, dir);
    ASSERT_TRUE(later_chat);
    EXPECT_EQ(later_chat->restored_tokens(), 0);
    ASSERT_TRUE(later_chat->chat(request("Hello."), ignore).ok());
    ASSERT_TRUE(later_chat->save_state().ok());
    EXPECT_EQ(kv_files(dir).size(), 1u);

    // Its own /forget does not stop it from keeping what comes after.
    later_chat->forget_state();
    EXPECT_TRUE(kv_files(dir).empty());
    ASSERT_TRUE(later_chat->chat(request("Hello again."), ignore).ok());
    ASSERT_TRUE(later_chat->save_state().ok());
    EXPECT_EQ(kv_files(dir).size(), 1u);
}

TEST(LocalBrainState, SaveKeepsOnlyTheCurrentModelsState) {
    OS1_REQUIRE_SHARED(shared);
    test::TempDir home;
    const auto dir = home / "kv";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "0123456789abcdef.kv") << "another model's state";
    auto brain = stories(shared, dir);
    ASSERT_TRUE(brain);
    EXPECT_EQ(brain->restored_tokens(), 0);
    ASSERT_TRUE(brain->chat(request("Hello."), ignore).ok());
    ASSERT_TRUE(brain->save_state().ok());
    auto files = kv_files(dir);
    ASSERT_EQ(files.size(), 1u);
    EXPECT_NE(files[0].filename(), "0123456789abcdef.kv");
}

// The system message's state outlives the conversation: a new conversation
// (another window, a deleted or forgotten state) starts from it, and the
// reply is the one reading everything from scratch gives.
TEST(LocalBrainState, APersonasStateStartsANewConversation) {
    OS1_REQUIRE_SHARED(shared);
    test::TempDir home;
    const auto dir = home / "kv";
    {
        auto first = stories(shared, dir);
        ASSERT_TRUE(first);
        ASSERT_TRUE(first->chat(request("Tell me about Lily."), ignore).ok());
        // No save_state(): the prefix is written after the first reply.
    }
    EXPECT_TRUE(kv_files(dir).empty());
    ASSERT_EQ(prefix_files(dir).size(), 1u);

    auto scratch = stories(shared, home / "elsewhere");
    std::filesystem::remove_all(home / "elsewhere");
    auto fresh = scratch->chat(request("Once upon a time a dog named Max"), ignore);
    ASSERT_TRUE(fresh.ok()) << fresh.error().message;

    auto next = stories(shared, dir);
    ASSERT_TRUE(next);
    EXPECT_EQ(next->restored_tokens(), 0);
    auto r = next->chat(request("Once upon a time a dog named Max"), ignore);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_GT(r->n_reused_tokens, 10) << "the system message is not read again";
    EXPECT_LT(r->n_reused_tokens, r->n_prompt_tokens);
    EXPECT_EQ(r->text, fresh->text);

    // Another system message: not that state (its own is saved beside it,
    // replacing the old one: one persona per model).
    auto other = request("Hello.");
    other.messages[0].content = "You are a grumpy pirate.";
    auto o = next->chat(other, ignore);
    ASSERT_TRUE(o.ok());
    EXPECT_LT(o->n_reused_tokens, r->n_reused_tokens) << "only the words the two share";
    EXPECT_EQ(prefix_files(dir).size(), 1u);
}

// holds_prefix: what a fresh process asks to find the window its saved state holds.
TEST(LocalBrainState, HoldsPrefixNamesWhatTheCacheStartsWith) {
    OS1_REQUIRE_SHARED(shared);
    for (const char* tmpl : {"", "chatml"}) {
        auto brain = stories(shared, {}, 0, tmpl);
        ASSERT_TRUE(brain);
        const ChatMessage sys{"system", "You are a kind storyteller."};
        EXPECT_FALSE(brain->holds_prefix({sys})) << tmpl;
        ChatRequest r;
        r.messages = {sys, {"user", "Lily found a red ball."}, {"assistant", "She kicked it."}, {"user", "Then?"}};
        r.max_tokens = 2;
        r.temperature = 0;
        ASSERT_TRUE(brain->chat(r, ignore).ok());
        EXPECT_TRUE(brain->holds_prefix({sys})) << tmpl;
        EXPECT_TRUE(brain->holds_prefix({sys, {"user", "Lily found a red ball."}})) << tmpl;
        EXPECT_FALSE(brain->holds_prefix({sys, {"assistant", "She kicked it."}})) << tmpl;
        EXPECT_FALSE(brain->holds_prefix({sys, {"user", "Lily found a blue ball."}})) << tmpl;
    }
}

}  // namespace
}  // namespace os1::brain
