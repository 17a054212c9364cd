// GNU readline behind LineInput. We own SIGINT (rl_catch_signals = 0) so a
// Ctrl-C during a reply only stops the reply; at the prompt the signal
// event hook clears the line and shows a fresh prompt.
#include "line_input.h"

#include <fcntl.h>
#include <readline/history.h>
#include <readline/readline.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <istream>

#include "companion/chat_history.h"
#include "core/files.h"
#include "core/text.h"

namespace os1::cli {

using companion::is_forget_line;

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
    ReadlineInput(std::filesystem::path history, std::atomic<bool>* interrupted, std::string what)
        : m_history(std::move(history)), m_what(std::move(what)) {
        g_interrupted = interrupted;
        // Without a caller's flag, Ctrl-C keeps its default meaning (leave),
        // and readline restores the terminal on the way out.
        rl_catch_signals = interrupted ? 0 : 1;
        rl_catch_sigwinch = 1;
        rl_signal_event_hook = interrupted ? on_signal_event : nullptr;
        rl_readline_name = "os1";
        using_history();
        if (!m_history.empty()) {
            (void)make_private(m_history);
            read_history(m_history.c_str());
        }
        companion::set_live_history(forget_live_lines);
    }
    ~ReadlineInput() override {
        if (!m_history.empty()) {
            history_truncate_file(m_history.c_str(), 1000);
            (void)make_private(m_history);
        }
        rl_signal_event_hook = nullptr;
        companion::set_live_history({});
    }

    std::optional<Result<std::string>> read(const std::string& prompt) override {
        char* line = readline(prompt.c_str());
        if (!line) return std::nullopt;
        std::string out(line);
        std::free(line);
        if (auto fits = check_length(out.size(), MAX_LINE_BYTES, m_what); !fits) return Result<std::string>(fits.error());
        if (!out.empty() && out.find_first_not_of(" \t") != std::string::npos && !is_forget_line(out)) {
            add_history(out.c_str());
            if (!m_history.empty()) {
                // append_history needs the file to exist; it is the person's words: 0600.
                int fd = ::open(m_history.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
                if (fd >= 0) ::close(fd);
                append_history(1, m_history.c_str());
            }
        }
        return out;
    }
    bool interactive() const override { return true; }

private:
    // Lines forget takes out of this process's readline history.
    static void forget_live_lines(const std::function<bool(std::string_view)>& drop) {
        for (int i = history_length - 1; i >= 0; i--) {
            HIST_ENTRY* e = history_get(history_base + i);
            if (!e || !e->line || !drop(e->line)) continue;
            if (HIST_ENTRY* gone = remove_history(i)) free_history_entry(gone);
        }
    }

    std::filesystem::path m_history;
    std::string m_what;
};

// Reads byte by byte from the stream's buffer: a line past the bound is
// counted to its end (for the error) but not kept.
class PlainInput final : public LineInput {
public:
    PlainInput(std::istream& in, std::string what, size_t max_bytes)
        : m_in(in), m_what(std::move(what)), m_max(max_bytes) {}
    std::optional<Result<std::string>> read(const std::string&) override {
        std::streambuf* buf = m_in.rdbuf();
        std::string line;
        size_t length = 0;
        bool any = false;
        for (;;) {
            const int c = buf->sbumpc();
            if (c == std::char_traits<char>::eof()) break;
            any = true;
            if (c == '\n') break;
            length++;
            // One byte over the bound is kept: it may be a '\r' to drop.
            if (line.size() <= m_max) line.push_back(static_cast<char>(c));
        }
        if (!any) return std::nullopt;
        // A '\r' before the newline (a file from Windows) is not part of it.
        const bool cr = length <= m_max + 1 && !line.empty() && line.back() == '\r';
        if (cr) {
            line.pop_back();
            length--;
        }
        if (auto fits = check_length(length, m_max, m_what); !fits) return Result<std::string>(fits.error());
        return Result<std::string>(std::move(line));
    }
    bool interactive() const override { return false; }

private:
    std::istream& m_in;
    std::string m_what;
    size_t m_max;
};

}  // namespace

std::unique_ptr<LineInput> make_line_input(bool terminal, const std::filesystem::path& history,
                                           std::atomic<bool>* interrupted, std::string what) {
    if (terminal) return std::make_unique<ReadlineInput>(history, interrupted, std::move(what));
    return std::make_unique<PlainInput>(std::cin, std::move(what), MAX_LINE_BYTES);
}

std::optional<std::string> read_answer(LineInput& input, const std::string& prompt) {
    for (;;) {
        auto line = input.read(prompt);
        if (!line) return std::nullopt;
        if (*line) return line->release_value();
        std::fprintf(stderr, "os1: %s\n", line->error().message.c_str());
    }
}

std::unique_ptr<LineInput> make_plain_input(std::istream& in, std::string what, size_t max_bytes) {
    return std::make_unique<PlainInput>(in, std::move(what), max_bytes);
}

}  // namespace os1::cli
