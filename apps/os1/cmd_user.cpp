// os1 user: the people who may use `os1 serve`, and their API keys (a thin
// adapter over server/users.h).
#include <cstdio>
#include <iostream>

#include "command.h"
#include "core/args.h"
#include "core/clock.h"
#include "core/paths.h"
#include "core/text.h"
#include "server/users.h"

namespace os1::cli {
namespace {

Result<std::unique_ptr<server::UserStore>> open_users() {
    auto paths = TRY(Paths::resolve());
    TRY(paths.ensure());
    return server::UserStore::open(server::users_file(paths));
}

int cmd_add(std::span<const std::string> args) {
    ArgParser p("os1 user add", "Add a person who may sign in to 'os1 serve'.");
    std::string name, owner;
    bool from_stdin = false;
    p.positional("NAME", "their sign-in name (a-z, 0-9, '.', '_', '-')", &name);
    p.flag("password-stdin", 0, "read the password from the first line of standard input (required)", &from_stdin);
    p.option("owner", 0, "ID", "whose companion they talk to (default: their own; 'local' = the one of 'os1 chat')", &owner);
    p.epilog("example:\n  printf 'a long passphrase\\n' | os1 user add sam --password-stdin");
    return run_parsed(p, args, [&] {
        if (!from_stdin) {
            std::fprintf(stderr, "os1 user add: give the password on standard input with --password-stdin "
                                 "(never on the command line, where others can read it)\n");
            return 2;
        }
        std::string password;
        if (!std::getline(std::cin, password)) return report_error(Error::invalid("no password on standard input"));
        if (!password.empty() && password.back() == '\r') password.pop_back();
        auto users = open_users();
        if (!users) return report_error(users.error());
        auto user = (*users)->add(name, password, owner);
        if (!user) return report_error(user.error());
        std::printf("added %s (companion: %s). Sign in at 'os1 serve', or make an API key: os1 user key %s\n",
                    user->name.c_str(), for_terminal(user->owner).c_str(), user->name.c_str());
        return 0;
    });
}

int cmd_key(std::span<const std::string> args) {
    ArgParser p("os1 user key", "Make a new API key for a person (for OpenAI clients: Authorization: Bearer KEY).");
    std::string name;
    p.positional("NAME", "the person", &name);
    p.epilog("The key is shown once, alone on the last line; only its hash is kept.");
    return run_parsed(p, args, [&] {
        auto users = open_users();
        if (!users) return report_error(users.error());
        auto key = (*users)->new_key(name);
        if (!key) return report_error(key.error());
        std::fprintf(stderr, "a new key for %s (keep it secret; it is not shown again):\n", name.c_str());
        std::printf("%s\n", key->c_str());
        return 0;
    });
}

int cmd_list(std::span<const std::string> args) {
    ArgParser p("os1 user list", "The people who may sign in.");
    return run_parsed(p, args, [&] {
        auto users = open_users();
        if (!users) return report_error(users.error());
        auto list = (*users)->list();
        if (!list) return report_error(list.error());
        if (list->empty()) std::printf("nobody yet: os1 user add NAME --password-stdin\n");
        for (const auto& u : *list)
            std::printf("%-20s companion %-20s keys %d  added %s\n", u.name.c_str(), for_terminal(u.owner).c_str(), u.keys,
                        format_iso8601_utc(u.created_ms).c_str());
        return 0;
    });
}

int cmd_remove(std::span<const std::string> args) {
    ArgParser p("os1 user remove", "Remove a person and their keys (their memories stay; 'os1 memory' manages them).");
    std::string name;
    p.positional("NAME", "the person", &name);
    return run_parsed(p, args, [&] {
        auto users = open_users();
        if (!users) return report_error(users.error());
        if (auto r = (*users)->remove(name); !r) return report_error(r.error());
        std::printf("removed %s (a running server refuses their sessions and keys from now on)\n", name.c_str());
        return 0;
    });
}

int user_main(std::span<const std::string> args) {
    struct Verb {
        const char* name;
        CommandFn fn;
    };
    static const Verb VERBS[] = {{"add", cmd_add}, {"key", cmd_key}, {"list", cmd_list}, {"remove", cmd_remove}};
    if (!args.empty())
        for (const auto& v : VERBS)
            if (args[0] == v.name) return v.fn(args.subspan(1));
    ArgParser p("os1 user", "The people who may use 'os1 serve', and their API keys.");
    std::string verb;
    std::vector<std::string> rest;
    p.positional("VERB", "add | key | list | remove", &verb);
    p.rest("ARGS", "the verb's arguments (os1 user VERB --help)", &rest);
    p.epilog("examples:\n  printf 'a long passphrase\\n' | os1 user add sam --password-stdin\n  os1 user key sam\n"
             "  os1 user list\n  os1 user remove sam");
    return run_parsed(p, args, [&] {
        std::fprintf(stderr, "os1 user: unknown verb %s\nTry 'os1 user --help'.\n", quote_capped(verb).c_str());
        return 2;
    });
}

OS1_COMMAND("user", "the people who may use os1 serve, and their API keys", user_main);

}  // namespace
}  // namespace os1::cli
