// Whisper's building blocks beyond the engine's ops: LayerNorm with bias,
// and attention over keys stored transposed per head (non-causal for the
// encoder and the cross-attention, causal for the decoder's own tokens).
// Plain loops the compiler vectorizes (no intrinsics here): the score loop
// runs over key positions with the head's dimensions outside, the value
// loop over dimensions, neither a horizontal reduction.
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

void attend_head(const float* q, int64_t q_stride, const float* kt, int64_t kt_stride, const float* v, int64_t v_stride,
                 int n_q, int n_kv, int head_dim, int head, float scale, int causal_base, float* out,
                 int64_t out_stride, float* scratch) {
    float qh[256];
    const int hd = head_dim;
    for (int i = 0; i < n_q; i++) {
        const int n_seen = causal_base < 0 ? n_kv : causal_base + i + 1;
        // K.Q with the query at f16 precision (ggml converts it for the f16 dot).
        for (int d = 0; d < hd; d++) qh[d] = fp16_to_fp32(fp32_to_fp16(q[i * q_stride + head * hd + d]));
        float* att = scratch;
        for (int p = 0; p < n_seen; p++) att[p] = 0.0f;
        for (int d = 0; d < hd; d++) {
            const float qd = qh[d];
            const float* kr = kt + d * kt_stride;
            for (int p = 0; p < n_seen; p++) att[p] += qd * kr[p];
        }
        if (scale != 1.0f)
            for (int p = 0; p < n_seen; p++) att[p] *= scale;
        const float mx = max_f32(att, n_seen);
        const double sum = exp_sum_ggml(att, n_seen, mx);
        scale_round_fp16(att, n_seen, static_cast<float>(1.0 / sum));  // weights at f16 precision for P.V
        float* o = out + i * out_stride + head * hd;
        float acc[256];
        for (int d = 0; d < hd; d++) acc[d] = 0.0f;
        for (int p = 0; p < n_seen; p++) {
            const float a = att[p];
            const float* vr = v + p * v_stride + head * hd;
            for (int d = 0; d < hd; d++) acc[d] += a * vr[d];
        }
        for (int d = 0; d < hd; d++) o[d] = acc[d];
    }
}

}  // namespace os1::engine::whisper
