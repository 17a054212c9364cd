// Whisper's building blocks beyond the engine's ops: LayerNorm with bias,
// rounding activations to a weight type's dot precision.
#include <cmath>

#include "engine/gguf/tensor_types.h"
#include "engine/kernels/vec_ops.h"
#include "engine/whisper/weights.h"

namespace os1::engine::whisper {

void layer_norm_rows(float* out, const float* x, const float* w, const float* b, int n_rows, int n, float eps,
                     ThreadTeam& team) {
    team.run([&](int ith, int nth) {
        int64_t r0, r1;
        ThreadTeam::split(n_rows, ith, nth, r0, r1);
        for (int64_t r = r0; r < r1; r++) {
            const float* xr = x + r * n;
            float* yr = out + r * n;
            double sum = 0.0;
            for (int i = 0; i < n; i++) sum += xr[i];
            const float mean = static_cast<float>(sum / n);
            double sum2 = 0.0;
            for (int i = 0; i < n; i++) {
                const float d = xr[i] - mean;
                yr[i] = d;
                sum2 += static_cast<double>(d * d);
            }
            const float variance = static_cast<float>(sum2 / n);
            const float scale = 1.0f / std::sqrt(variance + eps);
            for (int i = 0; i < n; i++) yr[i] = yr[i] * scale * w[i] + b[i];
        }
    }, int64_t(n_rows) * n * 8);
}

void round_f16(float* x, int64_t n) { round_fp16_rows(x, n); }

void round_for(const Weight& w, float* x, int64_t n_tokens) {
    const int64_t n = n_tokens * w.n_cols;
    if (w.type == GgmlType::F16) {
        round_fp16_rows(x, n);
    } else if (w.type == GgmlType::BF16) {
        for (int64_t i = 0; i < n; i++) x[i] = bf16_to_fp32(fp32_to_bf16(x[i]));
    }
}

}  // namespace os1::engine::whisper
