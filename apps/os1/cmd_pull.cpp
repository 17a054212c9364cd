// os1 pull: download a GGUF model into models_dir — a curated alias or any
// URL — with a progress bar, resume after interruption, and SHA-256
// verification where a digest is known (said plainly when none is).
#include <unistd.h>

#include <cctype>
#include <csignal>
#include <cstdio>
#include <string>

#include "command.h"
#include "companion/home.h"
#include "core/args.h"
#include "core/text.h"

namespace os1::cli {
namespace {

brain::CancelFlag g_pull_cancel{false};

void on_sigint(int) { g_pull_cancel.store(true); }

std::string megabytes(uint64_t bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / 1e6);
    return buf;
}

// A progress bar on a terminal; a line per 10% otherwise (logs, pipes).
class ProgressPrinter {
public:
    explicit ProgressPrinter(bool tty) : m_tty(tty) {}
    void operator()(const models::DownloadProgress& p) {
        if (m_tty) {
            std::string bar;
            int pct = p.total ? static_cast<int>(100.0 * static_cast<double>(p.done) / static_cast<double>(p.total)) : 0;
            int filled = pct * 30 / 100;
            for (int i = 0; i < 30; i++) bar += i < filled ? "#" : "-";
            std::string eta;
            if (p.total && p.bytes_per_s > 0 && p.done < p.total) {
                int s = static_cast<int>(static_cast<double>(p.total - p.done) / p.bytes_per_s);
                char b[32];
                std::snprintf(b, sizeof b, "  %dm%02ds left", s / 60, s % 60);
                eta = b;
            }
            std::fprintf(stderr, "\r  [%s] %3d%%  %s / %s  %.1f MB/s%s   ", bar.c_str(), pct, megabytes(p.done).c_str(),
                         p.total ? megabytes(p.total).c_str() : "?", p.bytes_per_s / 1e6, eta.c_str());
            if (p.finished) std::fputc('\n', stderr);
            std::fflush(stderr);
            return;
        }
        int decile = p.total ? static_cast<int>(10 * p.done / p.total) : -1;
        if (decile > m_last_decile || p.finished) {
            m_last_decile = decile;
            std::fprintf(stderr, "  %s of %s\n", megabytes(p.done).c_str(), p.total ? megabytes(p.total).c_str() : "?");
        }
    }

private:
    bool m_tty;
    int m_last_decile = -1;
};

void list_catalog(const companion::Home& home) {
    std::printf("Models os1 pull knows by name (or give any URL of a .gguf file; whisper-* are speech models):\n\n");
    for (const auto& e : home.catalog())
        std::printf("  %-17s %s%s\n", e.alias.c_str(), e.summary.c_str(), e.installed ? "  [installed]" : "");
    std::printf("\nExample: os1 pull qwen2.5-0.5b\n");
}

void say_default(const companion::PullOutcome& r) {
    if (!r.became_default.empty())
        std::printf("%s is now the default model ('os1 models default NAME' changes it)\n", r.became_default.c_str());
}

// `os1 pull PATH` or `os1 pull file:///abs/path.gguf`: a GGUF on this computer.
int install_file(companion::Home& home, const companion::PullPlan& plan) {
    ProgressPrinter printer(isatty(STDERR_FILENO));
    auto progress = [&](const models::DownloadProgress& p) {
        if (p.total >= (64u << 20)) printer(p);  // big files only
    };
    auto old = std::signal(SIGINT, on_sigint);
    auto r = home.pull(plan, progress, &g_pull_cancel);
    std::signal(SIGINT, old);
    if (!r) return report_error(r.error());
    if (r->already_installed) {
        std::printf("%s is already installed (%s); --force copies it again\n", r->path.string().c_str(),
                    megabytes(r->bytes).c_str());
        return 0;
    }
    std::printf("installed %s (%s), a copy of %s\n", r->path.string().c_str(), megabytes(r->bytes).c_str(),
                plan.source.c_str());
    say_default(*r);
    return 0;
}

int pull(std::span<const std::string> args) {
    ArgParser parser("os1 pull", "Download a GGUF model or a Whisper speech model (resumable, checksummed) into the models folder.");
    std::string what, sha, name, from;
    bool force = false;
    parser.positional("NAME|URL|PATH",
                      "an alias from the list (run without arguments to see it), an http(s) URL, or a .gguf on "
                      "this computer (a path or file:///abs/path.gguf), copied in",
                      &what, /*required=*/false);
    parser.option("sha256", 0, "HEX", "the file's expected SHA-256 (verified before installing)", &sha);
    parser.option("name", 0, "FILE", "install under this file name (default: the URL's file name)", &name);
    parser.flag("force", 'f', "download again even if the file is installed", &force);
    parser.option("from", 0, "PATH|file:///PATH",
                  "install the alias from this file on this computer instead of downloading it (offline; the file "
                  "is checked: a Whisper .bin must load as one)",
                  &from);
    parser.epilog(
        "An interrupted download (Ctrl-C, lost connection) keeps FILE.part; the same command resumes it.\n"
        "The checksum comes from --sha256, else the server's published sha256 (Hugging Face X-Linked-ETag),\n"
        "else a URL.sha256 file; os1 says plainly when none is known.\n\n"
        "Whisper speech models (whisper-tiny.en ... whisper-small: her ears for os1 voice and os1 transcribe)\n"
        "install the same way: by alias, or from a ggml-*.bin you have (os1 pull whisper-base.en --from FILE.bin).\n\n"
        "examples:\n  os1 pull\n  os1 pull qwen2.5-0.5b\n  os1 pull ~/Downloads/my-model-q4_k_m.gguf\n"
        "  os1 pull whisper-base.en --from ~/Downloads/ggml-base.en.bin\n"
        "  os1 pull https://example.com/models/my-model-q4_k_m.gguf --sha256 0123...");
    return run_parsed(parser, args, [&]() -> int {
        auto home = companion::Home::open();
        if (!home) return report_error(home.error());
        if (what.empty()) {
            list_catalog(**home);
            return 0;
        }
        auto plan = (*home)->plan_pull(what, name, sha, force);
        if (plan && !from.empty()) {
            // The alias's file, brought from this computer: installed under the alias's file name.
            if (plan->local) {
                std::fprintf(stderr, "os1 pull: --from goes with an alias (os1 pull whisper-base.en --from FILE)\n");
                return 2;
            }
            plan = (*home)->plan_pull(from.rfind("file://", 0) == 0 || from.find('/') != std::string::npos
                                          ? from
                                          : "./" + from,
                                      plan->file_name, sha, force);
        }
        if (!plan) {
            std::fprintf(stderr, "os1 pull: %s\n", plan.error().message.c_str());
            return 2;
        }
        if (plan->local) return install_file(**home, *plan);
        ProgressPrinter printer(isatty(STDERR_FILENO));
        auto old = std::signal(SIGINT, on_sigint);
        std::fprintf(stderr, "Downloading %s\n", plan->source.c_str());
        auto result = (*home)->pull(*plan, [&](const models::DownloadProgress& p) { printer(p); }, &g_pull_cancel);
        std::signal(SIGINT, old);
        if (!result) return report_error(result.error());
        const auto& r = *result;
        if (r.already_installed) {
            std::printf("%s is already installed (%s); --force downloads it again\n", r.path.string().c_str(),
                        megabytes(r.bytes).c_str());
            return 0;
        }
        std::printf("installed %s (%s)%s\n", r.path.string().c_str(), megabytes(r.bytes).c_str(),
                    r.resumed ? ", resumed" : "");
        switch (r.verified) {
            case models::Verification::Given: std::printf("sha256 %s verified (the expected checksum)\n", r.sha256.c_str()); break;
            case models::Verification::ETag: std::printf("sha256 %s verified (the checksum the server publishes)\n", r.sha256.c_str()); break;
            case models::Verification::Sidecar: std::printf("sha256 %s verified (the .sha256 file beside it)\n", r.sha256.c_str()); break;
            case models::Verification::None:
                std::printf("no checksum known for this URL, so nothing was verified; sha256 of the download: %s\n",
                            r.sha256.c_str());
                break;
        }
        say_default(r);
        return 0;
    });
}

}  // namespace

OS1_COMMAND("pull", "download a GGUF or Whisper model (progress, resume, sha256 check); no argument lists known models", pull);

}  // namespace os1::cli
