// The os1 binary's subcommands. Each lives in its own cmd_<name>.cpp and
// registers itself with OS1_COMMAND; main.cpp dispatches and lists them.
// A command receives its arguments without "os1 <name>" and returns the
// exit status: 0 ok, 1 runtime error (message on stderr), 2 bad usage.
#pragma once

#include <span>
#include <string>
#include <vector>

namespace os1::cli {

using CommandFn = int (*)(std::span<const std::string> args);

struct Command {
    const char* name;
    const char* summary;
    CommandFn run;
};

struct Registrar {
    explicit Registrar(Command command);
};

// All registered commands, sorted by name.
std::vector<Command> commands();

}  // namespace os1::cli

#define OS1_CONCAT_INNER(a, b) a##b
#define OS1_CONCAT(a, b) OS1_CONCAT_INNER(a, b)
#define OS1_COMMAND(name, summary, fn) \
    static ::os1::cli::Registrar OS1_CONCAT(os1_command_, __LINE__)({name, summary, fn})
