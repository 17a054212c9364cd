// attention() (ops.h) against a plain double-precision reference: causal
// grouped-query attention over an f16 cache, for head sizes that take each
// of its summation paths (16-lane tiles, the 4 x 16-lane + double rest path,
// and the all-double path for small heads).
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "engine/ops.h"
#include "engine/tensor_types.h"

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
