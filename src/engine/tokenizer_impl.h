// Internal to the tokenizer: the state behind Tokenizer (vocabulary
// lookups, merge tables, pre-tokenizer) shared by tokenizer.cpp,
// tokenizer_spm.cpp and tokenizer_bpe.cpp.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/tokenizer.h"
#include "engine/tokenizer_pretok.h"

namespace os1::engine {

struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

struct Tokenizer::Impl {
    Vocab v;
    std::unordered_map<std::string, int32_t, StringHash, std::equal_to<>> token_to_id;
    // Control / user-defined / unknown ids by the first byte of their text,
    // longest text first.
    std::array<std::vector<int32_t>, 256> specials;
    std::vector<uint8_t> eog;  // per id
    std::vector<std::string> pieces;  // token_to_piece() of every id
    bool add_space_prefix = true;
    bool add_bos = true;

    // SPM: <0xXX> token per byte, -1 when absent; whether merging may run
    // word by word (no token glues a character to a following ▁).
    std::array<int32_t, 256> byte_token{};
    bool spm_split_words = false;

    // BPE: byte <-> printable code point; the token of each byte's code point;
    // (left id << 32 | right id) -> (rank, merged id).
    std::array<uint32_t, 256> byte_to_cp{};
    std::unordered_map<uint32_t, uint8_t> cp_to_byte;
    std::array<int32_t, 256> bpe_byte_token{};
    std::unordered_map<uint64_t, std::pair<int32_t, int32_t>> merges;
    std::unique_ptr<detail::PreTokenizer> pre;

    std::optional<int32_t> lookup(std::string_view text) const {
        auto it = token_to_id.find(text);
        if (it == token_to_id.end()) return std::nullopt;
        return it->second;
    }
    TokenType type(int32_t id) const {
        if (id < 0 || id >= static_cast<int32_t>(v.tokens.size())) return TokenType::Undefined;
        return v.types.empty() ? TokenType::Normal : v.types[id];
    }

    void init_spm();
    void init_bpe();
    // Encode one fragment of plain text (no special tokens in it).
    void encode_spm(std::string_view text, std::vector<int32_t>& out) const;
    void encode_bpe(std::string_view text, std::vector<int32_t>& out) const;
    std::string piece_spm(int32_t id) const;
    std::string piece_bpe(int32_t id) const;
};

}  // namespace os1::engine
