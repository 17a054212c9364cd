// BPE pre-tokenizers: hand-written scanners for the common rules, ICU
// regexes for the rest. See tokenizer_pretok.h.
#include "engine/text/tokenizer_pretok.h"

#include <unicode/regex.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>

#include "core/log.h"

namespace os1::engine::detail {

size_t utf8_valid_len(std::string_view s, size_t i) {
    const auto b = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
    uint8_t c = b(i);
    size_t n = s.size();
    if (c < 0x80) return 1;
    if (c < 0xC2) return 0;
    auto cont = [&](size_t k) { return k < n && (b(k) & 0xC0) == 0x80; };
    if (c < 0xE0) return cont(i + 1) ? 2 : 0;
    if (c < 0xF0) {
        if (!cont(i + 1) || !cont(i + 2)) return 0;
        uint8_t c1 = b(i + 1);
        if (c == 0xE0 && c1 < 0xA0) return 0;   // overlong
        if (c == 0xED && c1 >= 0xA0) return 0;  // surrogate
        return 3;
    }
    if (c < 0xF5) {
        if (!cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return 0;
        uint8_t c1 = b(i + 1);
        if (c == 0xF0 && c1 < 0x90) return 0;   // overlong
        if (c == 0xF4 && c1 >= 0x90) return 0;  // past U+10FFFF
        return 4;
    }
    return 0;
}

uint8_t cp_flags(uint32_t cp) {
    if (cp == INVALID_CP) return 0;
    if (cp < 0x80) {
        // ASCII fast path.
        static const std::array<uint8_t, 128> table = [] {
            std::array<uint8_t, 128> t{};
            for (uint32_t c = 0; c < 128; ++c) {
                uint8_t f = 0;
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) f |= CP_LETTER;
                if (c >= '0' && c <= '9') f |= CP_NUMBER;
                if (c == ' ' || (c >= 0x09 && c <= 0x0D)) f |= CP_SPACE;
                if (c == '\r' || c == '\n') f |= CP_NEWLINE;
                if (u_ispunct(static_cast<UChar32>(c))) f |= CP_PUNCT;
                t[c] = f;
            }
            return t;
        }();
        return table[cp];
    }
    uint8_t f = 0;
    uint32_t mask = U_GET_GC_MASK(static_cast<UChar32>(cp));
    if (mask & U_GC_L_MASK) f |= CP_LETTER;
    if (mask & U_GC_N_MASK) f |= CP_NUMBER;
    if (mask & U_GC_P_MASK) f |= CP_PUNCT;
    if (u_hasBinaryProperty(static_cast<UChar32>(cp), UCHAR_WHITE_SPACE)) f |= CP_SPACE;
    return f;
}

void append_utf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

CodePoints decode_code_points(std::string_view text) {
    CodePoints r;
    r.cps.reserve(text.size());
    r.offsets.reserve(text.size() + 1);
    r.flags.reserve(text.size());
    size_t i = 0;
    while (i < text.size()) {
        size_t len = utf8_valid_len(text, i);
        uint32_t cp;
        if (len == 0) {
            cp = INVALID_CP;
            len = 1;
        } else {
            const auto* u = reinterpret_cast<const uint8_t*>(text.data() + i);
            switch (len) {
                case 1: cp = u[0]; break;
                case 2: cp = ((u[0] & 0x1Fu) << 6) | (u[1] & 0x3Fu); break;
                case 3: cp = ((u[0] & 0x0Fu) << 12) | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu); break;
                default: cp = ((u[0] & 0x07u) << 18) | ((u[1] & 0x3Fu) << 12) | ((u[2] & 0x3Fu) << 6) | (u[3] & 0x3Fu);
            }
        }
        r.cps.push_back(cp);
        r.offsets.push_back(static_cast<uint32_t>(i));
        r.flags.push_back(cp_flags(cp));
        i += len;
    }
    r.offsets.push_back(static_cast<uint32_t>(text.size()));
    return r;
}

struct PreTokenizer::Step {
    virtual ~Step() = default;
    // Appends the matches and the gaps between them that cover `piece`.
    virtual void split(const CodePoints& t, Span piece, std::vector<Span>& out) const = 0;
};

namespace {

void emit(std::vector<Span>& out, uint32_t a, uint32_t b) {
    if (a < b) out.push_back({a, b});
}

uint32_t ascii_lower(uint32_t c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

// Length of a contraction ('s 't 're 've 'm 'll 'd) at pos, or 0.
uint32_t contraction(const CodePoints& t, uint32_t pos, uint32_t end, bool any_case) {
    if (t.cps[pos] != '\'' || pos + 1 >= end) return 0;
    auto lower = [&](uint32_t c) { return any_case ? ascii_lower(c) : c; };
    uint32_t c1 = lower(t.cps[pos + 1]);
    if (c1 == 's' || c1 == 't' || c1 == 'm' || c1 == 'd') return 2;
    if (pos + 2 >= end) return 0;
    uint32_t c2 = lower(t.cps[pos + 2]);
    if ((c1 == 'r' && c2 == 'e') || (c1 == 'v' && c2 == 'e') || (c1 == 'l' && c2 == 'l')) return 3;
    return 0;
}

// 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)
struct Gpt2Step final : PreTokenizer::Step {
    void split(const CodePoints& t, Span piece, std::vector<Span>& out) const override {
        const auto& f = t.flags;
        uint32_t pos = piece.begin, end = piece.end;
        while (pos < end) {
            if (uint32_t n = contraction(t, pos, end, false)) {
                emit(out, pos, pos + n);
                pos += n;
                continue;
            }
            uint32_t q = pos;
            if (t.cps[pos] == ' ' && pos + 1 < end && !(f[pos + 1] & CP_SPACE)) q = pos + 1;
            uint8_t fq = f[q];
            uint32_t e = q + 1;
            if (fq & CP_LETTER) {
                while (e < end && (f[e] & CP_LETTER)) ++e;
            } else if (fq & CP_NUMBER) {
                while (e < end && (f[e] & CP_NUMBER)) ++e;
            } else if (!(fq & CP_SPACE)) {
                while (e < end && !(f[e] & (CP_SPACE | CP_LETTER | CP_NUMBER))) ++e;
            } else {
                // \s+(?!\S): the whole run at the end, else all but its last
                // character; a lone space before \S matches nothing (a gap).
                e = pos + 1;
                while (e < end && (f[e] & CP_SPACE)) ++e;
                if (e < end && e - pos >= 2) --e;
                else if (e < end) e = pos + 1;
            }
            emit(out, pos, e);
            pos = e;
        }
    }
};

// (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,K}|
//  ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
// K = 3 for llama3, 1 for qwen2.
struct Llama3Step final : PreTokenizer::Step {
    explicit Llama3Step(uint32_t max_digits) : m_max_digits(max_digits) {}
    void split(const CodePoints& t, Span piece, std::vector<Span>& out) const override {
        const auto& f = t.flags;
        uint32_t pos = piece.begin, end = piece.end;
        while (pos < end) {
            if (uint32_t n = contraction(t, pos, end, true)) {
                emit(out, pos, pos + n);
                pos += n;
                continue;
            }
            uint8_t fp = f[pos];
            uint32_t e = pos + 1;
            if ((fp & CP_LETTER) ||
                (!(fp & (CP_NEWLINE | CP_LETTER | CP_NUMBER)) && pos + 1 < end && (f[pos + 1] & CP_LETTER))) {
                if (!(fp & CP_LETTER)) ++e;
                while (e < end && (f[e] & CP_LETTER)) ++e;
            } else if (fp & CP_NUMBER) {
                while (e < end && e - pos < m_max_digits && (f[e] & CP_NUMBER)) ++e;
            } else {
                uint32_t q = pos;
                if (t.cps[pos] == ' ' && pos + 1 < end && !(f[pos + 1] & (CP_SPACE | CP_LETTER | CP_NUMBER))) q = pos + 1;
                if (!(f[q] & (CP_SPACE | CP_LETTER | CP_NUMBER))) {
                    e = q + 1;
                    while (e < end && !(f[e] & (CP_SPACE | CP_LETTER | CP_NUMBER))) ++e;
                    while (e < end && (f[e] & CP_NEWLINE)) ++e;
                } else {
                    // Whitespace at pos.
                    uint32_t run = pos + 1;
                    while (run < end && (f[run] & CP_SPACE)) ++run;
                    uint32_t last_nl = end;
                    for (uint32_t k = pos; k < run; ++k)
                        if (f[k] & CP_NEWLINE) last_nl = k;
                    if (last_nl != end) e = last_nl + 1;          // \s*[\r\n]+
                    else if (run == end) e = run;                 // \s+ at the end
                    else if (run - pos >= 2) e = run - 1;         // \s+(?!\S)
                    else e = pos + 1;                             // \s+
                }
            }
            emit(out, pos, e);
            pos = e;
        }
    }
    uint32_t m_max_digits;
};

// \p{N}: every number character on its own.
struct SingleDigitStep final : PreTokenizer::Step {
    void split(const CodePoints& t, Span piece, std::vector<Span>& out) const override {
        uint32_t gap = piece.begin;
        for (uint32_t k = piece.begin; k < piece.end; ++k) {
            if (t.flags[k] & CP_NUMBER) {
                emit(out, gap, k);
                emit(out, k, k + 1);
                gap = k + 1;
            }
        }
        emit(out, gap, piece.end);
    }
};

// Any rule as an ICU regex. \s and \S mean Unicode White_Space, as in the
// scanners above (ICU's own \s is narrower).
struct RegexStep final : PreTokenizer::Step {
    static std::unique_ptr<RegexStep> compile(std::string_view pattern) {
        std::string p;
        for (size_t i = 0; i < pattern.size(); ++i) {
            if (pattern[i] == '\\' && i + 1 < pattern.size()) {
                char n = pattern[i + 1];
                if (n == 's') { p += "\\p{White_Space}"; ++i; continue; }
                if (n == 'S') { p += "\\P{White_Space}"; ++i; continue; }
                p += pattern[i];
                p += n;
                ++i;
                continue;
            }
            p += pattern[i];
        }
        UErrorCode status = U_ZERO_ERROR;
        UParseError perr;
        std::unique_ptr<icu::RegexPattern> compiled(
            icu::RegexPattern::compile(icu::UnicodeString::fromUTF8(p), 0, perr, status));
        if (U_FAILURE(status) || !compiled) {
            log::error("tokenizer: cannot compile pre-tokenizer regex ", p, ": ", u_errorName(status));
            return nullptr;
        }
        auto step = std::make_unique<RegexStep>();
        step->m_pattern = std::move(compiled);
        return step;
    }

    void split(const CodePoints& t, Span piece, std::vector<Span>& out) const override {
        icu::UnicodeString u;
        std::vector<uint32_t> u16_to_cp;
        u16_to_cp.reserve((piece.end - piece.begin) * 2 + 1);
        for (uint32_t k = piece.begin; k < piece.end; ++k) {
            uint32_t cp = t.cps[k] == INVALID_CP ? 0xFFFD : t.cps[k];
            u.append(static_cast<UChar32>(cp));
            u16_to_cp.push_back(k);
            if (cp >= 0x10000) u16_to_cp.push_back(k);
        }
        u16_to_cp.push_back(piece.end);
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::RegexMatcher> m(m_pattern->matcher(u, status));
        if (U_FAILURE(status) || !m) {
            emit(out, piece.begin, piece.end);
            return;
        }
        uint32_t gap = piece.begin;
        while (m->find(status) && U_SUCCESS(status)) {
            int32_t s = m->start(status), e = m->end(status);
            if (s == e) continue;
            uint32_t a = u16_to_cp[s], b = u16_to_cp[e];
            emit(out, gap, a);
            emit(out, a, b);
            gap = b;
        }
        emit(out, gap, piece.end);
    }

    std::unique_ptr<icu::RegexPattern> m_pattern;
};

constexpr const char* GPT2_RE = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)";
constexpr const char* LLAMA3_RE =
    "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}|"
    " ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
constexpr const char* QWEN2_RE =
    "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}|"
    " ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

// A rule: either a scanner we wrote (kind) or a regex.
enum class Kind { Regex, Gpt2, Llama3, Qwen2, Digit };
struct Rule {
    Kind kind;
    const char* regex;  // also the scanner's regex twin
};

struct Family {
    const char* name;
    std::vector<const char*> aliases;
    std::vector<Rule> rules;
    bool ignore_merges = false;
};

const std::vector<Family>& families() {
    static const std::vector<Family> all = {
        {"gpt2",
         {"default", "gpt-2", "gpt2", "phi-2", "mpt", "olmo", "gpt-neox", "jais", "jina-es", "jina-de", "gigachat",
          "jina-v2-es", "jina-v2-de", "jina-v2-code", "roberta-bpe", "trillion", "mellum"},
         {{Kind::Gpt2, GPT2_RE}}},
        {"llama3",
         {"llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2"},
         {{Kind::Llama3, LLAMA3_RE}},
         true},
        {"llama3-merges", {"dbrx", "smaug-bpe", "chatglm-bpe"}, {{Kind::Llama3, LLAMA3_RE}}},
        {"qwen2", {"qwen2", "stablelm2", "hunyuan", "megrez", "deepseek-r1-qwen"}, {{Kind::Qwen2, QWEN2_RE}}},
        {"starcoder",
         {"starcoder", "refact", "command-r", "smollm", "codeshell", "exaone", "minerva-7b"},
         {{Kind::Digit, "\\p{N}"}, {Kind::Gpt2, GPT2_RE}}},
        {"falcon",
         {"falcon"},
         {{Kind::Regex, "[\\p{P}\\$\\+<=>\\^~\\|`]+"}, {Kind::Gpt2, GPT2_RE}, {Kind::Regex, "[0-9][0-9][0-9]"}}},
        {"deepseek-llm",
         {"deepseek-llm"},
         {{Kind::Regex, "[\\r\\n]"},
          {Kind::Regex,
           "\\s?[A-Za-z\\x{B5}\\x{C0}-\\x{D6}\\x{D8}-\\x{F6}\\x{F8}-\\x{1BA}\\x{1BC}-\\x{1BF}\\x{1C4}-\\x{293}"
           "\\x{295}-\\x{2AF}\\x{370}-\\x{373}\\x{376}\\x{377}\\x{37B}-\\x{37D}\\x{37F}\\x{386}\\x{388}-"
           "\\x{38A}\\x{38C}\\x{38E}-\\x{3A1}\\x{3A3}-\\x{3F5}\\x{3F7}-\\x{481}\\x{48A}-\\x{52F}\\x{531}-"
           "\\x{556}\\x{10A0}-\\x{10C5}\\x{13A0}-\\x{13F5}\\x{13F8}-\\x{13FD}\\x{1C90}-\\x{1CBA}\\x{1CBD}-"
           "\\x{1CBF}\\x{1D00}-\\x{1D2B}\\x{1D6B}-\\x{1D77}\\x{1D79}-\\x{1D9A}\\x{1E00}-\\x{1F15}\\x{1F18}-"
           "\\x{1F1D}\\x{1F20}-\\x{1F45}\\x{1F48}-\\x{1F4D}\\x{1F50}-\\x{1F57}\\x{1F59}\\x{1F5B}\\x{1F5D}"
           "\\x{1F5F}-\\x{1F7D}\\x{1F80}-\\x{1FB4}\\x{1FB6}-\\x{1FBC}\\x{1FBE}\\x{1FC2}-\\x{1FC4}\\x{1FC6}-"
           "\\x{1FCC}\\x{1FD0}-\\x{1FD3}\\x{1FD6}-\\x{1FDB}\\x{1FE0}-\\x{1FEC}\\x{1FF2}-\\x{1FF4}\\x{1FF6}-"
           "\\x{1FFC}\\x{2102}\\x{2107}\\x{210A}-\\x{2113}\\x{2115}\\x{2119}-\\x{211D}\\x{2124}\\x{2126}"
           "\\x{2128}\\x{212A}-\\x{212D}\\x{212F}-\\x{2134}\\x{2139}\\x{213C}-\\x{213F}\\x{2145}-\\x{2149}"
           "\\x{214E}\\x{2183}\\x{2184}\\x{2C00}-\\x{2C7B}\\x{2C7E}-\\x{2CE4}\\x{2CEB}-\\x{2CEE}\\x{2CF2}"
           "\\x{2CF3}\\x{A640}-\\x{A66D}\\x{A680}-\\x{A69B}\\x{A722}-\\x{A76F}\\x{A771}-\\x{A787}\\x{A78B}-"
           "\\x{A78E}\\x{AB70}-\\x{ABBF}\\x{FB00}-\\x{FB06}\\x{FB13}-\\x{FB17}\\x{FF21}-\\x{FF3A}\\x{FF41}-"
           "\\x{FF5A}\\x{10400}-\\x{1044F}\\x{104B0}-\\x{104D3}\\x{104D8}-\\x{104FB}\\x{10C80}-\\x{10CB2}"
           "\\x{10CC0}-\\x{10CF2}\\x{118A0}-\\x{118DF}\\x{1E900}-\\x{1E943}]+"},
          {Kind::Regex, "\\s?[!-/:-~！-／：-～‘-‟　-。]+"},
          {Kind::Regex, "\\s+$"},
          {Kind::Regex, "[一-龥ࠀ-一가-퟿]+"},
          {Kind::Regex, "\\p{N}+"}}},
        {"deepseek-coder",
         {"deepseek-coder"},
         {{Kind::Regex, "[\\r\\n]"},
          {Kind::Regex, "\\s?\\p{L}+"},
          {Kind::Regex, "\\s?\\p{P}+"},
          {Kind::Regex, "[一-龥ࠀ-一가-퟿]+"},
          {Kind::Digit, "\\p{N}"}}},
        {"deepseek-v3",
         {"deepseek-v3", "hunyuan-dense"},
         {{Kind::Regex, "\\p{N}{1,3}"},
          {Kind::Regex, "[一-龥぀-ゟ゠-ヿ]+"},
          {Kind::Regex,
           "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\\r\\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+|"
           " ?[\\p{P}\\p{S}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"}}},
        {"gpt-4o",
         {"gpt-4o", "llama4"},
         {{Kind::Regex,
           "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+"
           "(?i:'s|'t|'re|'ve|'m|'ll|'d)?|"
           "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*"
           "(?i:'s|'t|'re|'ve|'m|'ll|'d)?|"
           "\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"}}},
        {"tekken",
         {"tekken"},
         {{Kind::Regex,
           "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+|"
           "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*|"
           "\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"}},
         true},
        {"bloom",
         {"bloom", "poro-chat", "gpt3-finnish"},
         {{Kind::Regex, " ?[^(\\s|.,!?…。，、।۔،)]+"}}},
        {"viking", {"viking"}, {{Kind::Regex, " ?[^(\\s|.,!?…。，、।۔،)]+"}, {Kind::Digit, "\\p{N}"}}},
    };
    return all;
}

const Family* find_family(std::string_view name) {
    for (const auto& fam : families())
        for (const char* alias : fam.aliases)
            if (name == alias) return &fam;
    return nullptr;
}

std::unique_ptr<PreTokenizer::Step> make_step(const Rule& rule, bool regex_only) {
    if (regex_only || rule.kind == Kind::Regex) return RegexStep::compile(rule.regex);
    switch (rule.kind) {
        case Kind::Gpt2: return std::make_unique<Gpt2Step>();
        case Kind::Llama3: return std::make_unique<Llama3Step>(3);
        case Kind::Qwen2: return std::make_unique<Llama3Step>(1);
        case Kind::Digit: return std::make_unique<SingleDigitStep>();
        case Kind::Regex: break;
    }
    return nullptr;
}

}  // namespace

PreTokenizer::~PreTokenizer() = default;

std::unique_ptr<PreTokenizer> PreTokenizer::create(std::string_view name, bool* known) {
    const Family* fam = find_family(name);
    if (known) *known = fam != nullptr;
    if (!fam) fam = &families().front();
    std::unique_ptr<PreTokenizer> pt(new PreTokenizer());
    pt->m_family = fam->name;
    pt->m_ignore_merges = fam->ignore_merges;
    for (const auto& rule : fam->rules) {
        if (auto step = make_step(rule, false)) pt->m_steps.push_back(std::move(step));
        else pt->m_complete = false;
    }
    return pt;
}

std::unique_ptr<PreTokenizer> PreTokenizer::create_regex_only(std::string_view name) {
    const Family* fam = find_family(name);
    if (!fam) return nullptr;
    std::unique_ptr<PreTokenizer> pt(new PreTokenizer());
    pt->m_family = fam->name;
    pt->m_ignore_merges = fam->ignore_merges;
    for (const auto& rule : fam->rules) {
        if (auto step = make_step(rule, true)) pt->m_steps.push_back(std::move(step));
        else pt->m_complete = false;
    }
    return pt;
}

std::vector<Span> PreTokenizer::split(const CodePoints& text) const {
    std::vector<Span> pieces;
    if (text.cps.empty()) return pieces;
    pieces.push_back({0, static_cast<uint32_t>(text.cps.size())});
    std::vector<Span> next;
    for (const auto& step : m_steps) {
        next.clear();
        next.reserve(pieces.size() * 2);
        for (const Span& p : pieces) step->split(text, p, next);
        pieces.swap(next);
    }
    return pieces;
}

}  // namespace os1::engine::detail
