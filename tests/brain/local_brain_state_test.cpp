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
                               int n_ctx = 0) {
    BrainConfig c;
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

std::vector<std::filesystem::path> kv_files(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> out;
    std::error_code ec;
    for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().filename() != FORGET_MARK) out.push_back(it->path());
    return out;
}

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

    brain->forget_state();
    EXPECT_TRUE(kv_files(dir).empty());
    // The in-memory cache went too: the same prompt is read from scratch.
    auto r = brain->chat(request("My secret is the blue door."), ignore);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->n_reused_tokens, 0);

    EXPECT_EQ(forget_saved_states(home / "missing").value_or(-1), 0);
    ASSERT_TRUE(brain->save_state().ok());
    EXPECT_EQ(forget_saved_states(dir).value_or(-1), 1);
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

    EXPECT_EQ(forget_saved_states(dir).value_or(-1), 1);  // the other window
    EXPECT_TRUE(kv_files(dir).empty());
    EXPECT_FALSE(forget_mark(dir).empty());
    ASSERT_TRUE(open_chat->chat(request("Tell me a story."), ignore).ok());
    ASSERT_TRUE(open_chat->save_state().ok());  // not an error: skipped
    EXPECT_TRUE(kv_files(dir).empty());

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

}  // namespace
}  // namespace os1::brain
