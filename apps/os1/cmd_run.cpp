// os1 run: generate text from a prompt with a local GGUF model, streaming
// the continuation to stdout (the prompt itself is not repeated).
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "command.h"
#include "core/args.h"
#include "core/text.h"
#include "core/log.h"
#include "engine/engine.h"

namespace os1::cli {
namespace {

// "\n", "\t" and "\\" in a --stop argument, so a shell can pass a newline.
std::string unescape(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); i++) {
        if (s[i] == '\\' && i + 1 < s.size()) {
            char c = s[i + 1];
            if (c == 'n' || c == 't' || c == '\\') {
                out += c == 'n' ? '\n' : c == 't' ? '\t' : '\\';
                i++;
                continue;
            }
        }
        out += s[i];
    }
    return out;
}

// --prompt-cache: restores the saved state when it fits this model, reads
// only the prompt tokens past the longest common prefix, and saves the
// state with the whole prompt (like llama.cpp's --prompt-cache). A file
// that cannot be used is reported and replaced, never fatal.
void read_prompt_with_cache(engine::Session& session, const std::vector<int32_t>& prompt,
                            const std::filesystem::path& file) {
    std::error_code ec;
    if (std::filesystem::exists(file, ec)) {
        if (auto r = session.load_state(file); !r)
            std::fprintf(stderr, "os1: prompt cache not used: %s\n", for_terminal(r.error().message).c_str());
    }
    const std::vector<int32_t> restored = session.tokens();
    size_t keep = 0;
    while (keep < restored.size() && keep < prompt.size() && restored[keep] == prompt[keep]) keep++;
    session.truncate(keep);
    const auto t0 = std::chrono::steady_clock::now();
    if (keep < prompt.size()) {
        auto r = session.eval(std::span(prompt).subspan(keep));
        if (!r) {  // generate() will report it; the cache is left alone
            session.reset();
            return;
        }
    }
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    std::fprintf(stderr, "os1: prompt cache: reused %zu of %zu prompt tokens from %s (read the other %zu in %.0f ms)\n",
                 keep, prompt.size(), file.string().c_str(), prompt.size() - keep, ms);
    std::fflush(stderr);
    if (session.tokens() != restored) {
        if (auto r = session.save_state(file); !r) std::fprintf(stderr, "os1: %s\n", for_terminal(r.error().message).c_str());
    }
}

int run(std::span<const std::string> args) {
    ArgParser parser("os1 run", "Generate text from a prompt with a local GGUF model.");
    std::string model_path, prompt;
    int n_predict = 128, top_k = 40, threads = 0, n_ctx = 0;
    double temp = 0.8, top_p = 0.95, min_p = 0.05, repeat_penalty = 1.0;
    int64_t seed = -1;
    bool ids = false, no_bos = false;
    std::vector<std::string> stops;
    std::string prompt_cache;
    parser.option("model", 'm', "FILE", "GGUF model file", &model_path, /*required=*/true);
    parser.option("prompt", 'p', "TEXT", "the text to continue", &prompt, /*required=*/true);
    parser.option("n-predict", 'n', "N", "tokens to generate (default 128)", &n_predict);
    parser.option("temp", 0, "T", "temperature; 0 = greedy (default 0.8)", &temp);
    parser.option("top-k", 0, "K", "keep the K most likely tokens; 0 = off (default 40)", &top_k);
    parser.option("top-p", 0, "P", "nucleus sampling; 1 = off (default 0.95)", &top_p);
    parser.option("min-p", 0, "P", "drop tokens below P x the best; 0 = off (default 0.05)", &min_p);
    parser.option("repeat-penalty", 0, "R", "penalise the last 64 tokens; 1 = off (default 1)", &repeat_penalty);
    parser.option("seed", 0, "S", "random seed for reproducible sampling (default: random)", &seed);
    parser.option_list("stop", 0, "TEXT", "stop when this text appears (repeatable; not printed; \\n = newline)", &stops);
    parser.option("threads", 't', "N", "worker threads (default: all cores)", &threads);
    parser.option("ctx-size", 'c', "N", "context size in tokens (default: min(trained, 4096))", &n_ctx);
    parser.option("prompt-cache", 0, "FILE",
                  "keep the prompt's keys/values in FILE: a later run with the same start reads only the rest",
                  &prompt_cache);
    parser.flag("ids", 0, "print the generated token ids instead of text", &ids);
    parser.flag("no-bos", 0, "do not start the prompt with the BOS token", &no_bos);
    parser.epilog("Example: os1 run -m stories260K.gguf -p \"Once upon a time\" -n 64 --temp 0\n"
                  "With --prompt-cache story.kv a second run that starts with the same text reads only what is new.\n"
                  "Timing statistics are logged with --verbose.");
    return run_parsed(parser, args, [&]() -> int {
        if (n_predict < 0) return report_error(Error::invalid("-n must be 0 or more"));
        auto model = engine::Model::load(model_path, {.n_ctx = n_ctx, .n_threads = threads});
        if (!model) return report_error(model.error());
        const auto& tok = (*model)->tokenizer();
        auto session = (*model)->new_session();
        if (!session) return report_error(session.error());

        auto prompt_ids = tok.encode(prompt, !no_bos && tok.add_bos_default());
        if (prompt_ids.empty() && tok.bos() >= 0) prompt_ids.push_back(tok.bos());
        if (prompt_ids.empty()) return report_error(Error::invalid("the prompt is empty and the model has no BOS token"));

        engine::GenerateOptions options;
        options.max_tokens = n_predict;
        for (const auto& stop : stops) options.stop.push_back(unescape(stop));
        options.sampling.temperature = static_cast<float>(temp);
        options.sampling.top_k = top_k;
        options.sampling.top_p = static_cast<float>(top_p);
        options.sampling.min_p = static_cast<float>(min_p);
        options.sampling.repeat_penalty = static_cast<float>(repeat_penalty);
        options.sampling.seed = seed < 0 ? engine::SEED_RANDOM : static_cast<uint64_t>(seed);

        if (!prompt_cache.empty()) read_prompt_with_cache(**session, prompt_ids, prompt_cache);
        TerminalStream shown;  // the model's text, never its escape sequences (core/text.h)
        auto stats = (*session)->generate(prompt_ids, options, [&](std::string_view piece) {
            if (!ids) {
                std::fputs(shown.feed(piece).c_str(), stdout);
                std::fflush(stdout);
            }
            return true;
        });
        if (!ids) std::fputs(shown.finish().c_str(), stdout);
        if (!stats) return report_error(stats.error());
        if (ids) {
            std::string line;
            for (int32_t id : stats->tokens) {
                if (!line.empty()) line += ' ';
                line += std::to_string(id);
            }
            std::printf("%s", line.c_str());
        }
        std::printf("\n");
        std::fflush(stdout);
        log::info("prompt: ", stats->n_prompt_tokens, " tokens in ", stats->prompt_ms, " ms (",
                  stats->prompt_ms > 0 ? 1000.0 * stats->n_prompt_tokens / stats->prompt_ms : 0.0, " tok/s); generated ",
                  stats->n_generated, " tokens in ", stats->generate_ms, " ms (",
                  stats->generate_ms > 0 ? 1000.0 * stats->n_generated / stats->generate_ms : 0.0, " tok/s); stopped: ",
                  engine::stop_reason_name(stats->stop_reason));
        return 0;
    });
}

OS1_COMMAND("run", "generate text from a prompt with a local GGUF model", run);

}  // namespace
}  // namespace os1::cli
