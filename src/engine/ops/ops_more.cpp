// Element-wise ops of the newer decoders (gemma 2/3): scaling, soft caps and
// the GELU-gated feed-forward. Scalar code, rounded as llama.cpp's CPU
// backend rounds them so conformance errors stay near float rounding.
#include <cmath>
#include <cstdint>
#include <vector>

#include "engine/gguf/tensor_types.h"
#include "engine/ops/ops.h"

namespace os1::engine {

namespace {

// gelu_tanh at x in float, as ggml's scalar formula.
float gelu_tanh_exact(float x) {
    constexpr float SQRT_2_OVER_PI = 0.79788456080286535587989211986876f;
    constexpr float COEF_A = 0.044715f;
    return 0.5f * x * (1.0f + std::tanh(SQRT_2_OVER_PI * x * (1.0f + COEF_A * x * x)));
}

// gelu_tanh of every f16 value, as f16 bits (built on first use, 128 KiB).
const std::vector<uint16_t>& gelu_table() {
    static const std::vector<uint16_t> table = [] {
        std::vector<uint16_t> t(65536);
        for (uint32_t i = 0; i < 65536; i++) t[i] = fp32_to_fp16(gelu_tanh_exact(fp16_to_fp32(static_cast<uint16_t>(i))));
        return t;
    }();
    return table;
}

}  // namespace

void scale(float* x, int64_t n, float s) {
    for (int64_t i = 0; i < n; i++) x[i] *= s;
}

void softcap(float* x, int64_t n, float cap) {
    const float inv = 1.0f / cap;
    for (int64_t i = 0; i < n; i++) x[i] = std::tanh(x[i] * inv) * cap;
}

float gelu_tanh(float x) {
    if (x <= -10.0f) return 0.0f;
    if (x >= 10.0f) return x;
    return fp16_to_fp32(gelu_table()[fp32_to_fp16(x)]);
}

void geglu(float* gate, const float* up, int64_t n) {
    for (int64_t i = 0; i < n; i++) gate[i] = gelu_tanh(gate[i]) * up[i];
}

}  // namespace os1::engine
