// os1 bench: prompt processing (pp) and generation (tg) speed of a model,
// like llama-bench: pp = one batch of -p random tokens into an empty cache,
// tg = -n tokens evaluated one at a time from an empty cache. Each figure is
// the median of -r runs after a warm-up. Memory: peak RSS and its ratio to
// the memory target's base, model file + f16 KV cache of the context used.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <thread>
#include <vector>

#include "command.h"
#include "core/args.h"
#include "core/json.h"
#include "engine/engine.h"

namespace os1::cli {
namespace {

using Clock = std::chrono::steady_clock;

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

double peak_rss_mib() {
    struct rusage ru {};
    getrusage(RUSAGE_SELF, &ru);
    return static_cast<double>(ru.ru_maxrss) / 1024.0;  // KiB on Linux
}

// A "Name:   123 kB" line of /proc/self/status in MiB (0 when unavailable).
double status_mib(const char* name) {
    std::FILE* f = std::fopen("/proc/self/status", "r");
    if (!f) return 0;
    char line[256];
    double kib = 0;
    const size_t n = std::strlen(name);
    while (std::fgets(line, sizeof line, f))
        if (std::strncmp(line, name, n) == 0 && line[n] == ':') kib = std::atof(line + n + 1);
    std::fclose(f);
    return kib / 1024.0;
}

int bench(std::span<const std::string> args) {
    ArgParser parser("os1 bench", "Measure prompt (pp) and generation (tg) speed of a GGUF model, like llama-bench.");
    std::string model_path;
    int n_prompt = 512, n_gen = 128, reps = 3;
    int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    bool json = false;
    parser.option("model", 'm', "FILE", "GGUF model file", &model_path, true);
    parser.option("n-prompt", 'p', "N", "prompt tokens per pp run (default 512; 0 skips pp)", &n_prompt);
    parser.option("n-gen", 'n', "N", "generated tokens per tg run (default 128; 0 skips tg)", &n_gen);
    parser.option("threads", 't', "N", "threads (default: all cores)", &threads);
    parser.option("repetitions", 'r', "N", "runs per figure, median reported (default 3)", &reps);
    parser.flag("json", 0, "print one JSON object instead of a table", &json);
    parser.epilog("Example: os1 bench -m /tmp/qwen-q8_0.gguf -p 512 -n 128 -t 2");
    return run_parsed(parser, args, [&] {
        if (n_prompt < 0 || n_gen < 0 || threads < 1 || reps < 1) {
            std::fprintf(stderr, "os1 bench: -p/-n must be >= 0, -t and -r >= 1\n");
            return 2;
        }
        engine::ModelOptions mo;
        mo.n_ctx = std::max(16, n_prompt + n_gen + 8);
        mo.n_threads = threads;
        auto model = engine::Model::load(model_path, mo);
        if (!model) return report_error(model.error());
        const auto& info = (*model)->info();
        engine::Model::SessionOptions so;
        so.n_ctx = mo.n_ctx;
        so.n_threads = threads;
        so.n_batch = std::max(1, n_prompt);
        const double rss_loaded = status_mib("VmRSS");
        auto session = (*model)->new_session(so);
        if (!session) return report_error(session.error());
        const double rss_session = status_mib("VmRSS");
        engine::Session& s = **session;

        std::mt19937 rng(42);
        std::uniform_int_distribution<int32_t> pick(0, info.n_vocab - 1);
        std::vector<int32_t> prompt(static_cast<size_t>(n_prompt));
        for (auto& t : prompt) t = pick(rng);

        // Warm-up: touches every weight page and sizes every buffer.
        {
            std::vector<int32_t> warm(prompt.begin(), prompt.begin() + std::min(n_prompt, 16));
            if (warm.empty()) warm.push_back(pick(rng));
            auto r = s.eval(warm);
            if (!r) return report_error(r.error());
            s.reset();
        }

        std::vector<double> pp, tg;
        for (int rep = 0; rep < reps && n_prompt > 0; rep++) {
            s.reset();
            auto t0 = Clock::now();
            auto r = s.eval(prompt);
            if (!r) return report_error(r.error());
            pp.push_back(n_prompt / std::chrono::duration<double>(Clock::now() - t0).count());
        }
        for (int rep = 0; rep < reps && n_gen > 0; rep++) {
            s.reset();
            int32_t tok = pick(rng);
            auto t0 = Clock::now();
            for (int i = 0; i < n_gen; i++) {
                const int32_t one[1] = {tok};
                auto r = s.eval(one);
                if (!r) return report_error(r.error());
                tok = static_cast<int32_t>(std::max_element(r->begin(), r->end()) - r->begin());
            }
            tg.push_back(n_gen / std::chrono::duration<double>(Clock::now() - t0).count());
        }

        const double size_mib = static_cast<double>(info.file_size) / (1024.0 * 1024.0);
        // The memory target: peak RSS against the file (mapped, every page
        // read) plus the f16 KV cache of the session's context.
        const double kv_mib = 2.0 * info.n_layer * so.n_ctx * info.n_head_kv * info.head_dim * 2.0 / (1024.0 * 1024.0);
        const double peak = peak_rss_mib();
        const double ratio = peak / (size_mib + kv_mib);
        const double rss_anon = status_mib("RssAnon"), rss_file = status_mib("RssFile");
        const double pp_med = pp.empty() ? 0 : median(pp), tg_med = tg.empty() ? 0 : median(tg);
        // Generation reads (nearly) every weight byte once per token.
        const double tg_gbs = tg_med * static_cast<double>(info.file_size) / 1e9;
        const std::string isa(engine::kernels_isa_name());
        if (json) {
            Json j = {{"model", model_path},       {"name", info.name},        {"type", info.type_summary},
                      {"size_mib", size_mib},      {"n_params", info.n_params}, {"threads", threads},
                      {"isa", isa},                {"n_prompt", n_prompt},     {"n_gen", n_gen},
                      {"repetitions", reps},       {"pp_tps", pp_med},         {"tg_tps", tg_med},
                      {"pp_runs", pp},             {"tg_runs", tg},            {"tg_gb_per_s", tg_gbs},
                      {"peak_rss_mib", peak},      {"kv_mib", kv_mib},         {"peak_over_file_kv", ratio},
                      {"rss_loaded_mib", rss_loaded}, {"rss_session_mib", rss_session},
                      {"rss_anon_mib", rss_anon}, {"rss_file_mib", rss_file}};
            std::printf("%s\n", dump_json(j, 2).c_str());
            return 0;
        }
        std::printf("model: %s (%s, %s, %.1f MiB, %.0fM params)\n", model_path.c_str(), info.name.c_str(),
                    info.type_summary.c_str(), size_mib, static_cast<double>(info.n_params) / 1e6);
        std::printf("threads: %d, kernels: %s, runs: %d (median)\n\n", threads, isa.c_str(), reps);
        std::printf("| test   |        t/s | note |\n|--------|-----------:|------|\n");
        if (n_prompt > 0) std::printf("| pp%-4d | %10.2f | |\n", n_prompt, pp_med);
        if (n_gen > 0) std::printf("| tg%-4d | %10.2f | %.1f GB/s of weights |\n", n_gen, tg_med, tg_gbs);
        std::printf("\npeak RSS: %.1f MiB = %.3f x (file %.1f + KV cache %.1f MiB)\n", peak, ratio, size_mib, kv_mib);
        std::printf("RSS: %.1f MiB after load, %.1f with the session; now %.1f anonymous + %.1f file-backed\n",
                    rss_loaded, rss_session, rss_anon, rss_file);
        return 0;
    });
}

OS1_COMMAND("bench", "measure prompt and generation speed of a model (like llama-bench)", bench);

}  // namespace
}  // namespace os1::cli
