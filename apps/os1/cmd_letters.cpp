// os1 letter: your letters, drafts and finished ones: list, show, new,
// edit, finish, delete (undo with restore). Writing one in conversation
// ("help me write a letter to Catherine") keeps it here too.
#include <cstdio>
#include <iostream>
#include <iterator>

#include "command.h"
#include "companion/home.h"
#include "companion/letters.h"
#include "core/args.h"
#include "core/files.h"
#include "core/text.h"

namespace os1::cli {
namespace {

using companion::Home;
using companion::LetterInfo;

Result<int64_t> letter_id(const std::string& text) {
    try {
        size_t used = 0;
        long long v = std::stoll(text, &used);
        if (used == text.size() && v > 0) return static_cast<int64_t>(v);
    } catch (...) {
    }
    return Error::invalid("'", quote_capped(text), "' is not a letter id (see 'os1 letter list')");
}

std::string day(int64_t ms) { return ms ? format_iso8601_utc(ms).substr(0, 10) : std::string("-"); }

void print_letter(const LetterInfo& l, bool json) {
    if (json) {
        std::printf("%s\n", dump_json(companion::letter_info_json(l, true)).c_str());
        return;
    }
    std::printf("#%lld  %s\nto %s  (%s, %d words, written %s%s%s)\n\n%s\n", static_cast<long long>(l.id),
                for_terminal(l.title).c_str(), for_terminal(l.recipient).c_str(), l.status.c_str(), l.words,
                day(l.created_ms).c_str(), l.finished_ms ? ", finished " : "", l.finished_ms ? day(l.finished_ms).c_str() : "",
                for_terminal(l.body).c_str());
}

// The body from --body, or --file (a path, or - for standard input).
Result<std::optional<std::string>> body_from(const std::string& body, const std::string& file, bool body_given) {
    if (body_given && !file.empty()) return Error::invalid("give the text with --body or --file, not both");
    if (body_given) return std::optional<std::string>(body);
    if (file.empty()) return std::optional<std::string>{};
    if (file == "-") return std::optional<std::string>(std::string(std::istreambuf_iterator<char>(std::cin), {}));
    return std::optional<std::string>(TRY(read_file(file)));
}

int cmd_list(std::span<const std::string> args) {
    ArgParser p("os1 letter list", "Your letters, newest first: drafts and finished ones.");
    bool json = false;
    p.flag("json", 0, "print a JSON array", &json);
    return run_parsed(p, args, [&] {
        auto home = Home::open();
        if (!home) return report_error(home.error());
        auto letters = companion::list_letters(**home);
        if (!letters) return report_error(letters.error());
        if (json) {
            Json a = Json::array();
            for (const LetterInfo& l : *letters) a.push_back(companion::letter_info_json(l, false));
            std::printf("%s\n", dump_json(a).c_str());
            return 0;
        }
        if (letters->empty()) {
            std::printf("No letters yet. Start one in 'os1 chat' (\"help me write a letter to ...\") or with 'os1 letter new --to NAME'.\n");
            return 0;
        }
        for (const LetterInfo& l : *letters)
            std::printf("#%-4lld %-9s %s  %-20s %s (%d words)\n", static_cast<long long>(l.id), l.status.c_str(),
                        day(l.updated_ms).c_str(), for_terminal(l.recipient).c_str(), for_terminal(l.title).c_str(), l.words);
        return 0;
    });
}

int cmd_show(std::span<const std::string> args) {
    ArgParser p("os1 letter show", "One letter, whole (by id, or the newest to a person).");
    std::string ref;
    bool json = false, versions = false;
    p.positional("LETTER", "the letter's id, or the name of the person it is to", &ref);
    p.flag("versions", 0, "also the earlier texts, oldest first", &versions);
    p.flag("json", 0, "print JSON", &json);
    return run_parsed(p, args, [&] {
        auto home = Home::open();
        if (!home) return report_error(home.error());
        auto l = companion::show_letter(**home, ref);
        if (!l) return report_error(l.error());
        if (!versions) {
            print_letter(*l, json);
            return 0;
        }
        auto v = companion::letter_versions(**home, l->id);
        if (!v) return report_error(v.error());
        if (json) {
            Json j = companion::letter_info_json(*l, true);
            j["earlier"] = Json::array();
            for (const auto& e : *v) j["earlier"].push_back({{"title", e.title}, {"body", e.body}, {"replaced", format_iso8601_utc(e.saved_ms)}});
            std::printf("%s\n", dump_json(j).c_str());
            return 0;
        }
        print_letter(*l, false);
        for (size_t i = 0; i < v->size(); ++i)
            std::printf("\n--- earlier text %zu (replaced %s) ---\n%s\n", i + 1, format_iso8601_utc((*v)[i].saved_ms).c_str(),
                        for_terminal((*v)[i].body).c_str());
        return 0;
    });
}

int cmd_new(std::span<const std::string> args) {
    ArgParser p("os1 letter new", "Start a letter (a draft) in your own words.");
    std::string to, title, body, file;
    bool json = false;
    p.option("to", 0, "NAME", "who it is to", &to, true);
    p.option("title", 0, "TEXT", "its title in the book (default \"To NAME\")", &title);
    p.option("body", 0, "TEXT", "the text (default \"Dear NAME,\")", &body);
    p.option("file", 0, "FILE", "read the text from FILE (- for standard input)", &file);
    p.flag("json", 0, "print JSON", &json);
    p.epilog("examples:\n  os1 letter new --to Catherine --file catherine.txt\n  os1 letter new --to Amy --body \"Dear Amy, ...\"");
    bool body_given = std::find(args.begin(), args.end(), "--body") != args.end() ||
                      std::any_of(args.begin(), args.end(), [](const std::string& a) { return a.rfind("--body=", 0) == 0; });
    return run_parsed(p, args, [&] {
        auto text = body_from(body, file, body_given);
        if (!text) return report_error(text.error());
        auto home = Home::open();
        if (!home) return report_error(home.error());
        auto l = companion::new_letter(**home, {to, title, text->value_or("Dear " + to + ",")});
        if (!l) return report_error(l.error());
        if (json) print_letter(*l, true);
        else std::printf("Started letter #%lld to %s (a draft; 'os1 letter finish %lld' when it is done).\n",
                         static_cast<long long>(l->id), for_terminal(l->recipient).c_str(), static_cast<long long>(l->id));
        return 0;
    });
}

int cmd_edit(std::span<const std::string> args) {
    ArgParser p("os1 letter edit", "Change a letter; the text it replaces is kept (os1 letter show ID --versions).");
    std::string ref, to, title, body, file;
    bool json = false;
    p.positional("ID", "the letter's id", &ref);
    p.option("to", 0, "NAME", "a new recipient", &to);
    p.option("title", 0, "TEXT", "a new title", &title);
    p.option("body", 0, "TEXT", "the new text", &body);
    p.option("file", 0, "FILE", "read the new text from FILE (- for standard input)", &file);
    p.flag("json", 0, "print JSON", &json);
    auto given = [&](const char* name) {
        return std::any_of(args.begin(), args.end(), [&](const std::string& a) {
            return a == name || a.rfind(std::string(name) + "=", 0) == 0;
        });
    };
    return run_parsed(p, args, [&] {
        auto id = letter_id(ref);
        if (!id) {
            std::fprintf(stderr, "os1 letter edit: %s\n", id.error().message.c_str());
            return 2;
        }
        auto text = body_from(body, file, given("--body"));
        if (!text) return report_error(text.error());
        companion::LetterChange change;
        if (given("--to")) change.recipient = to;
        if (given("--title")) change.title = title;
        change.body = *text;
        if (!change.recipient && !change.title && !change.body) {
            std::fprintf(stderr, "os1 letter edit: nothing to change (give --to, --title, --body or --file)\n");
            return 2;
        }
        auto home = Home::open();
        if (!home) return report_error(home.error());
        auto l = companion::edit_letter(**home, *id, change);
        if (!l) return report_error(l.error());
        if (json) print_letter(*l, true);
        else std::printf("Letter #%lld changed (%d earlier text(s) kept).\n", static_cast<long long>(l->id), l->versions);
        return 0;
    });
}

// finish, delete, restore: one id each.
int one_id(std::span<const std::string> args, const char* verb, const char* summary,
           const std::function<int(Home&, int64_t, bool)>& body) {
    ArgParser p(str("os1 letter ", verb), summary);
    std::string ref;
    bool json = false;
    p.positional("ID", "the letter's id", &ref);
    p.flag("json", 0, "print JSON", &json);
    return run_parsed(p, args, [&] {
        auto id = letter_id(ref);
        if (!id) {
            std::fprintf(stderr, "os1 letter %s: %s\n", verb, id.error().message.c_str());
            return 2;
        }
        auto home = Home::open();
        if (!home) return report_error(home.error());
        return body(**home, *id, json);
    });
}

int cmd_finish(std::span<const std::string> args) {
    return one_id(args, "finish", "Mark a letter finished, ready for the book.", [](Home& home, int64_t id, bool json) {
        auto l = companion::finish_letter(home, id);
        if (!l) return report_error(l.error());
        if (json) print_letter(*l, true);
        else std::printf("Letter #%lld to %s is finished; 'os1 book --all' puts it in your book.\n", static_cast<long long>(id),
                         for_terminal(l->recipient).c_str());
        return 0;
    });
}

int cmd_delete(std::span<const std::string> args) {
    return one_id(args, "delete", "Delete a letter (recorded with your other actions; 'os1 letter restore ID' undoes it).",
                  [](Home& home, int64_t id, bool json) {
                      auto d = companion::delete_letter(home, id);
                      if (!d) return report_error(d.error());
                      if (json) {
                          Json j = companion::letter_info_json(d->letter, false);
                          j["deleted"] = true;
                          j["proposal"] = d->proposal;
                          std::printf("%s\n", dump_json(j).c_str());
                      } else {
                          std::printf("Deleted letter #%lld to %s. Undo: os1 letter restore %lld\n", static_cast<long long>(id),
                                      for_terminal(d->letter.recipient).c_str(), static_cast<long long>(id));
                      }
                      return 0;
                  });
}

int cmd_restore(std::span<const std::string> args) {
    return one_id(args, "restore", "Bring back a deleted letter.", [](Home& home, int64_t id, bool json) {
        auto l = companion::restore_letter(home, id);
        if (!l) return report_error(l.error());
        if (json) print_letter(*l, true);
        else std::printf("Letter #%lld to %s is back.\n", static_cast<long long>(id), for_terminal(l->recipient).c_str());
        return 0;
    });
}

int letter_main(std::span<const std::string> args) {
    struct Verb {
        const char* name;
        CommandFn fn;
    };
    static const Verb VERBS[] = {{"list", cmd_list},     {"show", cmd_show},     {"new", cmd_new},        {"edit", cmd_edit},
                                 {"finish", cmd_finish}, {"delete", cmd_delete}, {"restore", cmd_restore}};
    if (!args.empty())
        for (const auto& v : VERBS)
            if (args[0] == v.name) return v.fn(args.subspan(1));
    ArgParser p("os1 letter", "Your letters: drafts and finished ones, gathered into a book with 'os1 book'.");
    std::string verb;
    std::vector<std::string> rest;
    p.positional("VERB", "list | show | new | edit | finish | delete | restore", &verb);
    p.rest("ARGS", "the verb's arguments (os1 letter VERB --help)", &rest);
    p.epilog("examples:\n  os1 letter list\n  os1 letter new --to Catherine --file letter.txt\n  os1 letter show Catherine\n"
             "  os1 letter finish 3\n  os1 book --all --out letters.pdf");
    return run_parsed(p, args, [&] {
        std::fprintf(stderr, "os1 letter: unknown verb %s\nTry 'os1 letter --help'.\n", quote_capped(verb).c_str());
        return 2;
    });
}

OS1_COMMAND("letter", "your letters: list, show, new, edit, finish, delete, restore", letter_main);

}  // namespace
}  // namespace os1::cli
