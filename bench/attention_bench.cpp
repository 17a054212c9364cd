// Prompt-time causal attention speed, in CPU time of one thread (robust to a
// busy machine): a prompt of N tokens over one layer in chunks of 32 tokens
// (as arch/llama.cpp calls it; --chunk C changes that), attention() against the per-(token, head)
// f16 kernels of vec_ops.h it replaced (same bits). Shapes of Qwen2.5-0.5B
// (14/2 heads) and Llama-3.2-1B (32/8), head_dim 64. Active ISA (OS1_CPU).
// --pos0 P puts the tokens after P cached positions (--tokens 1 --pos0 4000:
// one generated token at a long context).
//   attention_bench [--tokens N] [--pos0 P] [--chunk C] [--reps N]
#include <time.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "cpu_time.h"
#include "engine/kernels/kernels.h"
#include "engine/ops/ops.h"
#include "engine/gguf/tensor_types.h"
#include "engine/kernels/vec_ops.h"

using namespace os1::engine;

namespace {

struct Shape {
    const char* name;
    int n_head, n_head_kv, head_dim;
};

// The per-item path: one (token, head) at a time over the f16 cache.
void per_item(const float* q, const uint16_t* k, const uint16_t* v, int n_tokens, int pos0, const Shape& s, float* out,
              std::vector<float>& buf) {
    const int qs = s.n_head * s.head_dim, kvs = s.n_head_kv * s.head_dim, group = s.n_head / s.n_head_kv;
    const float scale = 1.0f / std::sqrt(static_cast<float>(s.head_dim));
    float* qr = buf.data();
    float* lanes = qr + s.head_dim;
    float* att = lanes + 64 * s.head_dim;
    std::vector<double> acc(static_cast<size_t>(s.head_dim));
    for (int t = 0; t < n_tokens; t++)
        for (int h = 0; h < s.n_head; h++) {
            const int n_seen = pos0 + t + 1, kv = (h / group) * s.head_dim;
            std::memcpy(qr, q + t * qs + h * s.head_dim, sizeof(float) * static_cast<size_t>(s.head_dim));
            round_fp16_rows(qr, s.head_dim);
            scores_f16_ggml(qr, k + kv, kvs, n_seen, s.head_dim, scale, att);
            softmax(att, n_seen);
            round_fp16_rows(att, n_seen);
            const int n_lanes = attention_lane_positions(n_seen);
            value_lanes_f16_ggml(att, v + kv, kvs, n_lanes, s.head_dim, lanes, acc.data());
            add_products_f16_double(att + n_lanes, v + n_lanes * kvs + kv, kvs, n_seen - n_lanes, s.head_dim, acc.data());
            for (int i = 0; i < s.head_dim; i++) out[t * qs + h * s.head_dim + i] = static_cast<float>(acc[static_cast<size_t>(i)]);
        }
}

}  // namespace

int main(int argc, char** argv) {
    int n_tokens = 512, pos0 = 0, reps = 3, chunk = 32;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--tokens") n_tokens = std::atoi(argv[i + 1]);
        else if (a == "--reps") reps = std::atoi(argv[i + 1]);
        else if (a == "--pos0") pos0 = std::atoi(argv[i + 1]);
        else if (a == "--chunk") chunk = std::atoi(argv[i + 1]);
        else {
            std::fprintf(stderr, "usage: attention_bench [--tokens N] [--pos0 P] [--chunk C] [--reps N]\n");
            return 2;
        }
    }
    if (n_tokens < 1 || reps < 1 || pos0 < 0 || chunk < 1) {
        std::fprintf(stderr, "attention_bench: --tokens, --chunk and --reps must be positive, --pos0 not negative\n");
        return 2;
    }
    std::printf("attention, one layer, %d tokens after %d in chunks of %d, 1 thread, ISA %s, ms (best of %d)\n\n",
                n_tokens, pos0, chunk, kernels::isa_name(kernels::active_isa()), reps);
    std::printf("| shape | per-item f16 | attention() | speed-up | same bits |\n|---|---:|---:|---:|---|\n");
    for (const Shape& s : {Shape{"qwen2.5-0.5b 14/2 x 64", 14, 2, 64}, Shape{"llama3.2-1b 32/8 x 64", 32, 8, 64}}) {
        const int n_ctx = pos0 + n_tokens, qs = s.n_head * s.head_dim, kvs = s.n_head_kv * s.head_dim;
        std::mt19937 rng(1);
        std::normal_distribution<float> nd(0.0f, 1.0f);
        std::vector<float> q(static_cast<size_t>(n_tokens) * qs);
        for (auto& x : q) x = 2.0f * nd(rng);
        std::vector<uint16_t> k(static_cast<size_t>(n_ctx) * kvs), v(k.size());
        for (auto& x : k) x = fp32_to_fp16(nd(rng));
        for (auto& x : v) x = fp32_to_fp16(nd(rng));
        std::vector<float> a(q.size()), b(q.size());
        std::vector<float> buf(static_cast<size_t>(65 * s.head_dim + n_ctx));
        ThreadTeam team(1);
        std::vector<float> scratch(static_cast<size_t>(attention_scratch(n_ctx, s.head_dim)));
        double best_old = 1e30, best_new = 1e30;
        for (int r = 0; r < reps; r++) {
            double t0 = cpu_seconds();
            for (int c = 0; c < n_tokens; c += chunk)
                per_item(q.data() + c * qs, k.data(), v.data(), std::min(chunk, n_tokens - c), pos0 + c, s, a.data() + c * qs, buf);
            best_old = std::min(best_old, cpu_seconds() - t0);
            t0 = cpu_seconds();
            for (int c = 0; c < n_tokens; c += chunk)
                attention(q.data() + c * qs, k.data(), v.data(), std::min(chunk, n_tokens - c), pos0 + c, s.n_head, s.n_head_kv,
                          s.head_dim, n_ctx, b.data() + c * qs, scratch.data(), team);
            best_new = std::min(best_new, cpu_seconds() - t0);
        }
        const bool same = std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
        std::printf("| %s | %.2f | %.2f | %.2fx | %s |\n", s.name, 1e3 * best_old, 1e3 * best_new, best_old / best_new,
                    same ? "yes" : "NO");
    }
    return 0;
}
