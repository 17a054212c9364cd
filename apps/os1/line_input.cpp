// GNU readline behind LineInput. We own SIGINT (rl_catch_signals = 0) so a
// Ctrl-C during a reply only stops the reply; at the prompt the signal
// event hook clears the line and shows a fresh prompt.
#include "line_input.h"

#include <fcntl.h>
#include <poll.h>
#include <readline/history.h>
#include <readline/readline.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <iostream>
#include <istream>
#include <limits>

#include "companion/chat_history.h"
#include "companion/setup_flow.h"  // persona::MAX_ANSWER_BYTES
#include "core/files.h"
#include "core/text.h"

namespace os1::cli {

using companion::is_forget_line;

namespace {

std::atomic<bool>* g_interrupted = nullptr;

// Readline keeps what is typed until Enter, and a bracketed paste whole
// before it inserts it, so every byte it reads passes through
// `bounded_getc`. Once the line (readline's buffer plus a paste under way)
// passes its bound (MAX_LINE_BYTES, or an answer's), the rest of it, up to
// Enter or the paste's end, is read in chunks, counted and dropped; readline then gets the paste's end
// marker (when in one) and Enter, and the line comes back refused. What is
// held stays near the bound whatever arrives.
constexpr std::string_view PASTE_START = "\x1b[200~", PASTE_END = "\x1b[201~";

struct LineBound {
    // per line (reset by each read)
    size_t max = MAX_LINE_BYTES;  // this line's bound
    size_t paste = 0;     // bytes of a bracketed paste read so far
    bool in_paste = false;
    bool over = false;
    size_t length = 0;    // the refused line's length, as counted
    std::string tail;     // the last bytes read, to spot the paste markers
    // across lines
    std::string pending;  // bytes read past a dropped line's end: the next line's
    std::string queue;    // what readline gets before anything new is read
};
LineBound g_bound;

// Whether readline reads pastes whole (on by default; "set
// enable-bracketed-paste off" in ~/.inputrc turns it off).
bool paste_enabled() {
    const char* v = rl_variable_value("enable-bracketed-paste");
    return v && std::strcmp(v, "on") == 0;
}

// Follows the paste markers in what was read; true when `c` ended one.
bool track(LineBound& b, char c) {
    b.tail.push_back(c);
    if (b.tail.size() > PASTE_START.size()) b.tail.erase(0, 1);
    if (b.tail == PASTE_START && paste_enabled()) {
        b.in_paste = true;
        b.paste = 0;
    } else if (b.tail == PASTE_END) {
        b.in_paste = false;
        b.paste = 0;
        return true;
    } else if (b.in_paste) {
        b.paste++;
    }
    return false;
}

// Reads and drops the rest of an over-long line: to the end of the paste
// when in one, else to Enter. Bytes after that end are kept for the next
// line. Returns how many bytes were dropped (the end included).
size_t drop_rest(LineBound& b, int fd) {
    const bool paste = b.in_paste;
    size_t dropped = 0;
    char buf[4096];
    for (;;) {
        ssize_t n;
        if (!b.pending.empty()) {
            n = static_cast<ssize_t>(std::min(b.pending.size(), sizeof buf));
            std::memcpy(buf, b.pending.data(), static_cast<size_t>(n));
            b.pending.erase(0, static_cast<size_t>(n));
        } else {
            n = ::read(fd, buf, sizeof buf);
        }
        if (n < 0 && errno == EINTR) {
            if (g_interrupted && g_interrupted->load()) return dropped;  // Ctrl-C: stop here
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            struct pollfd p{fd, POLLIN, 0};
            (void)::poll(&p, 1, -1);
            continue;
        }
        if (n <= 0) return dropped;  // end of input
        for (ssize_t i = 0; i < n; i++) {
            dropped++;
            const bool ended = track(b, buf[i]) ? paste : (!paste && (buf[i] == '\r' || buf[i] == '\n'));
            if (!ended) continue;
            b.pending.insert(0, buf + i + 1, static_cast<size_t>(n - i - 1));
            return dropped;
        }
    }
}

int bounded_getc(FILE* stream) {
    LineBound& b = g_bound;
    if (!b.queue.empty()) {
        const unsigned char c = static_cast<unsigned char>(b.queue.front());
        b.queue.erase(0, 1);
        return c;
    }
    int c;
    if (!b.pending.empty()) {
        c = static_cast<unsigned char>(b.pending.front());
        b.pending.erase(0, 1);
    } else {
        c = rl_getc(stream);
        if (c < 0) return c;  // end of input or an error: readline's to handle
    }
    const bool was_paste = b.in_paste;
    track(b, static_cast<char>(c));
    const size_t held = static_cast<size_t>(std::max(rl_end, 0)) + b.paste;
    // Already refused, or within the bound (a paste's end marker may still come).
    if (b.over || held <= b.max + PASTE_END.size()) return c;
    b.over = true;
    const bool enter = !was_paste && !b.in_paste && (c == '\r' || c == '\n');
    if (enter) {  // the line ends with this byte anyway
        b.length = held;
        return c;
    }
    const bool paste = b.in_paste;
    const size_t dropped = drop_rest(b, fileno(stream));
    // Count the line's bytes, not the markers or the Enter around them.
    b.length = held + dropped - std::min(dropped, paste ? PASTE_END.size() : size_t{1});
    if (paste) b.queue = PASTE_END;
    b.queue += '\r';
    return bounded_getc(stream);
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
    ReadlineInput(std::filesystem::path history, std::atomic<bool>* interrupted, std::string what)
        : LineInput({MAX_LINE_BYTES, std::move(what)}), m_history(std::move(history)) {
        g_interrupted = interrupted;
        // Without a caller's flag, Ctrl-C keeps its default meaning (leave),
        // and readline restores the terminal on the way out.
        rl_catch_signals = interrupted ? 0 : 1;
        rl_catch_sigwinch = 1;
        rl_signal_event_hook = interrupted ? on_signal_event : nullptr;
        rl_readline_name = "os1";
        rl_getc_function = bounded_getc;
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
        rl_getc_function = rl_getc;
        companion::set_live_history({});
    }

    using LineInput::read;
    std::optional<Result<std::string>> read(const std::string& prompt, const LineLimit& limit) override {
        g_bound.max = limit.max_bytes;
        g_bound.paste = 0;
        g_bound.in_paste = false;
        g_bound.over = false;
        g_bound.tail.clear();
        char* line = readline(prompt.c_str());
        if (!line) return std::nullopt;
        std::string out(line);
        std::free(line);
        const size_t length = g_bound.over ? std::max(g_bound.length, out.size()) : out.size();
        if (auto fits = check_length(length, limit.max_bytes, limit.what); !fits) return Result<std::string>(fits.error());
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
};

// Standard input as a stream with a buffer of its own (64 KiB reads): the
// stdio-synchronised std::cin has none, so istream would make a stdio call
// per byte, and getline/ignore could not scan a buffer at a time. The
// reader owns standard input (nothing else reads std::cin after it).
class FdBuf final : public std::streambuf {
public:
    explicit FdBuf(int fd) : m_fd(fd) {}

protected:
    int_type underflow() override {
        if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
        ssize_t n;
        do n = ::read(m_fd, m_buf, sizeof m_buf);
        while (n < 0 && errno == EINTR);
        if (n <= 0) return traits_type::eof();
        setg(m_buf, m_buf, m_buf + n);
        return traits_type::to_int_type(*gptr());
    }

private:
    int m_fd;
    char m_buf[64 * 1024];
};

// Lines from a stream (a pipe, a file, a test's text). At most the bound
// and one byte are kept (the byte may be a '\r' to drop); the rest of a
// longer line is skipped with istream::ignore, counted, never held, so an
// endless line costs no memory.
class PlainInput final : public LineInput {
public:
    PlainInput(std::istream& in, std::string what, size_t max_bytes)
        : LineInput({max_bytes, std::move(what)}), m_in(in) {}
    // Standard input through FdBuf.
    PlainInput(int fd, std::string what, size_t max_bytes)
        : LineInput({max_bytes, std::move(what)}),
          m_buf(std::make_unique<FdBuf>(fd)),
          m_own(std::make_unique<std::istream>(m_buf.get())),
          m_in(*m_own) {}

    using LineInput::read;
    std::optional<Result<std::string>> read(const std::string&, const LineLimit& limit) override {
        if (!m_in.good()) return std::nullopt;
        // getline stores at most n - 1 bytes: the bound and one more.
        const size_t keep = std::min<size_t>(limit.max_bytes, size_t{1} << 30) + 1;
        std::string line(keep + 1, '\0');
        m_in.getline(line.data(), static_cast<std::streamsize>(keep + 1));
        size_t length = static_cast<size_t>(m_in.gcount());
        if (length == 0 && m_in.eof()) return std::nullopt;  // nothing left
        const bool filled = m_in.fail() && !m_in.eof();      // `keep` bytes and no newline yet
        const bool newline = !m_in.fail() && !m_in.eof();    // ended by '\n' (counted by gcount)
        m_in.clear(m_in.rdstate() & std::ios::eofbit);
        if (newline) length--;
        line.resize(length);
        if (filled) {
            // Too long: count the rest of the line and drop it.
            m_in.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
            length += static_cast<size_t>(m_in.gcount());
            if (!m_in.eof()) length--;  // the newline
            m_in.clear(m_in.rdstate() & std::ios::eofbit);
        } else if (!line.empty() && line.back() == '\r') {
            // A '\r' before the newline (a file from Windows) is not part of it.
            line.pop_back();
            length--;
        }
        if (auto fits = check_length(length, limit.max_bytes, limit.what); !fits) return Result<std::string>(fits.error());
        return Result<std::string>(std::move(line));
    }
    bool interactive() const override { return false; }

private:
    std::unique_ptr<FdBuf> m_buf;
    std::unique_ptr<std::istream> m_own;
    std::istream& m_in;
};

}  // namespace

std::unique_ptr<LineInput> make_line_input(bool terminal, const std::filesystem::path& history,
                                           std::atomic<bool>* interrupted, std::string what) {
    if (terminal) return std::make_unique<ReadlineInput>(history, interrupted, std::move(what));
    return std::make_unique<PlainInput>(STDIN_FILENO, std::move(what), MAX_LINE_BYTES);
}

LineLimit answer_limit() { return {persona::MAX_ANSWER_BYTES, "an answer"}; }

std::optional<std::string> read_answer(LineInput& input, const std::string& prompt) {
    return read_answer(input, prompt, answer_limit());
}

std::optional<std::string> read_answer(LineInput& input, const std::string& prompt, const LineLimit& limit) {
    for (;;) {
        auto line = input.read(prompt, limit);
        if (!line) return std::nullopt;
        if (*line) return line->release_value();
        std::fprintf(stderr, "os1: %s\n", line->error().message.c_str());
    }
}

std::unique_ptr<LineInput> make_plain_input(std::istream& in, std::string what, size_t max_bytes) {
    return std::make_unique<PlainInput>(in, std::move(what), max_bytes);
}

}  // namespace os1::cli
