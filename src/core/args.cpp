#include "core/args.h"

#include <charconv>
#include <cstdio>
#include <cstdlib>

#include "core/text.h"

namespace os1 {

ArgParser::ArgParser(std::string program, std::string summary)
    : m_program(std::move(program)), m_summary(std::move(summary)) {}

void ArgParser::flag(std::string name, char short_name, std::string help, bool* out) {
    m_options.push_back({std::move(name), short_name, "", std::move(help), false, false,
                         [out](const std::string&) -> Result<void> {
                             *out = true;
                             return ok();
                         }});
}

void ArgParser::option(std::string name, char short_name, std::string metavar, std::string help, std::string* out,
                       bool required) {
    m_options.push_back({std::move(name), short_name, std::move(metavar), std::move(help), required, false,
                         [out](const std::string& v) -> Result<void> {
                             *out = v;
                             return ok();
                         }});
}

namespace {
template <typename T>
Result<void> parse_integer(const std::string& name, const std::string& v, T* out) {
    T value{};
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), value);
    if (v.empty() || ec != std::errc() || p != v.data() + v.size())
        return Error::invalid("option --", name, " expects a whole number, not ", quote_capped(v));
    *out = value;
    return ok();
}
}  // namespace

void ArgParser::option(std::string name, char short_name, std::string metavar, std::string help, int* out) {
    std::string n = name;
    m_options.push_back({std::move(name), short_name, std::move(metavar), std::move(help), false, false,
                         [out, n](const std::string& v) { return parse_integer(n, v, out); }});
}

void ArgParser::option(std::string name, char short_name, std::string metavar, std::string help, int64_t* out) {
    std::string n = name;
    m_options.push_back({std::move(name), short_name, std::move(metavar), std::move(help), false, false,
                         [out, n](const std::string& v) { return parse_integer(n, v, out); }});
}

void ArgParser::option(std::string name, char short_name, std::string metavar, std::string help, double* out) {
    std::string n = name;
    m_options.push_back({std::move(name), short_name, std::move(metavar), std::move(help), false, false,
                         [out, n](const std::string& v) -> Result<void> {
                             char* end = nullptr;
                             double d = std::strtod(v.c_str(), &end);
                             if (v.empty() || end != v.c_str() + v.size())
                                 return Error::invalid("option --", n, " expects a number, not ", quote_capped(v));
                             *out = d;
                             return ok();
                         }});
}

void ArgParser::option_list(std::string name, char short_name, std::string metavar, std::string help,
                            std::vector<std::string>* out) {
    m_options.push_back({std::move(name), short_name, std::move(metavar), std::move(help), false, false,
                         [out](const std::string& v) -> Result<void> {
                             out->push_back(v);
                             return ok();
                         }});
}

void ArgParser::positional(std::string name, std::string help, std::string* out, bool required) {
    m_positionals.push_back({std::move(name), std::move(help), out, required});
}

void ArgParser::rest(std::string name, std::string help, std::vector<std::string>* out) {
    m_rest = out;
    m_rest_name = std::move(name);
    m_rest_help = std::move(help);
}

void ArgParser::epilog(std::string text) { m_epilog = std::move(text); }

ArgParser::Option* ArgParser::find_long(std::string_view name) {
    for (auto& o : m_options)
        if (o.name == name) return &o;
    return nullptr;
}

ArgParser::Option* ArgParser::find_short(char c) {
    for (auto& o : m_options)
        if (o.short_name == c) return &o;
    return nullptr;
}

Result<ParseOutcome> ArgParser::parse(std::span<const std::string> args) {
    size_t next_positional = 0;
    bool only_positionals = false;
    auto take_positional = [&](const std::string& arg) -> Result<void> {
        if (next_positional < m_positionals.size()) {
            *m_positionals[next_positional++].out = arg;
            return ok();
        }
        if (m_rest) {
            m_rest->push_back(arg);
            return ok();
        }
        return Error::invalid("unexpected argument ", quote_capped(arg));
    };
    for (size_t i = 0; i < args.size(); i++) {
        const std::string& arg = args[i];
        if (only_positionals || arg == "-" || arg.size() < 2 || arg[0] != '-') {
            TRY(take_positional(arg));
            continue;
        }
        if (arg == "--") {
            only_positionals = true;
            continue;
        }
        if (arg == "--help" || arg == "-h") {
            std::fputs(help().c_str(), stdout);
            return ParseOutcome::HelpShown;
        }
        Option* opt = nullptr;
        std::string value;
        bool has_value = false;
        std::string shown;
        if (arg.rfind("--", 0) == 0) {
            std::string name = arg.substr(2);
            auto eq = name.find('=');
            if (eq != std::string::npos) {
                value = name.substr(eq + 1);
                name = name.substr(0, eq);
                has_value = true;
            }
            opt = find_long(name);
            shown = "--" + name;
        } else {
            // Negative numbers are positionals when no short option matches.
            if (!find_short(arg[1]) && (std::isdigit(static_cast<unsigned char>(arg[1])) || arg[1] == '.')) {
                TRY(take_positional(arg));
                continue;
            }
            opt = find_short(arg[1]);
            shown = arg.substr(0, 2);
            if (arg.size() > 2) {
                value = arg.substr(2);
                has_value = true;
            }
        }
        if (!opt) return Error::invalid("unknown option ", quote_capped(shown));
        if (opt->metavar.empty()) {
            if (has_value) return Error::invalid("option ", quote_capped(shown), " takes no value");
        } else if (!has_value) {
            if (i + 1 >= args.size()) return Error::invalid("option ", quote_capped(shown), " needs a value (", opt->metavar, ")");
            value = args[++i];
        }
        TRY(opt->set(value));
        opt->seen = true;
    }
    for (const auto& o : m_options)
        if (o.required && !o.seen) return Error::invalid("missing required option --", o.name, " ", o.metavar);
    for (size_t i = next_positional; i < m_positionals.size(); i++)
        if (m_positionals[i].required) return Error::invalid("missing ", m_positionals[i].name);
    return ParseOutcome::Run;
}

std::string ArgParser::help() const {
    std::string usage = "usage: " + m_program;
    for (const auto& o : m_options)
        if (o.required) usage += " --" + o.name + " " + o.metavar;
    if (!m_options.empty()) usage += " [options]";
    for (const auto& p : m_positionals) usage += p.required ? " " + p.name : " [" + p.name + "]";
    if (m_rest) usage += " [" + m_rest_name + "...]";
    std::string out = usage + "\n\n" + m_summary + "\n";
    auto row = [&](std::string left, const std::string& text) {
        if (left.size() < 26) left.resize(26, ' ');
        else left += "\n" + std::string(26, ' ');
        out += "  " + left + text + "\n";
    };
    if (!m_positionals.empty() || m_rest) {
        out += "\narguments:\n";
        for (const auto& p : m_positionals) row(p.name, p.help);
        if (m_rest) row(m_rest_name + "...", m_rest_help);
    }
    out += "\noptions:\n";
    for (const auto& o : m_options) {
        std::string left = o.short_name ? std::string("-") + o.short_name + ", " : "    ";
        left += "--" + o.name;
        if (!o.metavar.empty()) left += " " + o.metavar;
        row(left, o.help + (o.required ? " (required)" : ""));
    }
    row("-h, --help", "show this help");
    if (!m_epilog.empty()) out += "\n" + m_epilog + (m_epilog.back() == '\n' ? "" : "\n");
    return out;
}

int run_parsed(ArgParser& parser, std::span<const std::string> args, const std::function<int()>& body) {
    auto parsed = parser.parse(args);
    if (!parsed) {
        std::fprintf(stderr, "%s: %s\nTry '%s --help'.\n", parser.program().c_str(), for_terminal(parsed.error().message).c_str(),
                     parser.program().c_str());
        return 2;
    }
    if (*parsed == ParseOutcome::HelpShown) return 0;
    return body();
}

int report_error(const Error& error) {
    std::fprintf(stderr, "os1: %s\n", for_terminal(error.message).c_str());  // errors may repeat input
    return 1;
}

}  // namespace os1
