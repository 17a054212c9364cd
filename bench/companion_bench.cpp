// companion_bench: what one turn costs besides the brain's own work.
//
//  1. Overhead per turn (perceive + store + recall + prompt assembly + store
//     the reply) with 10,000 stored messages, scripted brain: p50/p95/max.
//  2. With the local engine on stories260K: time from the message to the
//     first streamed token vs the brain's own prompt-processing time, and
//     how many prompt tokens the engine's KV cache reused each turn (the
//     prompt keeps a stable prefix: persona, then the conversation).
//
//   companion_bench [--messages N] [--turns N] [--model FILE]
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>

#include <time.h>

#include "companion/companion.h"
#include "companion/scripted_brain.h"
#include "core/clock.h"
#include "persona/interview.h"

using namespace os1;
using namespace os1::companion;

namespace {

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    size_t i = std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5));
    return v[i];
}

const char* PEOPLE[] = {"Amy", "Jo", "Tom", "Priya", "Marco", "Lena", "Sam", "Nadia"};
const char* PLACES[] = {"Lisbon", "the park", "the hospital", "Oslo", "the market", "work", "the gym", "the river"};
const char* THINGS[] = {"I went to {p} with {n} and it was lovely",
                        "{n} called me about the weekend plans",
                        "I'm a bit worried about the exam next week",
                        "My sister {n} moved to {p}",
                        "I love hiking near {p} in the autumn",
                        "Work was exhausting today, the night shift never ends",
                        "I had coffee with {n} at {p}",
                        "I think I should call my mum more often"};

std::string synth_message(std::mt19937& rng) {
    std::string s = THINGS[rng() % 8];
    auto put = [&](const char* key, const char* value) {
        if (auto p = s.find(key); p != std::string::npos) s.replace(p, 3, value);
    };
    put("{p}", PLACES[rng() % 8]);
    put("{n}", PEOPLE[rng() % 8]);
    return s;
}

// CPU time of this thread (ms): what the turn itself costs, apart from
// waiting for the disk or for other processes on a busy machine.
double thread_cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

// Passes everything to a brain and keeps the last request, so the bench can
// replay the same assembled prompt on a cold cache.
class Recording final : public brain::Brain {
public:
    explicit Recording(brain::Brain& inner) : m_inner(inner) {}
    brain::ChatRequest last;
    brain::Backend backend() const override { return m_inner.backend(); }
    std::string describe() const override { return m_inner.describe(); }
    int context_tokens() const override { return m_inner.context_tokens(); }
    int count_tokens(std::string_view text) const override { return m_inner.count_tokens(text); }
    bool counts_exactly() const override { return m_inner.counts_exactly(); }
    int count_prompt_tokens(const std::vector<brain::ChatMessage>& m) const override {
        return m_inner.count_prompt_tokens(m);
    }
    Result<brain::ChatResult> chat(const brain::ChatRequest& request, const brain::TokenCallback& on_token,
                                   const brain::CancelFlag* cancel) override {
        last = request;
        return m_inner.chat(request, on_token, cancel);
    }

private:
    brain::Brain& m_inner;
};

}  // namespace

int main(int argc, char** argv) {
    int n_messages = 10000, n_turns = 200;
    std::string model;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--messages")) n_messages = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--turns")) n_turns = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--model")) model = argv[i + 1];
    }
    if (model.empty()) model = std::string(OS1_SHARED_DIR) + "/models/stories260K.gguf";

    auto dir = std::filesystem::temp_directory_path() / ("os1-companion-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    auto mem = memory::Memory::open_at(dir / "os1.db");
    if (!mem) {
        std::fprintf(stderr, "memory: %s\n", mem.error().message.c_str());
        return 1;
    }
    auto& memory = **mem;
    std::mt19937 rng(42);
    const int64_t now = SystemClock::instance().wall_ms();
    std::vector<memory::Episode> batch;
    auto t_ingest = SystemClock::instance().mono_ns();
    for (int i = 0; i < n_messages; i++) {
        int64_t t = now - int64_t(n_messages - i) * 600'000;  // one message every 10 minutes
        batch.push_back({i % 2 ? "os1" : "user", synth_message(rng), t, "day-" + format_day(t), "", std::nullopt});
        if (batch.size() == 500) {
            if (auto r = memory.add_episodes(batch); !r) {
                std::fprintf(stderr, "ingest: %s\n", r.error().message.c_str());
                return 1;
            }
            batch.clear();
        }
    }
    if (!batch.empty()) (void)memory.add_episodes(batch);
    double ingest_s = double(SystemClock::instance().mono_ns() - t_ingest) / 1e9;

    auto setup = persona::build_setup({{"you.name", "Sam"}, {"life.people", "My sister Amy lives in Lisbon."}}, {},
                                      false, now);
    auto perceiver = make_default_perceiver();
    ScriptedBrain scripted(4096);
    Companion c(setup, memory, scripted, *perceiver, SystemClock::instance(), {.session = "bench"});
    if (auto r = c.resume(); !r) return 1;
    std::vector<double> cpu, overhead, perceive, remember, recall, assemble, store_reply;
    int evictions = 0;
    for (int i = 0; i < n_turns; i++) {
        double cpu0 = thread_cpu_ms();
        auto t = c.turn(synth_message(rng), nullptr);
        cpu.push_back(thread_cpu_ms() - cpu0);  // the scripted brain's share is negligible
        if (!t) {
            std::fprintf(stderr, "turn: %s\n", t.error().message.c_str());
            return 1;
        }
        overhead.push_back(t->overhead_ms);
        perceive.push_back(t->perceive_ms);
        remember.push_back(t->remember_ms);
        recall.push_back(t->recall_ms);
        assemble.push_back(t->assemble_ms);
        store_reply.push_back(t->store_reply_ms);
        evictions += t->evicted > 0;
    }

    std::printf("companion_bench: %d stored messages (ingested in %.1f s), %d turns, scripted brain (4096 ctx)\n\n",
                n_messages, ingest_s, n_turns);
    std::printf("| measure | p50 | p95 | max |\n|---|---|---|---|\n");
    std::printf("| overhead per turn (ms), everything but the brain | %.2f | %.2f | %.2f |\n", percentile(overhead, 0.5),
                percentile(overhead, 0.95), percentile(overhead, 1.0));
    auto row = [](const char* what, const std::vector<double>& v) {
        std::printf("| %s | %.2f | %.2f | %.2f |\n", what, percentile(v, 0.5), percentile(v, 0.95), percentile(v, 1.0));
    };
    row("CPU time per turn (ms), same turns", cpu);
    row("- perceive (affect classifier)", perceive);
    row("- store the message (durable)", remember);
    row("- recall", recall);
    row("- assemble the prompt (incl. summarising on eviction)", assemble);
    row("- store the reply (durable)", store_reply);
    std::printf("\nturns that summarised older conversation before evicting it: %d\n", evictions);

    if (std::filesystem::exists(model)) {
        brain::BrainConfig cfg;
        cfg.backend = brain::Backend::Local;
        cfg.model_path = model;
        cfg.model = model;
        auto b = brain::make_brain(cfg);
        auto cold = brain::make_brain(cfg);  // replays each prompt with nothing cached
        if (!b || !cold) {
            std::printf("\nlocal engine: %s\n", (b ? cold : b).error().message.c_str());
        } else {
            Recording recording(**b);
            Companion local(setup, memory, recording, *perceiver, SystemClock::instance(),
                            {.session = "bench-local", .reply_tokens = 16, .seed = 1});
            std::vector<double> cold_ms, cold_ratio;
            std::vector<double> first, prompt, ratio, prompt_tok, reused, fresh, reused_share, turn_cpu;
            int local_evictions = 0;
            const int local_turns = std::max(20, n_turns / 4);
            for (int i = 0; i < local_turns; i++) {
                double cpu0 = thread_cpu_ms();
                auto t = local.turn(synth_message(rng), [](std::string_view) { return true; });
                double cpu_ms = thread_cpu_ms() - cpu0;
                if (!t || t->first_token_ms <= 0 || t->brain_prompt_ms <= 0) continue;
                local_evictions += t->evicted > 0;
                if (i == 0) continue;  // the first turn has nothing cached
                turn_cpu.push_back(cpu_ms);
                // The same prompt on a cold cache: first a one-token prompt so
                // the cold session keeps (almost) nothing of the last replay.
                brain::ChatRequest flush{{{"user", "x"}}, 1, 0.0f};
                (void)(*cold)->chat(flush, [](std::string_view) { return true; });
                brain::ChatRequest replay = recording.last;
                replay.max_tokens = 1;
                replay.temperature = 0;
                if (auto r = (*cold)->chat(replay, [](std::string_view) { return true; }); r && r->prompt_ms > 0) {
                    cold_ms.push_back(r->prompt_ms);
                    cold_ratio.push_back(t->first_token_ms / r->prompt_ms);
                }
                first.push_back(t->first_token_ms);
                prompt.push_back(t->brain_prompt_ms);
                ratio.push_back(t->first_token_ms / t->brain_prompt_ms);
                prompt_tok.push_back(t->prompt_tokens);
                reused.push_back(t->reused_tokens);
                fresh.push_back(t->prompt_tokens - t->reused_tokens);
                reused_share.push_back(100.0 * t->reused_tokens / std::max(1, t->prompt_tokens));
            }
            std::printf("\nlocal engine, %s (%s), %zu turns after the first (%d evicted old turns), "
                        "16-token replies\n\n",
                        model.c_str(), (*b)->describe().c_str(), first.size(), local_evictions);
            std::printf("| measure | p50 | p95 |\n|---|---|---|\n");
            std::printf("| prompt tokens | %.0f | %.0f |\n", percentile(prompt_tok, 0.5), percentile(prompt_tok, 0.95));
            std::printf("| of which reused from the KV cache | %.0f | %.0f |\n", percentile(reused, 0.5),
                        percentile(reused, 0.95));
            std::printf("| reused share (%%) | %.1f | %.1f |\n", percentile(reused_share, 0.5),
                        percentile(reused_share, 0.95));
            std::printf("| prompt tokens evaluated | %.0f | %.0f |\n", percentile(fresh, 0.5), percentile(fresh, 0.95));
            std::printf("| CPU time of the turn's thread (ms, engine workers excluded) | %.2f | %.2f |\n",
                        percentile(turn_cpu, 0.5), percentile(turn_cpu, 0.95));
            std::printf("| first streamed token after the message (ms) | %.2f | %.2f |\n", percentile(first, 0.5),
                        percentile(first, 0.95));
            std::printf("| brain's own prompt processing (ms) | %.2f | %.2f |\n", percentile(prompt, 0.5),
                        percentile(prompt, 0.95));
            std::printf("| ratio first token / prompt processing | %.2f | %.2f |\n", percentile(ratio, 0.5),
                        percentile(ratio, 0.95));
            std::printf("| the same prompt on a cold cache (ms) | %.2f | %.2f |\n", percentile(cold_ms, 0.5),
                        percentile(cold_ms, 0.95));
            std::printf("| ratio first token / cold prompt processing (target <= 1.5) | %.2f | %.2f |\n",
                        percentile(cold_ratio, 0.5), percentile(cold_ratio, 0.95));
        }
    } else {
        std::printf("\n(no model at %s: first-token measurement skipped)\n", model.c_str());
    }
    mem->reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    return 0;
}
