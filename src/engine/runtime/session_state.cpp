// A session's KV state on disk, and the model fingerprint that guards it.
//
// File format (version 1, little-endian, all offsets in bytes):
//
//   0   magic "OS1KVST\0"
//   8   u32 version (1)            12  u32 header size (160)
//   16  u64 model fingerprint      24  u64 model file size
//   32  u32 n_layer   36 u32 n_head_kv   40 u32 head_dim   44 u32 n_vocab
//   48  u32 n_embd    52 u32 kv type (1 = f16)
//   56  u32 n_ctx of the session that saved it
//   60  u32 n_tokens
//   64  char[32] architecture, 96 char[48] model name, 144 char[16] weight
//       type (zero-padded, for messages only)
//   160 i32 token ids [n_tokens]
//       then per layer: K rows [n_tokens][n_embd_kv] f16, V rows likewise
//   end u64 checksum (hash64 of every byte before it)
//
// Only the rows of the cached tokens are written (not n_ctx), so a state is
// 4 + 4 * n_layer * n_embd_kv bytes per token. Everything is checked before
// the cache is touched: a bad file leaves the session as it was.
#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>

#include "core/files.h"
#include "engine/engine.h"
#include "engine/runtime/forward.h"

namespace os1::engine {

static_assert(std::endian::native == std::endian::little, "the state file is written in host order");

namespace {

constexpr char MAGIC[8] = {'O', 'S', '1', 'K', 'V', 'S', 'T', '\0'};
constexpr uint32_t VERSION = 1;
constexpr size_t HEADER_BYTES = 160;
constexpr size_t TRAILER_BYTES = 8;
constexpr uint32_t KV_F16 = 1;

// A 64-bit non-cryptographic hash: four multiply-rotate lanes over 32-byte
// stripes, then the tail and a final avalanche. Several GB/s; any flipped
// bit or truncation changes it (with probability 1 - 2^-64).
constexpr uint64_t P1 = 0x9E3779B185EBCA87ULL;
constexpr uint64_t P2 = 0xC2B2AE3D27D4EB4FULL;
constexpr uint64_t P3 = 0x165667B19E3779F9ULL;

uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
uint64_t load64(const uint8_t* p) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
}
uint64_t avalanche(uint64_t h) {
    h ^= h >> 33;
    h *= P2;
    h ^= h >> 29;
    h *= P3;
    h ^= h >> 32;
    return h;
}

uint64_t hash64(const void* data, size_t n, uint64_t seed = 0) {
    const auto* p = static_cast<const uint8_t*>(data);
    const uint8_t* end = p + n;
    uint64_t h;
    if (n >= 32) {
        uint64_t a = seed + P1 + P2, b = seed + P2, c = seed, d = seed - P1;
        for (; p + 32 <= end; p += 32) {
            a = rotl(a + load64(p) * P2, 31) * P1;
            b = rotl(b + load64(p + 8) * P2, 31) * P1;
            c = rotl(c + load64(p + 16) * P2, 31) * P1;
            d = rotl(d + load64(p + 24) * P2, 31) * P1;
        }
        h = rotl(a, 1) + rotl(b, 7) + rotl(c, 12) + rotl(d, 18);
        for (uint64_t lane : {a, b, c, d}) h = (h ^ (rotl(lane * P2, 31) * P1)) * P1 + P3;
    } else {
        h = seed + P3;
    }
    h += static_cast<uint64_t>(n);
    for (; p + 8 <= end; p += 8) h = rotl(h ^ (rotl(load64(p) * P2, 31) * P1), 27) * P1 + P3;
    for (; p < end; p++) h = rotl(h ^ (*p * P3), 11) * P1;
    return avalanche(h);
}

// Appends plain values to a byte string (the fingerprint's input, the file).
struct Writer {
    std::string out;
    template <typename T>
    void put(const T& v) {
        out.append(reinterpret_cast<const char*>(&v), sizeof v);
    }
    void put_bytes(const void* data, size_t n) { out.append(static_cast<const char*>(data), n); }
    void put_str(std::string_view s) {
        put(static_cast<uint64_t>(s.size()));
        out.append(s);
    }
    void put_fixed(std::string_view s, size_t n) {  // zero-padded, truncated
        std::string f(s.substr(0, n - 1));
        f.resize(n, '\0');
        out.append(f);
    }
};

template <typename T>
T get(const std::string& bytes, size_t offset) {
    T v;
    std::memcpy(&v, bytes.data() + offset, sizeof v);
    return v;
}

std::string get_fixed(const std::string& bytes, size_t offset, size_t n) {
    std::string s(bytes.data() + offset, n);
    return s.substr(0, s.find('\0'));
}

std::string describe(std::string_view name, std::string_view arch, std::string_view type, uint64_t size) {
    return str("'", name, "' (", arch, ", ", type, ", ", size, " bytes)");
}

}  // namespace

uint64_t model_fingerprint(const Model& model) { return model.fingerprint(); }

uint64_t file_fingerprint(const GgufFile& f, const HParams& hp) {
    Writer w;
    w.put(static_cast<uint64_t>(f.file_size()));
    w.put(f.version());
    w.put_str(hp.arch);
    for (int v : {hp.n_vocab, hp.n_ctx_train, hp.n_embd, hp.n_layer, hp.n_head, hp.n_head_kv, hp.head_dim, hp.n_ff,
                  hp.n_rot, static_cast<int>(hp.rope_style)})
        w.put(static_cast<int32_t>(v));
    for (float v : {hp.rms_eps, hp.rope_freq_base, hp.rope_freq_scale}) w.put(v);
    for (const auto& [key, v] : f.metadata()) {
        w.put_str(key);
        w.put(static_cast<uint32_t>(v.type));
        w.put(v.u);
        w.put(v.i);
        w.put(v.f);
        w.put(static_cast<uint8_t>(v.b));
        w.put_str(v.s);
        w.put(static_cast<uint32_t>(v.array_type));
        w.put(v.array_count);
        for (const auto& s : v.strings) w.put_str(s);
        if (!v.numbers.empty()) w.put_bytes(v.numbers.data(), v.numbers.size() * sizeof(double));
    }
    // The layout of every tensor and its first bytes: another quantization
    // changes types and sizes, a fine-tune of the same shape the weights.
    constexpr size_t SAMPLE = 4096;
    for (const auto& t : f.tensors()) {
        w.put_str(t.name);
        w.put(static_cast<uint32_t>(t.type));
        for (int64_t d : t.shape) w.put(d);
        w.put(t.offset);
        w.put(static_cast<uint64_t>(t.n_bytes));
        if (t.data) w.put(hash64(t.data, std::min(t.n_bytes, SAMPLE)));
    }
    return hash64(w.out.data(), w.out.size(), 0x6F7331);  // "os1"
}

Result<void> Session::save_state(const std::filesystem::path& path, size_t n_tokens) const {
    const HParams& hp = m_model.hparams();
    const ModelInfo& info = m_model.info();
    const size_t n = std::min(n_tokens, m_tokens.size());
    const size_t row = static_cast<size_t>(hp.n_embd_kv());
    Writer w;
    w.out.reserve(HEADER_BYTES + n * 4 + 2 * static_cast<size_t>(hp.n_layer) * n * row * 2 + TRAILER_BYTES);
    w.put_bytes(MAGIC, sizeof MAGIC);
    w.put(VERSION);
    w.put(static_cast<uint32_t>(HEADER_BYTES));
    w.put(model_fingerprint(m_model));
    w.put(static_cast<uint64_t>(info.file_size));
    for (int v : {hp.n_layer, hp.n_head_kv, hp.head_dim, hp.n_vocab, hp.n_embd}) w.put(static_cast<uint32_t>(v));
    w.put(KV_F16);
    w.put(static_cast<uint32_t>(n_ctx()));
    w.put(static_cast<uint32_t>(n));
    w.put_fixed(info.architecture, 32);
    w.put_fixed(info.name, 48);
    w.put_fixed(info.type_summary, 16);
    if (w.out.size() != HEADER_BYTES) return Error::internal("state header is ", w.out.size(), " bytes");
    w.put_bytes(m_tokens.data(), n * sizeof(int32_t));
    const ForwardState& s = *m_state;
    for (int l = 0; l < hp.n_layer; l++) {
        const size_t layer0 = static_cast<size_t>(l) * static_cast<size_t>(s.n_ctx) * row;
        w.put_bytes(s.k_cache.data() + layer0, n * row * sizeof(uint16_t));
        w.put_bytes(s.v_cache.data() + layer0, n * row * sizeof(uint16_t));
    }
    w.put(hash64(w.out.data(), w.out.size()));
    auto written = write_file_atomic(path, w.out);
    if (!written) return written.error().context("cannot save the session state");
    return ok();
}

Result<void> Session::load_state(const std::filesystem::path& path) {
    const std::string where = str("'", path.string(), "'");
    auto read = read_file(path);
    if (!read) {
        if (read.error().code == ErrorCode::NotFound) return Error::not_found("no saved session state at ", where);
        return read.error().context("cannot read the session state");
    }
    const std::string& b = *read;
    if (b.size() < sizeof MAGIC || std::memcmp(b.data(), MAGIC, sizeof MAGIC) != 0)
        return Error::invalid(where, " is not an os1 session state (it does not start with the os1 KV magic)");
    if (b.size() < HEADER_BYTES + TRAILER_BYTES)
        return Error::corrupt(where, " is truncated (", b.size(), " bytes, less than a header); delete it");
    const uint32_t version = get<uint32_t>(b, 8);
    if (version != VERSION || get<uint32_t>(b, 12) != HEADER_BYTES)
        return Error::unsupported(where, " is a session state of format version ", version, "; this os1 reads version ",
                                  VERSION, " (delete the file; it will be recomputed)");

    const HParams& hp = m_model.hparams();
    const uint64_t n_layer = get<uint32_t>(b, 32), n_head_kv = get<uint32_t>(b, 36), head_dim = get<uint32_t>(b, 40);
    const uint64_t n_tokens = get<uint32_t>(b, 60);
    // Sizes from the header are bounded before multiplying (no overflow).
    constexpr uint64_t LIMIT = 1u << 24;
    if (n_layer > 4096 || n_head_kv > 4096 || head_dim > 65536 || n_tokens > LIMIT)
        return Error::corrupt(where, " has an impossible header (", n_layer, " layers, ", n_head_kv, " x ", head_dim,
                              " key dims, ", n_tokens, " tokens); delete it");
    const uint64_t row = n_head_kv * head_dim;
    const uint64_t expected = HEADER_BYTES + n_tokens * 4 + 2 * n_layer * n_tokens * row * 2 + TRAILER_BYTES;
    if (b.size() != expected)
        return Error::corrupt(where, " is ", b.size() < expected ? "truncated" : "longer than its header says", " (",
                              b.size(), " bytes; ", n_tokens, " tokens need ", expected, "); delete it");
    if (hash64(b.data(), b.size() - TRAILER_BYTES) != get<uint64_t>(b, b.size() - TRAILER_BYTES))
        return Error::corrupt(where, " is damaged (its checksum does not match); delete it");

    const ModelInfo& info = m_model.info();
    const uint64_t fingerprint = get<uint64_t>(b, 16);
    if (fingerprint != model_fingerprint(m_model) || n_layer != static_cast<uint64_t>(hp.n_layer) ||
        row != static_cast<uint64_t>(hp.n_embd_kv()) || get<uint32_t>(b, 44) != static_cast<uint32_t>(hp.n_vocab))
        return Error::invalid(where, " was saved from another model, ",
                              describe(get_fixed(b, 96, 48), get_fixed(b, 64, 32), get_fixed(b, 144, 16),
                                       get<uint64_t>(b, 24)),
                              "; it cannot be used with ",
                              describe(info.name, info.architecture, info.type_summary, info.file_size));
    if (get<uint32_t>(b, 52) != KV_F16)
        return Error::unsupported(where, " holds a KV cache of type ", get<uint32_t>(b, 52), "; this os1 reads f16 (1)");
    if (n_tokens > static_cast<uint64_t>(n_ctx()))
        return Error::out_of_range(where, " holds ", n_tokens, " tokens but this session's context holds ", n_ctx(),
                                   "; raise the context size (-c) to at least ", n_tokens);
    std::vector<int32_t> tokens(n_tokens);
    // (an empty session's vector has no buffer: memcpy to null is undefined even for 0 bytes)
    if (n_tokens > 0) std::memcpy(tokens.data(), b.data() + HEADER_BYTES, n_tokens * sizeof(int32_t));
    for (int32_t id : tokens)
        if (id < 0 || id >= hp.n_vocab)
            return Error::corrupt(where, " holds token id ", id, ", outside the vocabulary; delete it");

    // Valid: replace the cache.
    ForwardState& s = *m_state;
    const char* p = b.data() + HEADER_BYTES + n_tokens * sizeof(int32_t);
    const size_t rows_bytes = n_tokens * row * sizeof(uint16_t);
    for (int l = 0; l < hp.n_layer; l++) {
        std::memcpy(s.k_at(hp, l, 0), p, rows_bytes);
        p += rows_bytes;
        std::memcpy(s.v_at(hp, l, 0), p, rows_bytes);
        p += rows_bytes;
    }
    m_tokens = std::move(tokens);
    m_tokens.reserve(static_cast<size_t>(n_ctx()));
    return ok();
}

}  // namespace os1::engine
