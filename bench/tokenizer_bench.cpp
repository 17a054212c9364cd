// Tokenizer speed: encode and decode ~1 MB of mixed text (prose, code,
// numbers, non-Latin scripts) with the reference kit's vocabularies.
//   tokenizer_bench [FILE.gguf ...]   (default: the kit's llama-spm and gpt-2 vocabularies)
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/engine.h"

namespace fs = std::filesystem;
using namespace os1::engine;

static std::string sample_text(size_t bytes) {
    const std::string chunk =
        "The quick brown fox jumps over the lazy dog. She said: \"I'll be there at 10:30, won't you?\"\n"
        "for (int i = 0; i < n; ++i) { sum += a[i] * b[i]; }  // 3.14159 and 1,234,567\n"
        "Caf\xC3\xA9 cr\xC3\xA8me br\xC3\xBBl\xC3\xA9e, \xD0\xBD\xD0\xB5\xD1\x89\xD0\xBE \xD0\xBD\xD0\xB0 "
        "\xE6\x88\x91\xE6\x83\xB3\xE5\x9C\xA8 apple \xE5\xB7\xA5\xE4\xBD\x9C \xF0\x9F\x98\x81\n\n   indented\ttext\n";
    std::string s;
    while (s.size() < bytes) s += chunk;
    return s;
}

int main(int argc, char** argv) {
    std::vector<fs::path> files;
    for (int i = 1; i < argc; ++i) files.emplace_back(argv[i]);
    if (files.empty()) {
        fs::path kit = fs::path(OS1_SHARED_DIR) / "conformance" / "tokenizer";
        files = {kit / "ggml-vocab-llama-spm.gguf", kit / "ggml-vocab-gpt-2.gguf"};
    }
    std::string text = sample_text(1 << 20);
    std::printf("%-28s %8s %10s %10s %12s %10s\n", "vocabulary", "n_vocab", "tokens", "encode ms", "MB/s", "decode ms");
    for (const auto& f : files) {
        auto file = GgufFile::open(f);
        if (!file) {
            std::fprintf(stderr, "%s: %s\n", f.c_str(), file.error().message.c_str());
            return 1;
        }
        auto t0 = std::chrono::steady_clock::now();
        auto tok = Tokenizer::from_gguf(**file);
        auto t1 = std::chrono::steady_clock::now();
        if (!tok) {
            std::fprintf(stderr, "%s: %s\n", f.c_str(), tok.error().message.c_str());
            return 1;
        }
        double best_enc = 1e9, best_dec = 1e9;
        std::vector<int32_t> ids;
        for (int rep = 0; rep < 3; ++rep) {
            auto a = std::chrono::steady_clock::now();
            ids = (*tok)->encode(text, false);
            auto b = std::chrono::steady_clock::now();
            std::string back = (*tok)->decode(ids);
            auto c = std::chrono::steady_clock::now();
            best_enc = std::min(best_enc, std::chrono::duration<double, std::milli>(b - a).count());
            best_dec = std::min(best_dec, std::chrono::duration<double, std::milli>(c - b).count());
            if (back.size() < text.size() / 2) std::fprintf(stderr, "warning: decode lost text\n");
        }
        std::printf("%-28s %8d %10zu %10.1f %12.1f %10.1f   (load %.1f ms)\n", f.filename().c_str(), (*tok)->n_vocab(),
                    ids.size(), best_enc, text.size() / 1e6 / (best_enc / 1e3), best_dec,
                    std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    return 0;
}
