// os1 model: tools for model files. `os1 model synth` writes a random-weight
// GGUF with a public model's exact shapes (for benchmarks).
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "command.h"
#include "core/args.h"
#include "core/text.h"
#include "engine_tools/synth.h"

namespace os1::cli {
namespace {

std::string joined(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s;
}

int synth(std::span<const std::string> args) {
    ArgParser parser("os1 model synth",
                     "Write a random-weight GGUF model with the exact shapes of a public model (for benchmarks).");
    std::string preset, type = "q8_0", out;
    int64_t seed = 1234;
    int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    parser.option("preset", 0, "NAME", "model shapes: " + joined(engine::synth_preset_names()), &preset, true);
    parser.option("type", 0, "TYPE", "weight type: " + joined(engine::synth_type_names()) + " (default q8_0)", &type);
    parser.option("output", 'o', "FILE", "where to write the .gguf", &out, true);
    parser.option("seed", 0, "N", "random seed (default 1234); same seed, same file", &seed);
    parser.option("threads", 't', "N", "quantization threads (default: all cores)", &threads);
    parser.epilog("Example: os1 model synth --preset qwen2.5-0.5b --type q4_k_m -o /tmp/qwen-q4km.gguf");
    return run_parsed(parser, args, [&] {
        auto p = engine::synth_preset(preset);
        if (!p) return report_error(p.error());
        engine::SynthOptions options;
        options.preset = *p;
        options.type = type;
        options.seed = static_cast<uint64_t>(seed);
        options.n_threads = std::max(1, threads);
        auto t0 = std::chrono::steady_clock::now();
        auto r = engine::synth_model(options, out);
        if (!r) return report_error(r.error());
        double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::error_code ec;
        auto size = std::filesystem::file_size(out, ec);
        std::printf("wrote %s: %s %s, %.1f MiB in %.1f s\n", out.c_str(), preset.c_str(), type.c_str(),
                    static_cast<double>(size) / (1024.0 * 1024.0), s);
        return 0;
    });
}

int model(std::span<const std::string> args) {
    if (!args.empty() && args[0] == "synth") return synth(args.subspan(1));
    ArgParser parser("os1 model", "Tools for model files. Verbs: synth (write a random-weight model).");
    std::string verb;
    std::vector<std::string> rest;
    parser.positional("verb", "synth", &verb);
    parser.rest("args", "arguments of the verb", &rest);
    return run_parsed(parser, args, [&] {
        std::fprintf(stderr, "os1 model: unknown verb %s (try: os1 model synth --help)\n", quote_capped(verb).c_str());
        return 2;
    });
}

OS1_COMMAND("model", "model file tools: synth (random-weight GGUF with a public model's shapes)", model);

}  // namespace
}  // namespace os1::cli
