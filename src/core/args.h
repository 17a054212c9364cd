// Command-line parsing for os1's subcommands: declare options, parse, get a
// generated --help. Bad usage is an Error whose message is the one-line
// reason ("unknown option '--tmep'"); the caller prints it and exits 2.
//
//   ArgParser p("os1 run", "Generate text with a local model.");
//   std::string model; int n = 128;
//   p.option("model", 'm', "FILE", "GGUF model file", &model, /*required=*/true);
//   p.option("n-predict", 'n', "N", "tokens to generate", &n);
//   auto parsed = p.parse(args);   // Result<ParseOutcome>
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"

namespace os1 {

enum class ParseOutcome { Run, HelpShown };

class ArgParser {
public:
    ArgParser(std::string program, std::string summary);

    // --name / -s switches (short may be 0).
    void flag(std::string name, char short_name, std::string help, bool* out);
    void option(std::string name, char short_name, std::string metavar, std::string help, std::string* out,
                bool required = false);
    void option(std::string name, char short_name, std::string metavar, std::string help, int* out);
    void option(std::string name, char short_name, std::string metavar, std::string help, int64_t* out);
    void option(std::string name, char short_name, std::string metavar, std::string help, double* out);
    // An option that may repeat (each value appended).
    void option_list(std::string name, char short_name, std::string metavar, std::string help,
                     std::vector<std::string>* out);
    void positional(std::string name, std::string help, std::string* out, bool required = true);
    // Collects every remaining positional argument.
    void rest(std::string name, std::string help, std::vector<std::string>* out);
    // Extra paragraphs shown after the option list (examples, notes).
    void epilog(std::string text);

    // Parses args (without the program/subcommand name). "--help"/"-h"
    // prints help to stdout and returns HelpShown.
    Result<ParseOutcome> parse(std::span<const std::string> args);
    std::string help() const;
    const std::string& program() const { return m_program; }

private:
    struct Option {
        std::string name;
        char short_name = 0;
        std::string metavar;  // empty for flags
        std::string help;
        bool required = false;
        bool seen = false;
        std::function<Result<void>(const std::string&)> set;
    };
    struct Positional {
        std::string name;
        std::string help;
        std::string* out = nullptr;
        bool required = true;
    };
    Option* find_long(std::string_view name);
    Option* find_short(char c);

    std::string m_program;
    std::string m_summary;
    std::string m_epilog;
    std::vector<Option> m_options;
    std::vector<Positional> m_positionals;
    std::vector<std::string>* m_rest = nullptr;
    std::string m_rest_name;
    std::string m_rest_help;
};

// Runs a parsed command's body: prints a usage error with a hint and returns
// 2, returns 0 after --help, otherwise returns body().
int run_parsed(ArgParser& parser, std::span<const std::string> args, const std::function<int()>& body);

// Prints "os1: <message>" to stderr and returns 1 (for runtime errors).
int report_error(const Error& error);

}  // namespace os1
