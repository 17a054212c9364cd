// Matmul kernel speed on synthetic weights, in CPU time (robust to a busy
// machine): generation-shaped calls (1 token over a matrix larger than the
// caches: GB/s of weights) and prompt-shaped calls (many tokens over a
// layer-sized matrix: GMAC/s). Single thread, active ISA (OS1_CPU caps it).
//   kernels_bench [--tokens N] [--reps N] [--only tg|pp|k] [--tg-kib N]
//     --tg-kib: the generation matrices' size (default 100 MiB; 512 = in L2)
//     --tg-cols: their width (default 1792; a multiple of 256)
#include <immintrin.h>
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "cpu_time.h"
#include "engine/kernels/kernels.h"
#include "engine/gguf/tensor_types.h"

using namespace os1::engine;

namespace {

struct Matrix {
    std::vector<uint8_t> data;
    kernels::MatrixView view;
};

Matrix make_matrix(GgmlType type, int64_t rows, int64_t cols, uint32_t seed, bool panels = false) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> nd(0.0f, 0.05f);
    Matrix m;
    const size_t rb = row_size(type, cols);
    m.data.resize(rb * static_cast<size_t>(rows));
    std::vector<float> row(static_cast<size_t>(cols));
    // Quantize a few distinct rows and repeat them (quantizing 100 MB is slow).
    for (int64_t r = 0; r < rows; r++) {
        if (r < 64) {
            for (auto& v : row) v = nd(rng);
            quantize_row(type, row.data(), m.data.data() + r * rb, cols);
        } else {
            std::memcpy(m.data.data() + r * rb, m.data.data() + (r % 64) * rb, rb);
        }
    }
    m.view = {type, m.data.data(), rb, rows, cols, panels};
    if (panels) kernels::pack_panels(type, m.data.data(), rows, cols);
    return m;
}

struct Act {
    std::vector<float> x;
    std::vector<uint8_t> raw;
    uint8_t* buf = nullptr;
};

Act make_act(GgmlType type, int64_t cols, int64_t tokens, bool panels = false) {
    std::mt19937 rng(99);
    std::normal_distribution<float> nd(0.0f, 1.0f);
    Act a;
    a.x.resize(static_cast<size_t>(cols * tokens));
    for (auto& v : a.x) v = nd(rng);
    a.raw.resize(kernels::act_buffer_bytes(type, cols, tokens, panels) + 64);
    a.buf = reinterpret_cast<uint8_t*>((reinterpret_cast<uintptr_t>(a.raw.data()) + 63) & ~uintptr_t(63));
    kernels::prepare(type, a.x.data(), cols, tokens, a.buf, panels);
    return a;
}

const char* name(GgmlType type, bool panels) {
    if (panels)
        return type == GgmlType::Q4_K   ? "q4_Kp"
               : type == GgmlType::Q6_K ? "q6_Kp"
               : type == GgmlType::Q5_0 ? "q5_0p"
               : type == GgmlType::Q5_1 ? "q5_1p"
                                        : "q8_0p";
    return type_traits(type).name;
}

// Plain read bandwidth over the same kind of buffer, for reference.
__attribute__((target("avx2"))) uint64_t read_all(const uint8_t* p, size_t n) {
    __m256i acc = _mm256_setzero_si256();
    for (size_t i = 0; i + 128 <= n; i += 128) {
        acc = _mm256_add_epi64(acc, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i)));
        acc = _mm256_add_epi64(acc, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i + 32)));
        acc = _mm256_add_epi64(acc, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i + 64)));
        acc = _mm256_add_epi64(acc, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i + 96)));
    }
    return static_cast<uint64_t>(_mm256_extract_epi64(acc, 0) + _mm256_extract_epi64(acc, 3));
}

void bench_read(int reps) {
    std::vector<uint8_t> buf(size_t{100} << 20, 1);
    uint64_t sink = read_all(buf.data(), buf.size());
    double best = 1e30;
    for (int r = 0; r < reps; r++) {
        const double t0 = cpu_seconds();
        sink += read_all(buf.data(), buf.size());
        best = std::min(best, cpu_seconds() - t0);
    }
    std::printf("| read 100 MB (avx2 loads)  | %8.2f GB/s | (%llu)\n", static_cast<double>(buf.size()) / best / 1e9,
                static_cast<unsigned long long>(sink & 1));
}

// Generation: one token over a ~100 MB matrix (g_tg_kib), several passes.
// A matrix that fits in L2 (--tg-kib 512) measures the kernel's own ceiling,
// without the memory system (or a busy machine's share of it).
int64_t g_tg_kib = 100 << 10;
int64_t g_tg_cols = 896 * 2;  // --tg-cols: 2048 is Llama-3.2-1B's output matrix

void bench_tg(GgmlType type, int64_t cols, int reps, bool panels = false) {
    const int64_t rows = std::max<int64_t>(16, (g_tg_kib << 10) / static_cast<int64_t>(row_size(type, cols)) / 16 * 16);
    Matrix m = make_matrix(type, rows, cols, 1, panels);
    Act a = make_act(type, cols, 1, panels);
    std::vector<float> y(static_cast<size_t>(rows));
    kernels::compute(m.view, a.x.data(), a.buf, 1, y.data(), rows, 0, rows, nullptr);  // warm the pages
    // Small matrices: enough passes per timing for ~100 MB of weights.
    const int passes = static_cast<int>(std::max<int64_t>(1, (int64_t{100} << 10) / g_tg_kib));
    double best = 1e30;
    for (int r = 0; r < reps; r++) {
        const double t0 = cpu_seconds();
        for (int i = 0; i < passes; i++) kernels::compute(m.view, a.x.data(), a.buf, 1, y.data(), rows, 0, rows, nullptr);
        best = std::min(best, (cpu_seconds() - t0) / passes);
    }
    std::printf("| tg  %-5s %5lldx%-5lld | %8.2f GB/s |\n", name(type, panels), static_cast<long long>(rows),
                static_cast<long long>(cols), static_cast<double>(m.data.size()) / best / 1e9);
}

// Prompt: `tokens` tokens over a rows x cols matrix (activation prep included).
void bench_pp(GgmlType type, int64_t rows, int64_t cols, int64_t tokens, int reps, bool panels = false) {
    Matrix m = make_matrix(type, rows, cols, 2, panels);
    Act a = make_act(type, cols, tokens, panels);
    std::vector<float> y(static_cast<size_t>(rows * tokens));
    double best = 1e30;
    for (int r = 0; r < reps; r++) {
        const double t0 = cpu_seconds();
        kernels::prepare(type, a.x.data(), cols, tokens, a.buf, panels);
        kernels::compute(m.view, a.x.data(), a.buf, tokens, y.data(), rows, 0, rows, nullptr);
        best = std::min(best, cpu_seconds() - t0);
    }
    std::printf("| pp  %-5s %5lldx%-5lld x%-4lld | %8.2f GMAC/s |\n", name(type, panels),
                static_cast<long long>(rows), static_cast<long long>(cols), static_cast<long long>(tokens),
                static_cast<double>(rows * cols * tokens) / best / 1e9);
}

}  // namespace

int main(int argc, char** argv) {
    int64_t tokens = 128;
    int reps = 3;
    std::string only;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--tokens")) tokens = std::atoll(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--reps")) reps = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--only")) only = argv[i + 1];
        else if (!std::strcmp(argv[i], "--tg-kib")) g_tg_kib = std::max<int64_t>(16, std::atoll(argv[i + 1]));
        else if (!std::strcmp(argv[i], "--tg-cols")) g_tg_cols = std::max<int64_t>(256, std::atoll(argv[i + 1]) / 256 * 256);
        else {
            std::fprintf(stderr, "usage: kernels_bench [--tokens N] [--reps N] [--only tg|pp|k] [--tg-kib N] [--tg-cols N]\n");
            return 2;
        }
    }
    std::printf("isa %s, 1 thread, CPU time\n", kernels::isa_name(kernels::active_isa()));
    const GgmlType types[] = {GgmlType::Q8_0, GgmlType::Q4_K, GgmlType::Q6_K, GgmlType::Q4_0, GgmlType::Q5_0, GgmlType::Q5_1};
    if (only == "k") {  // q4_K and q6_K prompts, rows vs panels only
        for (GgmlType t : {GgmlType::Q4_K, GgmlType::Q6_K})
            for (bool p : {false, kernels::can_pack(t, 8192, 2048)}) {
                bench_pp(t, 8192, 2048, tokens, reps, p);
                bench_pp(t, 2048, 8192, tokens, reps, p);
            }
        return 0;
    }
    if (only != "pp" && __builtin_cpu_supports("avx2")) bench_read(reps);
    // q8_0p / q4_Kp / q6_Kp: q8_0 / q4_K / q6_K repacked in 16-row panels (kernels.h), where the ISA has them.
    const bool panels = kernels::can_pack(GgmlType::Q8_0, 4864, 896);
    if (only != "pp") {
        for (GgmlType t : types) bench_tg(t, g_tg_cols, reps);
        if (panels) bench_tg(GgmlType::Q8_0, g_tg_cols, reps, true);
        if (kernels::can_pack(GgmlType::Q4_K, 4864, 2048)) bench_tg(GgmlType::Q4_K, g_tg_cols, reps, true);
        if (kernels::can_pack(GgmlType::Q6_K, 4864, 2048)) bench_tg(GgmlType::Q6_K, g_tg_cols, reps, true);
        if (kernels::can_pack(GgmlType::Q5_0, 4864, 896)) bench_tg(GgmlType::Q5_0, g_tg_cols, reps, true);
        if (kernels::can_pack(GgmlType::Q5_1, 4864, 896)) bench_tg(GgmlType::Q5_1, g_tg_cols, reps, true);
    }
    if (only != "tg") {
        for (GgmlType t : types) {
            bench_pp(t, 4864, 896, tokens, reps);
            bench_pp(t, 896, 4864, tokens, reps);
        }
        if (panels) {
            bench_pp(GgmlType::Q8_0, 4864, 896, tokens, reps, true);
            bench_pp(GgmlType::Q8_0, 896, 4864, tokens, reps, true);
        }
        for (GgmlType t : {GgmlType::Q5_0, GgmlType::Q5_1})  // q5_0p, q5_1p
            if (kernels::can_pack(t, 4864, 896)) {
                bench_pp(t, 4864, 896, tokens, reps, true);
                bench_pp(t, 896, 4864, tokens, reps, true);
            }
        // q4_Kp / q6_Kp: q4_K / q6_K panels, on Llama-3.2-1B's ffn shapes
        // (whole super-blocks).
        for (GgmlType t : {GgmlType::Q4_K, GgmlType::Q6_K})
            for (bool p : {false, kernels::can_pack(t, 8192, 2048)}) {
                bench_pp(t, 8192, 2048, tokens, reps, p);
                bench_pp(t, 2048, 8192, tokens, reps, p);
            }
    }
    return 0;
}
