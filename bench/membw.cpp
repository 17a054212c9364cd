// Read bandwidth of this machine, the physical limit of token generation
// (every weight byte is read once per generated token).
//
//   build/bench/membw [--mib 1024] [--threads 2] [--reps 5]
//
// Each thread sums its own slice of one large buffer (far bigger than the
// caches); the figure is bytes read / wall time, best and median of the
// repetitions. BENCHMARKS.md compares tg GB/s against it.
#include <immintrin.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

// Four independent sums so the loop is bound by loads, not by one add chain.
uint64_t sum_slice(const uint64_t* p, size_t n) {
    uint64_t a = 0, b = 0, c = 0, d = 0;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        a += p[i] ^ p[i + 4];
        b += p[i + 1] ^ p[i + 5];
        c += p[i + 2] ^ p[i + 6];
        d += p[i + 3] ^ p[i + 7];
    }
    for (; i < n; i++) a += p[i];
    return a + b + c + d;
}

// The same with 256-bit loads where the CPU has AVX2 (checked at run time).
__attribute__((target("avx2"))) uint64_t sum_slice_avx2(const uint64_t* p, size_t n) {
    __m256i a = _mm256_setzero_si256(), b = a, c = a, d = a;
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        a = _mm256_add_epi64(a, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i)));
        b = _mm256_add_epi64(b, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i + 4)));
        c = _mm256_add_epi64(c, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i + 8)));
        d = _mm256_add_epi64(d, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i + 12)));
    }
    alignas(32) uint64_t lanes[4];
    _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), _mm256_add_epi64(_mm256_add_epi64(a, b), _mm256_add_epi64(c, d)));
    uint64_t s = lanes[0] + lanes[1] + lanes[2] + lanes[3];
    for (; i < n; i++) s += p[i];
    return s;
}

long arg_or(int argc, char** argv, const char* name, long fallback) {
    for (int i = 1; i + 1 < argc; i++)
        if (std::strcmp(argv[i], name) == 0) return std::strtol(argv[i + 1], nullptr, 10);
    return fallback;
}

}  // namespace

int main(int argc, char** argv) {
    for (int i = 1; i < argc; i++)
        if (std::strcmp(argv[i], "--help") == 0) {
            std::printf("usage: membw [--mib N] [--threads T] [--reps R]\n");
            return 0;
        }
    const long mib = arg_or(argc, argv, "--mib", 1024);
    const int threads = static_cast<int>(arg_or(argc, argv, "--threads", 2));
    const int reps = static_cast<int>(arg_or(argc, argv, "--reps", 5));
    if (mib < 64 || threads < 1 || reps < 1) {
        std::fprintf(stderr, "membw: --mib must be >= 64, --threads and --reps >= 1\n");
        return 2;
    }
    const size_t n = static_cast<size_t>(mib) * (1u << 20) / sizeof(uint64_t);
    std::vector<uint64_t> buf(n);
    // Touch every page from the threads that will read it (first-touch placement).
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; t++)
        pool.emplace_back([&, t] {
            const size_t b = n * t / threads, e = n * (t + 1) / threads;
            for (size_t i = b; i < e; i++) buf[i] = i * 0x9E3779B97F4A7C15ull;
        });
    for (auto& th : pool) th.join();

    const bool use_avx2 = __builtin_cpu_supports("avx2");
    std::vector<double> gbs;
    uint64_t sink = 0;
    for (int r = 0; r < reps + 1; r++) {  // first pass is a warm-up
        std::vector<uint64_t> sums(threads);
        pool.clear();
        const auto t0 = std::chrono::steady_clock::now();
        for (int t = 0; t < threads; t++)
            pool.emplace_back([&, t] {
                const size_t b = n * t / threads, e = n * (t + 1) / threads;
                sums[t] = use_avx2 ? sum_slice_avx2(buf.data() + b, e - b) : sum_slice(buf.data() + b, e - b);
            });
        for (auto& th : pool) th.join();
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        for (uint64_t v : sums) sink += v;
        if (r > 0) gbs.push_back(static_cast<double>(n * sizeof(uint64_t)) / s / 1e9);
    }
    std::sort(gbs.begin(), gbs.end());
    std::printf("| threads | buffer MiB | read GB/s best | read GB/s median |\n|---:|---:|---:|---:|\n");
    std::printf("| %d | %ld | %.1f | %.1f |\n", threads, mib, gbs.back(), gbs[gbs.size() / 2]);
    std::fprintf(stderr, "(checksum %llx)\n", static_cast<unsigned long long>(sink));
    return 0;
}
