// Our logits against llama.cpp's for the architectures beyond llama/qwen2:
// every model of the reference kit's conformance/archs (random weights of
// qwen3, gemma3, gemma2, phi3, smollm3 in f32/f16/q8_0/q4_k_m), one test
// per architecture and type. Bounds: conformance_bounds() (median row
// rel-L2 1e-4 f32, 1e-2 f16, 5e-2 quantized), top-1 on >= 90% of the rows,
// greedy continuation equal on f32.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "engine_tools/conformance.h"
#include "test_support.h"

using namespace os1::engine;

namespace {

// The kit's files, listed here so that a missing one fails instead of
// shrinking the test.
const std::vector<std::string> ARCH_CASES = {
    "syn-qwen3-f32",   "syn-qwen3-f16",   "syn-qwen3-q8_0",   "syn-qwen3-q4_k_m",
    "syn-gemma3-f32",  "syn-gemma3-f16",  "syn-gemma3-q8_0",  "syn-gemma3-q4_k_m",
    "syn-gemma2-f32",  "syn-gemma2-f16",  "syn-gemma2-q8_0",  "syn-gemma2-q4_k_m",
    "syn-phi3-f32",    "syn-phi3-f16",    "syn-phi3-q8_0",    "syn-phi3-q4_k_m",
    "syn-smollm3-f32", "syn-smollm3-q4_k_m",
};

class ArchConformance : public ::testing::TestWithParam<std::string> {};

TEST_P(ArchConformance, MatchesLlamaCpp) {
    OS1_REQUIRE_SHARED(shared);
    const std::filesystem::path dir = shared / "conformance" / "archs";
    auto c = load_reference_case(dir / (GetParam() + ".gguf"), dir / "ref");
    ASSERT_TRUE(c.ok()) << c.error().message;
    c->kit = "archs";
    auto r = check_conformance(*c, 1);
    ASSERT_TRUE(r.ok()) << r.error().message;
    ASSERT_EQ(r->row_rel_l2.size(), c->prompt.size());
    const ConformanceBounds bounds = conformance_bounds(*c, r->weight_type);
    EXPECT_LE(r->median_rel_l2, bounds.median) << r->weight_type;
    for (size_t i = 0; i < r->row_rel_l2.size(); i++)
        EXPECT_LE(r->row_rel_l2[i], bounds.max_row) << r->weight_type << " row " << i;
    EXPECT_GE(r->top1_agreement, 0.9);
    ASSERT_EQ(r->greedy_total, 16);
    EXPECT_GE(r->greedy_matched, 1);  // every model agrees on the first token
    if (r->weight_type == "f32") EXPECT_EQ(r->greedy_ours, c->greedy);
}

std::string case_name(const ::testing::TestParamInfo<std::string>& info) {
    std::string n = info.param.substr(4);  // drop "syn-"
    std::replace(n.begin(), n.end(), '-', '_');
    return n;
}

INSTANTIATE_TEST_SUITE_P(Kit, ArchConformance, ::testing::ValuesIn(ARCH_CASES), case_name);

TEST(ArchConformanceKit, EveryFileOfTheKitIsTested) {
    OS1_REQUIRE_SHARED(shared);
    auto cases = arch_reference_cases(shared);
    ASSERT_TRUE(cases.ok()) << cases.error().message;
    std::vector<std::string> names;
    for (const auto& c : *cases) {
        names.push_back(c.name);
        EXPECT_EQ(c.kit, "archs");
    }
    std::vector<std::string> expected = ARCH_CASES;
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(names, expected);
}

}  // namespace

namespace {

// A prompt fed in pieces (as the companion reuses a cached prefix and adds
// a turn) gives the same logits, bit for bit, as the whole prompt at once:
// the sliding window, soft caps and rope-less layers see positions, not batches.
TEST(ArchConformanceKit, PiecewiseEvaluationEqualsOneBatch) {
    OS1_REQUIRE_SHARED(shared);
    const std::filesystem::path dir = shared / "conformance" / "archs";
    for (const char* name : {"syn-qwen3-f32", "syn-gemma3-f32", "syn-gemma2-q8_0", "syn-phi3-q4_k_m", "syn-smollm3-f32"}) {
        SCOPED_TRACE(name);
        auto c = load_reference_case(dir / (std::string(name) + ".gguf"), dir / "ref");
        ASSERT_TRUE(c.ok()) << c.error().message;
        auto model = Model::load(c->model, {.n_ctx = 64, .n_threads = 2});
        ASSERT_TRUE(model.ok()) << model.error().message;
        auto whole = (*model)->new_session();
        ASSERT_TRUE(whole.ok());
        auto all = (*whole)->eval(c->prompt, LogitsMode::All);
        ASSERT_TRUE(all.ok());
        auto pieces = (*model)->new_session();
        ASSERT_TRUE(pieces.ok());
        const size_t n = c->prompt.size(), n_vocab = static_cast<size_t>(c->n_vocab);
        for (size_t i = 0; i < n; i += 5) {
            const size_t end = std::min(n, i + 5);
            std::vector<int32_t> part(c->prompt.begin() + static_cast<std::ptrdiff_t>(i),
                                      c->prompt.begin() + static_cast<std::ptrdiff_t>(end));
            auto logits = (*pieces)->eval(part, LogitsMode::All);
            ASSERT_TRUE(logits.ok());
            for (size_t r = 0; r < end - i; r++)
                for (size_t j = 0; j < n_vocab; j++)
                    ASSERT_EQ((*logits)[r * n_vocab + j], (*all)[(i + r) * n_vocab + j]) << "row " << i + r;
        }
    }
}

}  // namespace
