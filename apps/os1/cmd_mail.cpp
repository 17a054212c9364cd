// os1 mail: import, list, show, reply (after a yes), the outbox, sending,
// the account. An adapter over companion/mail.h; every mail field reaches
// the terminal through for_terminal (a mail's escape sequences never act).
#include <unistd.h>

#include <filesystem>
#include <cstdio>
#include <iostream>

#include "command.h"
#include "companion/home.h"
#include "companion/mail.h"
#include "core/args.h"
#include "core/strings.h"
#include "core/text.h"

namespace os1::cli {
namespace {

using companion::Home;

std::string shown(const Json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? for_terminal(it->get<std::string>()) : std::string();
}

std::string sender(const Json& mail) {
    const Json& f = mail["from"];
    std::string name = shown(f, "name"), address = shown(f, "address");
    return name.empty() ? (address.empty() ? "(unknown sender)" : address) : name;
}

int cmd_import(std::span<const std::string> args) {
    ArgParser p("os1 mail import", "Import mail: a Maildir, an mbox file, one message file (.eml) or a folder of them.");
    std::string path;
    bool json = false, quiet = false;
    p.positional("PATH", "Maildir folder, mbox file, .eml file or folder of message files", &path);
    p.flag("json", 0, "print the counts as one JSON object", &json);
    p.flag("quiet", 'q', "do not name each rejected file", &quiet);
    p.epilog("Each file that is not a readable mail is named on stderr with the reason; the rest is stored.\n"
             "Mail already imported (same Message-ID, or the same bytes) is not stored twice.\n"
             "Exit status: 0 when mail was read, 1 when nothing could be read.\n"
             "examples:\n  os1 mail import ~/Maildir\n  os1 mail import ~/mail/archive.mbox\n  os1 mail import invite.eml");
    return run_parsed(p, args, [&] {
        auto home = Home::open();
        if (!home) return report_error(home.error());
        auto report = companion::mail_import(**home, path, [&](const companion::MailImportItem& item) {
            if (!item.reason.empty() && !quiet)
                std::fprintf(stderr, "os1 mail: rejected %s: %s\n", for_terminal(item.where).c_str(), for_terminal(item.reason).c_str());
        });
        if (!report) return report_error(report.error());
        if (json) {
            std::printf("%s\n", dump_json(Json{{"files", report->files}, {"parsed", report->parsed}, {"stored", report->added},
                                               {"duplicates", report->duplicates}, {"rejected", report->rejected}}).c_str());
        } else {
            std::printf("stored %zu new mail(s)", report->added);
            if (report->duplicates) std::printf(", %zu already there", report->duplicates);
            if (report->rejected) std::printf(", %zu rejected (named on stderr)", report->rejected);
            std::printf("\n");
        }
        return report->parsed > 0 ? 0 : 1;
    });
}

int cmd_fetch(std::span<const std::string> args) {
    ArgParser p("os1 mail fetch", "Read your account's mail now: its path (Maildir, mbox) or the newest of its IMAP mailbox (read only).");
    int newest = 200;
    p.option("newest", 'n', "N", "the newest N messages (default 200)", &newest);
    return run_parsed(p, args, [&] {
        if (newest < 1 || newest > 100000) {
            std::fprintf(stderr, "os1 mail fetch: --newest must be 1..100000\n");
            return 2;
        }
        auto home = Home::open();
        if (!home) return report_error(home.error());
        auto report = companion::mail_fetch(**home, static_cast<size_t>(newest), [&](const companion::MailImportItem& item) {
            if (!item.reason.empty())
                std::fprintf(stderr, "os1 mail: rejected %s: %s\n", for_terminal(item.where).c_str(), for_terminal(item.reason).c_str());
        });
        if (!report) return report_error(report.error());
        std::printf("stored %zu new mail(s), %zu already there, %zu rejected\n", report->added, report->duplicates, report->rejected);
        return 0;
    });
}

int cmd_list(std::span<const std::string> args) {
    ArgParser p("os1 mail list", "Your imported mail, newest first.");
    bool json = false, important = false;
    int limit = 50;
    std::string from;
    p.flag("json", 0, "a JSON array (id, from, to, subject, date, snippet, attachments, important, reasons, ...)", &json);
    p.flag("important", 'i', "only what looks important (people you know, sent to you, dates and deadlines; no bulk)", &important);
    p.option("limit", 'n', "N", "at most N mails (default 50)", &limit);
    p.option("from", 0, "WHO", "only mail whose sender's name or address contains WHO", &from);
    return run_parsed(p, args, [&] {
        if (limit < 1 || limit > 100000) {
            std::fprintf(stderr, "os1 mail list: --limit must be 1..100000\n");
            return 2;
        }
        auto home = Home::open();
        if (!home) return report_error(home.error());
        auto list = companion::mail_list(**home, {static_cast<size_t>(limit), from, important});
        if (!list) return report_error(list.error());
        if (json) {
            std::printf("%s\n", dump_json(*list).c_str());
            return 0;
        }
        if (list->empty()) std::printf("No mail%s. Import some with 'os1 mail import PATH'.\n", important ? " looks important" : "");
        for (const auto& m : *list) {
            std::string date = m["date"].is_string() ? m["date"].get<std::string>().substr(0, 10) : "----------";
            std::printf("%5lld  %s  %s%-24s  %s\n", static_cast<long long>(m["id"].get<int64_t>()), date.c_str(),
                        m["important"].get<bool>() ? "* " : "  ", escape_capped(sender(m), 22).c_str(),
                        for_terminal(escape_capped(m["subject"].get<std::string>(), 70)).c_str());
        }
        return 0;
    });
}

int64_t parse_id(const std::string& text) {
    std::string t = text;
    if (!t.empty() && (t[0] == 'm' || t[0] == '#')) t = t.substr(1);
    if (t.empty() || t.size() > 18 || t.find_first_not_of("0123456789") != std::string::npos) return -1;
    return std::stoll(t);
}

int cmd_show(std::span<const std::string> args) {
    ArgParser p("os1 mail show", "One mail: who, when, the text (HTML as plain text), attachments.");
    std::string id_text;
    bool json = false;
    p.positional("ID", "the mail's id (os1 mail list)", &id_text);
    p.flag("json", 0, "as one JSON object", &json);
    return run_parsed(p, args, [&] {
        int64_t id = parse_id(id_text);
        if (id < 0) {
            std::fprintf(stderr, "os1 mail show: %s is not a mail id (a number from 'os1 mail list')\n", quote_capped(id_text).c_str());
            return 2;
        }
        auto home = Home::open();
        if (!home) return report_error(home.error());
        auto m = companion::mail_show(**home, id);
        if (!m) return report_error(m.error());
        if (json) {
            std::printf("%s\n", dump_json(*m).c_str());
            return 0;
        }
        std::printf("From:    %s <%s>\n", shown((*m)["from"], "name").c_str(), shown((*m)["from"], "address").c_str());
        std::printf("Date:    %s\n", (*m)["date"].is_string() ? (*m)["date"].get<std::string>().c_str() : "(none)");
        std::printf("Subject: %s\n", shown(*m, "subject").c_str());
        for (const auto& a : (*m)["attachments"])
            std::printf("Attached: %s (%s, %s)\n", shown(a, "name").empty() ? "(no name)" : shown(a, "name").c_str(),
                        shown(a, "type").c_str(), format_size(a["size"].get<uint64_t>()).c_str());
        if (!(*m)["reasons"].empty()) {
            std::string why;
            for (const auto& r : (*m)["reasons"]) why += (why.empty() ? "" : "; ") + r.get<std::string>();
            std::printf("Triage:  %s%s\n", (*m)["important"].get<bool>() ? "important: " : "", why.c_str());
        }
        std::printf("\n%s\n", shown(*m, "text").c_str());
        return 0;
    });
}

int cmd_outbox(std::span<const std::string> args) {
    ArgParser p("os1 mail outbox", "Mail you said yes to that is waiting to be sent (or failed).");
    bool json = false, all = false;
    p.flag("json", 0, "a JSON array (id, to, subject, body, status, created, sent, attempts, error)", &json);
    p.flag("all", 'a', "also mail already sent", &all);
    return run_parsed(p, args, [&] {
        auto home = Home::open();
        if (!home) return report_error(home.error());
        auto list = companion::mail_outbox(**home, all);
        if (!list) return report_error(list.error());
        if (json) {
            std::printf("%s\n", dump_json(*list).c_str());
            return 0;
        }
        if (list->empty()) std::printf("The outbox is empty.\n");
        for (const auto& e : *list) {
            std::string to = e["to"].empty() ? "" : shown(e["to"][0], "address");
            std::printf("%4lld  %-7s  to %s  %s%s\n", static_cast<long long>(e["id"].get<int64_t>()), shown(e, "status").c_str(),
                        to.c_str(), for_terminal(escape_capped(e["subject"].get<std::string>(), 60)).c_str(),
                        shown(e, "error").empty() ? "" : ("  (" + shown(e, "error") + ")").c_str());
        }
        return 0;
    });
}

bool ask_yes(const std::string& question) {
    if (!::isatty(STDIN_FILENO)) return false;
    std::printf("%s [y/N] ", question.c_str());
    std::fflush(stdout);
    std::string line;
    if (!std::getline(std::cin, line)) return false;
    std::string a = lower(trim(line));
    return a == "y" || a == "yes";
}

int cmd_reply(std::span<const std::string> args) {
    ArgParser p("os1 mail reply", "Draft a reply to a mail; it is sent only if you say yes.");
    std::string id_text, say;
    bool yes = false, model = false, json = false;
    p.positional("ID", "the mail to answer (os1 mail list)", &id_text);
    p.option("say", 's', "TEXT", "what you want to say (the draft is built around it)", &say);
    p.flag("model", 0, "draft with your language model (the mail is given to it as data, never as instructions)", &model);
    p.flag("yes", 'y', "send without asking (you have read the draft)", &yes);
    p.flag("json", 0, "print the draft (and what was done) as JSON", &json);
    p.epilog("Without --yes the draft is shown and you are asked; in a script nothing is sent without --yes.\n"
             "examples:\n  os1 mail reply 12 --say \"I'll be there at six\"\n  os1 mail reply 12 --model");
    return run_parsed(p, args, [&] {
        int64_t id = parse_id(id_text);
        if (id < 0) {
            std::fprintf(stderr, "os1 mail reply: %s is not a mail id\n", quote_capped(id_text).c_str());
            return 2;
        }
        auto home = Home::open();
        if (!home) return report_error(home.error());
        auto draft = companion::mail_reply_draft(**home, id, say, model);
        if (!draft) return report_error(draft.error());
        if (!json) std::printf("To: %s\nSubject: %s\n\n%s\n\n", for_terminal(draft->to).c_str(),
                               for_terminal(draft->subject).c_str(), for_terminal(draft->text).c_str());
        bool go = yes || (!json && ask_yes("Send it?"));
        Json out{{"mail_id", id}, {"to", draft->to}, {"subject", draft->subject}, {"draft", draft->text},
                 {"from_model", draft->from_model}, {"sent", false}};
        if (go) {
            auto done = companion::mail_reply_send(**home, *draft);
            if (!done) return report_error(done.error());
            out["sent"] = true;
            out["outcome"] = *done;
            if (!json) {
                std::string status = done->value("mail_status", "queued");
                std::printf(status == "sent" ? "Sent.\n"
                                             : "In the outbox (%s). 'os1 mail send' sends it once an account is set.\n",
                            done->contains("error") ? for_terminal((*done)["error"].get<std::string>()).c_str() : "not sent yet");
            }
        } else if (!json) {
            std::printf("Not sent.\n");
        }
        if (json) std::printf("%s\n", dump_json(out).c_str());
        return 0;
    });
}

int cmd_send(std::span<const std::string> args) {
    ArgParser p("os1 mail send", "Send what waits in the outbox through your account's SMTP server.");
    return run_parsed(p, args, [&] {
        auto home = Home::open();
        if (!home) return report_error(home.error());
        auto report = companion::mail_send_outbox(**home);
        if (!report) return report_error(report.error());
        std::printf("sent %zu, failed %zu\n", report->sent, report->failed);
        for (const auto& e : report->errors) std::fprintf(stderr, "os1 mail: %s\n", for_terminal(e).c_str());
        return report->failed ? 1 : 0;
    });
}

int cmd_account(std::span<const std::string> args) {
    ArgParser p("os1 mail account", "Where your mail comes from and is sent from. The password is kept sealed (libsodium), never in plain text.");
    std::string verb, smtp, imap, path, user, from, name;
    bool password_stdin = false, json = false;
    p.positional("VERB", "show | set | test | remove", &verb);
    p.option("smtp", 0, "URL", "smtps://smtp.example.org:465 (or smtp://host:587, STARTTLS required)", &smtp);
    p.option("imap", 0, "URL", "imaps://imap.example.org/INBOX (replaces a --path)", &imap);
    p.option("path", 0, "PATH", "a Maildir, an mbox file or a folder of mails on this computer (replaces an --imap)", &path);
    p.option("user", 'u', "NAME", "the login name", &user);
    p.option("from", 0, "ADDRESS", "your address", &from);
    p.option("name", 0, "NAME", "your name as recipients see it", &name);
    p.flag("password-stdin", 0, "read the password from the first line of stdin (or set OS1_MAIL_PASSWORD instead)", &password_stdin);
    p.flag("json", 0, "show as JSON", &json);
    p.epilog("examples:\n  printf '%s\\n' \"$PASS\" | os1 mail account set --smtp smtps://smtp.example.org:465 --user me --from me@example.org --password-stdin\n"
             "  os1 mail account set --path ~/Maildir\n"
             "  os1 mail account test      (signs in and opens the mailbox; nothing is sent or changed)\n"
             "  os1 mail account remove    (the account and its sealed password; your imported mail stays)\n"
             "  os1 mail account show");
    return run_parsed(p, args, [&] {
        auto home = Home::open();
        if (!home) return report_error(home.error());
        if (verb == "show") {
            auto j = companion::mail_account_show(**home);
            if (!j) return report_error(j.error());
            if (json) std::printf("%s\n", dump_json(*j).c_str());
            else if (j->empty()) std::printf("No mail account is set ('os1 mail account set --help').\n");
            else
                for (auto it = j->begin(); it != j->end(); ++it)
                    std::printf("%-9s %s\n", (it.key() + ":").c_str(), for_terminal(it.value().get<std::string>()).c_str());
            return 0;
        }
        if (verb == "test") {
            auto j = companion::mail_account_test(**home);
            if (!j) return report_error(j.error());
            if (json) std::printf("%s\n", dump_json(*j).c_str());
            else
                for (const auto& c : (*j)["checks"])
                    std::printf("%-8s %s  %s\n", (c["what"].get<std::string>() + ":").c_str(), c["ok"].get<bool>() ? "ok    " : "FAILED",
                                for_terminal(c["message"].get<std::string>()).c_str());
            return (*j)["ok"].get<bool>() ? 0 : 1;
        }
        if (verb == "remove") {
            auto removed = companion::mail_account_remove(**home);
            if (!removed) return report_error(removed.error());
            if (json) std::printf("%s\n", dump_json(Json{{"removed", *removed}}).c_str());
            else std::printf(*removed ? "Mail account removed (the sealed password too). Your imported mail stays.\n"
                                      : "No mail account was set.\n");
            return 0;
        }
        if (verb != "set") {
            std::fprintf(stderr, "os1 mail account: unknown verb %s (show | set | test | remove)\n", quote_capped(verb).c_str());
            return 2;
        }
        std::string full_path;
        if (!path.empty()) {
            std::error_code ec;
            const auto absolute = std::filesystem::absolute(path, ec);
            full_path = ec ? path : absolute.lexically_normal().string();
        }
        companion::MailAccountSettings s{smtp, imap, user, from, name, "", full_path};
        if (password_stdin) {
            std::string line;
            std::getline(std::cin, line);
            while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
            if (line.empty()) {
                std::fprintf(stderr, "os1 mail account: --password-stdin read an empty line\n");
                return 2;
            }
            s.password = line;
        }
        if (auto r = companion::mail_account_set(**home, s); !r) return report_error(r.error());
        std::printf("Mail account saved%s.\n", s.password.empty() ? "" : " (the password is sealed)");
        return 0;
    });
}

int mail_main(std::span<const std::string> args) {
    struct Verb {
        const char* name;
        CommandFn fn;
    };
    static const Verb VERBS[] = {{"import", cmd_import}, {"fetch", cmd_fetch}, {"list", cmd_list},   {"show", cmd_show},       {"outbox", cmd_outbox},
                                 {"reply", cmd_reply},   {"send", cmd_send},   {"account", cmd_account}};
    if (!args.empty())
        for (const auto& v : VERBS)
            if (args[0] == v.name) return v.fn(args.subspan(1));
    ArgParser p("os1 mail", "Your mail: import it, see what matters, reply (sent only after your yes).");
    std::string verb;
    std::vector<std::string> rest;
    p.positional("VERB", "import | fetch | list | show | reply | outbox | send | account", &verb);
    p.rest("ARGS", "the verb's arguments (os1 mail VERB --help)", &rest);
    p.epilog("examples:\n  os1 mail import ~/Maildir\n  os1 mail list --important\n  os1 mail show 12\n"
             "  os1 mail reply 12 --say \"see you at six\"\n  os1 mail outbox --json");
    return run_parsed(p, args, [&] {
        std::fprintf(stderr, "os1 mail: unknown verb %s\nTry 'os1 mail --help'.\n", quote_capped(verb).c_str());
        return 2;
    });
}

OS1_COMMAND("mail", "your mail: import, fetch (IMAP or a path), list, show, reply after your yes, outbox, account", mail_main);

}  // namespace
}  // namespace os1::cli
