// SentencePiece-style BPE ("llama" tokenizer model).
//
// Text is cut into UTF-8 characters; adjacent pairs whose concatenation is
// a token are queued by that token's score, and the best pair (highest
// score, leftmost on ties) is merged until none is left. Symbols that are
// not tokens fall back to <0xXX> byte tokens, else the unknown token.
// O(n log n): each merge adds at most two pairs to a heap.
#include <queue>

#include "engine/text/tokenizer_impl.h"

namespace os1::engine {

namespace {

constexpr std::string_view SPACE_MARK = "\xE2\x96\x81";  // U+2581 ▁

struct Symbol {
    uint32_t start = 0;  // byte offset in the escaped text
    uint32_t len = 0;    // 0 once merged into its left neighbour
    int32_t prev = -1;
    int32_t next = -1;
};

struct Bigram {
    float score;
    int32_t left, right;
    uint32_t size;
    bool operator<(const Bigram& o) const {
        // priority_queue pops the largest: highest score, then leftmost.
        return score < o.score || (score == o.score && left > o.left);
    }
};

}  // namespace

void Tokenizer::Impl::init_spm() {
    // Does any token hold a ▁ right after something other than ▁?
    spm_split_words = true;
    for (const auto& t : v.tokens) {
        for (size_t p = t.find(SPACE_MARK, 1); p != std::string::npos; p = t.find(SPACE_MARK, p + 1)) {
            if (p < SPACE_MARK.size() || t.compare(p - SPACE_MARK.size(), SPACE_MARK.size(), SPACE_MARK) != 0) {
                spm_split_words = false;
                break;
            }
        }
        if (!spm_split_words) break;
    }
    byte_token.fill(-1);
    static const char* hex = "0123456789ABCDEF";
    for (int b = 0; b < 256; ++b) {
        char buf[7] = {'<', '0', 'x', hex[b >> 4], hex[b & 15], '>', 0};
        if (auto id = lookup(buf)) {
            byte_token[b] = *id;
        } else if (auto single = lookup(std::string(1, static_cast<char>(b))); single && b < 0x80) {
            byte_token[b] = *single;
        }
    }
}

namespace {

// Merges one segment [begin, end) of the escaped text and appends its ids.
struct SpmSession {
    const Tokenizer::Impl& impl;
    std::string_view text;
    std::vector<Symbol> symbols;
    std::priority_queue<Bigram> queue;

    void try_add(int32_t left, int32_t right) {
        if (left < 0 || right < 0) return;
        const Symbol& l = symbols[left];
        const Symbol& r = symbols[right];
        auto id = impl.lookup(text.substr(l.start, l.len + r.len));
        if (!id) return;
        // Text never merges into a control or unknown token ("<s>"): only
        // parse_special matching produces those, as in SentencePiece.
        TokenType type = impl.type(*id);
        if (type == TokenType::Control || type == TokenType::Unknown) return;
        float score = impl.v.scores.empty() ? 0.0f : impl.v.scores[*id];
        queue.push(Bigram{score, left, right, l.len + r.len});
    }

    void run(size_t begin, size_t end, std::vector<int32_t>& out) {
        symbols.clear();
        for (size_t i = begin; i < end;) {
            size_t len = detail::utf8_valid_len(text.substr(0, end), i);
            if (len == 0) len = 1;
            Symbol s;
            s.start = static_cast<uint32_t>(i);
            s.len = static_cast<uint32_t>(len);
            s.prev = static_cast<int32_t>(symbols.size()) - 1;
            s.next = i + len < end ? static_cast<int32_t>(symbols.size()) + 1 : -1;
            symbols.push_back(s);
            i += len;
        }
        if (symbols.empty()) return;
        for (int32_t i = 1; i < static_cast<int32_t>(symbols.size()); ++i) try_add(i - 1, i);
        while (!queue.empty()) {
            Bigram b = queue.top();
            queue.pop();
            Symbol& l = symbols[b.left];
            Symbol& r = symbols[b.right];
            if (l.len == 0 || r.len == 0 || l.len + r.len != b.size) continue;  // stale
            l.len += r.len;
            r.len = 0;
            l.next = r.next;
            if (r.next >= 0) symbols[r.next].prev = b.left;
            try_add(l.prev, b.left);
            try_add(b.left, l.next);
        }
        for (int32_t i = 0; i != -1; i = symbols[i].next) {
            const Symbol& s = symbols[i];
            std::string_view piece = text.substr(s.start, s.len);
            if (auto id = impl.lookup(piece)) {
                out.push_back(*id);
                continue;
            }
            for (char c : piece) {
                int32_t id = impl.byte_token[static_cast<uint8_t>(c)];
                if (id < 0) id = impl.v.unk;
                if (id >= 0) out.push_back(id);
            }
        }
    }
};

}  // namespace

void Tokenizer::Impl::encode_spm(std::string_view raw, std::vector<int32_t>& out) const {
    // Escape spaces as ▁.
    std::string text;
    text.reserve(raw.size() + raw.size() / 4 + 3);
    for (char c : raw) {
        if (c == ' ') text += SPACE_MARK;
        else text += c;
    }
    if (text.empty()) return;
    SpmSession session{*this, text, {}, {}};
    if (!spm_split_words) {
        session.run(0, text.size(), out);
        return;
    }
    // No token joins a character to a following ▁, so no merge crosses the
    // start of a word ("x|▁y"): merging word by word gives the same result
    // with small heaps.
    size_t begin = 0;
    for (size_t i = 1; i + SPACE_MARK.size() <= text.size(); ++i) {
        if (text.compare(i, SPACE_MARK.size(), SPACE_MARK) != 0) continue;
        if (i >= SPACE_MARK.size() && text.compare(i - SPACE_MARK.size(), SPACE_MARK.size(), SPACE_MARK) == 0) continue;
        session.run(begin, i, out);
        begin = i;
        i += SPACE_MARK.size() - 1;
    }
    session.run(begin, text.size(), out);
}

std::string Tokenizer::Impl::piece_spm(int32_t id) const {
    const std::string& text = v.tokens[id];
    switch (type(id)) {
        case TokenType::Byte: {
            // "<0xXX>"
            if (text.size() == 6 && text.compare(0, 3, "<0x") == 0 && text[5] == '>') {
                unsigned value = 0;
                for (int k = 3; k < 5; ++k) {
                    char c = text[k];
                    value = value * 16 + static_cast<unsigned>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
                }
                return std::string(1, static_cast<char>(value & 0xFF));
            }
            return text;
        }
        case TokenType::Unknown: return "\xE2\x96\x85";  // ▅, as SentencePiece shows it
        case TokenType::Control:
        case TokenType::UserDefined: return text;
        default: break;
    }
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        if (text.compare(i, SPACE_MARK.size(), SPACE_MARK) == 0) {
            out += ' ';
            i += SPACE_MARK.size();
        } else {
            out += text[i++];
        }
    }
    return out;
}

}  // namespace os1::engine
