// Byte-level BPE ("gpt2" tokenizer model).
//
// Each byte is shown as one printable code point (GPT-2's byte-to-unicode
// table), so tokens are strings over those code points. Text is split into
// words by the pre-tokenizer; in each word, adjacent symbols are merged by
// rank (lowest first, leftmost on ties) from tokenizer.ggml.merges. Symbols
// start as single bytes, so any byte sequence (even invalid UTF-8) encodes.
#include <algorithm>
#include <queue>

#include "core/log.h"
#include "engine/text/tokenizer_impl.h"

namespace os1::engine {

namespace {

struct Symbol {
    int32_t id;
    uint32_t len;  // bytes; 0 once merged into its left neighbour
    int32_t prev, next;
};

struct Bigram {
    int32_t rank;
    int32_t left, right;
    int32_t result;
    uint32_t size;
    bool operator<(const Bigram& o) const {
        // priority_queue pops the largest: lowest rank, then leftmost.
        return rank > o.rank || (rank == o.rank && left > o.left);
    }
};

uint64_t pair_key(int32_t l, int32_t r) {
    return (static_cast<uint64_t>(static_cast<uint32_t>(l)) << 32) | static_cast<uint32_t>(r);
}

}  // namespace

void Tokenizer::Impl::init_bpe() {
    // GPT-2 byte-to-unicode: printable Latin-1 bytes map to themselves, the
    // rest to 256, 257, ... in byte order.
    uint32_t next_cp = 256;
    for (int b = 0; b < 256; ++b) {
        bool printable = (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
        byte_to_cp[b] = printable ? static_cast<uint32_t>(b) : next_cp++;
        cp_to_byte[byte_to_cp[b]] = static_cast<uint8_t>(b);
    }
    for (int b = 0; b < 256; ++b) {
        std::string s;
        detail::append_utf8(s, byte_to_cp[b]);
        bpe_byte_token[b] = lookup(s).value_or(-1);
    }
    merges.reserve(v.merges.size());
    size_t skipped = 0;
    for (size_t rank = 0; rank < v.merges.size(); ++rank) {
        const std::string& m = v.merges[rank];
        size_t sp = m.find(' ', 1);
        if (sp == std::string::npos) {
            ++skipped;
            continue;
        }
        std::string_view left(m.data(), sp);
        std::string_view right(m.data() + sp + 1, m.size() - sp - 1);
        auto l = lookup(left), r = lookup(right);
        std::string joined;
        joined.reserve(m.size() - 1);
        joined.append(left).append(right);
        auto merged = lookup(joined);
        if (!l || !r || !merged) {
            ++skipped;
            continue;
        }
        merges.insert(pair_key(*l, *r), {static_cast<int32_t>(rank), *merged});
    }
    if (skipped) log::debug("tokenizer: ", skipped, " merges name tokens missing from the vocabulary; ignored");
}

void Tokenizer::Impl::encode_bpe(std::string_view text, std::vector<int32_t>& out) const {
    detail::CodePoints cps = detail::decode_code_points(text);
    std::vector<detail::Span> words = pre->split(cps);

    std::vector<Symbol> symbols;
    std::priority_queue<Bigram> queue;
    std::string mapped;
    for (const detail::Span& w : words) {
        uint32_t begin = cps.offsets[w.begin], end = cps.offsets[w.end];
        std::string_view word = text.substr(begin, end - begin);
        if (pre->ignore_merges()) {
            mapped.clear();
            for (char c : word) detail::append_utf8(mapped, byte_to_cp[static_cast<uint8_t>(c)]);
            if (auto id = lookup(mapped)) {
                out.push_back(*id);
                continue;
            }
        }
        symbols.clear();
        for (size_t i = 0; i < word.size(); ++i) {
            int32_t n = static_cast<int32_t>(symbols.size());
            symbols.push_back(Symbol{bpe_byte_token[static_cast<uint8_t>(word[i])], 1, n - 1,
                                     i + 1 < word.size() ? n + 1 : -1});
        }
        auto try_add = [&](int32_t left, int32_t right) {
            if (left < 0 || right < 0) return;
            const Symbol& l = symbols[left];
            const Symbol& r = symbols[right];
            if (l.id < 0 || r.id < 0) return;
            const auto* merge = merges.find(pair_key(l.id, r.id));
            if (!merge) return;
            queue.push(Bigram{merge->first, left, right, merge->second, l.len + r.len});
        };
        for (int32_t i = 1; i < static_cast<int32_t>(symbols.size()); ++i) try_add(i - 1, i);
        while (!queue.empty()) {
            Bigram b = queue.top();
            queue.pop();
            Symbol& l = symbols[b.left];
            Symbol& r = symbols[b.right];
            if (l.len == 0 || r.len == 0 || l.len + r.len != b.size || l.next != b.right) continue;  // stale
            l.id = b.result;
            l.len += r.len;
            r.len = 0;
            l.next = r.next;
            if (r.next >= 0) symbols[r.next].prev = b.left;
            try_add(l.prev, b.left);
            try_add(b.left, l.next);
        }
        for (int32_t i = symbols.empty() ? -1 : 0; i != -1; i = symbols[i].next) {
            int32_t id = symbols[i].id;
            if (id < 0) id = v.unk;
            if (id >= 0) out.push_back(id);
        }
    }
}

std::string Tokenizer::Impl::piece_bpe(int32_t id) const {
    const std::string& text = v.tokens[id];
    TokenType t = type(id);
    if (t == TokenType::Control || t == TokenType::UserDefined) return text;
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        size_t len = detail::utf8_valid_len(text, i);
        if (len == 2 || len == 3) {
            // Byte-level code points are all below U+0144: two bytes.
            const auto* u = reinterpret_cast<const uint8_t*>(text.data() + i);
            uint32_t cp = len == 2 ? ((u[0] & 0x1Fu) << 6) | (u[1] & 0x3Fu)
                                   : ((u[0] & 0x0Fu) << 12) | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu);
            auto it = cp_to_byte.find(cp);
            if (it != cp_to_byte.end()) out += static_cast<char>(it->second);
            else out.append(text, i, len);
        } else if (len == 1) {
            auto it = cp_to_byte.find(static_cast<uint8_t>(text[i]));
            if (it != cp_to_byte.end()) out += static_cast<char>(it->second);
            else out += text[i];
        } else {
            len = std::max<size_t>(len, 1);
            out.append(text, i, len);
        }
        i += len;
    }
    return out;
}

}  // namespace os1::engine
