// os1 models: what is installed (name, size, alias, architecture, weight
// type, checksum state), which one is the default, and changing it.
//   os1 models                 list
//   os1 models default NAME    set brain.model in config.toml
//   os1 models remove NAME     delete an installed model
#include <cstdio>
#include <filesystem>
#include <string>

#include "brain/catalog.h"
#include "brain/manifest.h"
#include "brain/model_info.h"
#include "command.h"
#include "core/args.h"
#include "core/text.h"
#include "core/config.h"
#include "core/paths.h"

namespace os1::cli {
namespace {

namespace fs = std::filesystem;

std::string size_text(uint64_t bytes) {
    char buf[32];
    if (bytes >= 1000000000) std::snprintf(buf, sizeof buf, "%.1f GB", static_cast<double>(bytes) / 1e9);
    else std::snprintf(buf, sizeof buf, "%.0f MB", static_cast<double>(bytes) / 1e6);
    return buf;
}

int list(const Paths& paths, const Config& config) {
    auto models = brain::installed_models(paths.models_dir);
    if (models.empty()) {
        std::printf("No models installed in %s.\nRun 'os1 pull' to see the small chat models os1 can download.\n",
                    paths.models_dir.string().c_str());
        return 0;
    }
    auto manifest = brain::read_manifest(paths.models_dir);
    if (!manifest) std::fprintf(stderr, "os1: %s\n", for_terminal(manifest.error().message).c_str());
    std::string chosen = config.get_string("brain.model");
    fs::path default_path;
    if (!chosen.empty()) {
        if (auto p = brain::find_model(chosen, paths.models_dir)) default_path = *p;
    } else {
        default_path = models.front();
    }
    std::printf("  %-40s %8s  %-13s %-8s %-6s %7s  %s\n", "FILE", "SIZE", "ALIAS", "ARCH", "TYPE", "CONTEXT", "CHECKSUM");
    for (const auto& m : models) {
        std::error_code ec;
        uint64_t bytes = fs::file_size(m, ec);
        std::string alias(brain::alias_for_file(m.filename().string()));
        std::string arch = "?", type = "?", ctx = "?";
        if (auto s = brain::read_gguf_summary(m)) {
            // GGUF metadata is whatever the file says: shown as text, never as escapes.
            const auto& a = s->architecture;
            arch = a.empty() ? "?" : a.size() > 24 ? quote_capped(a, 16) : for_terminal(a);
            type = s->weight_type.empty() ? "?" : for_terminal(s->weight_type);
            ctx = s->context_length ? std::to_string(s->context_length) : "?";
        } else if (s.error().code != ErrorCode::Unsupported) {
            arch = "unreadable";
        }
        std::string check = "not recorded";
        if (manifest) {
            auto it = manifest->find(m.filename().string());
            if (it != manifest->end()) check = it->second.verified == "none" ? "not verified" : "verified (" + it->second.verified + ")";
        }
        std::printf("%s %-40s %8s  %-13s %-8s %-6s %7s  %s\n", m == default_path ? "*" : " ",
                    for_terminal(m.filename().string()).c_str(), size_text(bytes).c_str(),
                    alias.empty() ? "-" : alias.c_str(), arch.c_str(), type.c_str(), ctx.c_str(), for_terminal(check).c_str());
    }
    std::printf("\n* the default (brain.model%s). 'os1 models default NAME' changes it.\n",
                chosen.empty() ? " not set: the first installed model" : (" = " + for_terminal(chosen)).c_str());
    return 0;
}

int set_default(const Paths& paths, Config config, const std::string& name) {
    auto path = brain::find_model(name, paths.models_dir);
    if (!path) return report_error(path.error());
    // Only a file that opens as GGUF becomes the default: a wrong file would
    // otherwise be found only by the next chat.
    if (auto valid = brain::check_gguf(*path); !valid) return report_error(valid.error());
    // Keep what the person typed when it is an alias; otherwise the file name
    // for models in models_dir, the full path for anything elsewhere.
    std::string value = name;
    if (!brain::find_catalog(name)) {
        value = path->parent_path() == paths.models_dir ? path->filename().string() : fs::absolute(*path).string();
    }
    config.set("brain.model", TomlValue::of(value));
    if (auto saved = config.save(paths.config_file); !saved) return report_error(saved.error());
    std::printf("default model: %s (%s)\n", value.c_str(), path->string().c_str());
    return 0;
}

int remove_model(const Paths& paths, const std::string& name) {
    auto path = brain::find_model(name, paths.models_dir);
    if (!path) return report_error(path.error());
    if (path->parent_path() != paths.models_dir)
        return report_error(Error::invalid(path->string(), " is not in the models folder; os1 only removes what it installed"));
    std::error_code ec;
    fs::remove(*path, ec);
    if (ec) return report_error(Error::io("cannot remove ", path->string(), ": ", ec.message()));
    (void)brain::remove_from_manifest(paths.models_dir, path->filename().string());
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
        auto paths = Paths::resolve();
        if (!paths) return report_error(paths.error());
        auto config = Config::load(paths->config_file);
        if (!config) return report_error(config.error());
        if (verb.empty() || verb == "list") return list(*paths, *config);
        if (verb != "default" && verb != "remove") {
            std::fprintf(stderr, "os1 models: unknown verb %s (use default or remove; --help shows more)\n",
                         quote_capped(verb).c_str());
            return 2;
        }
        if (name.empty()) {
            std::fprintf(stderr, "os1 models %s: which model? (os1 models lists them)\n", verb.c_str());
            return 2;
        }
        if (verb == "default") return set_default(*paths, *config, name);
        return remove_model(*paths, name);
    });
}

}  // namespace

OS1_COMMAND("models", "list installed models, set the default (os1 models default NAME), remove one", models);

}  // namespace os1::cli
