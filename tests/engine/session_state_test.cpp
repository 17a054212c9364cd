// Session KV state on disk: bit-exact round trips on stories260K and the
// synthetic conformance models, and every way a file can be wrong (flipped
// byte, truncation, wrong magic, another model, too small a context) gives a
// clear error and leaves the session as it was.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>

#include "core/files.h"
#include "engine_tools/conformance.h"
#include "engine/engine.h"
#include "engine/runtime/model.h"
#include "test_support.h"

using namespace os1;
using namespace os1::engine;
using namespace os1::test;

namespace {

std::unique_ptr<Model> load(const std::filesystem::path& path) {
    auto m = Model::load(path, {.n_ctx = 0, .n_threads = 1});
    EXPECT_TRUE(m.ok()) << m.error().message;
    return m ? m.release_value() : nullptr;
}

std::vector<int32_t> stories_prompt(const std::filesystem::path& shared) {
    auto ref = load_reference_case(shared / "models" / "stories260K.gguf", shared / "conformance" / "engine" / "ref");
    EXPECT_TRUE(ref.ok()) << ref.error().message;
    return ref ? ref->prompt : std::vector<int32_t>{};
}

using ::os1::test::same_bits;

std::string read_all(const std::filesystem::path& p) { return read_file(p).value_or(""); }
void write_all(const std::filesystem::path& p, const std::string& bytes) {
    std::ofstream(p, std::ios::binary | std::ios::trunc) << bytes;
}

// Save after all but the last prompt token, load into a fresh session, and
// evaluate the last token: the logits equal, bit for bit, those of a session
// that evaluated the prompt itself (same split) and of a full evaluation.
void check_round_trip(const Model& model, const std::vector<int32_t>& prompt) {
    ASSERT_GE(prompt.size(), 3u);
    TempDir dir;
    const auto file = dir / "state.kv";
    std::span<const int32_t> p(prompt);
    const auto head = p.first(p.size() - 1);
    const auto last = p.last(1);

    auto saver = model.new_session().release_value();
    ASSERT_TRUE(saver->eval(head).ok());
    auto saved = saver->save_state(file);
    ASSERT_TRUE(saved.ok()) << saved.error().message;

    const auto& hp = model.hparams();
    const size_t n = head.size();
    EXPECT_EQ(std::filesystem::file_size(file), 160 + 4 * n + 4 * static_cast<size_t>(hp.n_layer * hp.n_embd_kv()) * n + 8)
        << "only the cached tokens' rows are written";

    auto loader = model.new_session().release_value();
    auto loaded = loader->load_state(file);
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    EXPECT_EQ(loader->tokens(), std::vector<int32_t>(head.begin(), head.end()));

    auto after_load = loader->eval(last).release_value();
    auto continued = saver->eval(last).release_value();
    EXPECT_TRUE(same_bits(after_load, continued)) << "load + eval(next) differs from the session that saved";
    auto full = model.new_session().release_value()->eval(p).release_value();
    EXPECT_TRUE(same_bits(after_load, full)) << "load + eval(next) differs from a fresh full evaluation";

    // Generation continues identically too (greedy).
    GenerateOptions g;
    g.max_tokens = 12;
    g.sampling.temperature = 0;
    g.stop_at_eog = false;
    auto restored = model.new_session().release_value();
    ASSERT_TRUE(restored->load_state(file).ok());
    auto a = restored->generate(p, g).release_value();
    auto b = model.new_session().release_value()->generate(p, g).release_value();
    EXPECT_EQ(a.n_reused_tokens, static_cast<int>(n));
    EXPECT_EQ(b.n_reused_tokens, 0);
    EXPECT_EQ(a.tokens, b.tokens);
}

}  // namespace

TEST(SessionState, RoundTripIsBitExactOnStories) {
    OS1_REQUIRE_SHARED(shared);
    auto model = load(shared / "models" / "stories260K.gguf");
    ASSERT_TRUE(model);
    check_round_trip(*model, stories_prompt(shared));
}

TEST(SessionState, RoundTripIsBitExactOnSyntheticModels) {
    OS1_REQUIRE_SHARED(shared);
    for (const char* name : {"syn-llama-q4_k_m.gguf", "syn-qwen2-q8_0.gguf"}) {
        SCOPED_TRACE(name);
        auto model = load(shared / "conformance" / "engine" / name);
        ASSERT_TRUE(model);
        std::vector<int32_t> prompt;
        for (int i = 0; i < 40; i++) prompt.push_back((i * 37 + 5) % model->info().n_vocab);
        check_round_trip(*model, prompt);
    }
}

TEST(SessionState, EmptySessionAndOverwrite) {
    OS1_REQUIRE_SHARED(shared);
    auto model = load(shared / "models" / "stories260K.gguf");
    ASSERT_TRUE(model);
    TempDir dir;
    const auto file = dir / "sub" / "state.kv";  // folders are made
    auto s = model->new_session().release_value();
    ASSERT_TRUE(s->save_state(file).ok());
    auto other = model->new_session().release_value();
    ASSERT_TRUE(other->eval(stories_prompt(shared)).ok());
    ASSERT_TRUE(other->load_state(file).ok());
    EXPECT_TRUE(other->tokens().empty());

    // A second save replaces the first, leaving no temporary files behind.
    ASSERT_TRUE(s->eval(std::vector<int32_t>{1, 2, 3}).ok());
    ASSERT_TRUE(s->save_state(file).ok());
    ASSERT_TRUE(other->load_state(file).ok());
    EXPECT_EQ(other->tokens(), (std::vector<int32_t>{1, 2, 3}));
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir / "sub"), {}), 1);

    // A path that cannot be written is an error naming it.
    write_all(dir / "plain-file", "x");
    auto bad = s->save_state(dir / "plain-file" / "state.kv");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, ErrorCode::Io);
    EXPECT_NE(bad.error().message.find("plain-file"), std::string::npos) << bad.error().message;
}

TEST(SessionState, FingerprintTellsModelsApart) {
    OS1_REQUIRE_SHARED(shared);
    const auto dir = shared / "conformance" / "engine";
    auto a = load(dir / "syn-llama-q8_0.gguf");
    auto a2 = load(dir / "syn-llama-q8_0.gguf");
    auto b = load(dir / "syn-llama-q4_0.gguf");
    auto c = load(dir / "syn-qwen2-q8_0.gguf");
    ASSERT_TRUE(a && a2 && b && c);
    EXPECT_EQ(model_fingerprint(*a), model_fingerprint(*a2));
    EXPECT_NE(model_fingerprint(*a), model_fingerprint(*b));
    EXPECT_NE(model_fingerprint(*a), model_fingerprint(*c));
}

// Every bad file: an error of the expected kind whose message contains
// `says`, and the session keeps its tokens and gives the same logits.
TEST(SessionState, BadFilesAreClearErrorsAndLeaveTheSessionUnchanged) {
    OS1_REQUIRE_SHARED(shared);
    auto model = load(shared / "models" / "stories260K.gguf");
    ASSERT_TRUE(model);
    const auto prompt = stories_prompt(shared);
    std::span<const int32_t> p(prompt);
    TempDir dir;
    const auto good = dir / "good.kv";
    {
        auto s = model->new_session().release_value();
        ASSERT_TRUE(s->eval(p.first(20)).ok());
        ASSERT_TRUE(s->save_state(good).ok());
    }
    const std::string bytes = read_all(good);
    ASSERT_GT(bytes.size(), 1000u);

    // The reference: a session that holds the first 8 tokens, and its
    // logits for the 9th.
    auto ref_session = model->new_session().release_value();
    ASSERT_TRUE(ref_session->eval(p.first(8)).ok());
    const auto want = ref_session->eval(p.subspan(8, 1)).release_value();

    auto flipped = [&](size_t at) {
        std::string b = bytes;
        b[at] = static_cast<char>(b[at] ^ 0x10);
        return b;
    };
    struct Case {
        std::string name;
        std::string bytes;
        ErrorCode code;
        std::string says;
    };
    std::vector<Case> cases = {
        {"flipped KV byte", flipped(bytes.size() / 2), ErrorCode::Corrupt, "checksum"},
        {"flipped token byte", flipped(170), ErrorCode::Corrupt, "checksum"},
        {"flipped checksum", flipped(bytes.size() - 1), ErrorCode::Corrupt, "checksum"},
        {"flipped token count", flipped(60), ErrorCode::Corrupt, "longer than"},
        {"truncated", bytes.substr(0, bytes.size() - 100), ErrorCode::Corrupt, "truncated"},
        {"cut in the header", bytes.substr(0, 100), ErrorCode::Corrupt, "truncated"},
        {"extra bytes", bytes + "xx", ErrorCode::Corrupt, "longer than its header says"},
        {"wrong magic", "GGUF" + bytes.substr(4), ErrorCode::Invalid, "not an os1 session state"},
        {"empty", "", ErrorCode::Invalid, "not an os1 session state"},
        {"other version", [&] {
             std::string b = bytes;
             b[8] = 2;
             return b;
         }(),
         ErrorCode::Unsupported, "version 2"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        write_all(dir / "bad.kv", c.bytes);
        auto s = model->new_session().release_value();
        ASSERT_TRUE(s->eval(p.first(8)).ok());
        auto r = s->load_state(dir / "bad.kv");
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().code, c.code) << r.error().message;
        EXPECT_NE(r.error().message.find(c.says), std::string::npos) << r.error().message;
        EXPECT_NE(r.error().message.find("bad.kv"), std::string::npos) << "names the file: " << r.error().message;
        EXPECT_EQ(s->tokens(), std::vector<int32_t>(p.begin(), p.begin() + 8));
        EXPECT_TRUE(same_bits(s->eval(p.subspan(8, 1)).release_value(), want));
    }

    // Missing file.
    auto s = model->new_session().release_value();
    auto missing = s->load_state(dir / "nope.kv");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);

    // A context smaller than the saved tokens.
    auto small = model->new_session({.n_ctx = 16}).release_value();
    ASSERT_TRUE(small->eval(p.first(8)).ok());
    auto too_big = small->load_state(good);
    ASSERT_FALSE(too_big.ok());
    EXPECT_EQ(too_big.error().code, ErrorCode::OutOfRange);
    EXPECT_NE(too_big.error().message.find("holds 20 tokens but this session's context holds 16"), std::string::npos)
        << too_big.error().message;
    EXPECT_EQ(small->tokens().size(), 8u);
}

TEST(SessionState, StateFromAnotherModelIsRefused) {
    OS1_REQUIRE_SHARED(shared);
    const auto dir = shared / "conformance" / "engine";
    auto q8 = load(dir / "syn-llama-q8_0.gguf");
    auto q4 = load(dir / "syn-llama-q4_0.gguf");
    auto stories = load(shared / "models" / "stories260K.gguf");
    ASSERT_TRUE(q8 && q4 && stories);
    TempDir tmp;
    auto s = q8->new_session().release_value();
    ASSERT_TRUE(s->eval(std::vector<int32_t>{1, 5, 9, 13}).ok());
    ASSERT_TRUE(s->save_state(tmp / "q8.kv").ok());

    for (const Model* other : {q4.get(), stories.get()}) {
        auto t = other->new_session().release_value();
        ASSERT_TRUE(t->eval(std::vector<int32_t>{1, 2}).ok());
        auto r = t->load_state(tmp / "q8.kv");
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().code, ErrorCode::Invalid);
        EXPECT_NE(r.error().message.find("saved from another model"), std::string::npos) << r.error().message;
        EXPECT_NE(r.error().message.find("q8_0"), std::string::npos) << "names the saved model's type: "
                                                                     << r.error().message;
        EXPECT_EQ(t->tokens(), (std::vector<int32_t>{1, 2}));
    }
}

// Seeded random damage (a flipped bit anywhere, a cut anywhere, a random
// header word): always an error, never a crash, never a changed session.
TEST(SessionState, SeededDamageIsAlwaysRefused) {
    OS1_REQUIRE_SHARED(shared);
    auto model = load(shared / "models" / "stories260K.gguf");
    ASSERT_TRUE(model);
    const auto prompt = stories_prompt(shared);
    TempDir dir;
    auto s = model->new_session().release_value();
    ASSERT_TRUE(s->eval(std::span(prompt).first(12)).ok());
    ASSERT_TRUE(s->save_state(dir / "good.kv").ok());
    const std::string bytes = read_all(dir / "good.kv");
    auto target = model->new_session().release_value();
    ASSERT_TRUE(target->eval(std::span(prompt).first(3)).ok());
    std::mt19937_64 rng(20261124);
    for (int i = 0; i < 300; i++) {
        std::string b = bytes;
        const size_t at = rng() % b.size();
        switch (i % 3) {
            case 0: b[at] = static_cast<char>(b[at] ^ (1 << (rng() % 8))); break;
            case 1: b.resize(at); break;
            case 2: {
                const size_t word = 8 + 4 * (rng() % 38);  // a u32 of the header after the magic
                const uint32_t v = static_cast<uint32_t>(rng());
                std::memcpy(b.data() + word, &v, 4);
                break;
            }
        }
        write_all(dir / "bad.kv", b);
        auto r = target->load_state(dir / "bad.kv");
        ASSERT_FALSE(r.ok()) << "damage #" << i << " was accepted";
        ASSERT_EQ(target->tokens().size(), 3u);
    }
}
