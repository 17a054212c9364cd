// Deterministic mutation tests of the GGUF reader on real files: truncation
// at every header length, seeded byte flips, and every count / length /
// dimension / type / offset field patched to hostile values. Each parse must
// either succeed with every tensor inside the buffer, or fail with a
// non-empty message; and no single allocation may exceed what the input's
// size justifies. (The libFuzzer target tests/fuzz/gguf_fuzz.cpp explores
// further; this is its fast, always-run sibling.)
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>
#include <new>
#include <random>

#include "engine/gguf/gguf.h"
#include "gguf_bytes.h"
#include "test_support.h"

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

// Allocation watch: replaces global new so the tests can see the largest
// single request made while parsing.
namespace {
std::atomic<bool> g_watch{false};
std::atomic<size_t> g_largest{0};
}  // namespace

namespace {
void* watched_malloc(size_t n) {
    if (g_watch.load(std::memory_order_relaxed)) {
        size_t cur = g_largest.load(std::memory_order_relaxed);
        while (n > cur && !g_largest.compare_exchange_weak(cur, n)) {}
    }
    return std::malloc(n ? n : 1);
}
}  // namespace

void* operator new(size_t n) {
    if (void* p = watched_malloc(n)) return p;
    throw std::bad_alloc();
}
void* operator new[](size_t n) { return operator new(n); }
// The nothrow forms too (std::stable_sort's buffer): memory from the
// library's own new must never reach the free() below (AddressSanitizer
// reported that mismatch).
void* operator new(size_t n, const std::nothrow_t&) noexcept { return watched_malloc(n); }
void* operator new[](size_t n, const std::nothrow_t&) noexcept { return watched_malloc(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

namespace os1::engine {
namespace {

// A field of the file worth patching: where it is and how wide.
struct Field {
    size_t pos;
    int size;
};

// Walks a well-formed GGUF and lists its count/length/type/dim/offset fields.
std::vector<Field> fields_of(const std::vector<uint8_t>& b) {
    std::vector<Field> out;
    size_t p = 4;
    auto u32 = [&](size_t at) { uint32_t v; std::memcpy(&v, b.data() + at, 4); return v; };
    auto u64 = [&](size_t at) { uint64_t v; std::memcpy(&v, b.data() + at, 8); return v; };
    auto field = [&](int size) { out.push_back({p, size}); p += static_cast<size_t>(size); };
    auto string = [&]() { uint64_t n = u64(p); field(8); p += n; };
    const size_t scalar[] = {1, 1, 2, 2, 4, 4, 4, 1, 0, 0, 8, 8, 8};
    field(4);  // version
    uint64_t n_tensors = u64(p);
    field(8);
    uint64_t n_kv = u64(p);
    field(8);
    // One value of `type`, recording its lengths and counts (nested arrays too).
    std::function<void(uint32_t)> value = [&](uint32_t type) {
        if (type == 8) {
            string();
        } else if (type == 9) {
            uint32_t et = u32(p);
            field(4);
            uint64_t count = u64(p);
            field(8);
            if (et == 8) {
                for (uint64_t j = 0; j < count; ++j) {
                    if (j < 4) string();
                    else p += 8 + u64(p);
                }
            } else if (et == 9) {
                for (uint64_t j = 0; j < count; ++j) value(9);
            } else {
                p += count * scalar[et];
            }
        } else {
            p += scalar[type];
        }
    };
    for (uint64_t k = 0; k < n_kv; ++k) {
        string();
        uint32_t type = u32(p);
        field(4);
        value(type);
    }
    for (uint64_t t = 0; t < n_tensors; ++t) {
        string();
        uint32_t n_dims = u32(p);
        field(4);
        for (uint32_t d = 0; d < n_dims; ++d) field(8);
        field(4);  // type
        field(8);  // offset
    }
    return out;
}

struct Input {
    std::string name;
    std::vector<uint8_t> bytes;
};

std::vector<Input> inputs() {
    std::vector<Input> in;
    // Always available: a small hand-built model-like file.
    test::GgufBytes g;
    g.header(3, 4).kv_str("general.architecture", "llama").kv_u32("llama.block_count", 1);
    g.str("tokenizer.ggml.tokens").u32(9).u32(8).u64(3).str("<s>").str("a").str("b");
    g.str("tokenizer.ggml.scores").u32(9).u32(6).u64(3).f32(0).f32(-1).f32(-2);
    g.tensor("token_embd.weight", {32, 3}, 8, 0).tensor("norm", {32}, 0, 128).tensor("q", {256, 2}, 12, 256).pad();
    g.zeros(256 + 2 * 144);
    in.push_back({"built", g.b});
    // Every tensor type, every metadata type (the fuzzer's seed).
    std::ifstream seed(std::filesystem::path(OS1_SOURCE_DIR) / "tests/fuzz/gguf_seeds/all_types.gguf", std::ios::binary);
    if (seed) in.push_back({"all_types", std::vector<uint8_t>(std::istreambuf_iterator<char>(seed), {})});
    if (auto shared = test::shared(); !shared.empty()) {
        for (const char* f : {"models/stories260K.gguf", "conformance/engine/syn-qwen2-q4_k_m.gguf"}) {
            std::ifstream file(shared / f, std::ios::binary);
            if (file) in.push_back({f, std::vector<uint8_t>(std::istreambuf_iterator<char>(file), {})});
        }
    }
    return in;
}

// Parses bytes and checks the outcome is sane. Returns true when it parsed.
bool check_parse(std::span<const uint8_t> bytes, const std::string& what) {
    g_largest = 0;
    g_watch = true;
    auto r = GgufFile::from_memory(bytes);
    g_watch = false;
    // Allocations are bounded by a small multiple of the input (strings and
    // widened numbers), never by a count the input merely claims.
    EXPECT_LE(g_largest.load(), 16 * bytes.size() + 65536) << what;
    if (!r.ok()) {
        EXPECT_FALSE(r.error().message.empty()) << what;
        return false;
    }
    const uint8_t* end = bytes.data() + bytes.size();
    for (const GgufTensor& t : (*r)->tensors()) {
        EXPECT_TRUE(t.data >= bytes.data() && t.data + t.n_bytes <= end) << what << ": tensor " << t.name;
        EXPECT_GT(t.n_elements(), 0) << what;
    }
    return true;
}

TEST(GgufMutation, OriginalsParse) {
    for (const Input& in : inputs()) EXPECT_TRUE(check_parse(in.bytes, in.name)) << in.name;
}

TEST(GgufMutation, TruncationAtEveryHeaderLength) {
    for (const Input& in : inputs()) {
        auto f = GgufFile::from_memory(in.bytes);
        ASSERT_TRUE(f.ok());
        const size_t header = (*f)->data_offset();
        int parsed = 0;
        for (size_t len = 0; len < in.bytes.size(); len += (len < header + 64 ? 1 : 997))
            parsed += check_parse(std::span<const uint8_t>(in.bytes.data(), len), in.name + " cut at " + std::to_string(len));
        // A model file cut anywhere before its last tensor's end must not parse.
        EXPECT_EQ(parsed, 0) << in.name;
    }
}

TEST(GgufMutation, SeededByteFlips) {
    std::mt19937 rng(1234);
    for (Input& in : inputs()) {
        auto f = GgufFile::from_memory(in.bytes);
        ASSERT_TRUE(f.ok());
        const size_t header = (*f)->data_offset();
        std::vector<uint8_t>& b = in.bytes;
        for (int k = 0; k < 3000; ++k) {
            int n_flips = 1 + static_cast<int>(rng() % 4);
            std::vector<std::pair<size_t, uint8_t>> saved;
            for (int j = 0; j < n_flips; ++j) {
                size_t pos = rng() % header;
                saved.emplace_back(pos, b[pos]);
                b[pos] = (rng() % 2) ? static_cast<uint8_t>(rng()) : static_cast<uint8_t>(b[pos] ^ (1u << (rng() % 8)));
            }
            check_parse(b, in.name + " flip round " + std::to_string(k));
            for (auto it = saved.rbegin(); it != saved.rend(); ++it) b[it->first] = it->second;
        }
    }
}

TEST(GgufMutation, PatchedFields) {
    const uint64_t hostile[] = {0, 1, 2, 3, 5, 31, 255, 0xffff, 0xffffffffull, 0x100000000ull, 1ull << 40,
                                0x7fffffffffffffffull, 0x8000000000000000ull, 0xffffffffffffffffull, 0xfffffffffffffff0ull};
    std::mt19937 rng(99);
    for (Input& in : inputs()) {
        std::vector<uint8_t>& b = in.bytes;
        std::vector<Field> fields = fields_of(b);
        ASSERT_GT(fields.size(), 5u) << in.name;
        int rejected = 0;
        for (const Field& fd : fields) {
            uint8_t orig[8];
            std::memcpy(orig, b.data() + fd.pos, static_cast<size_t>(fd.size));
            uint64_t value = 0;
            std::memcpy(&value, orig, static_cast<size_t>(fd.size));
            std::vector<uint64_t> values(std::begin(hostile), std::end(hostile));
            values.push_back(value + 1);
            values.push_back(value - 1);
            values.push_back(value * 2);
            values.push_back(rng());
            for (uint64_t v : values) {
                std::memcpy(b.data() + fd.pos, &v, static_cast<size_t>(fd.size));
                rejected += !check_parse(b, in.name + " field at " + std::to_string(fd.pos) + " = " + std::to_string(v));
            }
            std::memcpy(b.data() + fd.pos, orig, static_cast<size_t>(fd.size));
        }
        EXPECT_GT(rejected, 0) << in.name;
    }
}

}  // namespace
}  // namespace os1::engine
