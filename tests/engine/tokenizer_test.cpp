// Tokenizer: conformance vectors (llama.cpp's test files), hand-built
// vocabularies, pre-tokenizer scanners vs their regex twins, decoding and
// streaming, hostile input, and the `os1 tokenize` command.
#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>

#include "engine/gguf/gguf.h"
#include "engine/text/tokenizer.h"
#include "engine/text/tokenizer_pretok.h"
#include "engine/text/tokenizer_tables.h"
#include "test_support.h"

namespace os1::engine {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::unique_ptr<Tokenizer> load(const fs::path& p) {
    auto file = GgufFile::open(p);
    EXPECT_TRUE(file.ok()) << (file.ok() ? "" : file.error().message);
    if (!file.ok()) return nullptr;
    auto tok = Tokenizer::from_gguf(**file);
    EXPECT_TRUE(tok.ok()) << (tok.ok() ? "" : tok.error().message);
    if (!tok.ok()) return nullptr;
    return std::move(*tok);
}

std::vector<int32_t> parse_ids(const std::string& line) {
    std::vector<int32_t> ids;
    std::istringstream in(line);
    int32_t id;
    while (in >> id) ids.push_back(id);
    return ids;
}

// Texts are separated by "\n__ggml_vocab_test__\n"; .out has one line of
// ids per text.
void check_conformance(const std::string& name) {
    OS1_REQUIRE_SHARED(shared);
    fs::path base = shared / "conformance" / "tokenizer" / name;
    auto tok = load(base);
    ASSERT_TRUE(tok);
    std::string inp = slurp(base.string() + ".inp");
    std::string outp = slurp(base.string() + ".out");
    const std::string sep = "\n__ggml_vocab_test__\n";
    std::vector<std::string> texts;
    for (size_t pos = 0;;) {
        size_t next = inp.find(sep, pos);
        if (next == std::string::npos) break;
        texts.push_back(inp.substr(pos, next - pos));
        pos = next + sep.size();
    }
    std::vector<std::string> lines;
    std::istringstream lin(outp);
    for (std::string line; std::getline(lin, line);) lines.push_back(line);
    ASSERT_EQ(texts.size(), lines.size());
    ASSERT_GT(texts.size(), 20u);
    int failures = 0;
    for (size_t i = 0; i < texts.size(); ++i) {
        auto got = tok->encode(texts[i], false, false);
        auto want = parse_ids(lines[i]);
        if (got != want) {
            ++failures;
            std::string g;
            for (int32_t id : got) g += " " + std::to_string(id);
            ADD_FAILURE() << "text #" << i << " '" << texts[i] << "'\n want:" << lines[i] << "\n  got:" << g;
        }
        // Decoding gives the text back (these vocabularies cover it).
        std::string back = tok->decode(got);
        if (tok->kind() == TokenizerKind::Bpe) {
            EXPECT_EQ(back, texts[i]) << "text #" << i;
        }
    }
    EXPECT_EQ(failures, 0);
}

TEST(TokenizerConformance, LlamaSpm) { check_conformance("ggml-vocab-llama-spm.gguf"); }
TEST(TokenizerConformance, Gpt2) { check_conformance("ggml-vocab-gpt-2.gguf"); }

// Any bytes (invalid UTF-8, control characters, special-token look-alikes;
// but not U+2581, SentencePiece's space sign) come back exactly from decode(encode(text)) when special
// tokens are not parsed.
TEST(TokenizerConformance, RandomBytesRoundTrip) {
    OS1_REQUIRE_SHARED(shared);
    std::mt19937 rng(99);
    for (const char* name : {"ggml-vocab-llama-spm.gguf", "ggml-vocab-gpt-2.gguf"}) {
        auto tok = load(shared / "conformance" / "tokenizer" / name);
        ASSERT_TRUE(tok);
        const std::vector<std::string> atoms = {"a", " ", "  ", "\n", "\t", "<s>", "</s>", "<|endoftext|>", "<unk>",
                                                "\xC3\xA9", "\xE2\x82", "\xFF", "\x80", "\xF0\x9F\x98\x81", "1",
                                                "'s", "\x00"};  // (SPM shows a literal U+2581 as a space)
        std::uniform_int_distribution<size_t> pick(0, atoms.size() - 1);
        for (int i = 0; i < 200; ++i) {
            std::string text;
            for (int k = 0; k < 1 + i % 25; ++k) text += atoms[pick(rng)];
            auto ids = tok->encode(text, false, false);
            for (int32_t id : ids) ASSERT_FALSE(tok->is_control(id)) << name << ": '" << text << "'";
            ASSERT_EQ(tok->decode(ids), text) << name;
        }
    }
}

TEST(TokenizerConformance, Stories260kPromptRoundTrips) {
    OS1_REQUIRE_SHARED(shared);
    auto tok = load(shared / "models" / "stories260K.gguf");
    ASSERT_TRUE(tok);
    EXPECT_EQ(tok->kind(), TokenizerKind::Spm);
    std::ifstream in(shared / "conformance" / "engine" / "ref" / "stories260K.tokens.txt");
    std::string line, prompt_line;
    while (std::getline(in, line))
        if (line.rfind("prompt ", 0) == 0) prompt_line = line.substr(7);
    auto ids = parse_ids(prompt_line);
    ASSERT_GT(ids.size(), 2u);
    ASSERT_EQ(ids[0], tok->bos());
    std::vector<int32_t> body(ids.begin() + 1, ids.end());
    std::string text = tok->decode(body);
    EXPECT_FALSE(text.empty());
    EXPECT_EQ(tok->encode(text, true), ids) << "text: '" << text << "'";
    EXPECT_TRUE(tok->add_bos_default());
    EXPECT_EQ(tok->decode(ids), text);  // BOS is not shown
}

// ---- hand-built vocabularies ------------------------------------------------

// A small SentencePiece vocabulary: <unk> <s> </s>, 256 byte tokens, pieces.
Vocab small_spm() {
    Vocab v;
    v.kind = TokenizerKind::Spm;
    auto add = [&](std::string text, float score, TokenType type) {
        v.tokens.push_back(std::move(text));
        v.scores.push_back(score);
        v.types.push_back(type);
    };
    add("<unk>", 0, TokenType::Unknown);
    add("<s>", 0, TokenType::Control);
    add("</s>", 0, TokenType::Control);
    static const char* hex = "0123456789ABCDEF";
    for (int b = 0; b < 256; ++b) add(std::string("<0x") + hex[b >> 4] + hex[b & 15] + ">", 0, TokenType::Byte);
    for (std::string s : {"\xE2\x96\x81", "h", "e", "l", "o", "w", "r", "d", "\xC3\xA9"}) add(s, -10, TokenType::Normal);
    add("he", -1, TokenType::Normal);
    add("ll", -2, TokenType::Normal);
    add("hell", -3, TokenType::Normal);
    add("hello", -4, TokenType::Normal);
    add("\xE2\x96\x81hello", -5, TokenType::Normal);
    add("<|im_start|>", 0, TokenType::Control);
    add("<tool>", 0, TokenType::UserDefined);
    v.bos = 1;
    v.eos = 2;
    v.unk = 0;
    return v;
}

TEST(TokenizerSpm, MergesByScoreWithSpacePrefix) {
    auto tok = Tokenizer::from_vocab(small_spm());
    ASSERT_TRUE(tok.ok()) << tok.error().message;
    auto& t = **tok;
    auto ids = t.encode("hello", false);
    ASSERT_EQ(ids.size(), 1u);
    EXPECT_EQ(t.token_text(ids[0]), "\xE2\x96\x81hello");
    EXPECT_EQ(t.decode(ids), "hello");
    auto with_bos = t.encode("hello", true);
    ASSERT_EQ(with_bos.size(), 2u);
    EXPECT_EQ(with_bos[0], 1);
}

TEST(TokenizerSpm, ByteFallbackForUnknownCharacters) {
    auto tok = Tokenizer::from_vocab(small_spm());
    ASSERT_TRUE(tok.ok());
    auto& t = **tok;
    // "z" has no token: <0x7A>; "é" has one; "€" (E2 82 AC) falls back to 3 bytes.
    auto ids = t.encode("z\xC3\xA9\xE2\x82\xAC", false);
    std::vector<std::string> texts;
    for (int32_t id : ids) texts.push_back(t.token_text(id));
    std::vector<std::string> want = {"\xE2\x96\x81", "<0x7A>", "\xC3\xA9", "<0xE2>", "<0x82>", "<0xAC>"};
    EXPECT_EQ(texts, want);
    EXPECT_EQ(t.decode(ids), "z\xC3\xA9\xE2\x82\xAC");
}

TEST(TokenizerSpm, SpecialTokensOnlyWhenAsked) {
    auto tok = Tokenizer::from_vocab(small_spm());
    ASSERT_TRUE(tok.ok());
    auto& t = **tok;
    int32_t im_start = *t.find_token("<|im_start|>");
    auto ids = t.encode("<|im_start|>hello", false, true);
    ASSERT_GE(ids.size(), 2u);
    EXPECT_EQ(ids[0], im_start);
    EXPECT_TRUE(t.is_control(im_start));
    auto plain = t.encode("<|im_start|>hello", false, false);
    EXPECT_EQ(std::count(plain.begin(), plain.end(), im_start), 0);
    // User-defined tokens are always matched.
    auto tool = t.encode("<tool>", false, false);
    EXPECT_EQ(tool.back(), *t.find_token("<tool>"));
    // Control tokens do not show in decode, but do as pieces.
    EXPECT_EQ(t.token_to_piece(im_start), "<|im_start|>");
    EXPECT_EQ(t.decode(ids), "hello");
}

TEST(TokenizerSpm, MergesAcrossWordsWhenTheVocabularyAllowsIt) {
    // A token that glues "o" to a following space turns off word-by-word
    // merging; the result must still be the best-score merge.
    Vocab v = small_spm();
    v.tokens.push_back("o\xE2\x96\x81");
    v.scores.push_back(10);
    v.types.push_back(TokenType::Normal);
    auto tok = Tokenizer::from_vocab(v);
    ASSERT_TRUE(tok.ok());
    auto ids = (*tok)->encode("hello world", false);
    std::vector<std::string> texts;
    for (int32_t id : ids) texts.push_back((*tok)->token_text(id));
    std::vector<std::string> want = {"\xE2\x96\x81", "hell", "o\xE2\x96\x81", "w", "o", "r", "l", "d"};
    EXPECT_EQ(texts, want);
    EXPECT_EQ((*tok)->decode(ids), "hello world");
}

TEST(TokenizerSpm, EmptyAndHostileText) {
    auto tok = Tokenizer::from_vocab(small_spm());
    ASSERT_TRUE(tok.ok());
    auto& t = **tok;
    EXPECT_TRUE(t.encode("", false).empty());
    EXPECT_EQ(t.encode("", true), std::vector<int32_t>{1});
    std::string bad = "\xFF\xC3(\x80he\xE2\x82";
    auto ids = t.encode(bad, false);
    for (int32_t id : ids) EXPECT_TRUE(id >= 0 && id < t.n_vocab());
    EXPECT_EQ(t.decode(ids), bad);  // bytes survive exactly
    EXPECT_EQ(t.token_to_piece(-1), "");
    EXPECT_EQ(t.token_to_piece(t.n_vocab()), "");
    std::vector<int32_t> junk = {-5, 99999, 1, 2};
    EXPECT_EQ(t.decode(junk), "");
}

TEST(TokenizerSpm, BadVocabularyIsAnError) {
    Vocab v = small_spm();
    v.scores.pop_back();
    auto tok = Tokenizer::from_vocab(v);
    ASSERT_FALSE(tok.ok());
    EXPECT_NE(tok.error().message.find("scores"), std::string::npos);
    EXPECT_FALSE(Tokenizer::from_vocab(Vocab{}).ok());
}

// A byte-level BPE vocabulary: the 256 byte symbols plus a few merges.
Vocab small_bpe(std::string pre) {
    Vocab v;
    v.kind = TokenizerKind::Bpe;
    v.pre = std::move(pre);
    // GPT-2 byte-to-unicode table.
    uint32_t next = 256;
    std::array<std::string, 256> sym;
    for (int b = 0; b < 256; ++b) {
        bool printable = (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
        std::string s;
        detail::append_utf8(s, printable ? b : next++);
        sym[b] = s;
        v.tokens.push_back(s);
    }
    const std::string G = sym[' '];  // "Ġ"
    for (auto [l, r] : std::vector<std::pair<std::string, std::string>>{
             {"h", "e"}, {"l", "l"}, {"he", "ll"}, {"hell", "o"}, {G, "w"}, {"o", "r"}, {"Ġw", "or"}, {"l", "d"},
             {"Ġwor", "ld"}}) {
        v.merges.push_back(l + " " + r);
        v.tokens.push_back(l + r);
    }
    v.tokens.push_back("<|im_end|>");
    v.types.assign(v.tokens.size(), TokenType::Normal);
    v.types.back() = TokenType::Control;
    v.eos = static_cast<int32_t>(v.tokens.size()) - 1;
    return v;
}

TEST(TokenizerBpe, MergesByRank) {
    auto tok = Tokenizer::from_vocab(small_bpe("gpt-2"));
    ASSERT_TRUE(tok.ok()) << tok.error().message;
    auto& t = **tok;
    auto ids = t.encode("hello world", false);
    ASSERT_EQ(ids.size(), 2u);
    EXPECT_EQ(t.token_text(ids[0]), "hello");
    EXPECT_EQ(t.token_text(ids[1]), "\xC4\xA0world");
    EXPECT_EQ(t.decode(ids), "hello world");
    EXPECT_EQ(t.token_to_piece(ids[1]), " world");
    EXPECT_FALSE(t.add_bos_default());
    EXPECT_TRUE(t.is_eog(t.eos()));
    EXPECT_EQ(t.eot(), t.eos());  // "<|im_end|>" ends a turn
}

TEST(TokenizerBpe, Llama3UsesWholeWordTokensBeforeMerges) {
    Vocab v = small_bpe("llama3");
    v.tokens.push_back("world");  // no merge path leads here
    v.types.push_back(TokenType::Normal);
    auto l3 = Tokenizer::from_vocab(v);
    ASSERT_TRUE(l3.ok());
    auto ids = (*l3)->encode("world", false);
    ASSERT_EQ(ids.size(), 1u);
    EXPECT_EQ((*l3)->token_text(ids[0]), "world");
    EXPECT_TRUE((*l3)->add_bos_default() == false);  // no bos token in this vocabulary
    v.pre = "gpt-2";
    auto g2 = Tokenizer::from_vocab(v);
    ASSERT_TRUE(g2.ok());
    auto merged = (*g2)->encode("world", false);
    std::vector<std::string> texts;
    for (int32_t id : merged) texts.push_back((*g2)->token_text(id));
    EXPECT_EQ(texts, (std::vector<std::string>{"w", "or", "ld"}));
}

TEST(TokenizerBpe, InvalidUtf8RoundTripsByteForByte) {
    auto tok = Tokenizer::from_vocab(small_bpe("llama3"));
    ASSERT_TRUE(tok.ok());
    auto& t = **tok;
    std::string bad = "\xFF\xFE hello \xC3 \xE2\x82 world\x80";
    auto ids = t.encode(bad, false);
    EXPECT_EQ(t.decode(ids), bad);
    EXPECT_EQ(t.encode("<|im_end|>", false, true), std::vector<int32_t>{t.eos()});
    EXPECT_GT(t.encode("<|im_end|>", false, false).size(), 1u);
}

TEST(TokenizerBpe, UnknownPreTokenizerFallsBackToGpt2) {
    auto tok = Tokenizer::from_vocab(small_bpe("no-such-thing"));
    ASSERT_TRUE(tok.ok());
    EXPECT_EQ((*tok)->pre(), "gpt2");
    EXPECT_EQ((*tok)->decode((*tok)->encode("hello world", false)), "hello world");
}

TEST(TokenizerBpe, LargeTextIsLinearish) {
    // 1 MB of mixed text must encode (speed is measured in bench/).
    auto tok = Tokenizer::from_vocab(small_bpe("qwen2"));
    ASSERT_TRUE(tok.ok());
    std::string text;
    while (text.size() < (1 << 20)) text += "hello world  \n\t12345 caf\xC3\xA9 <|im_end|> ";
    auto ids = (*tok)->encode(text, false, false);
    EXPECT_EQ((*tok)->decode(ids), text);
    // One long word with no spaces at all.
    std::string word(1 << 20, 'l');
    auto wids = (*tok)->encode(word, false);
    EXPECT_EQ(wids.size(), size_t{1} << 19);  // "ll" merges pairwise
}

TEST(TokenizerSpm, LargeTextEncodes) {
    auto tok = Tokenizer::from_vocab(small_spm());
    ASSERT_TRUE(tok.ok());
    std::string text;
    while (text.size() < (1 << 20)) text += "hello world hello\xC3\xA9 ";
    auto ids = (*tok)->encode(text, false);
    EXPECT_EQ((*tok)->decode(ids), text);
}

// ---- pre-tokenizers ---------------------------------------------------------

std::vector<std::string> split_words(const detail::PreTokenizer& pt, std::string_view text) {
    auto cps = detail::decode_code_points(text);
    std::vector<std::string> out;
    for (auto s : pt.split(cps))
        out.emplace_back(text.substr(cps.offsets[s.begin], cps.offsets[s.end] - cps.offsets[s.begin]));
    return out;
}

TEST(PreTokenizer, KnownSplits) {
    using V = std::vector<std::string>;
    auto gpt2 = detail::PreTokenizer::create("gpt-2", nullptr);
    EXPECT_EQ(split_words(*gpt2, "Hello, y'all!  How's 123\t\tx "), (V{"Hello", ",", " y", "'", "all", "!", " ", " How", "'s", " 123", "\t", "\t", "x", " "}));
    auto llama3 = detail::PreTokenizer::create("llama-bpe", nullptr);
    EXPECT_EQ(split_words(*llama3, "I'M 12345 ok\n\n  x"), (V{"I", "'M", " ", "123", "45", " ok", "\n\n", " ", " x"}));
    auto qwen = detail::PreTokenizer::create("qwen2", nullptr);
    EXPECT_EQ(split_words(*qwen, "a 123"), (V{"a", " ", "1", "2", "3"}));
    auto star = detail::PreTokenizer::create("smollm", nullptr);
    EXPECT_EQ(split_words(*star, "x 42"), (V{"x", " ", "4", "2"}));
}

std::string random_text(std::mt19937& rng, size_t n) {
    static const std::vector<std::string> atoms = {
        "a", "Z", "'", "s", "'S", "'ll", " ", " ", "  ", "\t", "\n", "\r\n", "1", "23", "\xD9\xA3" /* Arabic 3 */,
        "!", ".", "?", "\xC3\xA9", "\xE4\xBD\xA0" /* 你 */, "\xF0\x9F\x98\x80" /* emoji */, "\xE2\x80\x83" /* em space */,
        "$", "+", "<", "`", "\xC2\xA0", "\xFF", "\xC3", "-", "_", "\xE2\x85\xA0" /* Ⅰ (Nl) */};
    std::string s;
    std::uniform_int_distribution<size_t> pick(0, atoms.size() - 1);
    for (size_t i = 0; i < n; ++i) s += atoms[pick(rng)];
    return s;
}

TEST(PreTokenizer, ScannersMatchTheirRegexes) {
    std::mt19937 rng(1234);
    for (const char* name : {"gpt-2", "llama3", "qwen2", "starcoder", "falcon", "deepseek-coder", "dbrx"}) {
        auto fast = detail::PreTokenizer::create(name, nullptr);
        auto slow = detail::PreTokenizer::create_regex_only(name);
        ASSERT_TRUE(fast && slow) << name;
        for (int i = 0; i < 300; ++i) {
            std::string text = random_text(rng, 1 + i % 40);
            ASSERT_EQ(split_words(*fast, text), split_words(*slow, text)) << name << " on '" << text << "'";
        }
    }
}

TEST(PreTokenizer, EveryFamilyCoversTheText) {
    std::mt19937 rng(7);
    for (const char* name : {"gpt-2", "llama3", "qwen2", "starcoder", "falcon", "deepseek-llm", "deepseek-coder",
                             "deepseek-v3", "gpt-4o", "tekken", "bloom", "viking", "dbrx", "refact", "olmo", "phi-2"}) {
        bool known = false;
        auto pt = detail::PreTokenizer::create(name, &known);
        EXPECT_TRUE(known) << name;
        EXPECT_TRUE(pt->complete()) << name;
        EXPECT_TRUE(detail::PreTokenizer::create_regex_only(name)->complete()) << name;
        for (int i = 0; i < 50; ++i) {
            std::string text = random_text(rng, 30);
            std::string joined;
            for (const auto& w : split_words(*pt, text)) {
                EXPECT_FALSE(w.empty());
                joined += w;
            }
            ASSERT_EQ(joined, text) << name;
        }
    }
}

// ---- streaming --------------------------------------------------------------

TEST(StreamDecoder, HoldsBackSplitCharacters) {
    auto tok = Tokenizer::from_vocab(small_spm());
    ASSERT_TRUE(tok.ok());
    auto& t = **tok;
    // "€" as three byte tokens: nothing until the last one.
    auto ids = t.encode("\xE2\x82\xAC", false);
    ASSERT_EQ(ids.size(), 4u);  // ▁ + 3 bytes
    StreamDecoder s(t, /*strip_leading_space=*/true);
    EXPECT_EQ(s.push(ids[0]), "");  // the leading space of the first piece is dropped
    EXPECT_EQ(s.push(ids[1]), "");
    EXPECT_EQ(s.push(ids[2]), "");
    EXPECT_EQ(s.push(ids[3]), "\xE2\x82\xAC");
    EXPECT_EQ(s.flush(), "");
    // By default a continuation keeps its space.
    StreamDecoder raw(t);
    EXPECT_EQ(raw.push(ids[0]), " ");
    EXPECT_EQ(raw.push(*t.find_token("h")), "h");
}

TEST(StreamDecoder, FlushesIncompleteBytesAsReplacement) {
    auto tok = Tokenizer::from_vocab(small_spm());
    ASSERT_TRUE(tok.ok());
    auto& t = **tok;
    int32_t e2 = *t.find_token("<0xE2>"), x82 = *t.find_token("<0x82>"), ff = *t.find_token("<0xFF>");
    int32_t h = *t.find_token("h");
    StreamDecoder s(t);
    EXPECT_EQ(s.push(h), "h");
    EXPECT_EQ(s.push(ff), "\xEF\xBF\xBD");  // never valid: at once
    EXPECT_EQ(s.push(e2), "");
    EXPECT_EQ(s.push(x82), "");
    EXPECT_EQ(s.push(h), "\xEF\xBF\xBDh");  // E2 82 then 'h': one U+FFFD for the cut sequence
    EXPECT_EQ(s.push(e2), "");
    EXPECT_EQ(s.flush(), "\xEF\xBF\xBD");
    EXPECT_EQ(s.push(t.bos()), "");  // control tokens print nothing
}

TEST(StreamDecoder, ConcatenationEqualsDecode) {
    OS1_REQUIRE_SHARED(shared);
    auto tok = load(shared / "conformance" / "tokenizer" / "ggml-vocab-gpt-2.gguf");
    ASSERT_TRUE(tok);
    std::string text = "Emoji \xF0\x9F\x98\xB6\xE2\x80\x8D\xF0\x9F\x8C\xAB\xEF\xB8\x8F, \xE1\x9E\x80\xE1\x9E\xB6 and \xE6\x88\x91\xE6\x83\xB3";
    auto ids = tok->encode(text, false);
    StreamDecoder s(*tok);
    std::string streamed;
    for (int32_t id : ids) {
        std::string part = s.push(id);
        EXPECT_EQ(sanitize_utf8(part), part);  // every chunk is valid UTF-8
        streamed += part;
    }
    streamed += s.flush();
    EXPECT_EQ(streamed, text);
}

TEST(Utf8, SanitizeReplacesMaximalSubparts) {
    EXPECT_EQ(sanitize_utf8("ok"), "ok");
    EXPECT_EQ(sanitize_utf8("a\xE2\x82" "b"), "a\xEF\xBF\xBD" "b");
    EXPECT_EQ(sanitize_utf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");    // overlong: two bad bytes
    EXPECT_EQ(sanitize_utf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
    EXPECT_EQ(sanitize_utf8("\xF0\x9F\x98\x80"), "\xF0\x9F\x98\x80");
}

// ---- os1 tokenize -----------------------------------------------------------

TEST(TokenizeCommand, PrintsIdsAndPieces) {
    OS1_REQUIRE_SHARED(shared);
    test::TempDir home;
    std::string model = (shared / "conformance" / "tokenizer" / "ggml-vocab-gpt-2.gguf").string();
    auto r = test::run_os1("tokenize -m '" + model + "'", home.path(), "Hello world");
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_EQ(r.out, "15496 995\n");
    auto p = test::run_os1("tokenize --pieces -m '" + model + "'", home.path(), "Hello world");
    EXPECT_EQ(p.status, 0);
    EXPECT_NE(p.out.find("995"), std::string::npos);
    EXPECT_NE(p.out.find("' world'"), std::string::npos) << p.out;
    auto spm = test::run_os1("tokenize --no-bos -m '" + (shared / "models" / "stories260K.gguf").string() + "'",
                             home.path(), "");
    EXPECT_EQ(spm.status, 0);
    EXPECT_EQ(spm.out, "\n");
    auto missing = test::run_os1("tokenize -m /nonexistent.gguf", home.path(), "x");
    EXPECT_NE(missing.status, 0);
    auto usage = test::run_os1("tokenize", home.path(), "x");
    EXPECT_EQ(usage.status, 2);
}

}  // namespace
}  // namespace os1::engine

// The tokenizer's lookup tables (tokenizer_tables.h): a repeated text maps
// to its last id, a repeated merge keeps its first (lowest) rank, misses are
// misses, and a table far past its first probe still finds every entry.
TEST(TokenizerTables, IndexAndMergeTableKeepTheRightEntry) {
    using os1::engine::detail::MergeTable;
    using os1::engine::detail::TokenIndex;
    std::vector<std::string> tokens;
    for (int i = 0; i < 5000; ++i) tokens.push_back("t" + std::to_string(i));
    tokens.push_back("t7");  // a duplicate: id 5000
    tokens.push_back("");
    TokenIndex index;
    index.build(tokens);
    EXPECT_EQ(index.find(tokens, "t7"), 5000);
    EXPECT_EQ(index.find(tokens, "t4999"), 4999);
    EXPECT_EQ(index.find(tokens, ""), 5001);
    EXPECT_EQ(index.find(tokens, "t5000"), std::nullopt);
    for (int i = 0; i < 5000; ++i)
        if (i != 7) {
            ASSERT_EQ(index.find(tokens, tokens[i]), i);
        }
    TokenIndex empty;
    EXPECT_EQ(empty.find(tokens, "t1"), std::nullopt);

    MergeTable merges;
    EXPECT_EQ(merges.find(1), nullptr);
    merges.reserve(3001);
    for (uint64_t k = 0; k < 3000; ++k) merges.insert(k << 32 | (k * 7), {static_cast<int32_t>(k), static_cast<int32_t>(k + 1)});
    merges.insert(uint64_t{5} << 32 | 35, {9999, 1});  // repeated pair: the first rank stays
    for (uint64_t k = 0; k < 3000; ++k) {
        const auto* v = merges.find(k << 32 | (k * 7));
        ASSERT_NE(v, nullptr);
        EXPECT_EQ(v->first, static_cast<int32_t>(k));
        EXPECT_EQ(v->second, static_cast<int32_t>(k + 1));
    }
    EXPECT_EQ(merges.find(uint64_t{3000} << 32), nullptr);
    EXPECT_EQ(merges.find(uint64_t{1} << 32 | 8), nullptr);
}
