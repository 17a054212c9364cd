// Whisper's attention block: the AVX2 build against its scalar twin (the
// same bits: every product is of two f16-precision values, exact in f32, so
// a fused multiply-add rounds as a multiply then add), and both against a
// double-precision reference of the same rounding steps.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "core/cpu.h"
#include "engine/gguf/tensor_types.h"
#include "engine/kernels/kernels.h"
#include "engine/whisper/attn_block.h"

using namespace os1::engine;
using namespace os1::engine::whisper;

namespace {

struct Data {
    int hd, n_kv, n_q;
    int64_t stride;
    std::vector<float> q, kt, v, scratch;
};

Data make(int hd, int n_kv, int n_q, uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> g(0.0f, 1.0f);
    Data d{hd, n_kv, n_q, n_kv + 5, {}, {}, {}, {}};
    d.q.resize(size_t(n_q) * hd);
    for (float& x : d.q) x = 2.0f * g(rng);
    d.kt.resize(size_t(hd) * d.stride);
    for (float& x : d.kt) x = round_to_f16(g(rng));
    d.v.resize(size_t(n_kv) * hd);
    for (float& x : d.v) x = round_to_f16(g(rng));
    d.scratch.resize(size_t(ATTN_BLOCK) * d.stride);
    return d;
}

std::vector<float> run(Data& d, bool causal, void (*fn)(const AttnBlockArgs&)) {
    std::vector<float> out(size_t(d.n_q) * d.hd, -1.0f);
    AttnBlockArgs a{d.q.data(), d.hd, d.n_q, d.kt.data(), d.stride, d.v.data(), d.hd,
                    causal ? d.n_kv - d.n_q + 1 : d.n_kv, causal, d.hd, 0.125f, out.data(), d.hd, d.scratch.data()};
    fn(a);
    return out;
}

}  // namespace

TEST(WhisperAttn, RoundToF16MatchesTheConversion) {
    std::mt19937 rng(5);
    std::uniform_int_distribution<uint32_t> bits(0, 0x477fe000u);  // |x| below f16's largest value
    for (int i = 0; i < 200000; i++) {
        uint32_t b = bits(rng) | (i % 2 ? 0x80000000u : 0);
        float x;
        std::memcpy(&x, &b, 4);
        ASSERT_EQ(round_to_f16(x), fp16_to_fp32(fp32_to_fp16(x))) << x;
    }
}

TEST(WhisperAttn, Avx2EqualsScalarTwin) {
    if (!kernels::isa_supported(kernels::Isa::Avx2)) GTEST_SKIP() << "this CPU has no AVX2";
    for (int hd : {8, 64}) {
        for (int n_q : {1, 3, ATTN_BLOCK}) {
            for (bool causal : {false, true}) {
                Data d = make(hd, 37 + 100 * n_q, n_q, static_cast<uint32_t>(hd * 100 + n_q));
                const auto s = run(d, causal, attend_block_scalar);
                const auto v = run(d, causal, attend_block_avx2);
                ASSERT_EQ(s, v) << "hd " << hd << " n_q " << n_q << " causal " << causal;
            }
        }
    }
}

TEST(WhisperAttn, ScalarTwinFollowsTheDefinition) {
    Data d = make(64, 300, 5, 9);
    const auto got = run(d, true, attend_block_scalar);
    for (int i = 0; i < d.n_q; i++) {
        const int n = d.n_kv - d.n_q + 1 + i;
        std::vector<double> s(static_cast<size_t>(n), 0.0);
        double mx = -1e300;
        for (int p = 0; p < n; p++) {
            double acc = 0;
            for (int k = 0; k < d.hd; k++) acc += double(round_to_f16(d.q[i * d.hd + k])) * d.kt[k * d.stride + p];
            s[p] = acc * 0.125;
            mx = std::max(mx, s[p]);
        }
        double sum = 0;
        for (double& x : s) sum += (x = std::exp(x - mx));
        for (int k = 0; k < d.hd; k++) {
            double o = 0;
            for (int p = 0; p < n; p++) o += s[p] / sum * d.v[size_t(p) * d.hd + k];
            EXPECT_NEAR(got[size_t(i) * d.hd + k], o, 2e-3 * (1 + std::fabs(o))) << i << " " << k;
        }
    }
}
