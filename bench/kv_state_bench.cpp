// Time to first token for a long prompt, read from scratch vs after
// restoring a saved KV state (Session::save_state / load_state), plus the
// save time and the state file's size.
//
//   kv_state_bench -m /tmp/m/qwen2.5-0.5b-q8_0.gguf [-n 1000] [-t 2] [-r 2]
//
// Prints one table (markdown). Each repetition uses fresh sessions; the
// state file is written once to a temporary folder and removed at the end.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "core/clock.h"
#include "engine/engine.h"

using namespace os1;
using namespace os1::engine;

namespace {


int usage() {
    std::fprintf(stderr, "usage: kv_state_bench -m MODEL.gguf [-n PROMPT_TOKENS] [-t THREADS] [-r REPS]\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    std::string model_path;
    int n_prompt = 1000, threads = 2, reps = 2;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string a = argv[i];
        if (a == "-m") model_path = argv[i + 1];
        else if (a == "-n") n_prompt = std::atoi(argv[i + 1]);
        else if (a == "-t") threads = std::atoi(argv[i + 1]);
        else if (a == "-r") reps = std::atoi(argv[i + 1]);
        else return usage();
    }
    if (model_path.empty() || n_prompt < 2 || reps < 1) return usage();
    auto model = Model::load(model_path, {.n_ctx = std::max(2048, n_prompt + 16), .n_threads = threads});
    if (!model) {
        std::fprintf(stderr, "%s\n", model.error().message.c_str());
        return 1;
    }
    const Tokenizer& tok = (*model)->tokenizer();
    // A long system prompt + history, as the companion sends: text cut to n_prompt tokens.
    std::string text;
    std::vector<int32_t> prompt;
    for (int i = 0; static_cast<int>(prompt.size()) < n_prompt; i++) {
        text += "You are a warm companion. The person told you about their garden, their sister Amy in Oslo, "
                "and the book they are reading (turn " + std::to_string(i) + ").\n";
        prompt = tok.encode(text, tok.add_bos_default());
    }
    prompt.resize(static_cast<size_t>(n_prompt));
    const auto dir = std::filesystem::temp_directory_path() / ("os1-kv-bench-" + std::to_string(::getpid()));
    const auto file = dir / "state.kv";

    GenerateOptions one;
    one.max_tokens = 1;
    one.sampling.temperature = 0;
    double fresh_best = 1e30, restored_best = 1e30, load_best = 1e30, save_best = 1e30;
    int32_t fresh_tok = -1, restored_tok = -2;
    for (int r = 0; r < reps; r++) {
        // From scratch: the whole prompt, then the first token.
        auto s = (*model)->new_session().release_value();
        auto t0 = std::chrono::steady_clock::now();
        auto g = s->generate(prompt, one);
        fresh_best = std::min(fresh_best, ms_since(t0));
        if (!g) return std::fprintf(stderr, "%s\n", g.error().message.c_str()), 1;
        fresh_tok = g->tokens.empty() ? -1 : g->tokens[0];
        // Save what the session holds (the prompt).
        s->truncate(prompt.size());
        t0 = std::chrono::steady_clock::now();
        if (auto w = s->save_state(file); !w) return std::fprintf(stderr, "%s\n", w.error().message.c_str()), 1;
        save_best = std::min(save_best, ms_since(t0));

        // Restored: a new session (a new process would also load the model),
        // load the state, then the same prompt (its last token is read again).
        auto s2 = (*model)->new_session().release_value();
        t0 = std::chrono::steady_clock::now();
        if (auto l = s2->load_state(file); !l) return std::fprintf(stderr, "%s\n", l.error().message.c_str()), 1;
        const double load_ms = ms_since(t0);
        auto g2 = s2->generate(prompt, one);
        restored_best = std::min(restored_best, ms_since(t0));
        load_best = std::min(load_best, load_ms);
        if (!g2) return std::fprintf(stderr, "%s\n", g2.error().message.c_str()), 1;
        restored_tok = g2->tokens.empty() ? -1 : g2->tokens[0];
    }
    const auto bytes = std::filesystem::file_size(file);
    auto t0 = std::chrono::steady_clock::now();
    const uint64_t fp = model_fingerprint(**model);
    const double fingerprint_ms = ms_since(t0);
    std::filesystem::remove_all(dir);
    const auto& info = (*model)->info();
    std::printf("| model | prompt tokens | threads | TTFT from scratch (ms) | TTFT restored (ms) | of which load (ms) | "
                "speed-up | save (ms) | state file | same first token |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|---|\n");
    std::printf("| %s %s | %d | %d | %.1f | %.1f | %.1f | %.1fx | %.1f | %.1f MiB (%.1f KiB/token) | %s |\n",
                info.name.c_str(), info.type_summary.c_str(), n_prompt, threads, fresh_best, restored_best, load_best,
                fresh_best / restored_best, save_best, bytes / 1048576.0, bytes / 1024.0 / n_prompt,
                fresh_tok == restored_tok ? "yes" : "NO");
    std::printf("\nmodel fingerprint %016llx computed in %.1f ms (part of every save and load)\n",
                static_cast<unsigned long long>(fp), fingerprint_ms);
    return fresh_tok == restored_tok ? 0 : 1;
}
