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

#include "engine/text/tokenizer.h"
#include "engine/text/tokenizer_pretok.h"
#include "engine/text/tokenizer_tables.h"

namespace os1::engine {

struct Tokenizer::Impl {
    Vocab v;
    detail::TokenIndex token_to_id;  // over v.tokens (never changed after construction)
    // Control / user-defined / unknown ids by the first byte of their text,
    // longest text first.
    std::array<std::vector<int32_t>, 256> specials;
    std::vector<uint8_t> eog;  // per id
    // token_to_piece() of every id, end to end: id i is
    // piece_bytes[piece_start[i], piece_start[i + 1]).
    std::string piece_bytes;
    std::vector<uint32_t> piece_start;
    std::string_view piece(int32_t id) const {
        return std::string_view(piece_bytes).substr(piece_start[id], piece_start[id + 1] - piece_start[id]);
    }
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
    detail::MergeTable merges;
    std::unique_ptr<detail::PreTokenizer> pre;

    std::optional<int32_t> lookup(std::string_view text) const {
        return token_to_id.find(v.tokens, text);
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
