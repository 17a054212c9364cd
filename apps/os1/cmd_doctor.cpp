// os1 doctor: tells the truth about this machine and this install.
#include <cstdio>
#include <filesystem>
#include <thread>

#include "command.h"
#include "companion/home.h"
#include "core/args.h"
#include "core/config.h"
#include "core/cpu.h"
#include "core/paths.h"
#include "core/text.h"
#include "voice/transcribe.h"

namespace os1::cli {
namespace {

namespace fs = std::filesystem;

// Values may come from files (config, model names, errors repeating them): shown as text.
void line(const char* what, const std::string& value) { std::printf("  %-16s %s\n", what, for_terminal(value).c_str()); }

std::string folder_state(const fs::path& p) {
    std::error_code ec;
    if (!fs::exists(p, ec)) return p.string() + " (not created yet)";
    return p.string();
}

int doctor(std::span<const std::string> args) {
    ArgParser parser("os1 doctor", "Report CPU features, data folders, configuration, models and optional parts.");
    return run_parsed(parser, args, [&] {
        int problems = 0;
        const auto& cpu = cpu_features();
        std::printf("os1 doctor\n\nmachine\n");
        line("cpu", cpu.brand.empty() ? "(unknown)" : cpu.brand);
        line("cpu features", cpu.summary());
        std::string kernels = cpu.avx512f ? (cpu.avx512_vnni ? "avx512-vnni" : "avx512") : cpu.avx2 ? "avx2" : "scalar";
        line("kernels", kernels);
        line("threads", std::to_string(std::thread::hardware_concurrency()));

        std::printf("\nfiles\n");
        auto paths = Paths::resolve();
        if (!paths) {
            line("paths", "ERROR: " + paths.error().message);
            return 1;
        }
        line("OS1_HOME", paths->from_os1_home ? paths->config_dir.string() : "(not set; XDG folders)");
        line("config", folder_state(paths->config_file));
        line("data", folder_state(paths->data_dir));
        line("database", folder_state(paths->database));
        line("models", folder_state(paths->models_dir));

        auto config = Config::load(paths->config_file);
        if (!config) {
            line("config check", "ERROR: " + config.error().message);
            problems++;
        } else {
            line("config check", std::to_string(config->table().size()) + " setting(s), parsed fine");
            line("brain", config->get_string("brain.backend", "(not chosen; default: local if a model is installed, else none)"));
            if (auto m = config->get("brain.model")) line("brain.model", *m);
            // Crisis help lines: which region's numbers a person in crisis would be given.
            auto region = companion::configured_safety_region(*config);
            line("safety.region", region.empty() ? "international (your local emergency number + findahelpline.com; "
                                                   "set [safety] region = \"GB\" etc.)"
                                  : companion::safety_region_known(region)
                                      ? region
                                      : region + " (no numbers listed here yet: local emergency number + findahelpline.com)");
        }

        std::printf("\nmodels\n");
        int n_models = 0;
        std::error_code ec;
        if (fs::is_directory(paths->models_dir, ec)) {
            for (const auto& entry : fs::directory_iterator(paths->models_dir, ec)) {
                const bool speech = entry.path().extension() == ".bin";  // a Whisper model (os1 pull whisper-*)
                if (entry.path().extension() != ".gguf" && !speech) continue;
                auto size = entry.file_size(ec);
                line(for_terminal(entry.path().filename().string()).c_str(),
                     std::to_string(size / (1024 * 1024)) + " MiB" + (speech ? " (Whisper, speech)" : ""));
                n_models++;
            }
        }
        if (n_models == 0) line("installed", "none (os1 pull <name> installs one; see 'os1 pull --help')");

        // Her ears: the recogniser os1 voice and os1 transcribe use.
        if (auto asr = voice::choose_asr("auto"); !asr) {
            line("speech in", "ERROR: " + asr.error().message);
            problems++;
        } else if (asr->name == "whisper") {
            line("speech in", "whisper (" + asr->model.string() + ")");
        } else {
            line("speech in", "pocketsphinx (" + asr->why + ")");
        }

        std::printf("\ncomponents\n");
        for (const auto& [part, version] : companion::components()) line(part.c_str(), version);
        bool wordnet = fs::exists("/usr/share/wordnet/data.noun", ec);
        line("wordnet", wordnet ? "/usr/share/wordnet (synonyms on)" : "missing (apt-get install wordnet-base; recall uses fewer synonyms)");
        auto shared = shared_dir();
        line("reference kit", shared.empty() ? "not found (only needed for tests)" : shared.string());
        std::printf("\n%s\n", problems ? "some problems were found (see ERROR above)" : "all good");
        return problems ? 1 : 0;
    });
}

OS1_COMMAND("doctor", "report CPU features, data folders, config, models, optional parts", doctor);

}  // namespace
}  // namespace os1::cli
