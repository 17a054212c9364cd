// os1 chat: talk with your companion in the terminal. Tokens stream as they
// are made; Ctrl-C stops the reply (not the program); slash commands manage
// memory. Non-interactive: --once TEXT, or one message per line on stdin;
// --json prints one object per turn.
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <iostream>

#include "command.h"
#include "companion/chat_history.h"
#include "companion/home.h"
#include "core/args.h"
#include "core/text.h"
#include "line_input.h"

namespace os1::cli {
namespace {

brain::CancelFlag g_cancel{false};
std::atomic<bool> g_interrupted{false};

void on_sigint(int) {
    // During a reply: stop it. At the prompt: readline's hook clears the line.
    g_interrupted = true;
    g_cancel = true;
}

void install_sigint() {
    struct sigaction sa {};
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: readline sees EINTR and calls its hook
    sigaction(SIGINT, &sa, nullptr);
}

void print_json(const Json& j) {
    std::fputs((dump_json(j) + "\n").c_str(), stdout);
    std::fflush(stdout);
}

struct ChatOptions {
    std::string once;
    bool json = false;
    int max_tokens = 256;
    int64_t seed = 0;
};

// The first meeting in the terminal, when `os1 chat` finds none.
Result<persona::Setup> first_meeting(companion::Home& home, LineInput& input) {
    std::printf("Hello. Before we talk, I'd like to get to know you a little. It only takes a minute.\n\n");
    companion::MeetingIo io{[&](const std::string& prompt) {
                                std::printf("%s\n", for_terminal(prompt).c_str());
                                return read_answer(input, "> ");
                            },
                            [](const std::string& text) { std::printf("%s\n", for_terminal(text).c_str()); }};
    auto answers = TRY(home.interview(io));
    auto setup = TRY(home.complete_meeting(answers, false));
    std::printf("\n%s\n\n", for_terminal(persona::introduction(setup.persona, setup.profile)).c_str());
    return setup;
}

int run_chat(const brain::BrainFlags& flags, const ChatOptions& opt) {
    auto opened = companion::Home::open();
    if (!opened) return report_error(opened.error());
    auto& home = **opened;
    if (auto woke = home.wake(flags); !woke) return report_error(woke.error());
    const bool terminal = opt.once.empty() && !opt.json && ::isatty(STDIN_FILENO);
    install_sigint();
    auto input = make_line_input(terminal, terminal ? home.chat_history_file() : "",
                                 &g_interrupted, "a message");

    if (home.setup().empty()) {
        if (terminal) {
            auto met = first_meeting(home, *input);
            if (!met) return report_error(met.error());
        } else {
            std::fprintf(stderr, "os1: we haven't met yet; run 'os1 setup' (going on with a temporary persona)\n");
            home.use_temporary_setup();
        }
    }

    companion::Home::ConversationOptions copt;
    copt.reply_tokens = opt.max_tokens;
    copt.seed = static_cast<uint64_t>(opt.seed);
    copt.no_model_notice_given = terminal;  // the greeting below says it
    if (auto r = home.start_conversation(copt); !r) return report_error(r.error());
    auto& model = home.brain();
    if (auto n = model.notice(); !n.empty()) std::fprintf(stderr, "os1: %s\n", for_terminal(n).c_str());

    // Names come from files a person (or anything else) may have edited.
    const auto& setup = home.setup();
    const std::string name = for_terminal(setup.persona.name);
    if (terminal) {
        const std::string who = for_terminal(setup.profile.name);
        if (!home.window_empty()) std::printf("%s: Welcome back%s.", name.c_str(), who.empty() ? "" : (", " + who).c_str());
        else std::printf("%s: Hi%s. What's on your mind?", name.c_str(), who.empty() ? "" : (" " + who).c_str());
        std::printf("  (/help for commands, Ctrl-D to leave)\n");
        if (!model.available())
            std::printf("(I have no language model yet. %s)\n",
                        for_terminal(companion::advice_without_model(model.unavailable_reason())).c_str());
        std::fflush(stdout);
        // While the greeting is read: the persona's message, unless a saved state holds it.
        if (auto r = home.prepare(); !r) std::fprintf(stderr, "os1: %s\n", for_terminal(r.error().message).c_str());
    }

    // Reminders that fell due (kept until you say "done" or run os1 remind
    // done), at the start and between turns; a check-in (config [checkins]) at the start.
    auto deliver_due = [&](bool only_new) {
        auto due = home.due_reminders(only_new);
        if (!due) {
            std::fprintf(stderr, "os1: reminders: %s\n", for_terminal(due.error().message).c_str());
            return;
        }
        for (const auto& r : *due) {
            if (opt.json) print_json({{"reminder", home.reminder_view(r)}});
            else std::printf("%s: Reminder: %s (say \"done\" when it's done; r%lld)\n", name.c_str(),
                             for_terminal(skills::reminder_words(r)).c_str(), static_cast<long long>(r.id));
        }
        std::fflush(stdout);
    };
    deliver_due(false);
    if (opt.once.empty()) {
        if (auto checkin = home.checkin_due(); !checkin) {
            std::fprintf(stderr, "os1: check-in: %s\n", for_terminal(checkin.error().message).c_str());
        } else if (*checkin) {
            if (opt.json) print_json({{"checkin", (*checkin)->to_json()}});
            else std::printf("%s: %s\n", name.c_str(), for_terminal((*checkin)->text).c_str());
        }
    }

    int failures = 0;
    auto refuse = [&](const Error& error) {
        failures++;
        if (opt.json) print_json({{"error", error.message}});
        else std::fprintf(stderr, "os1: %s\n", error.message.c_str());
    };
    auto one = [&](const std::string& raw) -> bool {  // false = quit
        // The text policy at the door: bounded, valid UTF-8 (core/text.h).
        auto accepted = accept_text(raw, MAX_MESSAGE_BYTES, "a message");
        if (!accepted) {
            refuse(accepted.error());
            return true;
        }
        const std::string& line = *accepted;
        if (line.find_first_not_of(" \t") == std::string::npos) return true;
        if (companion::is_slash_command(line)) {
            auto r = home.slash(line);
            if (opt.json) print_json({{"command", line}, {"output", r.text}, {"ok", r.ok}});
            else if (!r.text.empty()) std::printf("%s\n", for_terminal(r.text).c_str());
            return !r.quit;
        }
        g_cancel = false;
        g_interrupted = false;
        bool streamed = false;
        TerminalStream shown;  // the model's words reach the terminal as text, never as escapes
        auto on_token = [&](std::string_view piece) {
            if (opt.json) return true;
            if (!streamed) {
                std::printf("%s: ", name.c_str());
                streamed = true;
                // Leading spaces from the model look odd after the name.
                while (!piece.empty() && (piece.front() == ' ' || piece.front() == '\n')) piece.remove_prefix(1);
            }
            std::fputs(shown.feed(piece).c_str(), stdout);
            std::fflush(stdout);
            return true;
        };
        auto turn = home.say(line, on_token, &g_cancel);
        if (streamed) std::fputs(shown.finish().c_str(), stdout);
        if (!turn) {
            failures++;
            if (opt.json) print_json({{"error", turn.error().message}});
            else std::fprintf(stderr, "%sos1: %s\n", streamed ? "\n" : "", for_terminal(turn.error().message).c_str());
            return true;
        }
        // A reply that broke off midway is a failure for the exit status,
        // even though what arrived is shown (and kept) as it was.
        const bool broke_off = turn->finish == brain::FinishReason::Error;
        if (broke_off) failures++;
        if (opt.json) {
            print_json(turn->to_json());
        } else {
            if (turn->finish == brain::FinishReason::Cancelled) std::printf("%s[stopped]", streamed ? " " : "");
            // A reply that hit its token limit says so, rather than ending mid-sentence unexplained.
            if (turn->finish == brain::FinishReason::Length && streamed)
                std::printf(" (cut short: the reply reached its length limit; --max-tokens raises it)");
            if (streamed || turn->finish == brain::FinishReason::Cancelled) std::printf("\n");
            std::fflush(stdout);
        }
        const std::string why = for_terminal(turn->brain_error.empty() ? "no reason given" : turn->brain_error);
        if (broke_off) std::fprintf(stderr, "os1: the reply failed midway: %s\n", why.c_str());
        else if (!opt.json && !turn->brain_error.empty()) std::fprintf(stderr, "os1: %s\n", why.c_str());
        return true;
    };

    if (!opt.once.empty()) {
        one(opt.once);
        home.end_conversation();
        return failures ? 1 : 0;
    }
    for (;;) {
        g_interrupted = false;
        deliver_due(true);
        auto line = input->read(terminal ? "you> " : "");
        if (!line) break;
        if (!*line) {
            refuse(line->error());
            continue;
        }
        if (!one(**line)) break;
    }
    if (terminal) std::printf("\n%s: Talk soon.\n", name.c_str());
    home.end_conversation();
    return failures && !terminal ? 1 : 0;
}

int chat(std::span<const std::string> args) {
    ArgParser parser("os1 chat", "Talk with your companion (tokens stream as they are made).");
    brain::BrainFlags flags;
    brain::add_brain_flags(parser, &flags);
    ChatOptions opt;
    parser.option("once", 0, "TEXT", "say TEXT, print the reply, and exit", &opt.once);
    parser.flag("json", 0, "one JSON object per turn: reply, emotion, memories (with source ids)", &opt.json);
    parser.option("max-tokens", 0, "N", "longest reply in tokens (default 256)", &opt.max_tokens);
    parser.option("seed", 0, "N", "sampling seed (default: random)", &opt.seed);
    parser.epilog(
        "In the conversation: /help, /memory [words], /mood, /forget ID, /model, /quit.\n"
        "Ctrl-C stops a reply; Ctrl-D leaves. Piped input is one message per line.\n\n"
        "examples:\n"
        "  os1 chat\n"
        "  os1 chat --once \"I start the new job on Monday\" --json\n"
        "  printf 'hello\\n/memory\\n' | os1 chat --brain none");
    return run_parsed(parser, args, [&] {
        if (opt.max_tokens < 1 || opt.max_tokens > 8192) {
            std::fprintf(stderr, "os1 chat: --max-tokens must be 1..8192\n");
            return 2;
        }
        return run_chat(flags, opt);
    });
}

OS1_COMMAND("chat", "talk with your companion (streaming; /help inside)", chat);

}  // namespace
}  // namespace os1::cli
