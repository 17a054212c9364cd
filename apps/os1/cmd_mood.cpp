// os1 mood: how you've seemed, day by day: a terminal chart, and an SVG
// with --svg. Built from the affect of every message you wrote.
#include <cstdio>

#include "affect/mood_chart.h"
#include "command.h"
#include "companion/mood.h"
#include "core/args.h"
#include "core/clock.h"
#include "core/files.h"
#include "core/paths.h"
#include "memory/memory.h"

namespace os1::cli {
namespace {

int mood(std::span<const std::string> args) {
    ArgParser parser("os1 mood", "How you've seemed lately: a per-day mood chart (terminal, and SVG with --svg).");
    int days = 14;
    std::string svg;
    bool utc = false;
    parser.option("days", 'd', "N", "days to show, ending today (default 14)", &days);
    parser.option("svg", 0, "FILE", "also write the chart as an SVG image", &svg);
    parser.flag("utc", 0, "group days by UTC instead of local time", &utc);
    parser.epilog("examples:\n  os1 mood\n  os1 mood --days 90 --svg mood.svg");
    return run_parsed(parser, args, [&] {
        if (days < 1 || days > 3650) {
            std::fprintf(stderr, "os1 mood: --days must be 1..3650\n");
            return 2;
        }
        auto paths = Paths::resolve();
        if (!paths) return report_error(paths.error());
        if (!std::filesystem::exists(paths->database)) {
            std::printf("No conversations yet, so no moods to show. Talk with 'os1 chat' first.\n");
            return 0;
        }
        auto memory = memory::Memory::open(*paths);
        if (!memory) return report_error(memory.error());
        const int64_t now = SystemClock::instance().wall_ms();
        affect::MoodChartOptions options;
        options.utc_offset_minutes = utc ? 0 : affect::local_utc_offset_minutes(now);
        // Start at local midnight N-1 days ago.
        const int64_t day_ms = 86'400'000;
        int64_t local_now = now + int64_t(options.utc_offset_minutes) * 60'000;
        int64_t since = (local_now / day_ms - (days - 1)) * day_ms - int64_t(options.utc_offset_minutes) * 60'000;
        auto samples = companion::mood_samples(**memory, since);
        if (!samples) return report_error(samples.error());
        auto by_day = affect::group_by_day(*samples, options);
        std::printf("Your mood, last %d day(s) (%zu message(s)):\n", days, samples->size());
        std::fputs(affect::render_mood_text(by_day, options).c_str(), stdout);
        if (!svg.empty()) {
            if (auto w = write_file_atomic(svg, affect::render_mood_svg(by_day, options)); !w)
                return report_error(w.error());
            std::printf("Chart written to %s\n", svg.c_str());
        }
        return 0;
    });
}

OS1_COMMAND("mood", "your mood over the last days: terminal chart, SVG with --svg", mood);

}  // namespace
}  // namespace os1::cli
