// Speed of os1's affect classifier on one core: model load time (the
// embedded weights: checks, checksum, hash table) and messages per second
// over the GoEmotions dev texts (short Reddit comments), repeated for at
// least --seconds.
//
//   build/bench/affect_bench [--seconds 3]
#include <algorithm>
#include <chrono>
#include <cstdio>

#include "affect/affect.h"
#include "affect/features.h"
#include "affect_common.h"
#include "core/args.h"

using namespace os1;
using namespace os1::affect;
using namespace os1::affect::bench;

namespace {
double now_s() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }
}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    double seconds = 3;
    std::string split = (default_data_dir() / "dev.tsv").string();
    ArgParser p("affect_bench", "Measure affect model load time and single-core throughput.");
    p.option("seconds", 0, "S", "minimum measuring time for throughput", &seconds);
    p.option("split", 0, "FILE", "texts to classify (GoEmotions TSV; default the kit's dev.tsv)", &split);
    return run_parsed(p, args, [&] {
        // Load: first (cold) and the median of 20 further loads.
        double t0 = now_s();
        auto first = AffectModel::load_embedded();
        double cold_ms = (now_s() - t0) * 1000;
        if (!first) return report_error(first.error());
        std::vector<double> loads;
        for (int i = 0; i < 20; ++i) {
            double t = now_s();
            auto m = AffectModel::load_embedded();
            loads.push_back((now_s() - t) * 1000);
        }
        std::sort(loads.begin(), loads.end());

        auto data = load_goemotions(split);
        if (!data) return report_error(data.error());
        size_t bytes = 0;
        for (const auto& ex : *data) bytes += ex.text.size();
        const AffectModel& model = *first;
        double sink = 0;
        for (const auto& ex : *data) sink += model.analyze(ex.text).valence;  // warm-up
        size_t n = 0;
        double start = now_s(), elapsed = 0;
        while (elapsed < seconds) {
            for (const auto& ex : *data) sink += model.analyze(ex.text).valence;
            n += data->size();
            elapsed = now_s() - start;
        }
        // The tokeniser + hashing alone, to see where the time goes.
        Features features;
        size_t nf = 0, n_feat = 0;
        double fstart = now_s(), felapsed = 0;
        while (felapsed < seconds / 3) {
            for (const auto& ex : *data) {
                extract_features(ex.text, 1, features);
                n_feat += features.words.size() + features.chars.size();
            }
            nf += data->size();
            felapsed = now_s() - fstart;
        }
        std::printf("| what | value |\n|---|---|\n");
        std::printf("| weights | %zu word rows + %zu char rows, dim %u |\n", model.n_word_rows(), model.n_char_buckets(),
                    model.dim());
        std::printf("| load, first (ms) | %.2f |\n| load, median of 20 (ms) | %.2f |\n", cold_ms, loads[loads.size() / 2]);
        std::printf("| texts | %zu (mean %.0f bytes) |\n", data->size(), double(bytes) / double(data->size()));
        std::printf("| throughput, 1 thread (msgs/s) | %.0f |\n| per message (us) | %.1f |\n", double(n) / elapsed,
                    elapsed / double(n) * 1e6);
        std::printf("| features only, per message (us) | %.1f (%.0f features/message) |\n", felapsed / double(nf) * 1e6,
                    double(n_feat) / double(nf));
        if (sink == 12345.678) std::printf(" ");
        return 0;
    });
}
