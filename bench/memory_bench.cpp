// Memory speed: ingest rate with extraction (batched like `os1 memory
// import`, and one durable commit per message like a live conversation),
// and search latency on a store of synthetic messages.
//
//   memory_bench [--messages 100000] [--queries 300] [--keep DIR]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include <time.h>

#include "memory/memory.h"

namespace fs = std::filesystem;
using namespace os1;
using Clock = std::chrono::steady_clock;

namespace {

std::vector<std::string> vocabulary() {
    std::vector<std::string> words;
    const char* wn = std::getenv("OS1_WORDNET");
    std::ifstream in(std::string(wn && *wn ? wn : "/usr/share/wordnet") + "/index.noun");
    std::string line;
    while (std::getline(in, line) && words.size() < 6000) {
        if (line.empty() || line[0] == ' ') continue;
        auto w = line.substr(0, line.find(' '));
        if (w.find('_') == std::string::npos && w.find('-') == std::string::npos && w.size() > 3 && std::isalpha(w[0]))
            words.push_back(w);
    }
    if (words.empty())
        for (int i = 0; i < 3000; i++) words.push_back("word" + std::to_string(i));
    return words;
}

struct Generator {
    std::vector<std::string> words = vocabulary();
    std::mt19937_64 rng{42};
    std::vector<double> cdf;
    Generator() {
        double sum = 0;
        for (size_t i = 0; i < words.size(); i++) cdf.push_back(sum += 1.0 / std::pow(i + 1.0, 0.9));
        for (auto& c : cdf) c /= sum;
    }
    const std::string& word() {
        double u = std::uniform_real_distribution<double>(0, 1)(rng);
        return words[std::min(words.size() - 1, static_cast<size_t>(std::lower_bound(cdf.begin(), cdf.end(), u) - cdf.begin()))];
    }
    std::string message(int i) {
        static const char* OPENERS[] = {"I love ", "My sister Amy said the ", "I went to the ", "I'm worried about the ",
                                        "Yesterday we talked about ", "I hope to see the ", "Honestly the ", "We bought a "};
        std::string s = OPENERS[rng() % 8];
        int n = 6 + static_cast<int>(rng() % 14);
        for (int k = 0; k < n; k++) s += word() + (k + 1 < n ? " " : ".");
        if (i % 5 == 0) s += " I live in " + word() + ".";
        return s;
    }
};

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
}

}  // namespace

int main(int argc, char** argv) {
    int n_messages = 100000, n_queries = 300;
    for (int i = 1; i < argc; i++) {
        std::string a = argv[i];
        if (a == "--messages" && i + 1 < argc) n_messages = std::atoi(argv[++i]);
        else if (a == "--queries" && i + 1 < argc) n_queries = std::atoi(argv[++i]);
        else {
            std::fprintf(stderr, "usage: memory_bench [--messages N] [--queries N]\n");
            return 2;
        }
    }
    fs::path dir = fs::temp_directory_path() / ("os1-memory-bench-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    Generator gen;
    int64_t t0 = 1683554160000;

    // 1. Live conversation: one durable commit (fsync) per message.
    double live_rate;
    {
        auto mem = memory::Memory::open_at(dir / "live.db");
        if (!mem) return std::fprintf(stderr, "%s\n", mem.error().message.c_str()), 1;
        int n = 300;
        auto start = Clock::now();
        for (int i = 0; i < n; i++)
            if (!(*mem)->add_episode({"user", gen.message(i), t0 + i * 1000, "live", "", std::nullopt})) return 1;
        live_rate = n / std::chrono::duration<double>(Clock::now() - start).count();
    }
    // 2. Bulk ingest (import path: batches of 256 per transaction) into the big store.
    auto mem = memory::Memory::open_at(dir / "big.db");
    if (!mem) return std::fprintf(stderr, "%s\n", mem.error().message.c_str()), 1;
    std::vector<memory::Episode> batch;
    int64_t n_facts = 0;
    auto start = Clock::now();
    for (int i = 0; i < n_messages; i++) {
        batch.push_back({i % 2 ? "user" : "os1", gen.message(i), t0 + i * 60'000LL, "s" + std::to_string(i / 200),
                         "m" + std::to_string(i), std::nullopt});
        if (batch.size() == 256 || i + 1 == n_messages) {
            auto r = (*mem)->add_episodes(batch);
            if (!r) return std::fprintf(stderr, "%s\n", r.error().message.c_str()), 1;
            for (auto& a : *r) n_facts += static_cast<int64_t>(a.facts.size());
            batch.clear();
        }
    }
    double ingest_s = std::chrono::duration<double>(Clock::now() - start).count();
    // 3. Search latency.
    std::vector<double> ms, cpu_ms;
    std::vector<double> per_form[5];
    auto thread_cpu_ms = [] {
        timespec ts;
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
    };
    static const char* FORMS[] = {"what did Amy say about the %s and %s", "when did I go to the %s",
                                  "am I worried about %s", "%s %s %s", "what do I love about %s last week"};
    for (int q = 0; q < n_queries; q++) {
        char query[512];
        std::snprintf(query, sizeof query, FORMS[q % 5], gen.word().c_str(), gen.word().c_str(), gen.word().c_str());
        memory::SearchOptions opt;
        opt.now_ms = t0 + static_cast<int64_t>(n_messages) * 60'000;
        auto s = Clock::now();
        double c0 = thread_cpu_ms();
        auto hits = (*mem)->search(query, 10, opt);
        cpu_ms.push_back(thread_cpu_ms() - c0);
        per_form[q % 5].push_back(cpu_ms.back());
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - s).count());
        if (!hits) return std::fprintf(stderr, "%s\n", hits.error().message.c_str()), 1;
    }
    std::printf("| measure | value |\n|---|---|\n");
    std::printf("| ingest, import path (256/commit, extraction on) | %.0f messages/s (%d messages, %lld facts) |\n",
                n_messages / ingest_s, n_messages, static_cast<long long>(n_facts));
    std::printf("| ingest, live (1 fsync'd commit per message) | %.0f messages/s |\n", live_rate);
    std::printf("| search on %d messages, %d queries | p50 %.2f ms, p95 %.2f ms, max %.2f ms |\n", n_messages, n_queries,
                percentile(ms, 0.5), percentile(ms, 0.95), percentile(ms, 1.0));
    std::printf("| search CPU time per query | p50 %.2f ms, p95 %.2f ms |\n", percentile(cpu_ms, 0.5), percentile(cpu_ms, 0.95));
    for (int f = 0; f < 5; f++)
        std::printf("| CPU p95, queries like \"%s\" | %.2f ms |\n", FORMS[f], percentile(per_form[f], 0.95));
    std::error_code ec;
    std::printf("| database size | %.1f MiB |\n", fs::file_size(dir / "big.db", ec) / 1048576.0);
    mem = Error::internal("closed");
    fs::remove_all(dir, ec);
    return 0;
}
