// Fact extraction quality on labelled utterances: precision and recall per
// fact kind, the share of statements about one's life whose facts were all
// kept (target >= 85%), and how many questions / small talk yielded a fact
// (target: none). Also the extraction speed per message.
//
//   extract_eval [--set dev|heldout|PATH] [--misses N]
//   extract_eval --say "my sister Rachel lives in Seattle"   (the facts of one message)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "memory/extract.h"
#include "memory/extract_score.h"

using namespace os1;
using namespace os1::memory;

namespace {

constexpr int64_t T0 = 1683554160000;  // Mon 8 May 2023 13:56 UTC, the labels' message time

int run(const std::string& path, size_t show_misses) {
    auto cases = load_extract_cases(path);
    if (!cases) {
        std::fprintf(stderr, "extract_eval: %s\n", cases.error().message.c_str());
        return 1;
    }
    auto s = score_extraction(*cases, T0);
    std::printf("%s: %zu utterances (%d statements, %d questions/small talk)\n\n", path.c_str(), cases->size(), s.statements,
                s.quiet);
    std::printf("%-10s %5s %5s %5s %9s %7s\n", "kind", "tp", "fp", "fn", "precision", "recall");
    for (const auto& [kind, k] : s.kinds)
        std::printf("%-10s %5d %5d %5d %9.3f %7.3f\n", kind.c_str(), k.tp, k.fp, k.fn, k.precision(), k.recall());
    std::printf("%-10s %5d %5d %5d %9.3f %7.3f\n\n", "all", s.all.tp, s.all.fp, s.all.fn, s.all.precision(), s.all.recall());
    bool kept_ok = s.kept_share() >= 0.85, quiet_ok = s.quiet_ok == s.quiet;
    std::printf("statements with every fact kept: %d/%d = %.1f%%  (target >= 85%%: %s)\n", s.kept, s.statements,
                100 * s.kept_share(), kept_ok ? "met" : "NOT met");
    std::printf("questions/small talk with no fact: %d/%d  (target all: %s)\n", s.quiet_ok, s.quiet,
                quiet_ok ? "met" : "NOT met");

    // Speed: every utterance, many times over.
    size_t n = 0, facts = 0;
    auto start = std::chrono::steady_clock::now();
    for (int rep = 0; rep < 200; rep++)
        for (const auto& c : *cases) {
            facts += extract_facts("user", c.utterance, T0, std::nullopt).size();
            n++;
        }
    double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count() / n;
    std::printf("extraction: %.1f us per message (%zu messages)\n", us, n);

    if (!s.misses.empty() && show_misses) {
        std::printf("\nmisses:\n");
        for (size_t i = 0; i < s.misses.size() && i < show_misses; i++) std::printf("  %s\n", s.misses[i].c_str());
    }
    return kept_ok && quiet_ok ? 0 : 2;
}

}  // namespace

int main(int argc, char** argv) {
    std::string set = "dev";
    size_t misses = 40;
    for (int i = 1; i < argc; i++) {
        std::string a = argv[i];
        if (a == "--set" && i + 1 < argc) set = argv[++i];
        else if (a == "--misses" && i + 1 < argc) misses = std::strtoul(argv[++i], nullptr, 10);
        else if (a == "--say" && i + 1 < argc) {
            for (const auto& f : extract_facts("user", argv[++i], T0, std::nullopt))
                std::printf("%s | %s | %s | %s\n", std::string(fact_kind_name(f.kind)).c_str(), f.key.c_str(), f.value.c_str(),
                            f.text.c_str());
            return 0;
        }
        else {
            std::fprintf(stderr, "usage: extract_eval [--set dev|heldout|PATH] [--misses N] | --say TEXT\n");
            return 1;
        }
    }
    std::string path = set == "dev" || set == "heldout" ? std::string(OS1_SOURCE_DIR) + "/bench/data/extract/" + set + ".tsv" : set;
    return run(path, misses);
}
