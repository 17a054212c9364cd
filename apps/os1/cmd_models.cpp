// os1 models: what is installed (name, size, alias, architecture, weight
// type, checksum state), which one is the default, and changing it.
//   os1 models                 list
//   os1 models default NAME    set brain.model in config.toml
//   os1 models remove NAME     delete an installed model
#include <cstdio>
#include <filesystem>
#include <string>

#include "command.h"
#include "companion/home.h"
#include "core/args.h"
#include "core/text.h"

namespace os1::cli {
namespace {

std::string size_text(uint64_t bytes) {
    char buf[32];
    if (bytes >= 1000000000) std::snprintf(buf, sizeof buf, "%.1f GB", static_cast<double>(bytes) / 1e9);
    else std::snprintf(buf, sizeof buf, "%.0f MB", static_cast<double>(bytes) / 1e6);
    return buf;
}

int list(companion::Home& home) {
    auto listed = home.models();
    if (!listed) return report_error(listed.error());
    if (listed->models.empty()) {
        std::printf("No models installed in %s.\nRun 'os1 pull' to see the small chat models os1 can download.\n",
                    home.paths().models_dir.string().c_str());
        return 0;
    }
    if (listed->manifest_problem) std::fprintf(stderr, "os1: %s\n", for_terminal(listed->manifest_problem->message).c_str());
    std::printf("  %-40s %8s  %-16s %-8s %-6s %7s  %s\n", "FILE", "SIZE", "ALIAS", "ARCH", "TYPE", "CONTEXT", "CHECKSUM");
    bool any_default = false;
    for (const auto& m : listed->models) {
        any_default = any_default || m.is_default;
        std::printf("%s %-40s %8s  %-16s %-8s %-6s %7s  %s\n", m.is_default ? "*" : " ",
                    for_terminal(m.path.filename().string()).c_str(), size_text(m.bytes).c_str(),
                    m.alias.empty() ? "-" : m.alias.c_str(), m.arch.c_str(), m.weight_type.c_str(), m.context.c_str(),
                    for_terminal(m.checksum).c_str());
    }
    const std::string& chosen = listed->chosen;
    if (!any_default && chosen.empty()) {  // Whisper speech models only: no chat model yet
        std::printf("\nNo chat model installed ('os1 pull' lists them); whisper models are for speech.\n");
        return 0;
    }
    std::printf("\n* the default (brain.model%s). 'os1 models default NAME' changes it.\n",
                chosen.empty() ? " not set: the first installed model" : (" = " + for_terminal(chosen)).c_str());
    return 0;
}

int set_default(companion::Home& home, const std::string& name) {
    std::filesystem::path path;
    auto value = home.set_default_model(name, &path);
    if (!value) return report_error(value.error());
    std::printf("default model: %s (%s)\n", value->c_str(), path.string().c_str());
    return 0;
}

int remove_model(companion::Home& home, const std::string& name) {
    auto path = home.remove_model(name);
    if (!path) return report_error(path.error());
    std::printf("removed %s\n", path->string().c_str());
    return 0;
}

int models(std::span<const std::string> args) {
    ArgParser parser("os1 models", "List installed models; choose the default; remove one.");
    std::string verb, name;
    parser.positional("VERB", "nothing (list), 'default NAME' or 'remove NAME'", &verb, /*required=*/false);
    parser.positional("NAME", "a model: alias, file name or path", &name, /*required=*/false);
    parser.epilog("examples:\n  os1 models\n  os1 models default qwen2.5-1.5b\n  os1 models remove smollm2-360m");
    return run_parsed(parser, args, [&]() -> int {
        auto home = companion::Home::open();
        if (!home) return report_error(home.error());
        // The configuration is read first: a damaged one is reported whatever the verb.
        if (auto config = (*home)->settings(); !config) return report_error(config.error());
        if (verb.empty() || verb == "list") return list(**home);
        if (verb != "default" && verb != "remove") {
            std::fprintf(stderr, "os1 models: unknown verb %s (use default or remove; --help shows more)\n",
                         quote_capped(verb).c_str());
            return 2;
        }
        if (name.empty()) {
            std::fprintf(stderr, "os1 models %s: which model? (os1 models lists them)\n", verb.c_str());
            return 2;
        }
        if (verb == "default") return set_default(**home, name);
        return remove_model(**home, name);
    });
}

}  // namespace

OS1_COMMAND("models", "list installed models, set the default (os1 models default NAME), remove one", models);

}  // namespace os1::cli
