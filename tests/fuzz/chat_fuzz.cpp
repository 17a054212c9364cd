// libFuzzer target for what turns a conversation into model input: the
// chat-template detector (Jinja source from a GGUF is untrusted) and
// renderer, and the tokenizers (a byte-level BPE and a SentencePiece vocab
// from the reference kit's conformance files, when present). Any bytes must
// detect or give an Error; encode gives ids inside the vocabulary; decoding
// and streaming those ids never fails.
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/text/chat_template.h"
#include "engine/gguf/gguf.h"
#include "engine/text/tokenizer.h"

using namespace os1::engine;

namespace {

struct Vocabs {
    std::vector<std::unique_ptr<GgufFile>> files;
    std::vector<std::unique_ptr<Tokenizer>> tokenizers;
    Vocabs() {
        std::filesystem::path dir = OS1_SHARED_DIR "/conformance/tokenizer";
        if (const char* v = std::getenv("OS1_SHARED")) dir = std::filesystem::path(v) / "conformance" / "tokenizer";
        for (const char* name : {"ggml-vocab-gpt-2.gguf", "ggml-vocab-llama-spm.gguf"}) {
            auto f = GgufFile::open(dir / name);
            if (!f) continue;
            auto t = Tokenizer::from_gguf(**f);
            if (!t) continue;
            files.push_back(f.release_value());
            tokenizers.push_back(t.release_value());
        }
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static Vocabs vocabs;
    if (size == 0) return 0;
    const uint8_t mode = data[0];
    std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);

    // The text as a template's Jinja source, and as a conversation.
    auto detected = ChatTemplate::detect(text);
    if (!detected && detected.error().message.empty()) std::abort();
    auto families = ChatTemplate::family_names();
    auto tmpl = ChatTemplate::by_name(families[mode % families.size()]);
    if (!tmpl) std::abort();
    std::vector<ChatMessage> messages;
    static const char* roles[] = {"system", "user", "assistant", "tool"};
    size_t start = 0;
    for (size_t i = 0; i <= text.size(); i++) {
        if (i == text.size() || text[i] == '\n') {
            messages.push_back({roles[(messages.size() + mode) % 4], std::string(text.substr(start, i - start))});
            start = i + 1;
        }
    }
    std::string prompt = tmpl->render(messages, (mode & 1) != 0);
    (void)tmpl->stop_strings();

    for (const auto& tok : vocabs.tokenizers) {
        auto ids = tok->encode(prompt.size() < 4096 ? prompt : std::string(text), (mode & 2) != 0, (mode & 4) != 0);
        for (int32_t id : ids)
            if (id < 0 || id >= tok->n_vocab()) std::abort();
        (void)tok->decode(ids);
        StreamDecoder stream(*tok, (mode & 8) != 0);
        for (int32_t id : ids) (void)stream.push(id);
        (void)stream.flush();
        // Arbitrary ids (hostile or out of range) decode without failing.
        std::vector<int32_t> raw;
        for (size_t i = 0; i + 4 <= text.size() && raw.size() < 64; i += 4)
            raw.push_back(static_cast<int32_t>(static_cast<uint8_t>(text[i]) | static_cast<uint8_t>(text[i + 1]) << 8 |
                                               static_cast<uint8_t>(text[i + 2]) << 16 |
                                               static_cast<uint32_t>(static_cast<uint8_t>(text[i + 3])) << 24));
        (void)tok->decode(raw);
        StreamDecoder raw_stream(*tok);
        for (int32_t id : raw) (void)raw_stream.push(id);
        (void)raw_stream.flush();
    }
    return 0;
}
