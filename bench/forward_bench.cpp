// forward_bench: the engine's prompt (pp) and generation (tg) speed and peak
// memory, like `os1 bench` but linked with os1_engine only (quick to build,
// for A/B runs of forward-pass changes). Prints one line per model:
//
//   forward_bench FILE [n_prompt=512] [n_gen=128] [threads=2] [reps=2] [n_batch=n_prompt]
//
// pp = one batch of n_prompt random tokens into an empty cache, tg = n_gen
// tokens one at a time from an empty cache; the best of reps runs after a
// warm-up (best, not median: on a shared machine the fastest run is the one
// least disturbed). Peak RSS is compared with file size + f16 KV cache.
// tg also reports the calling thread's CPU time per token (best run): with
// threads=1 a figure that a busy machine disturbs far less than wall time.
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

#include "engine/engine.h"

using namespace os1;
using Clock = std::chrono::steady_clock;

// CPU time of the calling thread in seconds.
static double thread_cpu_s() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// VmRSS of this process in MiB (0 when unavailable).
static double rss_mib() {
    std::FILE* f = std::fopen("/proc/self/status", "r");
    if (!f) return 0;
    char line[256];
    double kib = 0;
    while (std::fgets(line, sizeof line, f))
        if (std::strncmp(line, "VmRSS:", 6) == 0) kib = std::atof(line + 6);
    std::fclose(f);
    return kib / 1024.0;
}

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: forward_bench FILE [n_prompt] [n_gen] [threads] [reps] [n_batch]\n");
        return 2;
    }
    const int n_prompt = argc > 2 ? std::atoi(argv[2]) : 512;
    const int n_gen = argc > 3 ? std::atoi(argv[3]) : 128;
    const int threads = argc > 4 ? std::atoi(argv[4]) : 2;
    const int reps = argc > 5 ? std::atoi(argv[5]) : 2;
    const int n_batch = argc > 6 ? std::atoi(argv[6]) : std::max(1, n_prompt);
    const int n_ctx = std::max(16, n_prompt + n_gen + 8);
    auto model = engine::Model::load(argv[1], {.n_ctx = n_ctx, .n_threads = threads});
    if (!model) {
        std::fprintf(stderr, "%s\n", model.error().message.c_str());
        return 1;
    }
    const auto& info = (*model)->info();
    const double rss_load = rss_mib();
    auto session = (*model)->new_session({.n_ctx = n_ctx, .n_threads = threads, .n_batch = n_batch});
    if (!session) {
        std::fprintf(stderr, "%s\n", session.error().message.c_str());
        return 1;
    }
    engine::Session& s = **session;
    const double rss_session = rss_mib();
    std::mt19937 rng(42);
    std::uniform_int_distribution<int32_t> pick(0, info.n_vocab - 1);
    std::vector<int32_t> prompt(static_cast<size_t>(n_prompt));
    for (auto& t : prompt) t = pick(rng);
    {
        std::vector<int32_t> warm(prompt.begin(), prompt.begin() + std::min(n_prompt, 16));
        if (warm.empty()) warm.push_back(1);
        if (!s.eval(warm)) return 1;
    }
    double pp = 0, tg = 0, tg_cpu_ms = 1e30;
    for (int rep = 0; rep < reps && n_prompt > 0; rep++) {
        s.reset();
        auto t0 = Clock::now();
        if (!s.eval(prompt)) return 1;
        pp = std::max(pp, n_prompt / std::chrono::duration<double>(Clock::now() - t0).count());
    }
    for (int rep = 0; rep < reps && n_gen > 0; rep++) {
        s.reset();
        int32_t tok = pick(rng);
        auto t0 = Clock::now();
        const double c0 = thread_cpu_s();
        for (int i = 0; i < n_gen; i++) {
            auto r = s.eval(std::span(&tok, 1));
            if (!r) return 1;
            tok = static_cast<int32_t>(std::max_element(r->begin(), r->end()) - r->begin());
        }
        tg = std::max(tg, n_gen / std::chrono::duration<double>(Clock::now() - t0).count());
        tg_cpu_ms = std::min(tg_cpu_ms, 1e3 * (thread_cpu_s() - c0) / n_gen);
    }
    struct rusage ru {};
    getrusage(RUSAGE_SELF, &ru);
    const double peak = static_cast<double>(ru.ru_maxrss) / 1024.0;
    const double file = static_cast<double>(info.file_size) / (1024.0 * 1024.0);
    const double kv = 2.0 * info.n_layer * n_ctx * info.n_head_kv * info.head_dim * 2.0 / (1024.0 * 1024.0);
    std::printf("%s: pp%d %.2f t/s, tg%d %.2f t/s (%.2f ms CPU/token on the calling thread), peak RSS %.1f MiB = %.3f x (file %.1f + KV %.1f); "
                "RSS after load %.1f, with session %.1f, at end %.1f\n",
                argv[1], n_prompt, pp, n_gen, tg, n_gen > 0 ? tg_cpu_ms : 0.0, peak, peak / (file + kv), file, kv, rss_load, rss_session, rss_mib());
    return 0;
}
