// The ggml Whisper file loader: a synthetic model parses and loads; hostile
// copies (truncated, absurd dimensions, counts, name lengths, types,
// duplicates, missing or misshapen tensors) are errors that say what is
// wrong, never a crash.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "engine/whisper.h"
#include "engine/whisper/whisper_file.h"
#include "engine_tools/whisper_synth.h"
#include "test_support.h"

using namespace os1::engine;
using os1::engine::whisper::WhisperFile;

namespace {

const std::vector<uint8_t>& small_file() {
    static const std::vector<uint8_t> bytes = [] {
        auto b = whisper_synth({.hp = whisper_synth_small(), .type = "f16"});
        EXPECT_TRUE(b.ok());
        return b.ok() ? *b : std::vector<uint8_t>{};
    }();
    return bytes;
}

void put_i32(std::vector<uint8_t>& b, size_t at, int32_t v) { std::memcpy(b.data() + at, &v, 4); }

// Offset of a tensor's header (n_dims) given its name, in a file we wrote.
size_t tensor_header(const std::vector<uint8_t>& b, const std::string& name, int n_dims) {
    const auto it = std::search(b.begin(), b.end(), name.begin(), name.end());
    EXPECT_NE(it, b.end()) << name;
    return static_cast<size_t>(it - b.begin()) - 12 - 4 * static_cast<size_t>(n_dims);
}

std::string load_error(const std::vector<uint8_t>& b) {
    auto m = WhisperModel::from_memory(b);
    return m.ok() ? std::string() : m.error().message;
}

constexpr size_t VOCAB_COUNT_AT = 56 + 80 * 201 * 4;

}  // namespace

TEST(WhisperFile, ParsesTheSyntheticModel) {
    auto f = WhisperFile::from_memory(small_file());
    ASSERT_TRUE(f.ok()) << f.error().message;
    EXPECT_EQ((*f)->hparams().n_vocab, 51865);
    EXPECT_EQ((*f)->hparams().n_audio_state, 32);
    EXPECT_EQ((*f)->n_mel_filters(), 80);
    EXPECT_EQ((*f)->n_fft_bins(), 201);
    EXPECT_EQ((*f)->vocab().size(), 50257u);
    EXPECT_EQ((*f)->vocab()[220], " ");
    // 5 + 15 per encoder block + 2, 2 + 24 per decoder block + 2.
    EXPECT_EQ((*f)->tensors().size(), 5u + 15 + 2 + 2 + 24 + 2);
    const auto* conv = (*f)->find("encoder.conv1.weight");
    ASSERT_NE(conv, nullptr);
    EXPECT_EQ(conv->n_dims, 3);
    EXPECT_EQ(conv->ne[0], 3);
    EXPECT_EQ(conv->ne[1], 80);
    EXPECT_EQ(conv->type, GgmlType::F16);
    auto m = WhisperModel::from_memory(small_file());
    ASSERT_TRUE(m.ok()) << m.error().message;
    EXPECT_EQ((*m)->tokens().eot, 50257);
    EXPECT_EQ((*m)->tokens().sot, 50258);
    EXPECT_EQ((*m)->tokens().transcribe, 50359);
    EXPECT_EQ((*m)->tokens().not_timestamps, 50363);
    EXPECT_EQ((*m)->tokens().timestamp_begin, 50364);
    EXPECT_EQ((*m)->type_summary(), "f16");
}

TEST(WhisperFile, EnglishOnlyModelsShiftTheSpecialTokens) {
    WhisperHParams hp = whisper_synth_small();
    hp.n_vocab = 51864;
    auto b = whisper_synth({.hp = hp, .type = "f32"});
    ASSERT_TRUE(b.ok());
    auto m = WhisperModel::from_memory(*b);
    ASSERT_TRUE(m.ok()) << m.error().message;
    EXPECT_FALSE((*m)->tokens().multilingual);
    EXPECT_EQ((*m)->tokens().eot, 50256);
    EXPECT_EQ((*m)->tokens().sot, 50257);
    EXPECT_EQ((*m)->tokens().not_timestamps, 50362);
    EXPECT_EQ(whisper_prompt(**m, {}), (std::vector<int32_t>{50257, 50362}));
}

TEST(WhisperFile, EveryTruncationIsAnErrorNamingTheField) {
    const auto& full = small_file();
    // Every prefix inside the header and vocabulary, then a spread over the tensors.
    std::vector<size_t> cuts;
    for (size_t n = 0; n < 200; n++) cuts.push_back(n);
    for (size_t n = VOCAB_COUNT_AT - 8; n < VOCAB_COUNT_AT + 64; n++) cuts.push_back(n);
    for (size_t n = VOCAB_COUNT_AT; n < full.size(); n += 4099) cuts.push_back(n);
    cuts.push_back(full.size() - 1);
    for (size_t n : cuts) {
        std::vector<uint8_t> part(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
        const std::string err = load_error(part);
        ASSERT_FALSE(err.empty()) << "a file cut at " << n << " bytes loaded";
        if (n >= 4) EXPECT_TRUE(err.find("truncated") != std::string::npos || err.find("missing") != std::string::npos ||
                                err.find("no tensors") != std::string::npos)
            << n << ": " << err;
    }
}

TEST(WhisperFile, AbsurdHeadersAreRejected) {
    struct Case {
        size_t at;
        int32_t value;
        const char* says;
    };
    const Case cases[] = {
        {0, 0x46554747, "GGUF"},                       // a GGUF file
        {0, 0x12345678, "not a ggml Whisper model"},   // bad magic
        {4, -1, "n_vocab"},                            // negative vocabulary
        {4, 1 << 30, "n_vocab"},                       // absurd vocabulary
        {12, 0, "n_audio_state"},
        {16, 7, "multiple of the head counts"},        // 32 % 7
        {20, 100000, "n_audio_layer"},
        {40, 4096, "n_mels"},
        {48, 81, "mel filters"},                       // filter rows != n_mels
        {52, 1 << 30, "mel filters"},                  // absurd filter width
        {VOCAB_COUNT_AT, 60000, "vocabulary"},         // more strings than n_vocab
        {VOCAB_COUNT_AT, -5, "vocabulary"},
        {VOCAB_COUNT_AT + 4, 1 << 30, "vocabulary string 0"},  // absurd string length
    };
    for (const Case& c : cases) {
        std::vector<uint8_t> b = small_file();
        put_i32(b, c.at, c.value);
        const std::string err = load_error(b);
        ASSERT_FALSE(err.empty()) << "patching " << c.at << " = " << c.value << " loaded";
        EXPECT_NE(err.find(c.says), std::string::npos) << err;
    }
}

TEST(WhisperFile, AbsurdTensorHeadersAreRejected) {
    const std::string name = "encoder.blocks.0.attn.query.weight";
    struct Case {
        size_t field;  // 0 n_dims, 1 name length, 2 type, 3 + d: dimension d
        int32_t value;
        const char* says;
    };
    const Case cases[] = {
        {0, 0, "dimensions"},      {0, 9, "dimensions"},        {1, 0, "name of 0 bytes"},
        {1, 1 << 30, "name of"},   {1, -3, "name of"},          {2, 99, "tensor type 99"},
        {2, 16, "cannot compute"},  // IQ2_XXS: known, not computable
        {3, 0, "dimension 0"},     {3, -32, "dimension 0"},     {4, 1 << 30, "truncated"},
    };
    for (const Case& c : cases) {
        std::vector<uint8_t> b = small_file();
        const size_t at = tensor_header(b, name, 2);
        put_i32(b, at + 4 * c.field, c.value);
        const std::string err = load_error(b);
        ASSERT_FALSE(err.empty()) << "field " << c.field << " = " << c.value << " loaded";
        EXPECT_NE(err.find(c.says), std::string::npos) << "field " << c.field << ": " << err;
    }
}

TEST(WhisperFile, DuplicateMissingAndMisshapenTensorsAreRejected) {
    {  // a duplicate: rename the key weight to the query's name (same length)
        std::vector<uint8_t> b = small_file();
        const std::string from = "encoder.blocks.0.attn.key.weight", to = "encoder.blocks.0.attn.out.weight";
        ASSERT_EQ(from.size(), to.size());
        auto it = std::search(b.begin(), b.end(), from.begin(), from.end());
        std::copy(to.begin(), to.end(), it);
        const std::string err = load_error(b);
        EXPECT_NE(err.find("appears twice"), std::string::npos) << err;
    }
    {  // a missing one: rename to a name no Whisper model has
        std::vector<uint8_t> b = small_file();
        const std::string from = "decoder.ln.weight";
        auto it = std::search(b.begin(), b.end(), from.begin(), from.end());
        *(it + 8) = 'X';
        const std::string err = load_error(b);
        EXPECT_NE(err.find("decoder.ln.weight is missing"), std::string::npos) << err;
    }
    {  // a misshapen one: swap a square matrix's dims for a (16, 64) view of the same bytes
        std::vector<uint8_t> b = small_file();
        const size_t at = tensor_header(b, "decoder.blocks.0.attn.value.weight", 2);
        put_i32(b, at + 12, 16);
        put_i32(b, at + 16, 64);
        const std::string err = load_error(b);
        EXPECT_NE(err.find("has shape 16 x 64, expected 32 x 32"), std::string::npos) << err;
    }
    {  // a file of another shape than its header: the text layers claim 2, the tensors are for 1
        std::vector<uint8_t> b = small_file();
        put_i32(b, 36, 2);
        const std::string err = load_error(b);
        EXPECT_NE(err.find("decoder.blocks.1"), std::string::npos) << err;
    }
}

TEST(WhisperFile, MissingFileSaysSo) {
    auto m = WhisperModel::load("/nonexistent/ggml-tiny.bin");
    ASSERT_FALSE(m.ok());
    EXPECT_NE(m.error().message.find("does not exist"), std::string::npos);
}

TEST(WhisperFile, SeededByteFlipsNeverCrash) {
    const auto& full = small_file();
    std::mt19937 rng(11);
    int loaded = 0;
    for (int trial = 0; trial < 200; trial++) {
        std::vector<uint8_t> b = full;
        // Flip bytes in the structural parts: header, vocabulary lengths, tensor headers.
        for (int k = 0; k < 4; k++) {
            const size_t at = trial % 2 ? rng() % 64 : VOCAB_COUNT_AT + rng() % (b.size() - VOCAB_COUNT_AT);
            b[at] ^= static_cast<uint8_t>(1u << (rng() % 8));
        }
        auto m = WhisperModel::from_memory(b);
        if (m.ok()) loaded++;  // a flip inside weights or strings is still a loadable model
        else EXPECT_NE(m.error().message.find("buffer"), std::string::npos) << m.error().message;  // names the file
    }
    SUCCEED() << loaded << " of 200 flipped copies loaded";
}
