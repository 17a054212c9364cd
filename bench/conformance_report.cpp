// Engine correctness against llama.cpp: for every model of the reference kit
// (../shared/conformance/engine + models/stories260K.gguf, then
// conformance/archs: qwen3, gemma3, gemma2, phi3, smollm3), the max and median
// per-row relative L2 error of our logits vs llama.cpp's, top-1 agreement and
// how much of llama.cpp's greedy continuation we reproduce. Prints a Markdown
// table (BENCHMARKS.md, "Engine: correctness against llama.cpp").
//
//   build/bench/conformance_report [SHARED_DIR] [--threads N] [--only NAME_PART] [--rows]
//
// --only runs the models whose name contains NAME_PART; --rows adds every
// row's error under each model.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "engine_tools/conformance.h"

using namespace os1::engine;

int main(int argc, char** argv) {
    std::string shared = OS1_SHARED_DIR;
    int n_threads = 1;
    std::string only;
    bool rows = false;
    for (int i = 1; i < argc; i++) {
        std::string a = argv[i];
        if (a == "--threads" && i + 1 < argc) n_threads = std::atoi(argv[++i]);
        else if (a == "--only" && i + 1 < argc) only = argv[++i];
        else if (a == "--rows") rows = true;
        else shared = a;
    }
    auto cases = reference_cases(shared);
    if (!cases) {
        std::fprintf(stderr, "conformance_report: %s\n", cases.error().message.c_str());
        return 1;
    }
    // The other architectures' kit (conformance/archs), when present.
    if (auto archs = arch_reference_cases(shared)) cases->insert(cases->end(), archs->begin(), archs->end());
    std::printf("| model | weights | max rel-L2 | median rel-L2 | bound (median / max) | top-1 agreement | greedy match |\n");
    std::printf("|---|---|---|---|---|---|---|\n");
    int failures = 0, greedy_full = 0;
    int n_run = 0;
    for (const auto& c : *cases) {
        if (!only.empty() && c.name.find(only) == std::string::npos) continue;
        n_run++;
        auto r = check_conformance(c, n_threads);
        if (!r) {
            std::printf("| %s | error: %s |\n", c.name.c_str(), r.error().message.c_str());
            failures++;
            continue;
        }
        const ConformanceBounds bounds = conformance_bounds(c, r->weight_type);
        const double tol = bounds.median, max_tol = bounds.max_row;
        const bool ok = r->median_rel_l2 <= tol && r->max_rel_l2 <= max_tol && r->top1_agreement >= 0.9;
        failures += ok ? 0 : 1;
        greedy_full += r->greedy_matched == r->greedy_total ? 1 : 0;
        std::printf("| %s | %s | %.2e | %.2e | %.0e / %.0e%s | %d/%d | %d/%d |\n", c.name.c_str(), r->weight_type.c_str(),
                    r->max_rel_l2, r->median_rel_l2, tol, max_tol, ok ? "" : " **FAIL**",
                    static_cast<int>(r->top1_agreement * r->n_rows + 0.5), r->n_rows, r->greedy_matched, r->greedy_total);
        if (rows) {
            std::printf("|  | rows: ");
            for (size_t i = 0; i < r->row_rel_l2.size(); i++) std::printf("%s%zu:%.1e", i ? " " : "", i, r->row_rel_l2[i]);
            std::printf(" |\n");
        }
    }
    std::printf("\n%d models, %d outside the bounds, %d with the whole greedy continuation equal\n", n_run, failures,
                greedy_full);
    return failures ? 1 : 0;
}
