// The attention kernels over an f16 cache: every SIMD tier gives the scalar
// twin's bits, and the scalar twin computes what it says.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "engine/kernels/kernels.h"
#include "engine/tensor_types.h"

namespace os1::engine::kernels {
namespace {

struct Case {
    std::vector<float> a;
    std::vector<uint16_t> kv;
    int n_pos, head_dim;
    int64_t stride;
};

Case make_case(int n_pos, int head_dim, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> nd(0.0f, 1.5f);
    Case c;
    c.n_pos = n_pos;
    c.head_dim = head_dim;
    c.stride = 3 * head_dim;  // several heads per cache row
    for (int p = 0; p < n_pos; p++) c.a.push_back(fp16_to_fp32(fp32_to_fp16(std::fabs(nd(rng)) / n_pos)));
    for (int64_t i = 0; i < n_pos * c.stride; i++) c.kv.push_back(fp32_to_fp16(nd(rng)));
    return c;
}

struct Out {
    std::vector<float> lanes;
};

Out run(const Case& c, Isa isa) {
    Isa prev = set_isa(isa);
    Out o;
    o.lanes.assign(16 * c.head_dim, 0.25f);
    attn_value_lanes_f16(c.a.data(), c.kv.data() + c.head_dim, c.stride, c.n_pos, c.head_dim, o.lanes.data());
    set_isa(prev);
    return o;
}

TEST(AttentionKernels, ScalarTwinComputesValueLanes) {
    Case c = make_case(37, 64, 1);
    Out o = run(c, Isa::Scalar);
    for (int l = 0; l < 16; l++)
        for (int i = 0; i < c.head_dim; i++) {
            double ref = 0.25;
            for (int p = l; p < c.n_pos; p += 16) ref += c.a[p] * fp16_to_fp32(c.kv[p * c.stride + c.head_dim + i]);
            EXPECT_NEAR(o.lanes[l * c.head_dim + i], ref, 1e-5) << l << " " << i;
        }
}

TEST(AttentionKernels, EverySimdTierMatchesScalarTwinBitForBit) {
    for (int head_dim : {16, 64, 128}) {
        for (int n_pos : {1, 15, 16, 17, 100}) {
            Case c = make_case(n_pos, head_dim, static_cast<unsigned>(head_dim * 1000 + n_pos));
            Out ref = run(c, Isa::Scalar);
            for (Isa isa : {Isa::Avx2, Isa::Avx512}) {
                if (static_cast<int>(isa) > static_cast<int>(detected_isa())) continue;
                Out got = run(c, isa);
                EXPECT_EQ(got.lanes, ref.lanes) << isa_name(isa) << " head_dim " << head_dim << " n_pos " << n_pos;
            }
        }
    }
}

}  // namespace
}  // namespace os1::engine::kernels
