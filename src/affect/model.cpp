// Weights file format, loading and the forward pass.
//
// affect.bin, little-endian:
//   header (64 bytes): "OS1AFFCT", u32 version, u32 header size, u64 hash
//     seed, u32 dim, u32 n_word_rows, u32 n_char_buckets, u32 n_outputs,
//     f32 char_weight, u32 payload size, u32 payload checksum (checksum() below),
//     u32 bits per row value (8 or 4), f32 ekman_mix in [0, 1] (0 in files
//     written before it existed: the Ekman heads alone), zeros
//   payload: u64 word_keys[n_word_rows]; f32 row_scale[n_rows];
//     rows[n_rows][dim]: int8, or 4-bit (value+8, two per byte: byte j holds
//     value j in the low nibble and value j+dim/2 in the high one); f32 b1[dim]; f32 w2[n_outputs][dim];
//     f32 b2[n_outputs]; f32 thresholds[n_outputs]
//   where n_rows = n_word_rows + n_char_buckets.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "affect/affect.h"
#include "affect/features.h"
#include "affect/kernels.h"
#include "core/files.h"

namespace os1::affect {
namespace {

constexpr char MAGIC[8] = {'O', 'S', '1', 'A', 'F', 'F', 'C', 'T'};
constexpr uint32_t VERSION = 1;
constexpr uint32_t HEADER_BYTES = 64;
constexpr uint32_t MAX_DIM = 1024;

// FNV-1a style over 8-byte words (a byte at a time for the tail): catches
// damage, fast enough to check 4 MB on every load (~1 ms).
uint32_t checksum(std::string_view bytes) {
    uint64_t h = 0xcbf29ce484222325ULL;
    size_t i = 0;
    for (; i + 8 <= bytes.size(); i += 8) {
        uint64_t w;
        std::memcpy(&w, bytes.data() + i, 8);
        h = (h ^ w) * 0x100000001b3ULL;
        h ^= h >> 29;
    }
    for (; i < bytes.size(); ++i) h = (h ^ uint8_t(bytes[i])) * 0x100000001b3ULL;
    return uint32_t(h ^ (h >> 32));
}

template <typename T>
void put(std::string& out, const T& v) {
    out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

template <typename T>
void put_array(std::string& out, const T* data, size_t n) {
    out.append(reinterpret_cast<const char*>(data), n * sizeof(T));
}

// Reads from a byte range with bounds checks.
struct Reader {
    std::string_view bytes;
    size_t pos = 0;
    template <typename T>
    bool get(T& v) {
        if (bytes.size() - pos < sizeof v) return false;
        std::memcpy(&v, bytes.data() + pos, sizeof v);
        pos += sizeof v;
        return true;
    }
    template <typename T>
    bool get_array(std::vector<T>& v, size_t n) {
        if ((bytes.size() - pos) / sizeof(T) < n) return false;
        v.resize(n);
        std::memcpy(v.data(), bytes.data() + pos, n * sizeof(T));
        pos += n * sizeof(T);
        return true;
    }
};

float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }

uint64_t mix_slot(uint64_t key) { return key ^ (key >> 29); }

}  // namespace

void valence_arousal(std::span<const float, N_GO> probs, float& valence, float& arousal) {
    double total = 0, v = 0, a = 0;
    for (size_t i = 0; i < N_GO; ++i) {
        total += probs[i];
        v += probs[i] * GO_VAD[i].valence;
        a += probs[i] * GO_VAD[i].arousal;
    }
    if (total <= 1e-6) {
        valence = GO_VAD[GO_NEUTRAL].valence;
        arousal = GO_VAD[GO_NEUTRAL].arousal;
        return;
    }
    valence = std::clamp(float(v / total), -1.0f, 1.0f);
    arousal = std::clamp(float(a / total), 0.0f, 1.0f);
}

std::string serialize_model(const ModelData& m) {
    const size_t n_rows = m.word_keys.size() + m.n_char_buckets;
    const bool four = m.bits == 4;
    const float q_max = four ? 7.0f : 127.0f;
    const size_t row_bytes = four ? m.dim / 2 : m.dim;
    std::string payload;
    put_array(payload, m.word_keys.data(), m.word_keys.size());
    std::vector<float> scales(n_rows);
    std::vector<uint8_t> q(n_rows * row_bytes, 0);
    for (size_t r = 0; r < n_rows; ++r) {
        const float* row = &m.rows[r * m.dim];
        float max_abs = 0;
        for (size_t d = 0; d < m.dim; ++d) max_abs = std::max(max_abs, std::fabs(row[d]));
        float scale = max_abs > 0 ? max_abs / q_max : 1.0f;
        scales[r] = max_abs > 0 ? scale : 0.0f;
        for (size_t d = 0; d < m.dim; ++d) {
            long v = std::clamp<long>(std::lround(row[d] / scale), -long(q_max), long(q_max));
            if (four)  // first half of the row in the low nibbles, second half in the high ones
                q[r * row_bytes + d % row_bytes] |= uint8_t((v + 8) << (d < row_bytes ? 0 : 4));
            else
                q[r * row_bytes + d] = uint8_t(int8_t(v));
        }
    }
    put_array(payload, scales.data(), scales.size());
    put_array(payload, q.data(), q.size());
    put_array(payload, m.b1.data(), m.b1.size());
    put_array(payload, m.w2.data(), m.w2.size());
    put_array(payload, m.b2.data(), m.b2.size());
    put_array(payload, m.thresholds.data(), m.thresholds.size());

    std::string out;
    out.append(MAGIC, sizeof MAGIC);
    put(out, VERSION);
    put(out, HEADER_BYTES);
    put(out, m.seed);
    put(out, m.dim);
    put(out, uint32_t(m.word_keys.size()));
    put(out, m.n_char_buckets);
    put(out, uint32_t(N_OUTPUTS));
    put(out, m.char_weight);
    put(out, uint32_t(payload.size()));
    put(out, checksum(payload));
    put(out, m.bits);
    put(out, m.ekman_mix);
    out.resize(HEADER_BYTES, '\0');
    return out + payload;
}

Result<AffectModel> AffectModel::load_file(const std::filesystem::path& path) {
    auto bytes = TRY(read_file(path));
    return from_bytes(bytes, path.string());
}

Result<AffectModel> AffectModel::from_bytes(std::string_view bytes, std::string_view source) {
    auto corrupt = [&](std::string_view what) {
        return Error::corrupt(source, ": not a usable affect model (", what,
                              "); rebuild os1 or retrain with bench/affect_train (see src/affect/README.md)");
    };
    if (bytes.size() < HEADER_BYTES || std::memcmp(bytes.data(), MAGIC, sizeof MAGIC) != 0)
        return corrupt("missing OS1AFFCT header");
    Reader h{bytes.substr(0, HEADER_BYTES), sizeof MAGIC};
    uint32_t version = 0, header_bytes = 0, dim = 0, n_word = 0, n_char = 0, n_out = 0, payload_bytes = 0, stored_sum = 0;
    uint64_t seed = 0;
    float char_weight = 0;
    h.get(version);
    h.get(header_bytes);
    h.get(seed);
    h.get(dim);
    h.get(n_word);
    h.get(n_char);
    h.get(n_out);
    h.get(char_weight);
    h.get(payload_bytes);
    h.get(stored_sum);
    uint32_t bits = 0;
    h.get(bits);
    float ekman_mix = 0;
    h.get(ekman_mix);
    if (version != VERSION) return corrupt(str("format version ", version, ", this os1 reads ", VERSION));
    if (header_bytes != HEADER_BYTES || n_out != N_OUTPUTS || dim == 0 || dim > MAX_DIM ||
        (n_char & (n_char - 1)) != 0 || !std::isfinite(char_weight) || (bits != 8 && bits != 4) ||
        (bits == 4 && dim % 2 != 0) || !(ekman_mix >= 0 && ekman_mix <= 1))
        return corrupt("header values out of range");
    if (bytes.size() - HEADER_BYTES != payload_bytes) return corrupt("truncated or padded: size does not match header");
    std::string_view payload = bytes.substr(HEADER_BYTES);
    if (checksum(payload) != stored_sum) return corrupt("checksum mismatch");

    AffectModel m;
    m.m_seed = seed;
    m.m_dim = dim;
    m.m_n_word_rows = n_word;
    m.m_n_char_buckets = n_char;
    m.m_char_weight = char_weight;
    m.m_bits = bits;
    m.m_ekman_mix = ekman_mix;
    const size_t row_bytes = bits == 4 ? dim / 2 : dim;
    const size_t n_rows = size_t(n_word) + n_char;
    Reader r{payload};
    std::vector<uint64_t> keys;
    std::vector<float> thresholds;
    if (!r.get_array(keys, n_word) || !r.get_array(m.m_row_scale, n_rows) || !r.get_array(m.m_rows, n_rows * row_bytes) ||
        !r.get_array(m.m_b1, dim) || !r.get_array(m.m_w2, size_t(N_OUTPUTS) * dim) || !r.get_array(m.m_b2, N_OUTPUTS) ||
        !r.get_array(thresholds, N_OUTPUTS) || r.pos != payload.size())
        return corrupt("payload sizes do not match header");
    std::copy(thresholds.begin(), thresholds.end(), m.m_thresholds.begin());

    // Open addressing table, load ≤ 0.5.
    size_t cap = 16;
    while (cap < size_t(n_word) * 2) cap <<= 1;
    m.m_table_keys.assign(cap, 0);
    m.m_table_rows.assign(cap, 0);
    for (uint32_t row = 0; row < n_word; ++row) {
        uint64_t key = keys[row];
        if (key == 0) return corrupt("zero feature key");
        size_t slot = mix_slot(key) & (cap - 1);
        while (m.m_table_keys[slot] != 0) {
            if (m.m_table_keys[slot] == key) return corrupt("duplicate feature key");
            slot = (slot + 1) & (cap - 1);
        }
        m.m_table_keys[slot] = key;
        m.m_table_rows[slot] = row;
    }
    return m;
}

int64_t AffectModel::find_word_row(uint64_t key) const {
    if (key == 0) key = 1;
    const size_t mask = m_table_keys.size() - 1;
    size_t slot = mix_slot(key) & mask;
    while (true) {
        uint64_t k = m_table_keys[slot];
        if (k == key) return m_table_rows[slot];
        if (k == 0) return -1;
        slot = (slot + 1) & mask;
    }
}

void AffectModel::probabilities(std::string_view text, std::span<float, N_OUTPUTS> out) const {
    thread_local Features features;
    thread_local std::vector<uint32_t> rows;
    thread_local std::vector<float> hidden;  // (dim)
    extract_features(text, m_seed, features);
    rows.clear();
    for (uint64_t key : features.words)
        if (int64_t row = find_word_row(key); row >= 0) rows.push_back(uint32_t(row));
    const size_t n_word_feats = rows.size();
    const uint32_t char_mask = uint32_t(m_n_char_buckets - 1);
    if (m_n_char_buckets > 0)
        for (uint32_t h : features.chars) rows.push_back(uint32_t(m_n_word_rows + (h & char_mask)));
    const size_t n_char_feats = rows.size() - n_word_feats;

    const size_t dim = m_dim;
    hidden.assign(m_b1.begin(), m_b1.end());
    float* acc = hidden.data();
    const float w_word = n_word_feats ? 1.0f / std::sqrt(float(n_word_feats)) : 0.0f;
    const float w_char = n_char_feats ? m_char_weight / std::sqrt(float(n_char_feats)) : 0.0f;
    if (m_bits == 4) {
        thread_local std::vector<float> factors;
        factors.resize(rows.size());
        for (size_t k = 0; k < rows.size(); ++k) factors[k] = (k < n_word_feats ? w_word : w_char) * m_row_scale[rows[k]];
        accumulate_q4(m_rows.data(), dim / 2, rows.data(), factors.data(), rows.size(), acc);
    } else {
        for (size_t k = 0; k < rows.size(); ++k) {
            const uint32_t row = rows[k];
            const float f = (k < n_word_feats ? w_word : w_char) * m_row_scale[row];
            const int8_t* q = reinterpret_cast<const int8_t*>(&m_rows[size_t(row) * dim]);
            for (size_t d = 0; d < dim; ++d) acc[d] += f * float(q[d]);
        }
    }
    for (size_t d = 0; d < dim; ++d) acc[d] = std::max(acc[d], 0.0f);
    for (size_t o = 0; o < N_OUTPUTS; ++o) {
        const float* w = &m_w2[o * dim];
        float z = m_b2[o];
        for (size_t d = 0; d < dim; ++d) z += w[d] * acc[d];
        out[o] = sigmoid(z);
    }
    if (m_ekman_mix > 0) {  // blend each Ekman head with the most likely GoEmotions label mapped to it
        std::array<float, N_EKMAN> derived{};
        for (size_t g = 0; g < N_GO; ++g) derived[GO_TO_EKMAN[g]] = std::max(derived[GO_TO_EKMAN[g]], out[g]);
        for (size_t e = 0; e < N_EKMAN; ++e)
            out[N_GO + e] = (1 - m_ekman_mix) * out[N_GO + e] + m_ekman_mix * derived[e];
    }
}

Affect AffectModel::decide(std::span<const float, N_OUTPUTS> probs) const {
    Affect a;
    auto pick = [&](size_t first, size_t n, std::vector<int>& chosen) {
        int best = 0;
        float best_ratio = -1;
        for (size_t i = 0; i < n; ++i) {
            float p = probs[first + i], t = m_thresholds[first + i];
            if (p >= t) chosen.push_back(int(i));
            float ratio = p / std::max(t, 1e-6f);
            if (ratio > best_ratio) best_ratio = ratio, best = int(i);
        }
        if (chosen.empty()) chosen.push_back(best);  // the most likely label relative to its threshold
    };
    std::copy(probs.begin(), probs.begin() + N_GO, a.emotions.begin());
    std::copy(probs.begin() + N_GO, probs.end(), a.ekman.begin());
    pick(0, N_GO, a.predicted);
    pick(N_GO, N_EKMAN, a.ekman_predicted);
    valence_arousal(a.emotions, a.valence, a.arousal);
    return a;
}

Affect AffectModel::analyze(std::string_view text) const {
    std::array<float, N_OUTPUTS> probs;
    probabilities(text, probs);
    return decide(probs);
}

Json affect_to_json(const Affect& a) {
    auto round4 = [](float x) { return std::round(double(x) * 10000.0) / 10000.0; };
    Json emotions = Json::object(), ekman = Json::object(), predicted = Json::array(), ekman_predicted = Json::array();
    for (size_t i = 0; i < N_GO; ++i) emotions[std::string(GO_LABELS[i])] = round4(a.emotions[i]);
    for (size_t i = 0; i < N_EKMAN; ++i) ekman[std::string(EKMAN_LABELS[i])] = round4(a.ekman[i]);
    for (int i : a.predicted) predicted.push_back(GO_LABELS[size_t(i)]);
    for (int i : a.ekman_predicted) ekman_predicted.push_back(EKMAN_LABELS[size_t(i)]);
    Json j = Json::object();
    j["emotions"] = std::move(emotions);
    j["predicted"] = std::move(predicted);
    j["ekman"] = std::move(ekman);
    j["ekman_predicted"] = std::move(ekman_predicted);
    j["valence"] = round4(a.valence);
    j["arousal"] = round4(a.arousal);
    return j;
}

}  // namespace os1::affect
