// os1 remind: your reminders. list (active, or --all), add ("call Rachel
// tomorrow at 9", or the task with --at WHEN; the command is your yes),
// done ID (acknowledged: a one-time reminder is done, a repeating one moves
// to its next time), due (what is due now). In a conversation, "remind me
// to ..." does the same after asking you.
#include <cstdio>
#include <cstdlib>

#include "command.h"
#include "companion/home.h"
#include "core/args.h"
#include "core/strings.h"
#include "core/text.h"

namespace os1::cli {
namespace {

void print_json(const Json& j) { std::printf("%s\n", dump_json(j).c_str()); }

std::string line_of(companion::Home& home, const skills::Reminder& r) {
    const Json v = home.reminder_view(r);
    std::string state = r.status != "active" ? " [" + r.status + "]" : v["is_due"].get<bool>() ? " [due]" : "";
    return for_terminal(str("r", r.id, "  ", v["when"].get<std::string>(), "  ", r.text, state));
}

Result<std::unique_ptr<companion::Home>> open_home() { return companion::Home::open(); }

int cmd_list(std::span<const std::string> args) {
    ArgParser p("os1 remind list", "Your reminders, soonest first.");
    bool json = false, all = false;
    p.flag("json", 0, "a JSON array: id, text, due (UTC), due_local, when, rule, time_zone, status, is_due, source, ...", &json);
    p.flag("all", 'a', "also the ones done or cancelled (newest first)", &all);
    return run_parsed(p, args, [&] {
        auto home = open_home();
        if (!home) return report_error(home.error());
        auto list = (*home)->reminders(all);
        if (!list) return report_error(list.error());
        if (json) {
            Json out = Json::array();
            for (const auto& r : *list) out.push_back((*home)->reminder_view(r));
            print_json(out);
            return 0;
        }
        if (list->empty()) std::printf("No reminders. Add one: os1 remind add \"call Rachel tomorrow at 9\"\n");
        for (const auto& r : *list) std::printf("%s\n", line_of(**home, r).c_str());
        return 0;
    });
}

int cmd_add(std::span<const std::string> args) {
    ArgParser p("os1 remind add", "Add a reminder (the command is your yes).");
    std::vector<std::string> words;
    std::string at;
    bool json = false;
    p.rest("WORDS", "what and when: \"call Rachel on Sunday at 5\" (or only what, with --at)", &words);
    p.option("at", 0, "WHEN", "when: \"tomorrow at 9\", \"in 20 minutes\", \"every Monday morning\", \"on 24 December\"", &at);
    p.flag("json", 0, "print the reminder as JSON", &json);
    p.epilog("examples:\n  os1 remind add call Rachel on Sunday at 5\n  os1 remind add \"water the plants\" --at \"every Monday morning\"\n"
             "Times are read in your time zone: config [time] zone = \"Europe/Paris\" (default: this machine's).");
    return run_parsed(p, args, [&] {
        std::string text;
        for (const auto& w : words) text += (text.empty() ? "" : " ") + w;
        if (text.empty()) {
            std::fprintf(stderr, "os1 remind add: say what to remind you of (os1 remind add --help)\n");
            return 2;
        }
        auto home = open_home();
        if (!home) return report_error(home.error());
        auto added = (*home)->add_reminder(text, at);
        if (!added) return report_error(added.error());
        if (json) print_json((*home)->reminder_view(*added));
        else std::printf("I'll remind you: %s\n", line_of(**home, *added).c_str());
        return 0;
    });
}

int cmd_done(std::span<const std::string> args) {
    ArgParser p("os1 remind done", "Acknowledge a reminder: done (a repeating one moves to its next time).");
    std::string id_text;
    bool json = false;
    p.positional("ID", "the reminder's id (r3 or 3; os1 remind list shows them)", &id_text);
    p.flag("json", 0, "print the reminder as JSON", &json);
    return run_parsed(p, args, [&] {
        std::string digits = id_text.starts_with("r") ? id_text.substr(1) : id_text;
        char* end = nullptr;
        const long long id = std::strtoll(digits.c_str(), &end, 10);
        if (digits.empty() || *end || id <= 0) {
            std::fprintf(stderr, "os1 remind done: %s is not a reminder id (like r3)\n", quote_capped(id_text).c_str());
            return 2;
        }
        auto home = open_home();
        if (!home) return report_error(home.error());
        auto done = (*home)->reminder_done(id);
        if (!done) return report_error(done.error());
        if (json) print_json((*home)->reminder_view(*done));
        else if (done->status == "done") std::printf("Done: %s\n", for_terminal(skills::reminder_words(*done)).c_str());
        else std::printf("Done for now. Next: %s\n", line_of(**home, *done).c_str());
        return 0;
    });
}

int cmd_due(std::span<const std::string> args) {
    ArgParser p("os1 remind due", "What is due now and not acknowledged yet (os1 remind done ID when it's done).");
    bool json = false;
    p.flag("json", 0, "a JSON array (as os1 remind list --json)", &json);
    return run_parsed(p, args, [&] {
        auto home = open_home();
        if (!home) return report_error(home.error());
        auto due = (*home)->due_reminders(false);
        if (!due) return report_error(due.error());
        if (json) {
            Json out = Json::array();
            for (const auto& r : *due) out.push_back((*home)->reminder_view(r));
            print_json(out);
            return 0;
        }
        if (due->empty()) std::printf("Nothing is due.\n");
        for (const auto& r : *due) std::printf("%s\n", line_of(**home, r).c_str());
        return 0;
    });
}

int remind_main(std::span<const std::string> args) {
    struct Verb {
        const char* name;
        CommandFn fn;
    };
    static const Verb VERBS[] = {{"list", cmd_list}, {"add", cmd_add}, {"done", cmd_done}, {"due", cmd_due}};
    if (!args.empty())
        for (const auto& v : VERBS)
            if (args[0] == v.name) return v.fn(args.subspan(1));
    ArgParser p("os1 remind", "Your reminders: list, add, done, due.");
    std::string verb;
    std::vector<std::string> rest;
    p.positional("VERB", "list | add | done | due", &verb);
    p.rest("ARGS", "the verb's arguments (os1 remind VERB --help)", &rest);
    p.epilog("examples:\n  os1 remind add call Rachel on Sunday at 5\n  os1 remind list --json\n  os1 remind done r3\n"
             "In a conversation: \"remind me to call Rachel on Sunday at 5\" (I ask first).");
    return run_parsed(p, args, [&] {
        std::fprintf(stderr, "os1 remind: unknown verb %s\nTry 'os1 remind --help'.\n", quote_capped(verb).c_str());
        return 2;
    });
}

OS1_COMMAND("remind", "your reminders: list, add, done, due (--json)", remind_main);

}  // namespace
}  // namespace os1::cli
