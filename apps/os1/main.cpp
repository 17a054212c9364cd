// os1: one binary, many subcommands (see command.h).
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "command.h"
#include "companion/home.h"
#include "core/log.h"
#include "core/text.h"
#include "version.h"

namespace os1::cli {

namespace {
std::vector<Command>& registry() {
    static std::vector<Command> commands;
    return commands;
}

void print_help() {
    std::printf(
        "os1 %s: a personal AI companion that runs on your own machine.\n\n"
        "usage: os1 [--verbose|-vv] <command> [options]\n\ncommands:\n",
        OS1_VERSION_STRING);
    for (const auto& c : commands()) std::printf("  %-12s %s\n", c.name, c.summary);
    std::printf(
        "\n'os1 <command> --help' explains a command. Global options: --verbose (-v) for more\n"
        "log output, -vv for debug output, --version.\n");
}
}  // namespace

Registrar::Registrar(Command command) { registry().push_back(command); }

std::vector<Command> commands() {
    auto list = registry();
    std::sort(list.begin(), list.end(), [](const Command& a, const Command& b) { return std::strcmp(a.name, b.name) < 0; });
    return list;
}

}  // namespace os1::cli

int main(int argc, char** argv) {
    using namespace os1;
    std::vector<std::string> args;
    bool passthrough = false;
    for (int i = 1; i < argc; i++) {
        std::string a = argv[i];
        if (!passthrough && a == "--") passthrough = true;
        if (!passthrough && (a == "--verbose" || a == "-v")) {
            if (log::level() < log::Level::Info) log::set_level(log::Level::Info);
            continue;
        }
        if (!passthrough && a == "-vv") {
            log::set_level(log::Level::Debug);
            continue;
        }
        if (!passthrough && a == "--quiet") {
            log::set_level(log::Level::Error);
            continue;
        }
        args.push_back(std::move(a));
    }
    companion::hide_secret_args(argc, argv);  // the key is copied above; other users must not read it in ps
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        if (args.size() >= 2 && args[0] == "help") {
            args = {args[1], "--help"};
        } else {
            cli::print_help();
            return 0;
        }
    }
    if (args[0] == "--version" || args[0] == "version") {
        std::printf("os1 %s\n", OS1_VERSION_STRING);
        return 0;
    }
    for (const auto& c : cli::commands()) {
        if (args[0] == c.name) {
            std::vector<std::string> rest(args.begin() + 1, args.end());
            return c.run(rest);
        }
    }
    std::fprintf(stderr, "os1: unknown command %s\nTry 'os1 --help' for the list of commands.\n",
                 quote_capped(args[0]).c_str());
    return 2;
}
