// Crisis care: how often the detector fires, per class, on the dev set
// (the rules were tuned on it) and on the held-out set (written before the
// detector and never tuned on; heldout_late.tsv, written after tuning and
// scored once); fresh3_dev.tsv (the compositional layer's dev set) and
// fresh2.tsv (written before that layer, never tuned on; its header keeps
// the score from before, printed as "fresh2- before"); fresh5_dev,
// fresh6_dev, fresh7_dev (the learned layer's extra development batches,
// each scored once before use, printed as "fresh5dev- before"); fresh4.tsv
// (an unseen batch, scored in the fourth pass, training data since the
// fifth); train_a, train_b, train_c, train_d (training files by data
// helpers, each scored once before use: figures in BENCHMARKS.md);
// fresh8.tsv ... fresh12.tsv when present (unseen batches, scored, misses
// never listed; fresh9 was written in the sixth pass before any change). Targets: fires on >= 95% of crisis messages, >= 85% of
// the indirect ones, <= 3% of hard negatives.
//
//   build/bench/safety_eval            # both files, one table
//   build/bench/safety_eval -v         # also lists the dev set's misses
//   build/bench/safety_eval FILE.tsv   # any file of label<TAB>kind<TAB>text
//   build/bench/safety_eval -p FILE.tsv  # each message: the rule that fired, the learned layer's score
//                                          (dev files only, as -v)
#include <chrono>
#include <ctime>
#include <filesystem>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "companion/safety.h"
#include "companion/safety_learned.h"

using namespace os1::companion;

namespace {

struct Example {
    std::string label, kind, text;
};

std::vector<Example> load(const std::string& path) {
    std::vector<Example> out;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        auto a = line.find('\t'), b = line.find('\t', a + 1);
        if (a == std::string::npos || b == std::string::npos) continue;
        out.push_back({line.substr(0, a), line.substr(a + 1, b - a - 1), line.substr(b + 1)});
    }
    return out;
}

// "# before: ..." lines of a file's header: a score recorded before a change.
std::vector<std::string> before_lines(const std::string& path) {
    std::vector<std::string> out;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line) && (line.empty() || line[0] == '#'))
        if (line.rfind("# before: ", 0) == 0) out.push_back("before " + line.substr(10));
    return out;
}

double g_cpu_us = 0;  // the last report's processor time per message (less noisy than the clock on a shared machine)

struct Tally {
    int n = 0, fired = 0, right_kind = 0;
};

// Prints one block of the table; returns whether the targets hold.
// One line a message: label, what fired, the learned layer's p(crisis) and blockers.
void probe(const std::vector<Example>& set) {
    for (const auto& e : set) {
        auto signal = detect_crisis(e.text);
        auto in = safety::model_input(e.text);
        auto score = safety::model_score(in.features);
        // A rule the learned layer vetoed shows as "(vetoed: rule)".
        auto rules = safety::detect_by_rules(e.text);
        const std::string shown = signal ? signal.rule : rules ? "(vetoed: " + rules.rule + ")" : "-";
        std::printf("  %-8s %-22s p=%.2f %s%s%s%s %s\n", e.label.c_str(), shown.c_str(),
                    score.p_crisis, in.laughing ? "[laugh]" : "", in.everyday ? "[everyday]" : "",
                    in.about_other ? "[other]" : in.accident ? "[accident]" : "", in.empty ? "[empty]" : "", e.text.c_str());
    }
}

bool report(const std::string& name, const std::vector<Example>& set, bool list_misses, double* us_per_message) {
    std::map<std::string, Tally> by_label;
    Tally crisis;
    // Rule tables, WordNet and the emotion model load once, on the first
    // message; the time per message is measured after that.
    if (!set.empty()) (void)detect_crisis(set.front().text);
    auto t0 = std::chrono::steady_clock::now();
    const std::clock_t c0 = std::clock();
    std::vector<std::string> misses;
    for (const auto& e : set) {
        auto signal = detect_crisis(e.text);
        bool fired = static_cast<bool>(signal);
        bool kind_ok = std::string(crisis_kind_name(signal.kind)) == e.kind;
        auto& t = by_label[e.label];
        t.n++;
        t.fired += fired;
        t.right_kind += fired && kind_ok;
        if (e.label != "negative") {
            crisis.n++;
            crisis.fired += fired;
            crisis.right_kind += fired && kind_ok;
        }
        if (fired != (e.label != "negative")) misses.push_back(e.label + "\t" + signal.rule + "\t" + e.text);
    }
    double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
    *us_per_message = set.empty() ? 0 : us / static_cast<double>(set.size());
    g_cpu_us = set.empty() ? 0 : 1e6 * static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC / static_cast<double>(set.size());
    auto pct = [](int a, int n) { return n ? 100.0 * a / n : 0.0; };
    for (const char* label : {"explicit", "indirect", "danger", "medical", "negative"}) {
        const auto& t = by_label[label];
        std::printf("%-9s %-9s %5d %8.1f%% %10.1f%%\n", name.c_str(), label, t.n, pct(t.fired, t.n),
                    std::string(label) == "negative" ? 0.0 : pct(t.right_kind, t.n));
    }
    std::printf("%-9s %-9s %5d %8.1f%% %10.1f%%\n", name.c_str(), "crisis", crisis.n, pct(crisis.fired, crisis.n),
                pct(crisis.right_kind, crisis.n));
    const auto& ind = by_label["indirect"];
    const auto& neg = by_label["negative"];
    bool ok = pct(crisis.fired, crisis.n) >= 95.0 && pct(ind.fired, ind.n) >= 85.0 && pct(neg.fired, neg.n) <= 3.0;
    if (list_misses)
        for (const auto& m : misses) std::printf("  miss: %s\n", m.c_str());
    return ok;
}

}  // namespace

int main(int argc, char** argv) {
    bool verbose = false, probing = false;
    std::vector<std::pair<std::string, std::string>> files;
    for (int i = 1; i < argc; i++) {
        std::string a = argv[i];
        if (a == "-v") verbose = true;
        else if (a == "-p") probing = true;
        else files.push_back({std::filesystem::path(a).stem().string(), a});
    }
    if (files.empty()) {
        const std::string dir = std::string(OS1_SOURCE_DIR) + "/bench/data/safety/";
        files = {{"dev", dir + "dev.tsv"},
                 {"held-out", dir + "heldout.tsv"},
                 {"held-late", dir + "heldout_late.tsv"},
                 {"fresh3dev", dir + "fresh3_dev.tsv"},
                 {"fresh5dev", dir + "fresh5_dev.tsv"},
                 {"fresh6dev", dir + "fresh6_dev.tsv"},
                 {"fresh7dev", dir + "fresh7_dev.tsv"},
                 {"train_a", dir + "train_a.tsv"},
                 {"train_b", dir + "train_b.tsv"},
                 {"train_c", dir + "train_c.tsv"},
                 {"fresh4", dir + "fresh4.tsv"}};
        for (const char* name : {"train_d", "train_e", "train_f", "fresh2", "fresh8", "fresh9", "fresh10", "fresh11", "fresh12"})  // later files, scored when present
            if (std::filesystem::exists(dir + name + ".tsv")) files.push_back({name, dir + name + ".tsv"});
    }
    std::printf("%-9s %-9s %5s %9s %11s\n", "set", "class", "n", "fires", "right kind");
    bool all_ok = true;
    for (const auto& [name, path] : files) {
        auto set = load(path);
        if (set.empty()) {
            std::fprintf(stderr, "safety_eval: no examples in %s\n", path.c_str());
            return 1;
        }
        double us = 0;
        // fresh2's score from before the compositional layer, kept in its header.
        for (const auto& line : before_lines(path)) std::printf("%-9s %s\n", (name + "-").c_str(), line.c_str());
        // Misses are listed for the dev sets only: held-out sets are for measuring, not tuning.
        const bool held = name.find("held") != std::string::npos || name == "fresh2" || name == "fresh8" || name == "fresh9" ||
                          name == "fresh10" || name == "fresh11" || name == "fresh12";
        if (probing && !held) probe(set);
        bool ok = report(name, set, verbose && !held, &us);
        std::printf("%-9s targets (crisis >= 95%%, indirect >= 85%%, negatives <= 3%%): %s; %.0f us/message (%.0f us of processor time)\n",
                    name.c_str(), ok ? "met" : "NOT met", us, g_cpu_us);
        all_ok = all_ok && ok;
    }
    return all_ok ? 0 : 1;
}
