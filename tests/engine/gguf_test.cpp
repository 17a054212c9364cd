// GGUF reader: real files from the reference kit, a hand-built file with
// every metadata type, and one test per kind of hostile input.
#include "engine/gguf/gguf.h"

#include <cmath>
#include <cstring>
#include <fstream>

#include "engine/gguf/tensor_types.h"
#include "gguf_bytes.h"
#include "test_support.h"

namespace os1::engine {
namespace {

using test::GgufBytes;

Result<std::unique_ptr<GgufFile>> parse(const GgufBytes& g) { return GgufFile::from_memory(std::span<const uint8_t>(g.b)); }

// Expects a parse error whose message contains `needle`.
void expect_error(const GgufBytes& g, std::string_view needle, ErrorCode code = ErrorCode::Invalid) {
    auto r = parse(g);
    ASSERT_FALSE(r.ok()) << "expected an error containing: " << needle;
    EXPECT_EQ(r.error().code, code) << r.error().message;
    EXPECT_NE(r.error().message.find(needle), std::string::npos) << "message: " << r.error().message;
}

// One f32 tensor "w" of shape {4, 2} at offset 0, with `extra_kv` key/values.
GgufBytes tiny_file() {
    GgufBytes g;
    g.header(1, 1).kv_str("general.architecture", "llama");
    g.tensor("w", {4, 2}, 0, 0).pad();
    for (int k = 0; k < 8; ++k) g.f32(static_cast<float>(k));
    return g;
}

TEST(Gguf, ParsesTinyFile) {
    auto g = tiny_file();
    auto r = parse(g);
    ASSERT_TRUE(r.ok()) << r.error().message;
    const GgufFile& f = **r;
    EXPECT_EQ(f.version(), 3u);
    EXPECT_EQ(f.architecture(), "llama");
    ASSERT_EQ(f.tensors().size(), 1u);
    const GgufTensor* t = f.tensor("w");
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->shape, (std::vector<int64_t>{4, 2}));
    EXPECT_EQ(t->n_elements(), 8);
    EXPECT_EQ(t->rows(), 2);
    EXPECT_EQ(t->n_bytes, 32u);
    EXPECT_EQ(f.data_offset() % 32, 0u);
    float v[8];
    std::memcpy(v, t->data, 32);
    EXPECT_EQ(v[5], 5.0f);
    EXPECT_EQ(f.tensor("missing"), nullptr);
    EXPECT_EQ(f.display_name(), "GGUF buffer");
}

TEST(Gguf, EveryMetadataType) {
    GgufBytes g;
    g.header(0, 17);
    g.str("u8").u32(0).u8(200);
    g.str("i8").u32(1).u8(static_cast<uint8_t>(-5));
    g.str("u16").u32(2).u16(60000);
    g.str("i16").u32(3).u16(static_cast<uint16_t>(-300));
    g.str("u32").u32(4).u32(4000000000u);
    g.str("i32").u32(5).u32(static_cast<uint32_t>(-70000));
    g.str("f32").u32(6).f32(1.5f);
    g.str("bool").u32(7).u8(1);
    g.str("string").u32(8).str("héllo");
    g.str("u64").u32(10).u64(0xffffffffffffffffull);
    g.str("i64").u32(11).i64(-9000000000ll);
    g.str("f64").u32(12).f64(-2.25);
    g.str("arr_i32").u32(9).u32(5).u64(3).u32(1).u32(static_cast<uint32_t>(-2)).u32(3);
    g.str("arr_str").u32(9).u32(8).u64(2).str("a").str("");
    g.str("arr_bool").u32(9).u32(7).u64(2).u8(0).u8(1);
    // An array of two arrays (of u8 and of strings): parsed and skipped.
    g.str("arr_arr").u32(9).u32(9).u64(2);
    g.u32(0).u64(2).u8(1).u8(2);
    g.u32(8).u64(1).str("x");
    g.str("empty_arr").u32(9).u32(6).u64(0);

    auto r = parse(g);
    ASSERT_TRUE(r.ok()) << r.error().message;
    const GgufFile& f = **r;
    EXPECT_EQ(f.metadata().size(), 17u);
    EXPECT_EQ(f.get_uint("u8").value(), 200u);
    EXPECT_EQ(f.find("i8")->i, -5);
    EXPECT_FALSE(f.get_uint("i8").ok());  // negative
    EXPECT_EQ(f.get_uint("u16").value(), 60000u);
    EXPECT_EQ(f.find("i16")->i, -300);
    EXPECT_EQ(f.get_uint("u32").value(), 4000000000u);
    EXPECT_EQ(f.find("i32")->i, -70000);
    EXPECT_EQ(f.get_float("i32").value(), -70000.0);
    EXPECT_EQ(f.get_float("f32").value(), 1.5);
    EXPECT_EQ(f.get_bool("bool").value(), true);
    EXPECT_EQ(f.get_string("string").value(), "héllo");
    EXPECT_EQ(f.get_uint("u64").value(), 0xffffffffffffffffull);
    EXPECT_EQ(f.find("i64")->i, -9000000000ll);
    EXPECT_EQ(f.get_float("f64").value(), -2.25);
    EXPECT_TRUE(f.find("u32")->is_integer());
    EXPECT_FALSE(f.find("f32")->is_integer());
    EXPECT_TRUE(f.find("f32")->is_number());
    EXPECT_FALSE(f.find("string")->is_number());

    const GgufValue* a = f.get_array("arr_i32").value();
    EXPECT_EQ(a->array_type, GgufType::INT32);
    EXPECT_EQ(a->numbers, (std::vector<double>{1, -2, 3}));
    EXPECT_EQ(a->array_size(), 3u);
    const GgufValue* s = f.get_array("arr_str").value();
    EXPECT_EQ(s->strings, (std::vector<std::string_view>{"a", ""}));
    EXPECT_EQ(f.get_array("arr_bool").value()->numbers, (std::vector<double>{0, 1}));
    const GgufValue* aa = f.get_array("arr_arr").value();
    EXPECT_EQ(aa->array_type, GgufType::ARRAY);
    EXPECT_EQ(aa->array_count, 2u);
    EXPECT_EQ(f.get_array("empty_arr").value()->array_size(), 0u);

    // Typed getters: missing is NotFound, wrong type is Invalid.
    EXPECT_EQ(f.get_string("nope").error().code, ErrorCode::NotFound);
    EXPECT_EQ(f.get_string("u8").error().code, ErrorCode::Invalid);
    EXPECT_EQ(f.get_uint("string").error().code, ErrorCode::Invalid);
    EXPECT_EQ(f.get_bool("u8").error().code, ErrorCode::Invalid);
    EXPECT_EQ(f.get_array("u8").error().code, ErrorCode::Invalid);
    EXPECT_EQ(f.get_float("string").error().code, ErrorCode::Invalid);
    EXPECT_EQ(f.string_or_none("string"), std::optional<std::string>("héllo"));
    EXPECT_EQ(f.string_or_none("u8"), std::nullopt);
    EXPECT_EQ(f.uint_or_none("u16"), std::optional<uint64_t>(60000));
    EXPECT_EQ(f.uint_or_none("nope"), std::nullopt);
    EXPECT_EQ(f.float_or_none("f64"), std::optional<double>(-2.25));
    EXPECT_EQ(f.architecture(), "");
    EXPECT_EQ(gguf_type_name(GgufType::FLOAT64), "float64");
}

TEST(Gguf, Version2IsRead) {
    GgufBytes g;
    g.header(0, 1, 2).kv_u32("x", 7);
    auto r = parse(g);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ((*r)->version(), 2u);
}

TEST(Gguf, Version1AndFutureVersionsAreUnsupported) {
    GgufBytes v1;
    v1.header(0, 0, 1);
    expect_error(v1, "version 1 is unsupported", ErrorCode::Unsupported);
    GgufBytes v9;
    v9.header(0, 0, 9);
    expect_error(v9, "version 9", ErrorCode::Unsupported);
}

TEST(Gguf, CustomAlignment) {
    GgufBytes g;
    g.header(2, 1);
    g.str("general.alignment").u32(4).u32(64);
    g.tensor("a", {32}, 0, 0).tensor("b", {16}, 1, 128).pad(64);
    g.zeros(128 + 32);
    auto r = parse(g);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ((*r)->alignment(), 64u);
    EXPECT_EQ((*r)->data_offset() % 64, 0u);
    EXPECT_EQ((*r)->tensor("b")->n_bytes, 32u);
    EXPECT_EQ((*r)->tensor("b")->data, (*r)->tensor("a")->data + 128);
}

TEST(Gguf, BadAlignmentIsRejected) {
    for (uint32_t al : {0u, 3u, 48u}) {
        GgufBytes g;
        g.header(0, 1);
        g.str("general.alignment").u32(4).u32(al);
        expect_error(g, "general.alignment");
    }
    GgufBytes g;
    g.header(0, 1).kv_str("general.alignment", "32");
    expect_error(g, "general.alignment must be an unsigned integer");
}

TEST(Gguf, TokenizerOnlyFileWithoutPaddingIsFine) {
    GgufBytes g;
    g.header(0, 1).kv_str("tokenizer.ggml.model", "gpt2");  // ends unaligned, no tensors
    auto r = parse(g);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_TRUE((*r)->tensors().empty());
}

// ---- Hostile input -------------------------------------------------------

TEST(GgufHostile, BadMagic) {
    GgufBytes g;
    g.raw("GGML", 4).u32(3).u64(0).u64(0);
    expect_error(g, "not a GGUF file (starts with \"GGML\"");
}

TEST(GgufHostile, TooShort) {
    GgufBytes g;
    g.raw("GG", 2);
    expect_error(g, "too short");
    GgufBytes h;
    h.raw("GGUF", 4).u32(3).u32(0);  // tensor count cut short
    expect_error(h, "truncated");
}

TEST(GgufHostile, HugeCounts) {
    GgufBytes g;
    g.header(0xffffffffffffull, 0);
    expect_error(g, "claims 281474976710655 tensors");
    GgufBytes h;
    h.header(0, 0xfffffffffffffff0ull);
    expect_error(h, "metadata entries");
    GgufBytes a;  // array count far beyond the file
    a.header(0, 1).str("arr").u32(9).u32(4).u64(1ull << 60);
    expect_error(a, "array elements");
    GgufBytes s;  // string array count: each element needs at least 8 bytes
    s.header(0, 1).str("arr").u32(9).u32(8).u64(4).str("a").str("b");
    expect_error(s, "array elements");
}

TEST(GgufHostile, StringLengthPastEnd) {
    GgufBytes g;
    g.header(0, 1).u64(1000).raw("abc", 3).zeros(16);
    expect_error(g, "claims a length of 1000 bytes");
    GgufBytes v;
    v.header(0, 1).str("k").u32(8).u64(~0ull);
    expect_error(v, "claims a length of 18446744073709551615");
    GgufBytes t;
    t.header(1, 0).u64(1ull << 40).zeros(64);
    expect_error(t, "tensor name claims a length");
}

TEST(GgufHostile, UnknownValueTypes) {
    GgufBytes g;
    g.header(0, 1).str("k").u32(13).u32(0);
    expect_error(g, "unknown value type 13");
    GgufBytes a;
    a.header(0, 1).str("k").u32(9).u32(99).u64(0);
    expect_error(a, "array of unknown value type 99");
    GgufBytes b;
    b.header(0, 1).str("k").u32(7).u8(2);
    expect_error(b, "must be 0 or 1");
}

TEST(GgufHostile, DeeplyNestedArrays) {
    GgufBytes g;
    g.header(0, 1).str("deep").u32(9);
    for (int k = 0; k < 20; ++k) g.u32(9).u64(1);
    g.u32(0).u64(0);
    expect_error(g, "nests arrays");
}

TEST(GgufHostile, DuplicateKeys) {
    GgufBytes g;
    g.header(0, 2).kv_u32("a", 1).kv_u32("a", 2);
    expect_error(g, "metadata key 'a' appears twice");
}

TEST(GgufHostile, TensorDataPastTheEnd) {
    GgufBytes g;
    g.header(1, 0).tensor("blk.0.attn_q.weight", {256, 16}, 0, 0).pad().zeros(4096);
    auto r = parse(g);
    ASSERT_FALSE(r.ok());
    const std::string& m = r.error().message;
    EXPECT_NE(m.find("tensor 'blk.0.attn_q.weight' data ends at byte "), std::string::npos) << m;
    EXPECT_NE(m.find("the file is truncated; download it again"), std::string::npos) << m;
}

TEST(GgufHostile, OffsetPastTheEnd) {
    GgufBytes g;
    g.header(1, 0).tensor("w", {8}, 0, 1ull << 20).pad().zeros(64);
    expect_error(g, "tensor 'w' data ends at byte");
    GgufBytes h;  // offset + size overflows uint64
    h.header(1, 0).tensor("w", {8}, 0, 0xffffffffffffffe0ull).pad().zeros(64);
    expect_error(h, "lies far past the end");
}

TEST(GgufHostile, MisalignedOffset) {
    GgufBytes g;
    g.header(2, 0).tensor("a", {8}, 0, 0).tensor("b", {8}, 0, 33).pad().zeros(128);
    expect_error(g, "tensor 'b' data offset 33 is not a multiple of the alignment 32");
}

TEST(GgufHostile, UnknownTensorType) {
    for (uint32_t type : {4u, 31u, 39u, 1000u, 0xffffffffu}) {
        GgufBytes g;
        g.header(1, 0).tensor("w", {32}, type, 0).pad().zeros(256);
        expect_error(g, "unknown tensor type", ErrorCode::Unsupported);
    }
}

TEST(GgufHostile, BadDimensionCounts) {
    GgufBytes g;
    g.header(1, 0).tensor("w", {2, 2, 2, 2, 2}, 0, 0).pad().zeros(256);
    expect_error(g, "tensor 'w' has 5 dimensions");
    GgufBytes z;
    z.header(1, 0).tensor("w", {}, 0, 0).pad().zeros(256);
    expect_error(z, "has 0 dimensions");
}

TEST(GgufHostile, BadDimensions) {
    GgufBytes zero;
    zero.header(1, 0).tensor("w", {4, 0}, 0, 0).pad().zeros(64);
    expect_error(zero, "dimension 1 is 0");
    GgufBytes neg;
    neg.header(1, 0).tensor("w", {0x8000000000000000ull}, 0, 0).pad().zeros(64);
    expect_error(neg, "must be positive");
    GgufBytes prod;  // 2^32 * 2^32 overflows int64
    prod.header(1, 0).tensor("w", {1ull << 32, 1ull << 32}, 0, 0).pad().zeros(64);
    expect_error(prod, "product overflows");
    GgufBytes bytes;  // elements fit in int64, bytes (x4) do not
    bytes.header(1, 0).tensor("w", {1ull << 31, 1ull << 31}, 0, 0).pad().zeros(64);
    expect_error(bytes, "byte size overflows");
    GgufBytes block;  // 40 columns is not a whole number of 32-element q4_0 blocks
    block.header(1, 0).tensor("w", {40}, 2, 0).pad().zeros(64);
    expect_error(block, "not a multiple of the 32-element blocks of type q4_0");
}

TEST(GgufHostile, DuplicateTensorNames) {
    GgufBytes g;
    g.header(2, 0).tensor("w", {8}, 0, 0).tensor("w", {8}, 0, 32).pad().zeros(64);
    expect_error(g, "tensor 'w' appears twice");
}

TEST(GgufHostile, OverlappingTensors) {
    GgufBytes g;
    g.header(2, 0).tensor("a", {16}, 0, 0).tensor("b", {8}, 0, 32).pad().zeros(128);
    expect_error(g, "overlaps tensor 'b'");
}

TEST(GgufHostile, TruncatedBeforeData) {
    GgufBytes g;
    g.header(1, 0).tensor("w", {8}, 0, 0);  // tensor info ends, no padding or data
    expect_error(g, "truncated");
}

// ---- Files on disk -------------------------------------------------------

TEST(GgufOpen, MissingEmptyAndDirectory) {
    test::TempDir dir;
    auto missing = GgufFile::open(dir / "nope.gguf");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
    EXPECT_NE(missing.error().message.find("nope.gguf"), std::string::npos);

    auto is_dir = GgufFile::open(dir.path());
    ASSERT_FALSE(is_dir.ok());
    EXPECT_NE(is_dir.error().message.find("not a regular file"), std::string::npos);

    { std::ofstream(dir / "empty.gguf"); }
    auto empty = GgufFile::open(dir / "empty.gguf");
    ASSERT_FALSE(empty.ok());
    EXPECT_NE(empty.error().message.find("empty"), std::string::npos);
}

TEST(GgufOpen, ErrorsNameTheFile) {
    test::TempDir dir;
    auto g = tiny_file();
    g.b.resize(g.b.size() - 4);  // cut the last float
    {
        std::ofstream out(dir / "model.gguf", std::ios::binary);
        out.write(reinterpret_cast<const char*>(g.b.data()), static_cast<std::streamsize>(g.b.size()));
    }
    auto r = GgufFile::open(dir / "model.gguf");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message.rfind("model.gguf: tensor 'w' data ends at byte", 0), 0u) << r.error().message;
}

TEST(GgufOpen, MapsAValidFile) {
    test::TempDir dir;
    auto g = tiny_file();
    {
        std::ofstream out(dir / "ok.gguf", std::ios::binary);
        out.write(reinterpret_cast<const char*>(g.b.data()), static_cast<std::streamsize>(g.b.size()));
    }
    auto r = GgufFile::open(dir / "ok.gguf");
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ((*r)->file_size(), g.size());
    EXPECT_EQ((*r)->display_name(), "ok.gguf");
    EXPECT_EQ((*r)->path(), dir / "ok.gguf");
    float last;
    std::memcpy(&last, (*r)->tensor("w")->data + 28, 4);
    EXPECT_EQ(last, 7.0f);
}

TEST(GgufOpen, FuzzSeedsParse) {
    // Small valid files kept for the fuzzer: every tensor type incl. one we
    // parse but cannot compute with (iq4_nl).
    const std::filesystem::path seeds = std::filesystem::path(OS1_SOURCE_DIR) / "tests/fuzz/gguf_seeds";
    auto all = GgufFile::open(seeds / "all_types.gguf");
    ASSERT_TRUE(all.ok()) << all.error().message;
    EXPECT_EQ((*all)->tensors().size(), 16u);
    EXPECT_EQ((*all)->tensor("t12")->type, GgmlType::Q4_K);
    EXPECT_FALSE(type_traits((*all)->tensor("t20")->type).supported);
    EXPECT_EQ((*all)->get_array("nested").value()->array_type, GgufType::ARRAY);
    auto v2 = GgufFile::open(seeds / "v2_align64.gguf");
    ASSERT_TRUE(v2.ok()) << v2.error().message;
    EXPECT_EQ((*v2)->version(), 2u);
    EXPECT_EQ((*v2)->alignment(), 64u);
    auto tok = GgufFile::open(seeds / "tok_only.gguf");
    ASSERT_TRUE(tok.ok()) << tok.error().message;
    EXPECT_TRUE((*tok)->tensors().empty());
}

// ---- The reference kit ---------------------------------------------------

void check_tensors_inside(const GgufFile& f) {
    const uint8_t* begin = f.tensors().empty() ? nullptr : f.tensors()[0].data - f.tensors()[0].offset - f.data_offset();
    for (const GgufTensor& t : f.tensors()) {
        EXPECT_EQ(t.n_bytes, row_size(t.type, t.shape[0]) * static_cast<size_t>(t.rows())) << t.name;
        EXPECT_LE(static_cast<size_t>(t.data - begin) + t.n_bytes, f.file_size()) << t.name;
        EXPECT_EQ(t.offset % f.alignment(), 0u) << t.name;
    }
}

TEST(GgufShared, Stories260K) {
    OS1_REQUIRE_SHARED(shared);
    auto r = GgufFile::open(shared / "models/stories260K.gguf");
    ASSERT_TRUE(r.ok()) << r.error().message;
    const GgufFile& f = **r;
    EXPECT_EQ(f.architecture(), "llama");
    EXPECT_EQ(f.get_array("tokenizer.ggml.tokens").value()->array_size(), 512u);
    EXPECT_EQ(f.get_array("tokenizer.ggml.scores").value()->array_size(), 512u);
    EXPECT_EQ(f.tensors().size(), 48u);  // 5 layers x 9 + 3
    const GgufTensor* emb = f.tensor("token_embd.weight");
    ASSERT_NE(emb, nullptr);
    EXPECT_EQ(emb->type, GgmlType::F32);
    ASSERT_EQ(emb->shape.size(), 2u);
    EXPECT_EQ(emb->shape[1], 512);
    EXPECT_EQ(f.get_uint("llama.embedding_length").value(), static_cast<uint64_t>(emb->shape[0]));
    EXPECT_EQ(f.get_uint("llama.block_count").value(), 5u);
    check_tensors_inside(f);
}

TEST(GgufShared, EveryConformanceFileParses) {
    OS1_REQUIRE_SHARED(shared);
    int n_files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(shared / "conformance/engine")) {
        if (entry.path().extension() != ".gguf") continue;
        ++n_files;
        SCOPED_TRACE(entry.path().filename().string());
        auto r = GgufFile::open(entry.path());
        ASSERT_TRUE(r.ok()) << r.error().message;
        const GgufFile& f = **r;
        const bool qwen = entry.path().filename().string().starts_with("syn-qwen2");
        EXPECT_EQ(f.architecture(), qwen ? "qwen2" : "llama");
        EXPECT_EQ(f.version(), 3u);
        EXPECT_EQ(f.get_array("tokenizer.ggml.tokens").value()->array_size(), 512u);
        EXPECT_EQ(f.get_uint(f.architecture() + ".embedding_length").value(), 256u);
        EXPECT_EQ(f.get_uint(f.architecture() + ".block_count").value(), 2u);
        EXPECT_EQ(f.tensors().size(), qwen ? 27u : 21u);
        const GgufTensor* emb = f.tensor("token_embd.weight");
        ASSERT_NE(emb, nullptr);
        EXPECT_EQ(emb->shape, (std::vector<int64_t>{256, 512}));
        EXPECT_EQ(f.tensor("blk.0.ffn_down.weight")->shape, (std::vector<int64_t>{512, 256}));
        EXPECT_EQ(f.tensor("blk.1.attn_k.weight")->shape, (std::vector<int64_t>{256, 128}));
        EXPECT_EQ(f.tensor("output_norm.weight")->type, GgmlType::F32);
        check_tensors_inside(f);
    }
    EXPECT_EQ(n_files, 26);
}

}  // namespace
}  // namespace os1::engine
