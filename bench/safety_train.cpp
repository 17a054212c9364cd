// Trains the crisis detector's learned layer (src/companion/safety_learned.h):
// a multinomial logistic regression (none / self-harm / danger / medical)
// with L2 over the features of safety_features.cpp, on every labelled
// file of bench/data/safety/ except the scored ones (fresh2.tsv,
// fresh8.tsv, fresh9.tsv, fresh10.tsv, fresh11.tsv, fresh12.tsv: never opened here, checked below). Each file is one author's
// batch, so leave-one-file-out is the honest estimate of an unseen author:
// it chooses the L2 strength, the minimum feature count, the veto, the use
// of everyday business and the two thresholds (self-harm; danger and
// medical): the best held-out recall on the files by new authors (train_*,
// fresh4: the rules were never tuned on them) where the rules OR the model
// fire on at most 3% of the held-out negatives, both over those files and
// over every file. Writes the weights as src/companion/safety_model_weights.cpp.
//
//   build/bench/safety_train            # cross-validate, print, write the weights
//   build/bench/safety_train --dry-run  # cross-validate and print only
//   --ablate ,c:,sb:  cross-validate once without each feature family in turn (none first), then stop
//   --misses: also list the out-of-fold misses on the files by new authors
//   --quick: with --dry-run, skip the 5-fold figure
//   --dump FILE: write every training message's out-of-fold reading as TSV (file, label, kind,
//     p_crisis, model kind, p_veto, rule, blockers, text), to study a decision without retraining
//   --lexical-l2 X: surface features' L2 is X times the others'
//   options: --l2 X --min N (one value each), --drop PREFIX (leave a feature family
//   out), --budget PCT, --crisis-weight W, --fix T,T_OTHERS,VETO[,MIN_WORDS] (evaluate one setting)
//
// Deterministic: full-batch training from zero weights, fixed fold order.
#include <cstdio>
#include <cstdlib>
#include <array>
#include <filesystem>
#include <functional>
#include <map>
#include <fstream>
#include <string>
#include <vector>

#include "safety_train_model.h"

using namespace os1::companion;
using namespace os1::companion::safety;
using namespace os1::companion::safety::train;

namespace {

// The scored sets: never read for training or for choosing anything.
bool is_scored(const std::string& name) {
    return name == "fresh2" || name.rfind("fresh8", 0) == 0 || name.rfind("fresh9", 0) == 0 || name.rfind("fresh10", 0) == 0 ||
           name.rfind("fresh11", 0) == 0 || name.rfind("fresh12", 0) == 0;
}

// Files by authors the rules were never tuned on: the honest estimate.
bool new_author(const std::string& name) { return name.rfind("train_", 0) == 0 || name == "fresh4"; }

// Everyday chat lines (chat_*.tsv: greetings, goodbyes, thanks): trained on,
// but left out of the budget and the figures, so their easy negatives
// cannot loosen the threshold.
bool is_chat(const std::string& name) { return name.rfind("chat_", 0) == 0; }

std::vector<std::string> g_files;  // the files read, in fold order

// Every *.tsv of `dir` except the scored sets, in name order.
std::vector<std::string> training_files(const std::string& dir) {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        if (entry.path().extension() != ".tsv") continue;
        std::string name = entry.path().stem().string();
        if (!is_scored(name)) names.push_back(name);
    }
    std::sort(names.begin(), names.end());
    return names;
}

std::vector<Example> load_all(const std::string& dir) {
    std::vector<Example> out;
    for (const auto& name : g_files) {
        if (is_scored(name)) {  // the guarantee, checked where files are opened
            std::fprintf(stderr, "safety_train: refusing to read the scored set %s\n", name.c_str());
            std::exit(2);
        }
        std::ifstream in(dir + name + ".tsv");
        std::string line;
        int bad = 0;
        while (std::getline(in, line)) {
            if (line.empty() || line[0] == '#') continue;
            auto a = line.find('\t'), b = a == std::string::npos ? a : line.find('\t', a + 1);
            if (a == std::string::npos || b == std::string::npos) {
                bad++;
                continue;
            }
            Example e;
            e.file = name;
            e.label = line.substr(0, a);
            e.text = line.substr(b + 1);
            std::string kind = line.substr(a + 1, b - a - 1);
            e.y = kind == "self_harm" ? 1 : kind == "danger" ? 2 : kind == "medical" ? 3 : 0;
            e.rules = detect_by_rules(e.text);
            e.words = message_words(e.text);
            e.in = model_input(e.text);
            if (e.rules)
                for (const auto& c : clause_texts(e.text)) e.parts.push_back(model_input(c));
            out.push_back(std::move(e));
        }
        if (bad) std::fprintf(stderr, "safety_train: %s: %d lines without label<TAB>kind<TAB>text skipped\n", name.c_str(), bad);
    }
    return out;
}

// One setting of the decision (mirrors detect_crisis in safety_detect.cpp).
struct Decision {
    double threshold = 0.975, threshold_others = 0.9, veto = 0.1;
    bool everyday_blocks = false;
    bool other_blocks_danger = false;
    int veto_min_words = 0;
};

bool fires(const Example& e, const OutOfFold& s, const Decision& d) {
    if (e.rules) return s.p_veto >= d.veto || e.words <= d.veto_min_words;
    if (e.in.laughing || e.in.empty || (e.in.everyday && d.everyday_blocks)) return false;
    if (s.p_crisis < (s.kind != 1 ? d.threshold_others : d.threshold)) return false;
    if (s.kind == 2 && e.in.about_other && d.other_blocks_danger) return false;
    return !(s.kind == 1 && (e.in.about_other || e.in.accident || e.in.denied || e.in.recovered));
}

struct Rates {
    // explicit, indirect, danger, medical, negative: messages and how many fired
    int n[5] = {0, 0, 0, 0, 0}, hit[5] = {0, 0, 0, 0, 0};
    static int slot(const std::string& label) {
        return label == "explicit" ? 0 : label == "indirect" ? 1 : label == "danger" ? 2 : label == "medical" ? 3 : 4;
    }
    static double pct(int a, int b) { return b ? 100.0 * a / b : 0; }
    double of(int s) const { return pct(hit[s], n[s]); }
    double recall() const { return pct(hit[0] + hit[1] + hit[2] + hit[3], n[0] + n[1] + n[2] + n[3]); }
    double false_alarms() const { return of(4); }
    int crisis() const { return n[0] + n[1] + n[2] + n[3]; }
};

enum class Scope { All, NewAuthors, OneFile };

Rates rates(const std::vector<Example>& all, const std::vector<OutOfFold>& oof, const Decision& d, Scope scope,
            const std::string& file = "", bool rules_only = false) {
    Rates r;
    for (size_t i = 0; i < all.size(); i++) {
        const Example& e = all[i];
        if (scope != Scope::OneFile && is_chat(e.file)) continue;
        if (scope == Scope::NewAuthors && !new_author(e.file)) continue;
        if (scope == Scope::OneFile && e.file != file) continue;
        const bool fired = rules_only ? static_cast<bool>(e.rules) : fires(e, oof[i], d);
        const int s = Rates::slot(e.label == "negative" || e.y == 0 ? "negative" : e.label);
        r.n[s]++;
        r.hit[s] += fired;
    }
    return r;
}

// How well the model alone ranks crisis above look-alikes on the files
// by new authors: recall where it fires on 1%, 2%, 5% of their negatives.
void print_ranking(const std::vector<Example>& all, const std::vector<OutOfFold>& oof) {
    std::vector<double> neg, pos, pos_indirect;
    for (size_t i = 0; i < all.size(); i++) {
        if (!new_author(all[i].file)) continue;
        (all[i].y ? pos : neg).push_back(oof[i].p_crisis);
        if (all[i].label == "indirect") pos_indirect.push_back(oof[i].p_crisis);
    }
    std::sort(neg.begin(), neg.end(), std::greater<>());
    std::printf("  model alone, new authors, recall (indirect) at negatives fired:");
    for (double fa : {0.01, 0.02, 0.05}) {
        const double t = neg.empty() ? 1 : neg[std::min(neg.size() - 1, static_cast<size_t>(fa * neg.size()))];
        auto above = [&](const std::vector<double>& v) {
            return v.empty() ? 0.0 : 100.0 * std::count_if(v.begin(), v.end(), [&](double p) { return p > t; }) / v.size();
        };
        std::printf("  %.0f%%: %.1f%% (%.1f%%)", fa * 100, above(pos), above(pos_indirect));
    }
    std::printf("\n");
}

void print_rates(const char* name, int n, const Rates& r) {
    std::printf("  %-14s %5d  %5.1f%%  %5.1f%%  %5.1f%%  %5.1f%%  %5.1f%% |  %5.1f%%", name, n, r.recall(), r.of(0),
                r.of(1), r.of(2), r.of(3), r.false_alarms());
}

void report(const std::vector<Example>& all, const std::vector<OutOfFold>& oof, const Decision& d) {
    std::printf("\n  %-14s %5s  %6s  %6s  %6s  %6s  %6s |  %6s   (rules alone | rules OR model, leave-one-file-out)\n",
                "file", "n", "crisis", "explic", "indir", "danger", "medic", "neg");
    for (const auto& f : g_files) {
        auto r = rates(all, oof, d, Scope::OneFile, f, true), m = rates(all, oof, d, Scope::OneFile, f);
        print_rates(f.c_str(), r.crisis() + r.n[4], r);
        std::printf("  ||  %5.1f%%  %5.1f%%  %5.1f%%  %5.1f%%  %5.1f%% |  %5.1f%%\n", m.recall(), m.of(0), m.of(1),
                    m.of(2), m.of(3), m.false_alarms());
    }
    int vetoed_neg = 0, vetoed_crisis = 0;
    for (size_t i = 0; i < all.size(); i++)
        if (new_author(all[i].file) && all[i].rules && !fires(all[i], oof[i], d)) (all[i].y ? vetoed_crisis : vetoed_neg)++;
    std::printf("  the veto, on the files by new authors: overruled the rules on %d negatives and on %d crisis messages\n",
                vetoed_neg, vetoed_crisis);
    for (Scope s : {Scope::NewAuthors, Scope::All}) {
        auto r = rates(all, oof, d, s, "", true), m = rates(all, oof, d, s);
        print_rates(s == Scope::All ? "ALL" : "NEW AUTHORS", r.crisis() + r.n[4], r);
        std::printf("  ||  %5.1f%%  %5.1f%%  %5.1f%%  %5.1f%%  %5.1f%% |  %5.1f%%\n", m.recall(), m.of(0), m.of(1),
                    m.of(2), m.of(3), m.false_alarms());
    }
}

const double THRESHOLDS[] = {0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.875, 0.9, 0.91, 0.92, 0.93, 0.94, 0.95, 0.96, 0.97, 0.975, 0.985};
// Below 0.90 a danger reading takes messages about someone else's self-harm
// ("my brother says he's been cutting deeper every night"), and the care
// reply asks the speaker whether they are safe (the lead's retrain kept 0.90
// by hand for this; companion.SafetyLearned.ABlockerBeatsTheModel).
const double MIN_THRESHOLD_OTHERS = 0.90;
const double VETOES[] = {0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6};
// A message of at most this many words is not vetoed (0: every message may be).
const int VETO_MIN_WORDS[] = {0, 6, 8, 10, 12};

// The decision with the best held-out recall on the files by new authors
// where the rules OR the model fire on at most `budget` % of the held-out
// negatives, over those files and over every file; its score in *score.
Decision best_decision(const std::vector<Example>& all, const std::vector<OutOfFold>& oof, double budget, double* score) {
    Decision best;
    *score = -1e18;
    for (int blocks = 0; blocks < 4; blocks++)
        for (double veto : VETOES)
            for (int min_words : VETO_MIN_WORDS)
                for (double t : THRESHOLDS)
                    for (double to : THRESHOLDS) {
                        if (to < MIN_THRESHOLD_OTHERS) continue;
                        if (veto == 0 && min_words) continue;
                        Decision d{t, to, veto, (blocks & 1) != 0, (blocks & 2) != 0, min_words};
                        auto a = rates(all, oof, d, Scope::All), u = rates(all, oof, d, Scope::NewAuthors);
                        const double worst = std::max(a.false_alarms(), u.false_alarms());
                        const double sc = (worst <= budget ? 0 : -1000 * worst) + u.recall() + 0.01 * a.recall();
                        if (sc > *score + 1e-9) *score = sc, best = d;
                    }
    return best;
}

// Leaves each feature family out in turn (the features are read once) and
// prints what the cross-validated decision makes of it: which families
// carry over to new authors and which only fit the files they came from.
void ablate(const std::vector<Example>& all, const std::vector<std::string>& names, TrainOptions opt, int n_files,
            const std::function<int(size_t)>& fold, double budget, const std::vector<std::string>& families) {
    const auto keep = opt.keep;
    for (const auto& family : families) {
        const char* fam = family.c_str();
        opt.keep = keep;
        for (size_t g = 0; g < names.size(); g++)
            if (*fam && names[g].rfind(fam, 0) == 0) opt.keep[g] = 0;
        auto lofo = cross_validate(all, static_cast<int>(names.size()), opt, n_files, fold);
        double score = 0;
        const Decision d = best_decision(all, lofo, budget, &score);
        auto u = rates(all, lofo, d, Scope::NewAuthors), a = rates(all, lofo, d, Scope::All);
        print_ranking(all, lofo);
        std::printf("  without %-5s new authors %5.1f%% crisis %5.1f%% indirect %4.1f%% neg | all %5.1f%% %5.1f%% %4.1f%%  (thr %.3f/%.3f veto %.2f)\n",
                    *fam ? fam : "-", u.recall(), u.of(1), u.false_alarms(), a.recall(), a.of(1), a.false_alarms(),
                    d.threshold, d.threshold_others, d.veto);
        std::fflush(stdout);
    }
}

// The chosen setting's out-of-fold misses on the files by new authors
// (training files only: the scored sets are never read), to see which
// kinds of wording the features do not carry across authors.
void print_misses(const std::vector<Example>& all, const std::vector<OutOfFold>& oof, const Decision& d) {
    for (size_t i = 0; i < all.size(); i++) {
        const Example& e = all[i];
        if (!new_author(e.file) || fires(e, oof[i], d) == (e.y != 0)) continue;
        std::printf("  miss %-8s %-9s p=%.2f %s  %s\n", e.file.c_str(), e.label.c_str(), oof[i].p_crisis,
                    e.rules ? "[rule]" : "", e.text.c_str());
    }
}

// Each rule on the files by new authors (the rules were never tuned on
// them): crisis messages and negatives it fired on, and how many of each
// stand after the veto.
void print_rule_precision(const std::vector<Example>& all, const std::vector<OutOfFold>& oof, const Decision& d) {
    std::map<std::string, std::array<int, 4>> by_rule;
    for (size_t i = 0; i < all.size(); i++) {
        const Example& e = all[i];
        if (!new_author(e.file) || !e.rules) continue;
        auto& t = by_rule[e.rules.rule];
        const bool stands = fires(e, oof[i], d);
        t[e.y ? 0 : 1]++;
        t[e.y ? 2 : 3] += stands;
    }
    std::printf("\n  %-28s %6s %6s | after the veto %6s %6s\n", "rule", "crisis", "neg", "crisis", "neg");
    for (const auto& [rule, t] : by_rule)
        std::printf("  %-28s %6d %6d | %21d %6d\n", rule.c_str(), t[0], t[1], t[2], t[3]);
}

// Every message's out-of-fold reading (training files only), one TSV line each.
void dump(const std::vector<Example>& all, const std::vector<OutOfFold>& oof, const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "w");
    if (!f) {
        std::fprintf(stderr, "safety_train: cannot write %s\n", path.c_str());
        return;
    }
    std::fprintf(f, "file\tlabel\ty\tp_crisis\tkind\tp_veto\trule\tlaughing\teveryday\tabout_other\taccident\tempty\tdenied\trecovered\twords\ttext\n");
    for (size_t i = 0; i < all.size(); i++) {
        const Example& e = all[i];
        std::fprintf(f, "%s\t%s\t%d\t%.4f\t%d\t%.4f\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\n", e.file.c_str(),
                     e.label.c_str(), e.y, oof[i].p_crisis, oof[i].kind, oof[i].p_veto, e.rules ? e.rules.rule.c_str() : "-",
                     e.in.laughing, e.in.everyday, e.in.about_other, e.in.accident, e.in.empty, e.in.denied, e.in.recovered,
                     e.words, e.text.c_str());
    }
    std::fclose(f);
}

void write_weights(const Model& m, const std::vector<std::string>& names, const Decision& d, const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "w");
    if (!f) {
        std::fprintf(stderr, "safety_train: cannot write %s\n", path.c_str());
        return;
    }
    std::fprintf(f,
                 "// Generated by bench/safety_train.cpp; do not edit (re-run it).\n"
                 "// The crisis detector's learned layer: weights per feature for none,\n"
                 "// self-harm, danger, medical (see safety_learned.h).\n"
                 "#include \"companion/safety_learned.h\"\n\nnamespace os1::companion::safety {\n\nnamespace {\n"
                 "const ModelWeight WEIGHTS[] = {\n");
    std::vector<std::pair<std::string, int>> rows;  // sorted by name: byte order, as strcmp
    for (size_t g = 0; g < names.size(); g++)
        if (m.local[g] >= 0) rows.emplace_back(names[g], m.local[g]);
    std::sort(rows.begin(), rows.end());
    int kept = 0;
    for (const auto& [feat, j] : rows) {
        const auto& w = m.w[j];
        if (std::max({std::fabs(w[0]), std::fabs(w[1]), std::fabs(w[2]), std::fabs(w[3])}) < 1e-3) continue;
        std::string esc;
        for (char c : feat) {
            if (c == '"' || c == '\\') esc += '\\';
            esc += c;
        }
        std::fprintf(f, "    {\"%s\", {%.4ff, %.4ff, %.4ff, %.4ff}},\n", esc.c_str(), w[0], w[1], w[2], w[3]);
        kept++;
    }
    std::fprintf(f,
                 "};\n}  // namespace\n\nconst EmbeddedModel& embedded_model() {\n"
                 "    static const EmbeddedModel m{WEIGHTS, %d, {%.4ff, %.4ff, %.4ff, %.4ff}, %.3ff, %s, %.3ff, %.3ff, %s, %d};\n"
                 "    return m;\n}\n\n}  // namespace os1::companion::safety\n",
                 kept, m.bias[0], m.bias[1], m.bias[2], m.bias[3], d.threshold, d.everyday_blocks ? "true" : "false",
                 d.veto, d.threshold_others, d.other_blocks_danger ? "true" : "false", d.veto_min_words);
    std::fclose(f);
    std::printf("wrote %s (%d features, threshold %.3f, danger and medical %.3f, veto %.3f above %d words)\n", path.c_str(),
                kept, d.threshold, d.threshold_others, d.veto, d.veto_min_words);
}

}  // namespace

int main(int argc, char** argv) {
    bool dry_run = false, fixed = false, list_misses = false, ablating = false;
    std::string dump_path;
    bool quick = false;  // --quick: no 5-fold figure (a dry run's last quarter)
    // Cross-validated in the fifth pass (files by new authors, rules OR model, at the
    // same false-alarm budget): L2 0.0001 / 0.0003 / 0.001 and minimum counts 1 / 2 / 3
    // came within a point or two of each other (0.001: 2-5 points lower); 2 keeps
    // the embedded table at half the size of 1.
    std::vector<double> l2s = {0.0003};
    std::vector<int> mins = {2};
    std::vector<std::string> drop, families;
    double budget = 3.0, crisis_weight = 1.0, lexical_l2 = 1.0;  // budget: % of held-out negatives the rules OR the model may fire on
    Decision fix;
    for (int i = 1; i < argc; i++) {
        std::string a = argv[i];
        if (a == "--dry-run") dry_run = true;
        else if (a == "--misses") list_misses = true;
        else if (a == "--dump" && i + 1 < argc) dump_path = argv[++i];
        else if (a == "--quick") quick = true;
        else if (a == "--ablate" && i + 1 < argc) {
            ablating = true;
            std::string list = argv[++i];  // e.g. ",c:,sb:" (an empty name: nothing left out)
            for (size_t p = 0;; p = list.find(',', p) + 1) {
                families.push_back(list.substr(p, list.find(',', p) - p));
                if (list.find(',', p) == std::string::npos) break;
            }
        }
        else if (a == "--lexical-l2" && i + 1 < argc) lexical_l2 = std::stod(argv[++i]);
        else if (a == "--l2" && i + 1 < argc) l2s = {std::stod(argv[++i])};
        else if (a == "--min" && i + 1 < argc) mins = {std::stoi(argv[++i])};
        else if (a == "--drop" && i + 1 < argc) drop.push_back(argv[++i]);
        else if (a == "--budget" && i + 1 < argc) budget = std::stod(argv[++i]);
        else if (a == "--crisis-weight" && i + 1 < argc) crisis_weight = std::stod(argv[++i]);
        else if (a == "--fix" && i + 1 < argc) {
            fixed = std::sscanf(argv[++i], "%lf,%lf,%lf,%d", &fix.threshold, &fix.threshold_others, &fix.veto,
                                &fix.veto_min_words) >= 3;
        } else {
            std::fprintf(stderr, "safety_train: unknown option %s (see the comment at the top of bench/safety_train.cpp)\n", a.c_str());
            return 2;
        }
    }
    const std::string root = OS1_SOURCE_DIR;
    const std::string dir = root + "/bench/data/safety/";
    g_files = training_files(dir);
    auto all = load_all(dir);
    for (const auto& e : all)
        if (is_scored(e.file)) return 2;  // cannot happen: load_all refuses; kept as the guarantee's second check
    std::vector<std::string> names;
    const int n_features = index_features(all, &names);
    TrainOptions opt;
    opt.crisis_weight = crisis_weight;
    opt.keep.assign(n_features, 1);
    for (int g = 0; g < n_features; g++)
        for (const auto& p : drop)
            if (names[g].rfind(p, 0) == 0 || names[g] == "bias:1") opt.keep[g] = 0;
    for (int g = 0; g < n_features; g++)
        if (names[g] == "bias:1") opt.keep[g] = 0;
    // Surface features (a word, its lemma, word pairs, letter groups) name
    // one author's wording; classes, cue sets, tone and the emotion reading
    // carry across authors. --lexical-l2 X holds the surface ones X times
    // more strongly, so the model leans on what carries over.
    opt.l2_scale.assign(n_features, 1.0f);
    for (int g = 0; g < n_features; g++)
        for (const char* p : {"w:", "n:", "b:", "sb:", "c:", "l:", "nl:"})
            if (names[g].rfind(p, 0) == 0) opt.l2_scale[g] = static_cast<float>(lexical_l2);
    std::printf("%zu labelled messages, %d distinct features, from", all.size(), n_features);
    for (const auto& f : g_files) std::printf(" %s", f.c_str());
    std::printf(" (fresh2, fresh8, fresh9, fresh10, fresh11 and fresh12 are never read)\n");
    const int n_files = static_cast<int>(g_files.size());
    auto file_fold = [&](size_t i) {
        for (int f = 0; f < n_files; f++)
            if (all[i].file == g_files[f]) return f;
        return 0;
    };
    if (ablating) {
        opt.min_count = mins.front(), opt.l2 = l2s.front();
        ablate(all, names, opt, n_files, file_fold, budget, families);
        return 0;
    }
    Decision best;
    double best_score = -1e18;
    TrainOptions best_opt = opt;
    std::vector<OutOfFold> best_lofo;
    for (int min_count : mins)
        for (double l2 : l2s) {
            opt.min_count = min_count, opt.l2 = l2;
            auto lofo = cross_validate(all, n_features, opt, n_files, file_fold);
            std::printf("\nmin count %d, L2 %.4f, leave-one-file-out, rules OR model:\n", min_count, l2);
            print_ranking(all, lofo);
            for (double t : THRESHOLDS) {  // the self-harm threshold alone, for the record
                Decision d{t, std::max(t, MIN_THRESHOLD_OTHERS), 0.3, false, false};
                auto a = rates(all, lofo, d, Scope::All), u = rates(all, lofo, d, Scope::NewAuthors);
                std::printf("  thr %.3f  new authors %5.1f%% crisis %5.1f%% indirect %5.1f%% neg | all %5.1f%% %5.1f%% %5.1f%%\n",
                            t, u.recall(), u.of(1), u.false_alarms(), a.recall(), a.of(1), a.false_alarms());
            }
            double score = 0;
            Decision d = best_decision(all, lofo, budget, &score);
            if (fixed) {
                d = fix;
                auto a = rates(all, lofo, d, Scope::All), u = rates(all, lofo, d, Scope::NewAuthors);
                score = u.recall() + 0.01 * a.recall();
            }
            if (score > best_score + 1e-9) best_score = score, best = d, best_opt = opt, best_lofo = lofo;
        }
    std::printf("\nchosen: min count %d, L2 %.4f, threshold %.3f (danger, medical %.3f), veto %.2f (messages of more than %d words),"
                " everyday business %s,"
                " someone else %s a danger reading\n",
                best_opt.min_count, best_opt.l2, best.threshold, best.threshold_others, best.veto, best.veto_min_words,
                best.everyday_blocks ? "blocks" : "is a feature only", best.other_blocks_danger ? "blocks" : "does not block");
    report(all, best_lofo, best);
    if (!dump_path.empty()) dump(all, best_lofo, dump_path);
    if (list_misses) print_misses(all, best_lofo, best), print_rule_precision(all, best_lofo, best);
    if (quick && dry_run) return 0;
    auto kf = cross_validate(all, n_features, best_opt, 5, [](size_t i) { return static_cast<int>((i * 7919) % 5); });
    auto k = rates(all, kf, best, Scope::All);
    std::printf("  5 folds (mixes authors; flatters): crisis %.1f%%, indirect %.1f%%, negatives %.1f%%\n", k.recall(),
                k.of(1), k.false_alarms());
    if (dry_run) return 0;
    std::vector<const Example*> every;
    for (const auto& e : all) every.push_back(&e);
    write_weights(train::train(every, n_features, best_opt), names, best, root + "/src/companion/safety_model_weights.cpp");
    return 0;
}
