// attention() (ops.h) against a plain double-precision reference: causal
// grouped-query attention over an f16 cache, for head sizes that take each
// of its summation paths (16-lane tiles, the 4 x 16-lane + double rest path,
// and the all-double path for small heads).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "engine/kernels/kernels.h"
#include "engine/ops/ops.h"
#include "engine/gguf/tensor_types.h"
#include "engine/kernels/vec_ops.h"

using namespace os1::engine;

namespace {

struct Case {
    int head_dim, n_head, n_head_kv, n_tokens, pos0, n_threads;
};

// out for token t, head h, computed in double from the same f16 inputs.
std::vector<double> reference(const std::vector<float>& q, const std::vector<uint16_t>& k,
                              const std::vector<uint16_t>& v, const Case& c) {
    const int qs = c.n_head * c.head_dim, kvs = c.n_head_kv * c.head_dim, group = c.n_head / c.n_head_kv;
    std::vector<double> out(static_cast<size_t>(c.n_tokens) * qs);
    for (int t = 0; t < c.n_tokens; t++)
        for (int h = 0; h < c.n_head; h++) {
            const int n_seen = c.pos0 + t + 1, kv = (h / group) * c.head_dim;
            std::vector<double> w(n_seen);
            double max = -1e300, sum = 0;
            for (int p = 0; p < n_seen; p++) {
                double d = 0;
                for (int i = 0; i < c.head_dim; i++)
                    d += static_cast<double>(fp16_to_fp32(fp32_to_fp16(q[t * qs + h * c.head_dim + i]))) *
                         fp16_to_fp32(k[p * kvs + kv + i]);
                w[p] = d / std::sqrt(static_cast<double>(c.head_dim));
                max = std::max(max, w[p]);
            }
            for (auto& x : w) sum += (x = std::exp(x - max));
            for (int i = 0; i < c.head_dim; i++) {
                double o = 0;
                for (int p = 0; p < n_seen; p++) o += w[p] / sum * fp16_to_fp32(v[p * kvs + kv + i]);
                out[t * qs + h * c.head_dim + i] = o;
            }
        }
    return out;
}

void check(const Case& c) {
    SCOPED_TRACE(c.head_dim);
    const int n_ctx = 40, qs = c.n_head * c.head_dim, kvs = c.n_head_kv * c.head_dim;
    std::mt19937 rng(c.head_dim * 7 + c.n_tokens);
    std::normal_distribution<float> nd(0.0f, 1.0f);
    std::vector<float> q(static_cast<size_t>(c.n_tokens) * qs);
    for (auto& x : q) x = nd(rng);
    std::vector<uint16_t> k(static_cast<size_t>(n_ctx) * kvs), v(k.size());
    for (auto& x : k) x = fp32_to_fp16(nd(rng));
    for (auto& x : v) x = fp32_to_fp16(nd(rng));
    ThreadTeam team(c.n_threads);
    std::vector<float> out(q.size()), scratch(static_cast<size_t>(team.size() * attention_scratch(n_ctx, c.head_dim)));
    attention(q.data(), k.data(), v.data(), c.n_tokens, c.pos0, c.n_head, c.n_head_kv, c.head_dim, n_ctx, out.data(),
              scratch.data(), team);
    const auto ref = reference(q, k, v, c);
    // Attention weights are rounded to f16 (relative 2^-11) before the value
    // product; outputs are averages of unit-scale values.
    for (size_t i = 0; i < out.size(); i++) ASSERT_NEAR(out[i], ref[i], 2e-3) << "element " << i;

    // Causal: cache rows after the last token's position are never read.
    const int last = c.pos0 + c.n_tokens;
    for (int p = last; p < n_ctx; p++)
        for (int i = 0; i < kvs; i++) k[p * kvs + i] = v[p * kvs + i] = fp32_to_fp16(1000.0f);
    std::vector<float> again(out.size());
    attention(q.data(), k.data(), v.data(), c.n_tokens, c.pos0, c.n_head, c.n_head_kv, c.head_dim, n_ctx, again.data(),
              scratch.data(), team);
    EXPECT_EQ(again, out);
}

}  // namespace

TEST(Attention, MatchesDoubleReferenceOnEverySummationPath) {
    check({8, 4, 2, 3, 5, 1});     // small head: all-double dot
    check({64, 4, 2, 3, 20, 2});   // 16-lane tiles, more positions than lanes
    check({72, 4, 4, 2, 33, 1});   // 64 in 4 x 16 lanes, 8 left over in double
    check({128, 8, 2, 1, 0, 1});   // a single position
}

namespace {

// out for every (token, head) by the per-item f16 kernels of vec_ops.h,
// one at a time: the arithmetic attention() must keep bit for bit.
std::vector<float> per_item(const std::vector<float>& q, const std::vector<uint16_t>& k, const std::vector<uint16_t>& v,
                            const Case& c) {
    const int qs = c.n_head * c.head_dim, kvs = c.n_head_kv * c.head_dim, group = c.n_head / c.n_head_kv;
    const float scale = 1.0f / std::sqrt(static_cast<float>(c.head_dim));
    std::vector<float> out(static_cast<size_t>(c.n_tokens) * qs), qr(c.head_dim), att(c.pos0 + c.n_tokens),
        lanes(64 * static_cast<size_t>(c.head_dim));
    std::vector<double> acc(c.head_dim);
    for (int t = 0; t < c.n_tokens; t++)
        for (int h = 0; h < c.n_head; h++) {
            const int n_seen = c.pos0 + t + 1, kv = (h / group) * c.head_dim;
            for (int i = 0; i < c.head_dim; i++) qr[i] = q[t * qs + h * c.head_dim + i];
            round_fp16_rows(qr.data(), c.head_dim);
            scores_f16_ggml(qr.data(), k.data() + kv, kvs, n_seen, c.head_dim, scale, att.data());
            softmax(att.data(), n_seen);
            round_fp16_rows(att.data(), n_seen);
            const int n_lanes = attention_lane_positions(n_seen);
            value_lanes_f16_ggml(att.data(), v.data() + kv, kvs, n_lanes, c.head_dim, lanes.data(), acc.data());
            add_products_f16_double(att.data() + n_lanes, v.data() + n_lanes * kvs + kv, kvs, n_seen - n_lanes, c.head_dim,
                                    acc.data());
            for (int i = 0; i < c.head_dim; i++) out[t * qs + h * c.head_dim + i] = static_cast<float>(acc[i]);
        }
    return out;
}

}  // namespace

// Whatever the split over threads, the grouping of heads and tokens and the
// ISA, each output keeps the per-item arithmetic; and a batch equals its
// tokens one at a time.
TEST(Attention, EqualsPerItemKernelsBitForBitOnEveryIsaAndSplit) {
    const Case cases[] = {
        {64, 14, 2, 40, 100, 2},  // Qwen2.5-0.5B's shape: groups of 7 heads (4 + 3 rows)
        {64, 8, 2, 33, 0, 3},     // groups of 4, a prompt from position 0, 3 threads
        {128, 6, 1, 9, 60, 2},    // one kv head (MQA), head_dim 128
        {64, 4, 4, 5, 200, 1},    // no grouping
        {256, 2, 1, 3, 70, 2},
        {64, 16, 2, 4, 90, 2},    // groups of 8 heads: two units of 4 per token
        {72, 4, 2, 6, 70, 2},     // the per-item path itself
    };
    const auto prev = kernels::active_isa();
    for (const Case& c : cases) {
        SCOPED_TRACE(testing::Message() << "head_dim " << c.head_dim << " heads " << c.n_head << "/" << c.n_head_kv
                                        << " tokens " << c.n_tokens << " pos0 " << c.pos0 << " threads " << c.n_threads);
        const int n_ctx = c.pos0 + c.n_tokens + 3, qs = c.n_head * c.head_dim, kvs = c.n_head_kv * c.head_dim;
        std::mt19937 rng(static_cast<uint32_t>(c.head_dim + c.n_tokens));
        std::normal_distribution<float> nd(0.0f, 1.0f);
        std::vector<float> q(static_cast<size_t>(c.n_tokens) * qs);
        for (auto& x : q) x = 2.0f * nd(rng);
        std::vector<uint16_t> k(static_cast<size_t>(n_ctx) * kvs), v(k.size());
        for (auto& x : k) x = fp32_to_fp16(nd(rng));
        for (auto& x : v) x = fp32_to_fp16(nd(rng));
        for (auto isa : kernels::supported_isas()) {
            kernels::set_isa(isa);
            SCOPED_TRACE(kernels::isa_name(isa));
            const auto want = per_item(q, k, v, c);
            ThreadTeam team(c.n_threads);
            std::vector<float> scratch(static_cast<size_t>(team.size() * attention_scratch(n_ctx, c.head_dim)));
            std::vector<float> out(q.size(), -1.0f);
            attention(q.data(), k.data(), v.data(), c.n_tokens, c.pos0, c.n_head, c.n_head_kv, c.head_dim, n_ctx,
                      out.data(), scratch.data(), team);
            ASSERT_EQ(std::memcmp(out.data(), want.data(), out.size() * sizeof(float)), 0);
            std::vector<float> one(q.size(), -1.0f);
            for (int t = 0; t < c.n_tokens; t++)
                attention(q.data() + t * qs, k.data(), v.data(), 1, c.pos0 + t, c.n_head, c.n_head_kv, c.head_dim, n_ctx,
                          one.data() + t * qs, scratch.data(), team);
            ASSERT_EQ(std::memcmp(one.data(), want.data(), one.size() * sizeof(float)), 0);
        }
    }
    kernels::set_isa(prev);
}
