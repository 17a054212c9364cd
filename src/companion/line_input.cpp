// GNU readline behind LineInput. We own SIGINT (rl_catch_signals = 0) so a
// Ctrl-C during a reply only stops the reply; at the prompt the signal
// event hook clears the line and shows a fresh prompt.
#include "companion/line_input.h"

#include <fcntl.h>
#include <readline/history.h>
#include <readline/readline.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "core/files.h"

namespace os1::companion {

namespace {

std::atomic<bool>* g_interrupted = nullptr;

// "/forget my sister" names what the person wants gone: not kept.
bool is_forget_line(std::string_view line) {
    auto a = line.find_first_not_of(" \t");
    return a != std::string_view::npos && line.substr(a).starts_with("/forget");
}

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
        if (!m_history.empty()) {
            (void)make_private(m_history);
            read_history(m_history.c_str());
        }
    }
    ~ReadlineInput() override {
        if (!m_history.empty()) {
            history_truncate_file(m_history.c_str(), 1000);
            (void)make_private(m_history);
        }
        rl_signal_event_hook = nullptr;
    }

    std::optional<std::string> read(const std::string& prompt) override {
        char* line = readline(prompt.c_str());
        if (!line) return std::nullopt;
        std::string out(line);
        std::free(line);
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

std::filesystem::path chat_history_path(const std::filesystem::path& data_dir) { return data_dir / "chat_history"; }

Result<int> forget_history_lines(const std::filesystem::path& file, const std::function<bool(std::string_view)>& drop) {
    int removed = 0;
    // This process's history first (a chat in progress would otherwise
    // offer the words again with the up arrow).
    for (int i = history_length - 1; i >= 0; i--) {
        HIST_ENTRY* e = history_get(history_base + i);
        if (!e || !e->line || !drop(e->line)) continue;
        if (HIST_ENTRY* gone = remove_history(i)) free_history_entry(gone);
    }
    if (file.empty()) return 0;
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) return 0;
    auto text = TRY(read_file(file));
    std::string kept;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string_view line(text.data() + start, end - start);
        if (drop(line) || is_forget_line(line)) removed++;
        else kept.append(line).push_back('\n');
        start = end + 1;
    }
    if (removed) TRY(write_file_atomic(file, kept));
    TRY(make_private(file));
    return removed;
}

}  // namespace os1::companion
