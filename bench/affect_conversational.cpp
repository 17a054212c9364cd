// How os1's affect classifier reads conversational messages, the kind a
// person writes to a companion (GoEmotions is Reddit comments): questions,
// loneliness and grief, crisis sentences, sarcasm, plain statements. Reads
// a TSV in the GoEmotions layout (text<TAB>label ids<TAB>id) whose ids name
// the category ("conv-q-001": q questions, s surprise, l loneliness/grief/
// loss, c crisis, x sarcasm, p positive, n neutral statements, a others).
//
//   build/bench/affect_conversational                 # the held-out slice
//   build/bench/affect_conversational --split bench/data/affect/conversational_train.tsv
//
// Per category and overall: how often the emotion os1 names (the top
// predicted GoEmotions label, as the companion's Perceiver picks it) falls
// in the gold label's Ekman family (curiosity counts with neutral: a
// question is not a surprise), how often the Ekman head's top label does,
// and the failures the companion must not make: a question read as
// surprise, a sad/lonely/crisis message read as joy, sarcasm read as joy.
#include <cstdio>
#include <map>

#include "affect/affect.h"
#include "affect/conversation.h"
#include "affect_common.h"
#include "core/args.h"

using namespace os1;
using namespace os1::affect;
using namespace os1::affect::bench;

namespace {

constexpr int EK_JOY = 3, EK_NEUTRAL = 4, EK_SURPRISE = 6;

// Ekman family of a GoEmotions label, with curiosity counted as neutral.
int family(int go) { return go == 7 ? EK_NEUTRAL : int(GO_TO_EKMAN[size_t(go)]); }

int top_label(const Affect& a) {
    int best = a.predicted[0];
    for (int id : a.predicted)
        if (a.emotions[size_t(id)] > a.emotions[size_t(best)]) best = id;
    return best;
}

int top_ekman(const Affect& a) {
    int best = a.ekman_predicted[0];
    for (int id : a.ekman_predicted)
        if (a.ekman[size_t(id)] > a.ekman[size_t(best)]) best = id;
    return best;
}

struct Tally {
    int n = 0, label_ok = 0, ekman_ok = 0, failures = 0;
};

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    std::string split = std::string(OS1_SOURCE_DIR) + "/bench/data/affect/conversational_heldout.tsv";
    std::string model_file;
    bool verbose = false, raw = false;
    ArgParser p("affect_conversational", "How the affect classifier reads conversational messages, per category.");
    p.option("split", 0, "FILE", "TSV to score (default: bench/data/affect/conversational_heldout.tsv)", &split);
    p.option("model", 0, "FILE", "weights file (default: the model built into this binary)", &model_file);
    p.flag("verbose", 'v', "print every message the classifier gets wrong", &verbose);
    p.flag("raw", 0, "the classifier alone, without analyze_message's calibration (conversation.h)", &raw);
    return run_parsed(p, args, [&] {
        auto model = model_file.empty() ? AffectModel::load_embedded() : AffectModel::load_file(model_file);
        if (!model) return report_error(model.error());
        auto data = load_goemotions(split);
        if (!data) return report_error(data.error());
        // Category from the id column, which load_goemotions drops: read it again.
        auto tsv = read_file(split);
        if (!tsv) return report_error(tsv.error());
        std::vector<char> cats;
        for (size_t pos = 0; pos < tsv->size();) {
            size_t end = tsv->find('\n', pos);
            if (end == std::string::npos) end = tsv->size();
            std::string_view line(tsv->data() + pos, end - pos);
            pos = end + 1;
            if (line.empty()) continue;
            size_t dash = line.rfind('-');
            size_t dash2 = dash == std::string_view::npos || dash == 0 ? dash : line.rfind('-', dash - 1);
            cats.push_back(dash2 == std::string_view::npos ? '?' : line[dash2 + 1]);
        }
        std::map<char, Tally> by_cat;
        Tally all;
        for (size_t i = 0; i < data->size(); ++i) {
            const Example& ex = (*data)[i];
            int gold = 27;
            for (size_t k = 0; k < N_GO; ++k)
                if (ex.y[k]) gold = int(k);
            const int gold_family = family(gold);
            Affect a = raw ? model->analyze(ex.text) : analyze_message(*model, ex.text);
            const int label = top_label(a), ekman = top_ekman(a);
            const int ekman_seen = ekman == EK_SURPRISE && gold_family == EK_NEUTRAL && label == 7 ? EK_NEUTRAL : ekman;
            const char cat = i < cats.size() ? cats[i] : '?';
            bool failure = false;
            if (cat == 'q') failure = label == 26 || std::find(a.predicted.begin(), a.predicted.end(), 26) != a.predicted.end();
            if (cat == 'l' || cat == 'c' || cat == 'x') failure = family(label) == EK_JOY || ekman == EK_JOY;
            Tally& t = by_cat[cat];
            for (Tally* x : {&t, &all}) {
                x->n++;
                x->label_ok += family(label) == gold_family;
                x->ekman_ok += ekman_seen == gold_family;
                x->failures += failure;
            }
            if (verbose && (family(label) != gold_family || failure))
                std::printf("  [%c] %-60s gold %-14s got %-14s ekman %s%s\n", cat, ex.text.substr(0, 60).c_str(),
                            std::string(GO_LABELS[size_t(gold)]).c_str(), std::string(GO_LABELS[size_t(label)]).c_str(),
                            std::string(EKMAN_LABELS[size_t(ekman)]).c_str(), failure ? "  FAILURE" : "");
        }
        const std::map<char, const char*> names = {{'q', "questions"}, {'s', "surprise"}, {'l', "loneliness/grief"},
                                                   {'c', "crisis"},    {'x', "sarcasm"},  {'p', "positive"},
                                                   {'n', "statements"}, {'a', "other emotions"}};
        std::printf("%s: %zu messages\n%-18s %4s %14s %14s %9s\n", split.c_str(), data->size(), "category", "n",
                    "label family", "ekman head", "failures");
        auto row = [](const char* name, const Tally& t) {
            std::printf("%-18s %4d %13.1f%% %13.1f%% %9d\n", name, t.n, 100.0 * t.label_ok / std::max(1, t.n),
                        100.0 * t.ekman_ok / std::max(1, t.n), t.failures);
        };
        for (const auto& [cat, t] : by_cat) row(names.count(cat) ? names.at(cat) : "other", t);
        row("all", all);
        std::printf("failures: a question read as surprise; a lonely, grieving, crisis or sarcastic message read as joy\n");
        return 0;
    });
}
