// os1 logits: evaluate token ids and write the raw logits, for comparing
// the engine with other implementations (llama.cpp reference files).
#include <cstdio>
#include <sstream>
#include <string>

#include "command.h"
#include "core/args.h"
#include "core/files.h"
#include "engine/engine.h"

namespace os1::cli {
namespace {

Result<std::vector<int32_t>> parse_ids(const std::string& text) {
    std::vector<int32_t> ids;
    std::istringstream in(text);
    std::string word;
    while (in >> word) {
        char* end = nullptr;
        long v = std::strtol(word.c_str(), &end, 10);
        if (*end != '\0' || v < 0 || v > INT32_MAX) return Error::invalid("'", word, "' is not a token id");
        ids.push_back(static_cast<int32_t>(v));
    }
    if (ids.empty()) return Error::invalid("--tokens is empty; give ids like \"1 403 407\"");
    return ids;
}

int logits(std::span<const std::string> args) {
    ArgParser parser("os1 logits", "Write the logits after each of the given token ids (little-endian f32).");
    std::string model_path, tokens_text, out_path;
    int threads = 0, n_ctx = 0, batch = 0;
    bool one_by_one = false;
    parser.option("model", 'm', "FILE", "GGUF model file", &model_path, /*required=*/true);
    parser.option("tokens", 0, "IDS", "token ids separated by spaces, e.g. \"1 403 407\"", &tokens_text, true);
    parser.option("output", 'o', "FILE", "output file: (n_tokens, n_vocab) f32, row i after tokens 0..i", &out_path, true);
    parser.option("threads", 't', "N", "worker threads (default: all cores)", &threads);
    parser.option("ctx-size", 'c', "N", "context size (default: min(trained, 4096))", &n_ctx);
    parser.option("batch", 'b', "N", "tokens per forward step (default 256)", &batch);
    parser.flag("one-by-one", 0, "evaluate one token at a time instead of batches", &one_by_one);
    return run_parsed(parser, args, [&]() -> int {
        auto ids = parse_ids(tokens_text);
        if (!ids) return report_error(ids.error());
        auto model = engine::Model::load(model_path, {.n_ctx = n_ctx, .n_threads = threads});
        if (!model) return report_error(model.error());
        auto session = (*model)->new_session({.n_batch = one_by_one ? 1 : batch});
        if (!session) return report_error(session.error());
        auto out = (*session)->eval(*ids, engine::LogitsMode::All);
        if (!out) return report_error(out.error());
        std::string bytes(reinterpret_cast<const char*>(out->data()), out->size() * sizeof(float));
        if (auto w = write_file_atomic(out_path, bytes); !w) return report_error(w.error());
        std::printf("%zu tokens x %d logits -> %s\n", ids->size(), (*model)->info().n_vocab, out_path.c_str());
        return 0;
    });
}

OS1_COMMAND("logits", "write a model's logits for given token ids (for conformance checks)", logits);

}  // namespace
}  // namespace os1::cli
