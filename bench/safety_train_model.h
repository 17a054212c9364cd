// The crisis detector's trainer (bench/safety_train.cpp): the labelled
// messages, the multinomial logistic regression and its cross-validation.
// Header-only, for the one trainer.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "companion/safety_learned.h"

namespace os1::companion::safety::train {

struct Example {
    std::string file, label, text;
    int y = 0;  // 0 none, 1 self-harm, 2 danger, 3 medical
    int words = 0;  // message_words(text)
    ModelInput in;
    CrisisSignal rules;    // what the rules say
    std::vector<int> ids;  // in.features as ids of the global dictionary
    std::vector<ModelInput> parts;           // where the rules fire: each clause's input (clause_texts)
    std::vector<std::vector<int>> part_ids;  // as ids
};

// Every feature of every example gets one id; folds select among them.
inline int index_features(std::vector<Example>& all, std::vector<std::string>* names) {
    std::map<std::string, int> dict;
    auto ids_of = [&](const ModelInput& in) {
        std::vector<int> ids;
        for (const auto& f : in.features) ids.push_back(dict.emplace(f, static_cast<int>(dict.size())).first->second);
        return ids;
    };
    for (auto& e : all) {
        e.ids = ids_of(e.in);
        e.part_ids.clear();
        for (const auto& p : e.parts) e.part_ids.push_back(ids_of(p));
    }
    names->assign(dict.size(), "");
    for (const auto& [f, id] : dict) (*names)[id] = f;
    return static_cast<int>(dict.size());
}

struct Model {
    std::vector<int> local;  // global id -> row of w (-1: not in the model)
    std::vector<std::array<double, 4>> w;
    double bias[4] = {0, 0, 0, 0};

    void probs(const std::vector<int>& ids, double p[4]) const {
        double z[4] = {bias[0], bias[1], bias[2], bias[3]};
        for (int g : ids) {
            int j = local[g];
            if (j < 0) continue;
            for (int k = 0; k < 4; k++) z[k] += w[j][k];
        }
        double mx = *std::max_element(z, z + 4), sum = 0;
        for (int k = 0; k < 4; k++) sum += (p[k] = std::exp(z[k] - mx));
        for (int k = 0; k < 4; k++) p[k] /= sum;
    }
};

struct TrainOptions {
    double l2 = 0.0003;
    int min_count = 2;  // features seen in at least this many training messages
    int epochs = 300;
    double crisis_weight = 1.0;  // weight of a crisis example's loss (a negative's is 1)
    std::vector<char> keep;      // per global id: 0 = left out (ablations); empty = all
    std::vector<float> l2_scale;  // per global id: a multiplier of l2 (empty = 1 for all)
};

// Full-batch AdaGrad on the weighted mean cross-entropy + l2/2 |w|^2, from
// zero weights: deterministic.
inline Model train(const std::vector<const Example*>& set, int n_features, const TrainOptions& o) {
    Model m;
    std::vector<int> count(n_features, 0);
    for (const auto* e : set)
        for (int g : e->ids) count[g]++;
    m.local.assign(n_features, -1);
    int rows = 0;
    for (int g = 0; g < n_features; g++)
        if (count[g] >= o.min_count && (o.keep.empty() || o.keep[g])) m.local[g] = rows++;
    m.w.assign(rows, {0, 0, 0, 0});
    std::vector<std::vector<int>> feats(set.size());
    std::vector<double> weight(set.size());
    double total = 0;
    for (size_t i = 0; i < set.size(); i++) {
        for (int g : set[i]->ids)
            if (m.local[g] >= 0) feats[i].push_back(m.local[g]);
        weight[i] = set[i]->y ? o.crisis_weight : 1.0;
        total += weight[i];
    }
    std::vector<std::array<double, 4>> g2(rows, {1e-8, 1e-8, 1e-8, 1e-8}), grad(rows);
    double b2[4] = {1e-8, 1e-8, 1e-8, 1e-8};
    const double lr = 0.5;
    std::vector<double> l2(rows, o.l2);
    if (!o.l2_scale.empty())
        for (int g = 0; g < n_features; g++)
            if (m.local[g] >= 0) l2[m.local[g]] = o.l2 * o.l2_scale[g];
    for (int epoch = 0; epoch < o.epochs; epoch++) {
        for (int j = 0; j < rows; j++)
            for (int k = 0; k < 4; k++) grad[j][k] = l2[j] * m.w[j][k];
        double gb[4] = {0, 0, 0, 0};
        for (size_t i = 0; i < set.size(); i++) {
            double z[4] = {m.bias[0], m.bias[1], m.bias[2], m.bias[3]};
            for (int j : feats[i])
                for (int k = 0; k < 4; k++) z[k] += m.w[j][k];
            double mx = *std::max_element(z, z + 4), sum = 0, p[4];
            for (int k = 0; k < 4; k++) sum += (p[k] = std::exp(z[k] - mx));
            for (int k = 0; k < 4; k++) {
                double d = weight[i] * (p[k] / sum - (set[i]->y == k ? 1.0 : 0.0)) / total;
                gb[k] += d;
                for (int j : feats[i]) grad[j][k] += d;
            }
        }
        for (int j = 0; j < rows; j++)
            for (int k = 0; k < 4; k++) {
                g2[j][k] += grad[j][k] * grad[j][k];
                m.w[j][k] -= lr * grad[j][k] / std::sqrt(g2[j][k]);
            }
        for (int k = 0; k < 4; k++) {
            b2[k] += gb[k] * gb[k];
            m.bias[k] -= lr * gb[k] / std::sqrt(b2[k]);
        }
    }
    return m;
}

struct OutOfFold {
    double p_crisis = 0;
    int kind = 0;
    double p_veto = 0;  // the largest p_crisis of the whole message and its clauses (the veto's reading)
};

// Out-of-fold scores: `fold_of(i)` names each example's fold.
template <class FoldOf>
std::vector<OutOfFold> cross_validate(const std::vector<Example>& all, int n_features, const TrainOptions& o,
                                      int folds, FoldOf fold_of) {
    std::vector<OutOfFold> out(all.size());
    for (int f = 0; f < folds; f++) {
        std::vector<const Example*> train_set;
        for (size_t i = 0; i < all.size(); i++)
            if (fold_of(i) != f) train_set.push_back(&all[i]);
        Model m = train(train_set, n_features, o);
        for (size_t i = 0; i < all.size(); i++) {
            if (fold_of(i) != f) continue;
            double p[4];
            m.probs(all[i].ids, p);
            out[i].p_crisis = out[i].p_veto = 1 - p[0];
            out[i].kind = static_cast<int>(std::max_element(p + 1, p + 4) - p);
            for (size_t k = 0; k < all[i].parts.size(); k++) {
                if (all[i].parts[k].empty) continue;
                m.probs(all[i].part_ids[k], p);
                out[i].p_veto = std::max(out[i].p_veto, 1 - p[0]);
            }
        }
    }
    return out;
}

}  // namespace os1::companion::safety::train
