// os1 mood: how you've seemed, day by day: a terminal chart, and an SVG
// with --svg. Built from the affect of every message you wrote.
#include <cstdio>

#include "command.h"
#include "companion/home.h"
#include "core/args.h"
#include "core/files.h"

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
        auto home = companion::Home::open();
        if (!home) return report_error(home.error());
        auto report = (*home)->mood(days, utc, !svg.empty());
        if (!report) return report_error(report.error());
        if (!report->any_conversation) {
            std::printf("No conversations yet, so no moods to show. Talk with 'os1 chat' first.\n");
            return 0;
        }
        std::printf("Your mood, last %d day(s) (%zu message(s)):\n", days, report->messages);
        std::fputs(report->chart.c_str(), stdout);
        if (!svg.empty()) {
            if (auto w = write_file_atomic(svg, report->svg); !w) return report_error(w.error());
            std::printf("Chart written to %s\n", svg.c_str());
        }
        return 0;
    });
}

OS1_COMMAND("mood", "your mood over the last days: terminal chart, SVG with --svg", mood);

}  // namespace
}  // namespace os1::cli
