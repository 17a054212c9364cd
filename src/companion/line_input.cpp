// GNU readline behind LineInput. We own SIGINT (rl_catch_signals = 0) so a
// Ctrl-C during a reply only stops the reply; at the prompt the signal
// event hook clears the line and shows a fresh prompt.
#include "companion/line_input.h"

#include <readline/history.h>
#include <readline/readline.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>

namespace os1::companion {

namespace {

std::atomic<bool>* g_interrupted = nullptr;

int on_signal_event() {
    if (g_interrupted && g_interrupted->exchange(false)) {
        rl_replace_line("", 0);
        std::fputs("^C\n", stdout);
        rl_on_new_line();
        rl_redisplay();
    }
    return 0;
}

class ReadlineInput final : public LineInput {
public:
    ReadlineInput(std::filesystem::path history, std::atomic<bool>* interrupted) : m_history(std::move(history)) {
        g_interrupted = interrupted;
        // Without a caller's flag, Ctrl-C keeps its default meaning (leave),
        // and readline restores the terminal on the way out.
        rl_catch_signals = interrupted ? 0 : 1;
        rl_catch_sigwinch = 1;
        rl_signal_event_hook = interrupted ? on_signal_event : nullptr;
        rl_readline_name = "os1";
        using_history();
        if (!m_history.empty()) read_history(m_history.c_str());
    }
    ~ReadlineInput() override {
        if (!m_history.empty()) history_truncate_file(m_history.c_str(), 1000);
        rl_signal_event_hook = nullptr;
    }

    std::optional<std::string> read(const std::string& prompt) override {
        char* line = readline(prompt.c_str());
        if (!line) return std::nullopt;
        std::string out(line);
        std::free(line);
        if (!out.empty() && out.find_first_not_of(" \t") != std::string::npos) {
            add_history(out.c_str());
            if (!m_history.empty()) {
                // append_history needs the file to exist.
                if (std::FILE* f = std::fopen(m_history.c_str(), "a")) std::fclose(f);
                append_history(1, m_history.c_str());
            }
        }
        return out;
    }
    bool interactive() const override { return true; }

private:
    std::filesystem::path m_history;
};

class PlainInput final : public LineInput {
public:
    std::optional<std::string> read(const std::string&) override {
        std::string line;
        if (!std::getline(std::cin, line)) return std::nullopt;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return line;
    }
    bool interactive() const override { return false; }
};

}  // namespace

std::unique_ptr<LineInput> make_line_input(bool terminal, const std::filesystem::path& history,
                                           std::atomic<bool>* interrupted) {
    if (terminal) return std::make_unique<ReadlineInput>(history, interrupted);
    return std::make_unique<PlainInput>();
}

}  // namespace os1::companion
