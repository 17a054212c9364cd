// Mail parsing speed and failures per corpus (issue 17): every file of each
// corpus is read into memory first, then parsed (mbox files split into
// their messages) repeatedly for at least --seconds; one table: files,
// messages, parsed, rejected, MB, messages per second, MB per second.
// Then the whole of each corpus is imported into a fresh mail.db (parse +
// store, deduplicated) once, timed.
//
//   build/bench/mail_corpus                      # the kit's four corpora (../shared/data/email)
//   build/bench/mail_corpus DIR... --seconds 3   # any Maildir / mbox / folder
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/files.h"
#include "skills/mail/mail_skill.h"
#include "skills/mail/parse.h"

namespace fs = std::filesystem;
using namespace os1;

namespace {

struct Item {
    std::string where, raw;
};

void collect(const fs::path& p, std::vector<Item>& out) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
        for (auto it = fs::recursive_directory_iterator(p, ec); it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (ec) break;
            if (it->is_regular_file(ec) && it->path().filename().string()[0] != '.' &&
                it->path().parent_path().filename() != "tmp")
                if (auto d = read_file(it->path())) out.push_back({it->path().string(), *d});
        }
    } else if (auto d = read_file(p)) {
        out.push_back({p.string(), *d});
    }
}

}  // namespace

int main(int argc, char** argv) {
    double min_seconds = 2.0;
    std::vector<fs::path> corpora;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--seconds" && i + 1 < argc) min_seconds = std::atof(argv[++i]);
        else corpora.push_back(a);
    }
    if (corpora.empty()) {
        fs::path kit = std::getenv("OS1_SHARED") ? fs::path(std::getenv("OS1_SHARED")) : fs::path(OS1_SHARED_DIR);
        for (const char* c : {"gmime-mbox", "notmuch-maildir-corpora", "ruby-mail-fixtures", "stalwart-eml-with-expected-json"})
            corpora.push_back(kit / "data/email" / c);
    }
    std::printf("%-34s %6s %8s %7s %8s %7s %11s %8s %12s\n", "corpus", "files", "messages", "parsed", "rejected", "MB",
                "msgs/s", "MB/s", "import msg/s");
    for (const auto& corpus : corpora) {
        std::vector<Item> items;
        collect(corpus, items);
        if (items.empty()) {
            std::printf("%-34s (nothing to read)\n", corpus.filename().c_str());
            continue;
        }
        size_t messages = 0, parsed = 0, rejected = 0, bytes = 0, rounds = 0;
        std::map<std::string, size_t> reasons;
        auto t0 = std::chrono::steady_clock::now();
        double elapsed = 0;
        do {
            for (const auto& item : items) {
                auto one = [&](std::string_view raw) {
                    auto m = mail::parse_message(raw);
                    if (rounds == 0) {
                        ++messages;
                        bytes += raw.size();
                        if (m) ++parsed;
                        else {
                            ++rejected;
                            ++reasons[m.error().message.substr(0, 60)];
                        }
                    }
                };
                if (mail::looks_like_mbox(item.raw)) mail::split_mbox(item.raw, [&](const mail::MboxEntry& e) { one(e.raw); });
                else one(item.raw);
            }
            ++rounds;
            elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        } while (elapsed < min_seconds);
        double rate = static_cast<double>(messages * rounds) / elapsed;
        double mbs = static_cast<double>(bytes * rounds) / elapsed / 1e6;

        // Import once into a fresh store.
        fs::path tmp = fs::temp_directory_path() / ("os1-mail-bench-" + std::to_string(::getpid()));
        fs::remove_all(tmp);
        skills::Context ctx;
        ctx.owner = "bench";
        ctx.dir = tmp;
        ctx.clock = &SystemClock::instance();
        auto i0 = std::chrono::steady_clock::now();
        auto imported = mail::import_mail(ctx, corpus, {}, nullptr);
        double import_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - i0).count();
        fs::remove_all(tmp);
        double import_rate = imported ? static_cast<double>(imported->parsed) / import_s : 0;

        std::printf("%-34s %6zu %8zu %7zu %8zu %7.2f %11.0f %8.1f %12.0f\n", corpus.filename().c_str(), items.size(), messages,
                    parsed, rejected, static_cast<double>(bytes) / 1e6, rate, mbs, import_rate);
        for (const auto& [reason, n] : reasons) std::printf("    rejected %3zu: %s\n", n, reason.c_str());
    }
    return 0;
}
