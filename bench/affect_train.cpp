// Trains os1's affect classifier on GoEmotions and writes the weights file
// that src/affect embeds (src/affect/model/affect.bin).
//
//   build/bench/affect_train            # defaults = the committed model
//
// Deterministic: one thread, one seed (shuffles, initial weights, dropout,
// validation slice). The validation slice (--val-fraction of train) picks
// the epoch and tunes the per-label thresholds; the dev split is only
// reported, never used for a decision.
//
// Model: features.h → rows of an embedding table (word features kept when
// seen in ≥ --min-count training texts, character n-grams hashed into
// --char-buckets rows), summed with 1/sqrt(n) weights per group, + bias,
// ReLU, dropout → 35 sigmoid outputs (28 GoEmotions + 7 Ekman), binary
// cross-entropy, Adam (lazy for the sparse rows).
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <random>
#include <unordered_map>

#include "affect/affect.h"
#include "affect/features.h"
#include "affect_common.h"
#include "core/args.h"

using namespace os1;
using namespace os1::affect;
using namespace os1::affect::bench;

namespace {

struct Config {
    std::string data_dir;
    std::string out;
    int64_t seed = 20261124;
    int dim = 160;
    int epochs = 10;
    int min_count = 3;
    int char_buckets_log2 = 14;
    double char_weight = 0.5;
    double lr = 0.0007;
    double lr_decay = 0.85;
    double dropout = 0.5;
    double weight_decay = 0.0;
    double ekman_weight = 1.0;
    int bits = 4;
    double feature_dropout = 0.2;
    double val_fraction = 0.1;
    double ekman_mix = 0;  // weight of the derived Ekman probabilities in the Ekman outputs
    std::string extra;     // conversational calibration TSV (GoEmotions layout), "" = none
    int extra_weight = 0;  // copies of each extra example in training
};

struct Encoded {
    std::vector<uint32_t> rows;  // word rows first, then char rows
    uint32_t n_word = 0;
};

struct Net {
    size_t dim = 0, n_rows = 0;
    std::vector<float> E, b1, W2, b2;            // parameters
    std::vector<float> mE, vE, mb1, vb1, mW2, vW2, mb2, vb2;  // Adam moments
};

float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }

// Hidden pre-activation for one example.
void embed(const Net& net, const Encoded& ex, float w_char_base, float* a) {
    const size_t D = net.dim;
    std::copy(net.b1.begin(), net.b1.end(), a);
    size_t n_char = ex.rows.size() - ex.n_word;
    float ww = ex.n_word ? 1.0f / std::sqrt(float(ex.n_word)) : 0.0f;
    float wc = n_char ? w_char_base / std::sqrt(float(n_char)) : 0.0f;
    for (size_t k = 0; k < ex.rows.size(); ++k) {
        float w = k < ex.n_word ? ww : wc;
        const float* e = &net.E[size_t(ex.rows[k]) * D];
        for (size_t d = 0; d < D; ++d) a[d] += w * e[d];
    }
}

void forward(const Net& net, const Encoded& ex, float w_char, float* probs) {
    std::vector<float> a(net.dim);
    embed(net, ex, w_char, a.data());
    for (auto& x : a) x = std::max(x, 0.0f);
    for (size_t o = 0; o < N_OUTPUTS; ++o) {
        float z = net.b2[o];
        for (size_t d = 0; d < net.dim; ++d) z += net.W2[o * net.dim + d] * a[d];
        probs[o] = sigmoid(z);
    }
}

struct Adam {
    float lr = 0, b1 = 0.9f, b2 = 0.999f, eps = 1e-8f;
    float c1 = 1, c2 = 1;  // bias corrections for the current step
    void step(float* p, float* m, float* v, const float* g, size_t n) const {
        for (size_t i = 0; i < n; ++i) {
            m[i] = b1 * m[i] + (1 - b1) * g[i];
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
            p[i] -= lr * (m[i] / c1) / (std::sqrt(v[i] / c2) + eps);
        }
    }
};

struct Evaluation {
    std::array<float, N_OUTPUTS> thresholds{};
    float macro_go = 0, macro_ekman = 0;
};

// Tunes thresholds on (probs, data) and scores with analyze()'s decision rule.
Evaluation tune_and_score(const std::vector<std::array<float, N_OUTPUTS>>& probs, const std::vector<Example>& data) {
    Evaluation ev;
    for (size_t o = 0; o < N_OUTPUTS; ++o) {
        std::vector<float> p(probs.size());
        std::vector<uint8_t> t(probs.size());
        for (size_t i = 0; i < probs.size(); ++i) p[i] = probs[i][o], t[i] = data[i].y[o];
        float f;
        ev.thresholds[o] = tune_threshold(p, t, f);
    }
    return ev;
}

// Decides labels with the same rule as AffectModel::decide.
std::vector<std::vector<int>> decide_all(const std::vector<std::array<float, N_OUTPUTS>>& probs,
                                         const std::array<float, N_OUTPUTS>& th, size_t first, size_t n) {
    std::vector<std::vector<int>> out(probs.size());
    for (size_t i = 0; i < probs.size(); ++i) {
        int best = 0;
        float best_ratio = -1;
        for (size_t k = 0; k < n; ++k) {
            float p = probs[i][first + k], t = th[first + k];
            if (p >= t) out[i].push_back(int(k));
            if (p / t > best_ratio) best_ratio = p / t, best = int(k);
        }
        if (out[i].empty()) out[i].push_back(best);
    }
    return out;
}

// Ekman probabilities derived from the GoEmotions heads (max over the
// labels mapped to each Ekman label), for comparison with the trained head.
std::vector<std::array<float, N_OUTPUTS>> derive_ekman(std::vector<std::array<float, N_OUTPUTS>> probs) {
    for (auto& p : probs) {
        for (size_t e = 0; e < N_EKMAN; ++e) p[N_GO + e] = 0;
        for (size_t g = 0; g < N_GO; ++g) p[N_GO + GO_TO_EKMAN[g]] = std::max(p[N_GO + GO_TO_EKMAN[g]], p[g]);
    }
    return probs;
}

void scores_for(Evaluation& ev, const std::vector<std::array<float, N_OUTPUTS>>& probs, const std::vector<Example>& data) {
    ev.macro_go = score(decide_all(probs, ev.thresholds, 0, N_GO), data, 0, N_GO).macro;
    ev.macro_ekman = score(decide_all(probs, ev.thresholds, N_GO, N_EKMAN), data, N_GO, N_EKMAN).macro;
}

int train(const Config& cfg) {
    auto t0 = std::chrono::steady_clock::now();
    auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); };
    auto all = load_goemotions(std::filesystem::path(cfg.data_dir) / "train.tsv");
    if (!all) return report_error(all.error());
    auto dev = load_goemotions(std::filesystem::path(cfg.data_dir) / "dev.tsv");
    if (!dev) return report_error(dev.error());

    std::mt19937_64 rng(uint64_t(cfg.seed));
    std::vector<size_t> order(all->size());
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), rng);
    size_t n_val = size_t(double(all->size()) * cfg.val_fraction);
    std::vector<Example> val, trn;
    for (size_t i = 0; i < order.size(); ++i) (i < n_val ? val : trn).push_back((*all)[order[i]]);
    std::printf("data: %zu train, %zu validation (from train), %zu dev\n", trn.size(), val.size(), dev->size());
    // Conversational calibration examples (--extra), repeated --extra-weight
    // times in training only: validation, thresholds and the dev report stay
    // GoEmotions'.
    if (!cfg.extra.empty()) {
        auto extra = load_goemotions(cfg.extra);
        if (!extra) return report_error(extra.error());
        for (int r = 0; r < cfg.extra_weight; ++r) trn.insert(trn.end(), extra->begin(), extra->end());
        std::printf("extra: %zu conversational examples from %s, %d times each\n", extra->size(), cfg.extra.c_str(),
                    cfg.extra_weight);
    }

    const uint64_t seed = uint64_t(cfg.seed) * 0x9E3779B97F4A7C15ULL;
    const uint32_t n_char = 1u << cfg.char_buckets_log2;
    // Word vocabulary: features in ≥ min_count training texts, in order of first sight.
    std::unordered_map<uint64_t, uint32_t> doc_count;
    std::vector<uint64_t> first_seen;
    Features f;
    for (const auto& ex : trn) {
        extract_features(ex.text, seed, f);
        std::sort(f.words.begin(), f.words.end());
        f.words.erase(std::unique(f.words.begin(), f.words.end()), f.words.end());
        for (uint64_t h : f.words) {
            if (h == 0) h = 1;
            if (doc_count[h]++ == 0) first_seen.push_back(h);
        }
    }
    ModelData model;
    model.seed = seed;
    model.dim = uint32_t(cfg.dim);
    model.n_char_buckets = n_char;
    model.char_weight = float(cfg.char_weight);
    std::unordered_map<uint64_t, uint32_t> row_of;
    for (uint64_t h : first_seen)
        if (doc_count[h] >= uint32_t(cfg.min_count)) {
            row_of[h] = uint32_t(model.word_keys.size());
            model.word_keys.push_back(h);
        }
    const uint32_t n_word_rows = uint32_t(model.word_keys.size());
    std::printf("features: %zu word features seen, %u kept (min count %d), %u character buckets\n", first_seen.size(),
                n_word_rows, cfg.min_count, n_char);

    auto encode = [&](const std::vector<Example>& data) {
        std::vector<Encoded> out(data.size());
        for (size_t i = 0; i < data.size(); ++i) {
            extract_features(data[i].text, seed, f);
            for (uint64_t h : f.words) {
                auto it = row_of.find(h ? h : 1);
                if (it != row_of.end()) out[i].rows.push_back(it->second);
            }
            out[i].n_word = uint32_t(out[i].rows.size());
            for (uint32_t h : f.chars) out[i].rows.push_back(n_word_rows + (h & (n_char - 1)));
        }
        return out;
    };
    auto trn_x = encode(trn), val_x = encode(val), dev_x = encode(*dev);

    Net net;
    net.dim = size_t(cfg.dim);
    net.n_rows = n_word_rows + n_char;
    const size_t D = net.dim;
    std::uniform_real_distribution<float> uni(-1.0f, 1.0f);
    net.E.resize(net.n_rows * D);
    for (auto& x : net.E) x = 0.1f * uni(rng);
    net.b1.assign(D, 0.05f);
    net.W2.resize(N_OUTPUTS * D);
    float w2_scale = std::sqrt(6.0f / float(D + N_OUTPUTS));
    for (auto& x : net.W2) x = w2_scale * uni(rng);
    net.b2.resize(N_OUTPUTS);
    for (size_t o = 0; o < N_OUTPUTS; ++o) {
        double pos = 1;
        for (const auto& ex : trn) pos += ex.y[o];
        double prior = pos / double(trn.size() + 2);
        net.b2[o] = float(std::log(prior / (1 - prior)));
    }
    net.mE.assign(net.E.size(), 0);
    net.vE.assign(net.E.size(), 0);
    net.mb1.assign(D, 0), net.vb1.assign(D, 0), net.mW2.assign(net.W2.size(), 0), net.vW2.assign(net.W2.size(), 0);
    net.mb2.assign(N_OUTPUTS, 0), net.vb2.assign(N_OUTPUTS, 0);

    const float w_char = float(cfg.char_weight);
    auto predict_all = [&](const std::vector<Encoded>& xs) {
        std::vector<std::array<float, N_OUTPUTS>> probs(xs.size());
        for (size_t i = 0; i < xs.size(); ++i) forward(net, xs[i], w_char, probs[i].data());
        return probs;
    };

    Adam adam;
    adam.lr = float(cfg.lr);
    std::bernoulli_distribution keep(1.0 - cfg.dropout);
    std::vector<float> a(D), h(D), mask(D), dz(N_OUTPUTS), dh(D), da(D), gW2(N_OUTPUTS * D), grow(D);
    double step = 0;
    Net best;
    Evaluation best_ev;
    float best_score = -1;
    int best_epoch = 0;
    std::vector<size_t> idx(trn.size());
    std::iota(idx.begin(), idx.end(), 0);
    for (int epoch = 1; epoch <= cfg.epochs; ++epoch) {
        std::shuffle(idx.begin(), idx.end(), rng);
        double loss = 0;
        Encoded dropped;
        std::bernoulli_distribution keep_feature(1.0 - cfg.feature_dropout);
        for (size_t i : idx) {
            const Encoded* exp = &trn_x[i];
            if (cfg.feature_dropout > 0) {  // drop whole features, keeping at least one per group
                dropped.rows.clear();
                dropped.n_word = 0;
                const Encoded& src = trn_x[i];
                for (size_t k = 0; k < src.rows.size(); ++k) {
                    bool is_word = k < src.n_word;
                    if (keep_feature(rng) || (is_word ? k + 1 == src.n_word && dropped.n_word == 0
                                                      : k + 1 == src.rows.size() && dropped.rows.size() == dropped.n_word)) {
                        dropped.rows.push_back(src.rows[k]);
                        dropped.n_word += is_word;
                    }
                }
                exp = &dropped;
            }
            const Encoded& ex = *exp;
            embed(net, ex, w_char, a.data());
            for (size_t d = 0; d < D; ++d) {
                mask[d] = keep(rng) ? float(1.0 / (1.0 - cfg.dropout)) : 0.0f;
                h[d] = std::max(a[d], 0.0f) * mask[d];
            }
            for (size_t o = 0; o < N_OUTPUTS; ++o) {
                float z = net.b2[o];
                for (size_t d = 0; d < D; ++d) z += net.W2[o * D + d] * h[d];
                float p = sigmoid(z);
                float y = trn[i].y[o];
                loss -= y ? std::log(std::max(p, 1e-7f)) : std::log(std::max(1 - p, 1e-7f));
                dz[o] = (p - y) * (o >= N_GO ? float(cfg.ekman_weight) : 1.0f);
            }
            std::fill(dh.begin(), dh.end(), 0.0f);
            for (size_t o = 0; o < N_OUTPUTS; ++o)
                for (size_t d = 0; d < D; ++d) {
                    gW2[o * D + d] = dz[o] * h[d];
                    dh[d] += dz[o] * net.W2[o * D + d];
                }
            for (size_t d = 0; d < D; ++d) da[d] = a[d] > 0 ? dh[d] * mask[d] : 0.0f;
            step += 1;
            adam.c1 = float(1 - std::pow(adam.b1, step));
            adam.c2 = float(1 - std::pow(adam.b2, step));
            adam.step(net.W2.data(), net.mW2.data(), net.vW2.data(), gW2.data(), gW2.size());
            adam.step(net.b2.data(), net.mb2.data(), net.vb2.data(), dz.data(), N_OUTPUTS);
            adam.step(net.b1.data(), net.mb1.data(), net.vb1.data(), da.data(), D);
            size_t n_c = ex.rows.size() - ex.n_word;
            float ww = ex.n_word ? 1.0f / std::sqrt(float(ex.n_word)) : 0.0f;
            float wc = n_c ? w_char / std::sqrt(float(n_c)) : 0.0f;
            for (size_t k = 0; k < ex.rows.size(); ++k) {
                float w = k < ex.n_word ? ww : wc;
                for (size_t d = 0; d < D; ++d) grow[d] = w * da[d];
                size_t off = size_t(ex.rows[k]) * D;
                if (cfg.weight_decay > 0)
                    for (size_t d = 0; d < D; ++d) grow[d] += float(cfg.weight_decay) * net.E[off + d];
                adam.step(&net.E[off], &net.mE[off], &net.vE[off], grow.data(), D);
            }
        }
        auto vp = predict_all(val_x);
        Evaluation ev = tune_and_score(vp, val);
        scores_for(ev, vp, val);
        float s = ev.macro_go + ev.macro_ekman;
        auto vd = derive_ekman(vp);
        Evaluation evd = tune_and_score(vd, val);
        scores_for(evd, vd, val);
        std::printf("epoch %2d  loss %.4f  lr %.5f  val macro-F1 %.4f (28) %.4f (ekman head) %.4f (ekman derived)  %.0fs\n",
                    epoch, loss / double(trn.size()), adam.lr, ev.macro_go, ev.macro_ekman, evd.macro_ekman, elapsed());
        std::fflush(stdout);
        if (s > best_score) {
            best_score = s;
            best_ev = ev;
            best_epoch = epoch;
            best.E = net.E, best.b1 = net.b1, best.W2 = net.W2, best.b2 = net.b2;
        }
        adam.lr *= float(cfg.lr_decay);
    }
    std::printf("best epoch %d\n", best_epoch);
    model.rows = std::move(best.E);
    model.b1 = best.b1;
    model.w2 = best.W2;
    model.b2 = best.b2;
    model.thresholds = best_ev.thresholds;

    // Thresholds for the quantised model, tuned on the validation slice; the
    // dev split is scored once, for the report.
    std::string bytes;
    for (uint32_t bits : {8u, uint32_t(cfg.bits)}) {
        model.bits = bits;
        model.ekman_mix = 0;  // the heads alone; the blend is chosen below
        bytes = serialize_model(model);
        auto loaded = AffectModel::from_bytes(bytes, "trained model");
        if (!loaded) return report_error(loaded.error());
        auto probs_of = [&](const std::vector<Example>& data) {
            std::vector<std::array<float, N_OUTPUTS>> probs(data.size());
            for (size_t i = 0; i < data.size(); ++i) loaded->probabilities(data[i].text, probs[i]);
            return probs;
        };
        // The Ekman outputs may blend the Ekman head with the derived Ekman
        // probabilities (--ekman-mix); the validation score of a few blends
        // is printed for comparison. Thresholds are tuned for the chosen one.
        auto vq = probs_of(val);
        auto vd = derive_ekman(vq);
        Evaluation qv;
        const float best_mix = float(cfg.ekman_mix);
        std::vector<float> mixes = {0.0f, 0.25f, 0.5f, 0.75f, 1.0f};
        if (std::find(mixes.begin(), mixes.end(), best_mix) == mixes.end()) mixes.push_back(best_mix);
        for (float mix : mixes) {
            auto vm = vq;
            for (size_t i = 0; i < vm.size(); ++i)
                for (size_t e = 0; e < N_EKMAN; ++e) vm[i][N_GO + e] = (1 - mix) * vq[i][N_GO + e] + mix * vd[i][N_GO + e];
            Evaluation ev = tune_and_score(vm, val);
            scores_for(ev, vm, val);
            std::printf("  ekman mix %.2f: val macro-F1 %.4f (ekman)\n", mix, ev.macro_ekman);
            if (mix == best_mix) qv = ev;
        }
        model.ekman_mix = best_mix;
        model.thresholds = qv.thresholds;
        bytes = serialize_model(model);
        auto final_model = AffectModel::from_bytes(bytes, "trained model");
        if (!final_model) return report_error(final_model.error());
        std::vector<std::array<float, N_OUTPUTS>> dq(dev->size());
        for (size_t i = 0; i < dev->size(); ++i) final_model->probabilities((*dev)[i].text, dq[i]);
        Evaluation dv;
        dv.thresholds = qv.thresholds;
        scores_for(dv, dq, *dev);
        std::printf("ekman mix %.2f (--ekman-mix)\n", best_mix);
        std::printf("%u-bit rows: val macro-F1 %.4f (28) %.4f (ekman); dev macro-F1 %.4f (28) %.4f (ekman)\n", bits,
                    qv.macro_go, qv.macro_ekman, dv.macro_go, dv.macro_ekman);
    }
    if (auto w = write_file_atomic(cfg.out, bytes); !w) return report_error(w.error());
    std::printf("wrote %s (%zu bytes, %u word rows + %u character rows, dim %d) in %.0fs\n", cfg.out.c_str(),
                bytes.size(), n_word_rows, n_char, cfg.dim, elapsed());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    Config cfg;
    cfg.data_dir = default_data_dir().string();
    cfg.out = std::string(OS1_SOURCE_DIR) + "/src/affect/model/affect.bin";
    ArgParser p("affect_train", "Train the affect classifier on GoEmotions and write its weights file.");
    p.option("data", 0, "DIR", "GoEmotions folder with train.tsv and dev.tsv", &cfg.data_dir);
    p.option("out", 'o', "FILE", "weights file to write (default: src/affect/model/affect.bin)", &cfg.out);
    p.option("seed", 0, "N", "random seed (shuffles, init, dropout, validation slice)", &cfg.seed);
    p.option("dim", 0, "N", "hidden width", &cfg.dim);
    p.option("epochs", 0, "N", "training epochs (the best on validation is kept)", &cfg.epochs);
    p.option("min-count", 0, "N", "keep word features seen in at least N training texts", &cfg.min_count);
    p.option("char-buckets-log2", 0, "N", "2^N hashed character n-gram rows", &cfg.char_buckets_log2);
    p.option("char-weight", 0, "X", "weight of the character n-gram group", &cfg.char_weight);
    p.option("lr", 0, "X", "Adam learning rate", &cfg.lr);
    p.option("lr-decay", 0, "X", "learning-rate factor per epoch", &cfg.lr_decay);
    p.option("dropout", 0, "X", "dropout on the hidden layer", &cfg.dropout);
    p.option("weight-decay", 0, "X", "L2 penalty on the embedding rows an example touches", &cfg.weight_decay);
    p.option("ekman-weight", 0, "X", "loss weight of the 7 Ekman heads (GoEmotions heads weigh 1)", &cfg.ekman_weight);
    p.option("bits", 0, "N", "bits per embedding value in the weights file (8 or 4)", &cfg.bits);
    p.option("feature-dropout", 0, "X", "share of input features dropped per training example", &cfg.feature_dropout);
    p.option("ekman-mix", 0, "X", "Ekman outputs = (1-X)·Ekman head + X·max of the mapped GoEmotions (0..1)",
             &cfg.ekman_mix);
    p.option("extra", 0, "FILE", "conversational examples (GoEmotions TSV layout) mixed into training", &cfg.extra);
    p.option("extra-weight", 0, "N", "copies of each --extra example in training (default 0: none)", &cfg.extra_weight);
    p.option("val-fraction", 0, "X", "share of train held out for thresholds and early stopping", &cfg.val_fraction);
    return run_parsed(p, args, [&] {
        if (!(cfg.ekman_mix >= 0 && cfg.ekman_mix <= 1))
            return report_error(Error::invalid("--ekman-mix must be between 0 and 1"));
        return train(cfg);
    });
}
