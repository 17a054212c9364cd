// os1 memory: the person's own view of what the companion remembers —
// list, search, show, forget, export, import, reflect.
#include <cstdio>
#include <fstream>
#include <iostream>

#include "command.h"
#include "companion/home.h"
#include "core/args.h"
#include "core/files.h"
#include "core/json.h"
#include "core/text.h"

namespace os1::cli {
namespace {

using companion::fact_json;
using companion::hit_json;
using companion::Home;

Result<std::unique_ptr<Home>> open_home() { return Home::open(); }

std::string join(const std::vector<std::string>& v, size_t max = 8) {
    std::string out;
    for (size_t i = 0; i < v.size() && i < max; i++) out += (i ? ", " : "") + v[i];
    if (v.size() > max) out += str(", ... (", v.size(), " in all)");
    return out;
}

int cmd_search(std::span<const std::string> args) {
    ArgParser p("os1 memory search", "Search memory: facts, messages, summaries, ranked, each with its sources.");
    std::string query, now_text, session;
    int k = 10;
    bool json = false, history = false;
    p.positional("QUERY", "what to look for (a question works)", &query);
    p.option("k", 'k', "K", "how many hits (default 10)", &k);
    p.flag("json", 0, "print the hits as a JSON array", &json);
    p.option("now", 0, "TIME", "reference time for 'last week' (default: now)", &now_text);
    p.option("session", 0, "ID", "only this conversation", &session);
    p.flag("history", 0, "include facts that were superseded", &history);
    return run_parsed(p, args, [&] {
        if (k < 1 || k > 1000) return report_error(Error::invalid("-k must be between 1 and 1000"));
        auto home = open_home();
        if (!home) return report_error(home.error());
        companion::MemorySearch search{.query = query, .k = k, .session = session, .history = history};
        if (!now_text.empty()) {
            auto t = (*home)->parse_time(now_text);
            if (!t) return report_error(t.error().context("--now"));
            search.now_ms = *t;
        }
        auto hits = (*home)->search(search);
        if (!hits) return report_error(hits.error());
        if (json) {
            Json arr = Json::array();
            for (auto& h : *hits) arr.push_back(hit_json(h));
            std::printf("%s\n", dump_json(arr).c_str());
            return 0;
        }
        if (hits->empty()) std::printf("nothing in memory matches %s\n", quote_capped(query).c_str());
        for (auto& h : *hits) {
            std::string who = h.speaker.empty() ? "" : h.speaker + ": ";
            std::printf("%6.2f  %-7s %s  %s%s\n        sources: %s\n", h.score, std::string(memory::hit_kind_name(h.kind)).c_str(),
                        format_iso8601_utc(h.time_ms).substr(0, 10).c_str(), for_terminal(who).c_str(), for_terminal(h.text).c_str(),
                        join(h.sources).c_str());
        }
        return 0;
    });
}

int cmd_list(std::span<const std::string> args) {
    ArgParser p("os1 memory list", "List what memory holds: facts (default), messages or notes.");
    bool episodes = false, notes = false, history = false, json = false;
    int n = 50;
    std::string session;
    p.flag("messages", 'm', "list the latest messages instead of facts", &episodes);
    p.flag("notes", 0, "list summaries and profile entries", &notes);
    p.flag("history", 0, "include superseded facts (with their validity)", &history);
    p.option("n", 'n', "N", "how many messages (default 50)", &n);
    p.option("session", 0, "ID", "messages of this conversation only", &session);
    p.flag("json", 0, "print JSON", &json);
    return run_parsed(p, args, [&] {
        auto home = open_home();
        if (!home) return report_error(home.error());
        Json out = Json::array();
        if (episodes) {
            auto eps = (*home)->recent_messages(session, n);
            if (!eps) return report_error(eps.error());
            for (auto& e : *eps) {
                if (json) {
                    out.push_back(companion::episode_json(e));
                } else {
                    std::printf("e%-6lld %s  [%s] %s: %s\n", static_cast<long long>(e.id), format_iso8601_utc(e.episode.time_ms).c_str(),
                                for_terminal(e.episode.session).c_str(), for_terminal(e.episode.speaker).c_str(),
                                for_terminal(e.episode.text).c_str());
                }
            }
        } else if (notes) {
            auto ns = (*home)->notes();
            if (!ns) return report_error(ns.error());
            for (auto& note : *ns) {
                if (json) out.push_back(companion::note_json(note));
                else std::printf("s%-6lld %s\n        %s\n        sources: %s\n", static_cast<long long>(note.id), note.scope.c_str(),
                                 for_terminal(note.text).c_str(), join(note.sources).c_str());
            }
        } else {
            auto facts = (*home)->facts(history);
            if (!facts) return report_error(facts.error());
            if (!json && facts->empty()) std::printf("no facts yet (they come from what you tell me)\n");
            for (auto& f : *facts) {
                if (json) {
                    out.push_back(fact_json(f));
                    continue;
                }
                std::string validity = f.valid_to_ms ? str("  [until ", format_iso8601_utc(f.valid_to_ms).substr(0, 10), ", replaced by f",
                                                           f.superseded_by, "]")
                                                     : "";
                const std::string from = f.origin == memory::FACT_FROM_PERSON ? "corrected by you" : join(f.sources);
                std::printf("f%-6lld %-9s %s%s\n        from: %s\n", static_cast<long long>(f.id),
                            std::string(memory::fact_kind_name(f.kind)).c_str(), for_terminal(f.text).c_str(), validity.c_str(),
                            from.c_str());
            }
        }
        if (json) std::printf("%s\n", dump_json(out, 2).c_str());
        return 0;
    });
}

int cmd_show(std::span<const std::string> args) {
    ArgParser p("os1 memory show", "Show one record (f12, e34, s5 or a message id) with where it came from.");
    std::string ref;
    p.positional("REF", "f<N> fact, e<N> message, s<N> summary/profile entry, or a message's own id", &ref);
    return run_parsed(p, args, [&] {
        auto home = open_home();
        if (!home) return report_error(home.error());
        auto out = (*home)->show(ref);
        if (!out) return report_error(out.error());
        std::printf("%s\n", dump_json(*out, 2).c_str());
        return 0;
    });
}

// "Delete my data": only after the person typed the confirmation.
int confirm_and_forget_everything(Home& home) {
    const std::string confirm = companion::FORGET_EVERYTHING_CONFIRMATION;
    std::fprintf(stderr,
                 "This erases everything I keep about you: our conversations, what I learned, summaries, reminders,\n"
                 "calendars, mail (and its saved password), letters, chat history, our first meeting.\n"
                 "It cannot be undone. Type \"%s\" to go ahead: ",
                 confirm.c_str());
    std::string line;
    if (!std::getline(std::cin, line)) line.clear();
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (line != confirm) {
        std::fprintf(stderr, "\nNothing was erased (that was not \"%s\").\n", confirm.c_str());
        return 1;
    }
    auto out = home.forget_everything();
    if (!out) return report_error(out.error());
    std::printf("%s\n", out->message.c_str());
    return out->problems.empty() ? 0 : 1;
}

int cmd_forget(std::span<const std::string> args) {
    ArgParser p("os1 memory forget",
                "Forget a record and everything derived from or quoting it: facts, summaries, my replies, chat history, "
                "interview answers, saved conversation states (the space is overwritten).");
    std::string ref;
    bool all = false;
    p.positional("REF", "f<N> fact, e<N> message, s<N> summary/profile entry, or a message's own id", &ref, false);
    p.flag("all", 0, "forget everything about you, in every store (asks you to type a confirmation)", &all);
    p.epilog("Reminders, proposals, calendar events and mails in the outbox made from a forgotten message go too;\n"
             "a letter stays, without the forgotten words.");
    return run_parsed(p, args, [&] {
        if (all == !ref.empty()) {
            std::fprintf(stderr, "os1 memory forget: name one record to forget (like e12), or --all for everything\n");
            return 2;
        }
        auto home = open_home();
        if (!home) return report_error(home.error());
        if (all) return confirm_and_forget_everything(**home);
        auto out = (*home)->forget(ref);
        if (!out) return report_error(out.error());
        std::printf("%s\n", out->message.c_str());
        return out->problems.empty() ? 0 : 1;
    });
}

int cmd_edit(std::span<const std::string> args) {
    ArgParser p("os1 memory edit",
                "Correct a fact in your own words. The correction becomes the current version; what I had before "
                "stays in its history (os1 memory show ID), marked as corrected by you.");
    std::string ref;
    std::vector<std::string> words;
    bool json = false;
    p.positional("ID", "the fact to correct (f12; see os1 memory list)", &ref);
    p.rest("TEXT", "what is right, e.g. \"Your sister is Rachel Green\"", &words);
    p.flag("json", 0, "print the corrected fact as JSON", &json);
    p.epilog("example:\n  os1 memory edit f12 \"Your sister is Rachel Green\"");
    return run_parsed(p, args, [&] {
        std::string text;
        for (const auto& w : words) text += (text.empty() ? "" : " ") + w;
        if (text.empty()) {
            std::fprintf(stderr, "os1 memory edit: say what is right after the id, like: os1 memory edit f12 \"Your sister is Amy\"\n");
            return 2;
        }
        auto home = open_home();
        if (!home) return report_error(home.error());
        auto out = (*home)->correct(ref, text);
        if (!out) return report_error(out.error());
        if (json) {
            std::printf("%s\n", dump_json(fact_json(out->after), 2).c_str());
            return 0;
        }
        std::printf("f%lld %s\n  (was f%lld: %s; kept in its history)\n", static_cast<long long>(out->after.id),
                    for_terminal(out->after.text).c_str(), static_cast<long long>(out->before.id),
                    for_terminal(out->before.text).c_str());
        return 0;
    });
}

int cmd_export(std::span<const std::string> args) {
    ArgParser p("os1 memory export",
                "Write everything I keep about you as one JSON document: memory, reminders, proposals, check-ins, calendars, "
                "mail (never a password), letters.");
    std::string out_file;
    p.option("output", 'o', "FILE", "write to FILE (default: standard output)", &out_file);
    return run_parsed(p, args, [&] {
        auto home = open_home();
        if (!home) return report_error(home.error());
        auto doc = (*home)->export_json();
        if (!doc) return report_error(doc.error());
        if (out_file.empty()) {
            std::printf("%s\n", doc->c_str());
            return 0;
        }
        if (auto r = write_file_atomic(out_file, *doc + "\n"); !r) return report_error(r.error());
        std::fprintf(stderr, "wrote %s\n", out_file.c_str());
        return 0;
    });
}

int cmd_import(std::span<const std::string> args) {
    ArgParser p("os1 memory import", "Import messages from JSON lines: {\"id\",\"speaker\",\"text\",\"time\",\"session\"}.");
    std::string file;
    bool print_ids = false, reflect = false;
    p.positional("FILE", "a .jsonl file, one message per line", &file);
    p.flag("print-ids", 0, "print each message id once it is durably stored", &print_ids);
    p.flag("reflect", 0, "write summaries and profile entries afterwards", &reflect);
    p.epilog("time: ISO-8601 (2023-05-08T13:56:00Z) or free text (\"1:56 pm on 8 May, 2023\").\n"
             "Bad lines are reported and skipped; the others are imported.");
    return run_parsed(p, args, [&] {
        auto home = open_home();
        if (!home) return report_error(home.error());
        auto report = (*home)->import_jsonl(file, [&](const std::vector<std::string>& ids) {
            if (!print_ids) return;
            for (auto& id : ids) std::printf("%s\n", id.c_str());
            std::fflush(stdout);
        });
        if (!report) return report_error(report.error());
        for (auto& problem : report->problems) std::fprintf(stderr, "skipped %s\n", problem.c_str());
        std::fprintf(stderr, "imported %lld message(s), skipped %lld line(s)%s\n", static_cast<long long>(report->imported),
                     static_cast<long long>(report->skipped),
                     report->duplicates ? str(" (", report->duplicates, " already in memory)").c_str() : "");
        if (reflect) {
            auto r = (*home)->reflect();
            if (!r) return report_error(r.error());
            std::fprintf(stderr, "reflection: %d summaries, %d profile entries\n", r->summaries, r->profile_entries);
        }
        return report->imported == 0 && report->skipped > 0 && report->duplicates < report->skipped ? 1 : 0;
    });
}

int cmd_reflect(std::span<const std::string> args) {
    ArgParser p("os1 memory reflect", "Consolidate: summaries per conversation/day and 'what I know about you' entries.");
    return run_parsed(p, args, [&] {
        auto home = open_home();
        if (!home) return report_error(home.error());
        auto r = (*home)->reflect();
        if (!r) return report_error(r.error());
        std::printf("wrote %d summaries and %d profile entries\n", r->summaries, r->profile_entries);
        return 0;
    });
}

int memory_main(std::span<const std::string> args) {
    struct Verb {
        const char* name;
        CommandFn fn;
    };
    static const Verb VERBS[] = {{"list", cmd_list},     {"search", cmd_search}, {"show", cmd_show},      {"forget", cmd_forget},
                                 {"edit", cmd_edit},     {"export", cmd_export}, {"import", cmd_import}, {"reflect", cmd_reflect}};
    if (!args.empty())
        for (const auto& v : VERBS)
            if (args[0] == v.name) return v.fn(args.subspan(1));
    ArgParser p("os1 memory", "What the companion remembers about you: inspect, search, forget, export, import.");
    std::string verb;
    std::vector<std::string> rest;
    p.positional("VERB", "list | search | show | edit | forget | export | import | reflect", &verb);
    p.rest("ARGS", "the verb's arguments (os1 memory VERB --help)", &rest);
    p.epilog("examples:\n  os1 memory list\n  os1 memory search \"when did I see Amy\" -k 5 --json\n"
             "  os1 memory edit f12 \"Your sister is Rachel Green\"\n  os1 memory forget f12\n  os1 memory export -o memory.json\n  os1 memory import chat.jsonl");
    return run_parsed(p, args, [&] {
        std::fprintf(stderr, "os1 memory: unknown verb %s\nTry 'os1 memory --help'.\n", quote_capped(verb).c_str());
        return 2;
    });
}

OS1_COMMAND("memory", "what I remember about you: list, search, show, edit, forget, export, import", memory_main);

}  // namespace
}  // namespace os1::cli
