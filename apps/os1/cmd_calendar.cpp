// os1 calendar: your calendars from the terminal: import and subscribe to
// .ics files, what's on (list, today), questions in words (ask), adding an
// event (the command is your yes), export, and expand (the instances of a
// file in a range, as JSON: uid, start, end, summary, in order).
#include <cstdio>

#include "command.h"
#include "companion/calendar.h"
#include "companion/home.h"
#include "core/args.h"
#include "core/files.h"
#include "core/text.h"

namespace os1::cli {
namespace {

constexpr const char* USAGE =
    "usage: os1 calendar import FILE.ics | subscribe URL | refresh | sources [--json]\n"
    "       os1 calendar today|list [SPAN] [--from ISO --to ISO] [--json]\n"
    "       os1 calendar expand FILE.ics --from ISO --to ISO [--json]\n"
    "       os1 calendar ask \"am I free Thursday afternoon?\"\n"
    "       os1 calendar add TITLE --when WHEN [--end ISO] [--where PLACE] [--json]\n"
    "       os1 calendar export [-o FILE.ics]\n";

void print_notes(const std::vector<std::string>& notes) {
    for (const auto& n : notes) std::fprintf(stderr, "note: %s\n", for_terminal(n).c_str());
}

int view(const Result<companion::CalendarView>& v, bool json, const std::string& empty_words) {
    if (!v) return report_error(v.error());
    print_notes(v->notes);
    if (json) std::printf("%s\n", v->instances.dump().c_str());
    else if (v->instances.empty()) std::printf("%s\n", empty_words.c_str());
    else std::fputs(for_terminal(v->text).c_str(), stdout);
    return 0;
}

int calendar(std::span<const std::string> args) {
    if (args.empty() || args[0] == "--help" || args[0] == "-h") {
        std::fputs(USAGE, args.empty() ? stderr : stdout);
        return args.empty() ? 2 : 0;
    }
    const std::string verb = args[0];
    ArgParser parser("os1 calendar " + verb, "Your calendars (.ics files and subscriptions).");
    std::string from, to, when, end, where, out_file;
    bool json = false;
    std::vector<std::string> rest;
    parser.option("from", 0, "ISO", "range start (2026-12-07 or 2026-12-07T09:00, naive = your zone)", &from);
    parser.option("to", 0, "ISO", "range end (exclusive)", &to);
    parser.option("when", 0, "WHEN", "add: when, in words (\"Friday at 7\") or ISO-8601", &when);
    parser.option("end", 0, "ISO", "add: when it ends (default: an hour later; all day for a date)", &end);
    parser.option("where", 0, "PLACE", "add: where", &where);
    parser.option("output", 'o', "FILE", "export: write to FILE instead of stdout", &out_file);
    parser.flag("json", 0, "print JSON", &json);
    parser.rest("ARGS", "the command's arguments", &rest);
    parser.epilog(USAGE);
    return run_parsed(parser, args.subspan(1), [&]() -> int {
        auto home = companion::Home::open();
        if (!home) return report_error(home.error());
        companion::Home& h = **home;
        auto joined = [&] {
            std::string s;
            for (const auto& r : rest) s += (s.empty() ? "" : " ") + r;
            return s;
        };
        auto imported = [&](const Result<companion::CalendarImported>& r) {
            if (!r) return report_error(r.error());
            print_notes(r->warnings);
            if (json) std::printf("%s\n", Json{{"id", r->id}, {"name", r->name}, {"source", r->source}, {"events", r->events}, {"warnings", r->warnings}}.dump().c_str());
            else std::printf("Imported %s: %lld event(s).\n", for_terminal(r->name).c_str(), static_cast<long long>(r->events));
            return 0;
        };
        if (verb == "import" || verb == "subscribe") {
            if (rest.size() != 1) {
                std::fprintf(stderr, "os1 calendar %s: give one %s\n", verb.c_str(), verb == "import" ? "FILE.ics" : "URL");
                return 2;
            }
            return imported(verb == "import" ? companion::calendar_import(h, rest[0]) : companion::calendar_subscribe(h, rest[0]));
        }
        if (verb == "refresh") {
            auto r = companion::calendar_refresh(h);
            if (!r) return report_error(r.error());
            print_notes(*r);
            std::printf(r->empty() ? "Subscriptions refreshed.\n" : "Some subscriptions could not be refreshed.\n");
            return r->empty() ? 0 : 1;
        }
        if (verb == "sources") {
            auto r = companion::calendar_sources(h);
            if (!r) return report_error(r.error());
            if (json) std::printf("%s\n", r->dump().c_str());
            else
                for (const auto& s : *r)
                    std::printf("%lld  %s  (%s, %lld events)\n", static_cast<long long>(s["id"].get<int64_t>()), for_terminal(s["name"].get<std::string>()).c_str(),
                                s["kind"].get<std::string>().c_str(), static_cast<long long>(s["events"].get<int64_t>()));
            return 0;
        }
        if (verb == "today" || verb == "list") {
            const std::string span = verb == "today" ? "today" : rest.empty() && from.empty() ? "this week" : joined();
            return view(companion::calendar_list(h, span, from, to), json, "Nothing on your calendar.");
        }
        if (verb == "expand") {
            if (rest.size() != 1) {
                std::fprintf(stderr, "os1 calendar expand: give one FILE.ics (and --from, --to)\n");
                return 2;
            }
            if (from.empty() || to.empty()) {
                std::fprintf(stderr, "os1 calendar expand: --from and --to are required (ISO-8601)\n");
                return 2;
            }
            return view(companion::calendar_expand_file(h, rest[0], from, to), json, "No instances in that range.");
        }
        if (verb == "ask") {
            auto r = companion::calendar_ask(h, joined());
            if (!r) return report_error(r.error());
            std::printf("%s\n", for_terminal(*r).c_str());
            return 0;
        }
        if (verb == "add") {
            if (rest.empty() || when.empty()) {
                std::fprintf(stderr, "os1 calendar add: give a TITLE and --when (\"Friday at 7\" or 2026-12-11T19:00)\n");
                return 2;
            }
            auto r = companion::calendar_add(h, joined(), when, end, where);
            if (!r) return report_error(r.error());
            if (json) std::printf("%s\n", r->dump().c_str());
            else {
                std::printf("Added: %s, %s.\n", for_terminal((*r)["summary"].get<std::string>()).c_str(), (*r)["when"].get<std::string>().c_str());
                for (const auto& c : (*r)["conflicts"]) std::printf("It overlaps with: %s\n", for_terminal(c.value("summary", std::string())).c_str());
            }
            return 0;
        }
        if (verb == "export") {
            auto r = companion::calendar_export(h);
            if (!r) return report_error(r.error());
            if (r->empty()) {
                std::fprintf(stderr, "You haven't added any events yet.\n");
                return 0;
            }
            if (out_file.empty()) std::fputs(r->c_str(), stdout);
            else if (auto w = write_file_atomic(out_file, *r); !w) return report_error(w.error());
            else std::printf("Written to %s\n", out_file.c_str());
            return 0;
        }
        std::fprintf(stderr, "os1 calendar: unknown command '%s'\n%s", for_terminal(verb).c_str(), USAGE);
        return 2;
    });
}

OS1_COMMAND("calendar", "your calendars: import, subscribe, today, list, ask, add (after your yes), export, expand", calendar);

}  // namespace
}  // namespace os1::cli
