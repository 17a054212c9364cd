// Tokenizer: loading from GGUF metadata, special-token splitting, decoding
// and streaming. The merge algorithms live in tokenizer_spm.cpp and
// tokenizer_bpe.cpp.
#include "engine/text/tokenizer.h"

#include <algorithm>

#include "core/log.h"
#include "engine/text/tokenizer_impl.h"

namespace os1::engine {

namespace {

// Texts that end a turn in common chat formats.
constexpr std::string_view EOG_TEXTS[] = {
    "<|eot_id|>", "<|im_end|>", "<|end|>",   "<end_of_turn>", "<|endoftext|>",
    "<|eom_id|>", "<EOT>",      "<|end_of_text|>", "<\xEF\xBD\x9C" "end\xE2\x96\x81of\xE2\x96\x81sentence\xEF\xBD\x9C>",
};
constexpr std::string_view EOT_TEXTS[] = {"<|eot_id|>", "<|im_end|>", "<end_of_turn>", "<|end|>", "<EOT>"};

int32_t id_or_none(const GgufFile& file, std::string_view key) {
    auto v = file.uint_or_none(key);
    if (!v || *v > static_cast<uint64_t>(INT32_MAX)) return -1;
    return static_cast<int32_t>(*v);
}

std::optional<bool> bool_or_none(const GgufFile& file, std::string_view key) {
    auto v = file.get_bool(key);
    if (v) return *v;
    return std::nullopt;
}

// Bytes at s[i] that form a valid prefix of some UTF-8 sequence (cut short
// by a bad byte or the end), 0 when s[i] cannot start one.
size_t utf8_prefix_len(std::string_view s, size_t i) {
    uint8_t c = static_cast<uint8_t>(s[i]);
    size_t need;
    if (c >= 0xC2 && c <= 0xDF) need = 2;
    else if (c >= 0xE0 && c <= 0xEF) need = 3;
    else if (c >= 0xF0 && c <= 0xF4) need = 4;
    else return 0;
    size_t k = 1;
    for (; k < need && i + k < s.size(); ++k) {
        uint8_t b = static_cast<uint8_t>(s[i + k]);
        uint8_t lo = 0x80, hi = 0xBF;
        if (k == 1) {
            if (c == 0xE0) lo = 0xA0;
            if (c == 0xED) hi = 0x9F;
            if (c == 0xF0) lo = 0x90;
            if (c == 0xF4) hi = 0x8F;
        }
        if (b < lo || b > hi) break;
    }
    return k;
}

constexpr std::string_view REPLACEMENT = "\xEF\xBF\xBD";

// Appends the valid UTF-8 of `bytes` to out with U+FFFD for bad sequences;
// returns how many bytes were consumed (a trailing incomplete sequence is
// left when keep_tail).
size_t sanitize_into(std::string_view bytes, std::string& out, bool keep_tail) {
    size_t i = 0;
    while (i < bytes.size()) {
        size_t len = detail::utf8_valid_len(bytes, i);
        if (len) {
            out.append(bytes, i, len);
            i += len;
            continue;
        }
        size_t prefix = utf8_prefix_len(bytes, i);
        if (keep_tail && prefix && i + prefix == bytes.size()) return i;  // may still complete
        out += REPLACEMENT;
        i += std::max<size_t>(prefix, 1);
    }
    return i;
}

}  // namespace

std::string sanitize_utf8(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    sanitize_into(bytes, out, false);
    return out;
}

Tokenizer::Tokenizer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Tokenizer::~Tokenizer() = default;

Result<std::unique_ptr<Tokenizer>> Tokenizer::from_gguf(const GgufFile& file) {
    auto model = file.get_string("tokenizer.ggml.model");
    if (!model) {
        return Error::invalid("the model file has no tokenizer (tokenizer.ggml.model is missing); "
                              "use a GGUF converted with its vocabulary");
    }
    Vocab v;
    if (*model == "llama") {
        v.kind = TokenizerKind::Spm;
    } else if (*model == "gpt2") {
        v.kind = TokenizerKind::Bpe;
    } else {
        return Error::unsupported("tokenizer model '", *model,
                                  "' is not supported (supported: 'llama' SentencePiece, 'gpt2' byte-level BPE)");
    }
    auto tokens = file.get_array("tokenizer.ggml.tokens");
    if (!tokens) return tokens.error().context("tokenizer");
    if ((*tokens)->array_type != GgufType::STRING) return Error::corrupt("tokenizer.ggml.tokens is not an array of strings");
    v.tokens.reserve((*tokens)->strings.size());
    for (std::string_view t : (*tokens)->strings) v.tokens.emplace_back(t);
    if (auto scores = file.get_array("tokenizer.ggml.scores")) {
        for (double d : (*scores)->numbers) v.scores.push_back(static_cast<float>(d));
    }
    if (auto types = file.get_array("tokenizer.ggml.token_type")) {
        for (double d : (*types)->numbers) {
            int t = static_cast<int>(d);
            v.types.push_back(t >= 0 && t <= 6 ? static_cast<TokenType>(t) : TokenType::Normal);
        }
    }
    if (auto merges = file.get_array("tokenizer.ggml.merges")) {
        v.merges.reserve((*merges)->strings.size());
        for (std::string_view m : (*merges)->strings) v.merges.emplace_back(m);
    }
    if (auto pre = file.string_or_none("tokenizer.ggml.pre")) v.pre = *pre;
    v.bos = id_or_none(file, "tokenizer.ggml.bos_token_id");
    v.eos = id_or_none(file, "tokenizer.ggml.eos_token_id");
    v.eot = id_or_none(file, "tokenizer.ggml.eot_token_id");
    v.eom = id_or_none(file, "tokenizer.ggml.eom_token_id");
    v.unk = id_or_none(file, "tokenizer.ggml.unknown_token_id");
    v.pad = id_or_none(file, "tokenizer.ggml.padding_token_id");
    if (v.kind == TokenizerKind::Spm) {
        // SentencePiece defaults, as llama.cpp assumes them.
        if (!file.find("tokenizer.ggml.bos_token_id")) v.bos = 1;
        if (!file.find("tokenizer.ggml.eos_token_id")) v.eos = 2;
        if (!file.find("tokenizer.ggml.unknown_token_id")) v.unk = 0;
    }
    v.add_bos = bool_or_none(file, "tokenizer.ggml.add_bos_token");
    v.add_eos = bool_or_none(file, "tokenizer.ggml.add_eos_token");
    v.add_space_prefix = bool_or_none(file, "tokenizer.ggml.add_space_prefix");
    return from_vocab(std::move(v));
}

Result<std::unique_ptr<Tokenizer>> Tokenizer::from_vocab(Vocab v) {
    const size_t n = v.tokens.size();
    if (n == 0) return Error::corrupt("tokenizer: the vocabulary is empty");
    if (n > static_cast<size_t>(INT32_MAX)) return Error::corrupt("tokenizer: the vocabulary is too large");
    if (!v.scores.empty() && v.scores.size() != n)
        return Error::corrupt("tokenizer: ", v.scores.size(), " scores for ", n, " tokens");
    if (!v.types.empty() && v.types.size() != n)
        return Error::corrupt("tokenizer: ", v.types.size(), " token types for ", n, " tokens");
    for (int32_t* id : {&v.bos, &v.eos, &v.eot, &v.eom, &v.unk, &v.pad}) {
        if (*id >= static_cast<int32_t>(n)) {
            log::warn("tokenizer: special token id ", *id, " is outside the vocabulary of ", n, "; ignored");
            *id = -1;
        }
    }
    if (v.kind == TokenizerKind::Bpe && v.merges.empty())
        return Error::corrupt("tokenizer: a BPE ('gpt2') tokenizer needs tokenizer.ggml.merges, which is missing");

    auto impl = std::make_unique<Impl>();
    if (v.types.empty() && v.kind == TokenizerKind::Spm) {
        // No types stored: recognise byte tokens by their spelling.
        v.types.assign(n, TokenType::Normal);
        for (size_t i = 0; i < n; ++i) {
            const auto& t = v.tokens[i];
            if (t.size() == 6 && t.compare(0, 3, "<0x") == 0 && t[5] == '>') v.types[i] = TokenType::Byte;
        }
        for (int32_t id : {v.bos, v.eos}) if (id >= 0) v.types[id] = TokenType::Control;
        if (v.unk >= 0) v.types[v.unk] = TokenType::Unknown;
    }
    impl->v = std::move(v);
    Impl& m = *impl;
    m.token_to_id.build(m.v.tokens);  // m.v.tokens never changes from here on
    const bool spm = m.v.kind == TokenizerKind::Spm;
    m.add_space_prefix = m.v.add_space_prefix.value_or(spm);
    if (spm) {
        m.init_spm();
        m.add_bos = m.v.add_bos.value_or(true);
    } else {
        bool known = true;
        m.pre = detail::PreTokenizer::create(m.v.pre, &known);
        if (!known) log::warn("tokenizer: unknown pre-tokenizer '", m.v.pre, "'; using the gpt-2 rules");
        m.init_bpe();
        std::vector<std::string>().swap(m.v.merges);  // now in m.merges; the text is not needed again
        m.add_bos = m.v.add_bos.value_or(m.pre->family() == "llama3");
    }

    // Special tokens, matched literally in text.
    for (size_t i = 0; i < n; ++i) {
        TokenType t = m.type(static_cast<int32_t>(i));
        if ((t == TokenType::Control || t == TokenType::UserDefined || t == TokenType::Unknown) &&
            !m.v.tokens[i].empty())
            m.specials[static_cast<uint8_t>(m.v.tokens[i][0])].push_back(static_cast<int32_t>(i));
    }
    for (auto& list : m.specials)
        std::stable_sort(list.begin(), list.end(),
                         [&](int32_t a, int32_t b) { return m.v.tokens[a].size() > m.v.tokens[b].size(); });

    // End of generation.
    m.eog.assign(n, 0);
    for (int32_t id : {m.v.eos, m.v.eot, m.v.eom}) if (id >= 0) m.eog[id] = 1;
    for (auto text : EOG_TEXTS) if (auto id = m.lookup(text)) m.eog[*id] = 1;
    if (m.v.eot < 0) {
        for (auto text : EOT_TEXTS) {
            if (auto id = m.lookup(text)) {
                m.v.eot = *id;
                break;
            }
        }
    }

    m.piece_start.resize(n + 1);
    for (size_t i = 0; i < n; ++i) {
        auto id = static_cast<int32_t>(i);
        m.piece_start[i] = static_cast<uint32_t>(m.piece_bytes.size());
        m.piece_bytes += spm ? m.piece_spm(id) : m.piece_bpe(id);
        if (m.piece_bytes.size() > UINT32_MAX) return Error::corrupt("tokenizer: the vocabulary's text exceeds 4 GiB");
    }
    m.piece_start[n] = static_cast<uint32_t>(m.piece_bytes.size());
    m.piece_bytes.shrink_to_fit();
    return std::unique_ptr<Tokenizer>(new Tokenizer(std::move(impl)));
}

std::vector<int32_t> Tokenizer::encode(std::string_view text, bool add_bos, bool parse_special) const {
    const Impl& m = *m_impl;
    std::vector<int32_t> out;
    out.reserve(text.size() / 3 + 2);
    if (add_bos && m.v.bos >= 0) out.push_back(m.v.bos);

    const bool spm = m.v.kind == TokenizerKind::Spm;
    bool prev_special = true;  // SPM: a space prefix starts the text and follows each special token
    std::string buffer;
    auto encode_fragment = [&](std::string_view fragment) {
        if (fragment.empty()) return;
        if (spm) {
            if (m.add_space_prefix && prev_special) {
                buffer.resize(fragment.size() + 1);
                buffer[0] = ' ';
                std::copy(fragment.begin(), fragment.end(), buffer.begin() + 1);
                m.encode_spm(buffer, out);
            } else {
                m.encode_spm(fragment, out);
            }
        } else {
            m.encode_bpe(fragment, out);
        }
        prev_special = false;
    };

    // Leftmost-longest match of special tokens; control and unknown tokens
    // only when parse_special (user-defined ones always, as llama.cpp does).
    size_t start = 0;
    {
        for (size_t i = 0; i < text.size();) {
            const auto& candidates = m.specials[static_cast<uint8_t>(text[i])];
            if (candidates.empty()) {
                ++i;
                continue;
            }
            int32_t found = -1;
            for (int32_t id : candidates) {
                const std::string& t = m.v.tokens[id];
                if (t.size() > text.size() - i || text.compare(i, t.size(), t) != 0) continue;
                if (!parse_special && m.type(id) != TokenType::UserDefined) continue;
                found = id;
                break;
            }
            if (found < 0) {
                ++i;
                continue;
            }
            encode_fragment(text.substr(start, i - start));
            out.push_back(found);
            prev_special = true;
            i += m.v.tokens[found].size();
            start = i;
        }
    }
    encode_fragment(text.substr(start));
    return out;
}

std::string Tokenizer::token_to_piece(int32_t id) const {
    if (id < 0 || id >= n_vocab()) return {};
    return std::string(m_impl->piece(id));
}

std::string Tokenizer::decode(std::span<const int32_t> ids) const {
    std::string out;
    bool first = true;
    const bool strip = m_impl->v.kind == TokenizerKind::Spm && m_impl->add_space_prefix;
    for (int32_t id : ids) {
        if (id < 0 || id >= n_vocab() || is_control(id)) continue;
        const std::string_view piece = m_impl->piece(id);
        if (first && strip && !piece.empty() && piece[0] == ' ') out.append(piece.substr(1));
        else out += piece;
        if (!piece.empty()) first = false;
    }
    return out;
}

int32_t Tokenizer::n_vocab() const { return static_cast<int32_t>(m_impl->v.tokens.size()); }
int32_t Tokenizer::bos() const { return m_impl->v.bos; }
int32_t Tokenizer::eos() const { return m_impl->v.eos; }
int32_t Tokenizer::eot() const { return m_impl->v.eot; }
int32_t Tokenizer::unk() const { return m_impl->v.unk; }
bool Tokenizer::is_eog(int32_t id) const { return id >= 0 && id < n_vocab() && m_impl->eog[id]; }
bool Tokenizer::is_control(int32_t id) const { return m_impl->type(id) == TokenType::Control; }
TokenType Tokenizer::token_type(int32_t id) const { return m_impl->type(id); }
const std::string& Tokenizer::token_text(int32_t id) const {
    static const std::string empty;
    if (id < 0 || id >= n_vocab()) return empty;
    return m_impl->v.tokens[id];
}
std::optional<int32_t> Tokenizer::find_token(std::string_view text) const { return m_impl->lookup(text); }
bool Tokenizer::add_bos_default() const { return m_impl->add_bos && m_impl->v.bos >= 0; }
TokenizerKind Tokenizer::kind() const { return m_impl->v.kind; }
const std::string& Tokenizer::pre() const {
    static const std::string none;
    return m_impl->pre ? m_impl->pre->family() : none;
}

StreamDecoder::StreamDecoder(const Tokenizer& tokenizer, bool strip_leading_space)
    : m_tokenizer(tokenizer), m_strip(strip_leading_space) {}

std::string StreamDecoder::push(int32_t id) {
    if (id < 0 || id >= m_tokenizer.n_vocab() || m_tokenizer.is_control(id)) return {};
    std::string piece = m_tokenizer.token_to_piece(id);
    if (piece.empty()) return {};
    if (m_first && m_strip) {
        m_first = false;
        auto* impl = m_tokenizer.m_impl.get();
        if (impl->v.kind == TokenizerKind::Spm && impl->add_space_prefix && piece[0] == ' ') piece.erase(0, 1);
    }
    m_pending += piece;
    std::string out;
    size_t used = sanitize_into(m_pending, out, true);
    m_pending.erase(0, used);
    return out;
}

std::string StreamDecoder::flush() {
    std::string out = sanitize_utf8(m_pending);
    m_pending.clear();
    m_first = true;
    return out;
}

}  // namespace os1::engine
