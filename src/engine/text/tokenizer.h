// Tokenizers for the inference engine: text <-> token ids, built from the
// `tokenizer.ggml.*` metadata of a GGUF file.
//
// Two families, selected by `tokenizer.ggml.model`:
//   "llama"  SentencePiece-style BPE: pieces use U+2581 ("▁") for spaces,
//            merges pick the highest-scoring adjacent pair first, bytes that
//            form no token fall back to <0xXX> tokens (or the unknown token).
//   "gpt2"   byte-level BPE: bytes map to printable code points, text is
//            first split by a pre-tokenizer chosen by `tokenizer.ggml.pre`
//            (gpt-2, llama3, qwen2, deepseek-*, falcon, starcoder, ...),
//            then each chunk is merged by rank from `tokenizer.ggml.merges`.
// Control/user-defined tokens (token_type 3/4, e.g. "<|im_start|>") are
// matched literally in the text when parse_special is true.
//
// Invariants: every id returned by encode() is in [0, n_vocab()); decode()
// of any id sequence never fails (unknown ids decode to nothing). Encoding
// is O(n log n) in the text length (priority-queue merges).
//
// Thread safety: immutable after from_gguf(); any number of threads may
// encode/decode concurrently. StreamDecoder is per-stream state.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "engine/gguf/gguf.h"

namespace os1::engine {

// Token types as stored in tokenizer.ggml.token_type.
enum class TokenType : int32_t {
    Undefined = 0,
    Normal = 1,
    Unknown = 2,
    Control = 3,
    UserDefined = 4,
    Unused = 5,
    Byte = 6,
};

enum class TokenizerKind { Spm, Bpe };

// The vocabulary as plain data; from_gguf() reads it from the metadata and
// tests can build one in memory.
struct Vocab {
    TokenizerKind kind = TokenizerKind::Spm;
    std::vector<std::string> tokens;
    std::vector<float> scores;          // SPM merge scores (may be empty for BPE)
    std::vector<TokenType> types;       // may be empty: all Normal
    std::vector<std::string> merges;    // BPE: "left right", rank = index
    std::string pre = "default";        // BPE pre-tokenizer name
    int32_t bos = -1, eos = -1, eot = -1, unk = -1, pad = -1, eom = -1;
    std::optional<bool> add_bos;        // absent: model default (SPM true, BPE false)
    std::optional<bool> add_eos;
    std::optional<bool> add_space_prefix;  // absent: SPM true, BPE false
};

class Tokenizer {
public:
    // Reads tokenizer.ggml.{model,tokens,scores,token_type,merges,pre,
    // bos_token_id,eos_token_id,...}. Errors name the missing/bad key.
    static Result<std::unique_ptr<Tokenizer>> from_gguf(const GgufFile& file);
    static Result<std::unique_ptr<Tokenizer>> from_vocab(Vocab vocab);

    ~Tokenizer();
    Tokenizer(const Tokenizer&) = delete;
    Tokenizer& operator=(const Tokenizer&) = delete;

    // Text to ids. add_bos prepends bos() when there is one. parse_special:
    // text like "<|im_start|>" becomes the control token; otherwise it is
    // tokenized as ordinary text. Invalid UTF-8 is tokenized byte by byte
    // (byte tokens / byte-level BPE), never an error.
    std::vector<int32_t> encode(std::string_view text, bool add_bos, bool parse_special = true) const;

    // Raw bytes of one token (may be a partial UTF-8 character). SPM: "▁"
    // becomes a space and <0xXX> becomes that byte; BPE: the byte-level code
    // points map back to bytes. Control tokens give their text (e.g.
    // "<|im_end|>"); out-of-range ids give "".
    std::string token_to_piece(int32_t id) const;

    // Concatenated pieces; for SPM with a space prefix, the leading space of
    // the first token is removed. Control tokens (bos/eos...) are skipped.
    // The result may contain invalid UTF-8 if the ids do.
    std::string decode(std::span<const int32_t> ids) const;

    int32_t n_vocab() const;
    int32_t bos() const;
    int32_t eos() const;
    int32_t eot() const;  // end of turn (<|eot_id|>, <end_of_turn>, <|im_end|>), -1 when absent
    int32_t unk() const;
    bool is_eog(int32_t id) const;  // eos, eot, <|im_end|>, <|eot_id|>, <end_of_turn>, <|end|> ...
    bool is_control(int32_t id) const;
    TokenType token_type(int32_t id) const;
    const std::string& token_text(int32_t id) const;  // the vocab string as stored
    std::optional<int32_t> find_token(std::string_view text) const;
    bool add_bos_default() const;  // tokenizer.ggml.add_bos_token or model default
    TokenizerKind kind() const;
    const std::string& pre() const;  // BPE pre-tokenizer name as used

    struct Impl;

private:
    friend class StreamDecoder;
    explicit Tokenizer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

// Streams pieces as valid UTF-8: holds back the bytes of a character split
// across tokens until it completes; invalid sequences become U+FFFD.
// Control tokens produce nothing. Pieces are streamed as they are (a
// continuation keeps its first space); with strip_leading_space, the first
// piece loses its leading space for SPM with a space prefix, as in decode(),
// so push()... + flush() equals sanitize_utf8(decode(ids)). Keeps a
// reference to the tokenizer.
class StreamDecoder {
public:
    explicit StreamDecoder(const Tokenizer& tokenizer, bool strip_leading_space = false);
    // Text now complete (possibly empty).
    std::string push(int32_t id);
    // Whatever is held back, incomplete bytes as U+FFFD; resets the state.
    std::string flush();

private:
    const Tokenizer& m_tokenizer;
    std::string m_pending;
    bool m_strip = false;
    bool m_first = true;
};

// Replaces invalid UTF-8 sequences with U+FFFD (one per maximal invalid
// subpart, as the Unicode standard recommends).
std::string sanitize_utf8(std::string_view bytes);

}  // namespace os1::engine
