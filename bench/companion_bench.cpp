// companion_bench: what one turn costs besides the brain's own work.
//
//  1. Overhead per turn (perceive + store + recall + prompt assembly + store
//     the reply) with 10,000 stored messages, scripted brain: p50/p95/max.
//  2. With the local engine on stories260K: time from the message to the
//     first streamed token vs the brain's own prompt-processing time.
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
        if (!b) {
            std::printf("\nlocal engine: %s\n", b.error().message.c_str());
        } else {
            Companion local(setup, memory, **b, *perceiver, SystemClock::instance(),
                            {.session = "bench-local", .reply_tokens = 16, .seed = 1});
            std::vector<double> first, prompt, ratio;
            int prompt_tokens = 0;
            for (int i = 0; i < 20; i++) {
                auto t = local.turn(synth_message(rng), [](std::string_view) { return true; });
                if (!t || t->first_token_ms <= 0 || t->brain_prompt_ms <= 0) continue;
                first.push_back(t->first_token_ms);
                prompt.push_back(t->brain_prompt_ms);
                ratio.push_back(t->first_token_ms / t->brain_prompt_ms);
                prompt_tokens = t->prompt_tokens;
            }
            std::printf("\nlocal engine, %s (%s), prompt ~%d tokens, %zu turns\n\n", model.c_str(),
                        (*b)->describe().c_str(), prompt_tokens, first.size());
            std::printf("| measure | p50 | p95 |\n|---|---|---|\n");
            std::printf("| first streamed token after the message (ms) | %.2f | %.2f |\n", percentile(first, 0.5),
                        percentile(first, 0.95));
            std::printf("| brain's own prompt processing (ms) | %.2f | %.2f |\n", percentile(prompt, 0.5),
                        percentile(prompt, 0.95));
            std::printf("| ratio first token / prompt processing | %.2f | %.2f |\n", percentile(ratio, 0.5),
                        percentile(ratio, 0.95));
        }
    } else {
        std::printf("\n(no model at %s: first-token measurement skipped)\n", model.c_str());
    }
    mem->reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    return 0;
}
