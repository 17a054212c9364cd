// Internal to the tokenizer: UTF-8 code point scanning and the BPE
// pre-tokenizers (the regex rules that cut text into words before merging).
//
// A pre-tokenizer is a list of steps applied in turn, each one splitting
// every piece produced by the previous step into its matches and the gaps
// between them (as in HF `Sequence` of `Split(..., isolated)`). The common
// rules (gpt-2, llama3, qwen2, single digits) are hand-written scanners; the
// rarer ones run as ICU regular expressions.
//
// Invalid UTF-8 bytes are kept as one-byte "code points" with no category,
// so byte-level BPE can still encode them exactly.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace os1::engine::detail {

constexpr uint32_t INVALID_CP = 0xFFFFFFFF;

enum CpFlags : uint8_t {
    CP_LETTER = 1,
    CP_NUMBER = 2,
    CP_SPACE = 4,     // Unicode White_Space
    CP_PUNCT = 8,     // \p{P}
    CP_NEWLINE = 16,  // \r or \n
};

struct CodePoints {
    std::vector<uint32_t> cps;      // INVALID_CP for a byte that is not valid UTF-8
    std::vector<uint32_t> offsets;  // byte offset of each code point; offsets.size() == cps.size() + 1
    std::vector<uint8_t> flags;
};

// Length of the valid UTF-8 sequence at s[i] (1..4), or 0 when invalid.
size_t utf8_valid_len(std::string_view s, size_t i);
CodePoints decode_code_points(std::string_view text);
uint8_t cp_flags(uint32_t cp);
void append_utf8(std::string& out, uint32_t cp);

// A piece as a code point range [begin, end).
struct Span {
    uint32_t begin, end;
};

class PreTokenizer {
public:
    // Known names (llama.cpp's tokenizer.ggml.pre values); unknown names give
    // the gpt-2 rules and `known` = false.
    static std::unique_ptr<PreTokenizer> create(std::string_view name, bool* known);
    // The same steps written as ICU regexes (tests compare the hand-written
    // scanners against this).
    static std::unique_ptr<PreTokenizer> create_regex_only(std::string_view name);
    ~PreTokenizer();

    std::vector<Span> split(const CodePoints& text) const;
    // Whether the vocabulary's whole-word tokens are used before merging
    // (llama3 "ignore_merges").
    bool ignore_merges() const { return m_ignore_merges; }
    const std::string& family() const { return m_family; }
    // False when one of the family's rules failed to compile (a bug).
    bool complete() const { return m_complete; }

    struct Step;

private:
    PreTokenizer() = default;
    std::vector<std::unique_ptr<Step>> m_steps;
    bool m_ignore_merges = false;
    bool m_complete = true;
    std::string m_family;
};

}  // namespace os1::engine::detail
