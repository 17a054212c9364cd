// Shared by the affect training, evaluation and speed programs: GoEmotions
// TSV loading and the multi-label metrics (per-label F1, macro-F1,
// per-label threshold tuning).
#pragma once

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "affect/labels.h"
#include "core/files.h"
#include "core/paths.h"
#include "core/result.h"

namespace os1::affect::bench {

struct Example {
    std::string text;
    std::array<uint8_t, N_OUTPUTS> y{};  // 28 GoEmotions then 7 Ekman (mapped), 0/1
};

// Reads text<TAB>ids<TAB>id lines; Ekman targets come from GO_TO_EKMAN.
inline Result<std::vector<Example>> load_goemotions(const std::filesystem::path& file) {
    auto data = TRY(read_file(file));
    std::vector<Example> out;
    size_t pos = 0, line_no = 0;
    while (pos < data.size()) {
        size_t end = data.find('\n', pos);
        if (end == std::string::npos) end = data.size();
        std::string_view line(data.data() + pos, end - pos);
        pos = end + 1;
        line_no++;
        if (line.empty()) continue;
        size_t t1 = line.find('\t');
        size_t t2 = t1 == std::string::npos ? t1 : line.find('\t', t1 + 1);
        if (t2 == std::string::npos) return Error::invalid(file.string(), ":", line_no, ": expected text<TAB>labels<TAB>id");
        Example ex;
        ex.text = std::string(line.substr(0, t1));
        std::string_view ids = line.substr(t1 + 1, t2 - t1 - 1);
        size_t p = 0;
        while (p <= ids.size()) {
            size_t comma = ids.find(',', p);
            if (comma == std::string::npos) comma = ids.size();
            int id = std::atoi(std::string(ids.substr(p, comma - p)).c_str());
            if (id < 0 || id >= int(N_GO)) return Error::invalid(file.string(), ":", line_no, ": label id out of range");
            ex.y[size_t(id)] = 1;
            ex.y[N_GO + GO_TO_EKMAN[size_t(id)]] = 1;
            p = comma + 1;
        }
        out.push_back(std::move(ex));
    }
    return out;
}

inline std::filesystem::path default_data_dir() {
    auto shared = shared_dir();
    if (shared.empty()) shared = OS1_SHARED_DIR;
    return std::filesystem::path(shared) / "data" / "goemotions";
}

inline float f1(size_t tp, size_t fp, size_t fn) {
    return tp == 0 ? 0.0f : 2.0f * float(tp) / float(2 * tp + fp + fn);
}

// Best threshold for one output (probs[i] for example i) on a 0.01 grid.
inline float tune_threshold(const std::vector<float>& probs, const std::vector<uint8_t>& truth, float& best_f1) {
    float best_t = 0.5f;
    best_f1 = -1;
    for (int k = 2; k <= 95; ++k) {
        float t = float(k) / 100.0f;
        size_t tp = 0, fp = 0, fn = 0;
        for (size_t i = 0; i < probs.size(); ++i) {
            bool p = probs[i] >= t;
            tp += p && truth[i];
            fp += p && !truth[i];
            fn += !p && truth[i];
        }
        float f = f1(tp, fp, fn);
        if (f > best_f1) best_f1 = f, best_t = t;
    }
    return best_t;
}

// Per-label F1 of decided label sets. predicted[i] holds the chosen ids of
// example i in [first, first+n).
struct Scores {
    std::vector<float> f1;  // per label
    float macro = 0;
    float micro = 0;
};

inline Scores score(const std::vector<std::vector<int>>& predicted, const std::vector<Example>& data, size_t first,
                    size_t n) {
    std::vector<size_t> tp(n), fp(n), fn(n);
    for (size_t i = 0; i < data.size(); ++i) {
        std::vector<uint8_t> p(n, 0);
        for (int id : predicted[i]) p[size_t(id)] = 1;
        for (size_t k = 0; k < n; ++k) {
            bool t = data[i].y[first + k];
            tp[k] += p[k] && t;
            fp[k] += p[k] && !t;
            fn[k] += !p[k] && t;
        }
    }
    Scores s;
    size_t TP = 0, FP = 0, FN = 0;
    for (size_t k = 0; k < n; ++k) {
        s.f1.push_back(f1(tp[k], fp[k], fn[k]));
        s.macro += s.f1.back() / float(n);
        TP += tp[k], FP += fp[k], FN += fn[k];
    }
    s.micro = f1(TP, FP, FN);
    return s;
}

}  // namespace os1::affect::bench
