// Macro-F1 of os1's affect classifier on a GoEmotions split (dev by
// default), with the decision thresholds the model ships with: one row per
// label (threshold, F1, support), then macro/micro F1 for the
// 28-label task and the 7-label Ekman task.
//
//   build/bench/affect_eval [--split FILE.tsv] [--model affect.bin]
#include <cstdio>

#include "affect/affect.h"
#include "affect/conversation.h"
#include "affect_common.h"
#include "core/args.h"

using namespace os1;
using namespace os1::affect;
using namespace os1::affect::bench;

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    std::string split = (default_data_dir() / "dev.tsv").string();
    std::string model_file;
    bool quiet = false, conversational = false;
    ArgParser p("affect_eval", "Report macro-F1 (28 GoEmotions labels and 7 Ekman labels) with the model's thresholds.");
    p.option("split", 0, "FILE", "GoEmotions TSV to score (default: the kit's dev.tsv)", &split);
    p.option("model", 0, "FILE", "weights file (default: the model built into this binary)", &model_file);
    p.flag("quiet", 'q', "print only the two macro-F1 lines", &quiet);
    p.flag("conversational", 0, "read through analyze_message (what os1 uses: the sarcasm calibration)", &conversational);
    return run_parsed(p, args, [&] {
        auto model = model_file.empty() ? AffectModel::load_embedded() : AffectModel::load_file(model_file);
        if (!model) return report_error(model.error());
        auto data = load_goemotions(split);
        if (!data) return report_error(data.error());
        std::vector<std::vector<int>> go(data->size()), ek(data->size());
        for (size_t i = 0; i < data->size(); ++i) {
            const std::string& text = (*data)[i].text;
            Affect a = conversational ? analyze_message(*model, text) : model->analyze(text);
            go[i] = a.predicted;
            ek[i] = a.ekman_predicted;
        }
        Scores sg = score(go, *data, 0, N_GO);
        Scores se = score(ek, *data, N_GO, N_EKMAN);
        if (!quiet) {
            std::printf("%s: %zu texts\n\n%-16s %9s %7s %8s\n", split.c_str(), data->size(), "label", "threshold", "F1",
                        "support");
            auto rows = [&](size_t first, size_t n, const Scores& s, auto name) {
                for (size_t k = 0; k < n; ++k) {
                    size_t support = 0;
                    for (const auto& ex : *data) support += ex.y[first + k];
                    std::printf("%-16s %9.2f %7.3f %8zu\n", std::string(name(k)).c_str(),
                                model->thresholds()[first + k], s.f1[k], support);
                }
            };
            rows(0, N_GO, sg, [](size_t k) { return GO_LABELS[k]; });
            std::printf("\n");
            rows(N_GO, N_EKMAN, se, [](size_t k) { return EKMAN_LABELS[k]; });
            std::printf("\n");
        }
        std::printf("GoEmotions 28 labels: macro-F1 %.4f  micro-F1 %.4f\n", sg.macro, sg.micro);
        std::printf("Ekman 7 labels:       macro-F1 %.4f  micro-F1 %.4f\n", se.macro, se.micro);
        return 0;
    });
}
