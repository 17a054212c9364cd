// os1 setup: the first meeting. A short interview, then the companion
// chooses its own name and introduces itself. Running it again offers to
// adjust; nothing is wiped. `--answers FILE` answers from a TOML file
// (examples/setup-answers.toml) for scripts and tests.
#include <unistd.h>

#include <cstdio>

#include "command.h"
#include "companion/home.h"
#include "core/args.h"
#include "core/strings.h"
#include "core/text.h"
#include "line_input.h"

namespace os1::cli {
namespace {

void show_changes(const persona::Setup& before, const persona::Setup& after) {
    if (before.persona.name != after.persona.name)
        std::printf("  name: %s -> %s\n", for_terminal(before.persona.name).c_str(), for_terminal(after.persona.name).c_str());
    if (before.profile.name != after.profile.name)
        std::printf("  what I call you: %s -> %s\n", for_terminal(before.profile.name).c_str(),
                    for_terminal(after.profile.name).c_str());
    if (before.persona.tone != after.persona.tone)
        std::printf("  tone: %s -> %s\n", std::string(persona::tone_name(before.persona.tone)).c_str(),
                    std::string(persona::tone_name(after.persona.tone)).c_str());
    if (before.persona.humour != after.persona.humour)
        std::printf("  humour: %s -> %s\n", std::string(persona::humour_name(before.persona.humour)).c_str(),
                    std::string(persona::humour_name(after.persona.humour)).c_str());
    if (before.persona.length != after.persona.length)
        std::printf("  replies: %s -> %s\n", std::string(persona::length_name(before.persona.length)).c_str(),
                    std::string(persona::length_name(after.persona.length)).c_str());
    for (const auto& [key, value] : after.profile.answers) {
        auto it = before.profile.answers.find(key);
        if (it == before.profile.answers.end() || it->second != value) std::printf("  %s: updated\n", for_terminal(key).c_str());
    }
}

int run_setup(const brain::BrainFlags& flags, const std::string& answers_file, bool rename) {
    auto opened = companion::Home::open();
    if (!opened) return report_error(opened.error());
    auto& home = **opened;
    if (auto woke = home.wake(flags, /*brain_optional=*/true); !woke) return report_error(woke.error());
    const auto persona_file = home.persona_file();
    const persona::Setup previous = home.setup();

    persona::Answers answers;
    if (!answers_file.empty()) {
        auto loaded = persona::load_answers(answers_file);
        if (!loaded) return report_error(loaded.error());
        answers = loaded.release_value();
    } else {
        const bool terminal = ::isatty(STDIN_FILENO);
        auto input = make_line_input(terminal, "", nullptr, "an answer");
        if (!previous.empty()) {
            std::printf("You've already met %s. What would you like to do?\n"
                        "  a  adjust your answers (Enter keeps each one)\n"
                        "  r  let %s choose a new name\n"
                        "  k  keep everything as it is (default)\n",
                        for_terminal(previous.persona.name).c_str(), for_terminal(previous.persona.name).c_str());
            auto choice = read_answer(*input, "> ");
            std::string c = choice ? lower(trim(*choice)) : "k";
            if (c == "r" || c == "rename") {
                rename = true;
            } else if (c != "a" && c != "adjust") {
                std::printf("Nothing changed. %s is here when you are: os1 chat\n", for_terminal(previous.persona.name).c_str());
                return 0;
            }
        } else {
            std::printf("Hello. I'm a new companion, and I don't have a name yet.\n"
                        "I'd like to get to know you a little first. It only takes a minute;\n"
                        "skip any question by pressing Enter.\n\n");
        }
        if (!rename || previous.empty()) {
            companion::MeetingIo io{[&](const std::string& prompt) {
                                        std::printf("%s\n", for_terminal(prompt).c_str());
                                        return read_answer(*input, "> ");
                                    },
                                    [](const std::string& text) { std::printf("  %s\n", for_terminal(text).c_str()); }};
            auto got = home.interview(io);
            if (!got) return report_error(got.error().context("setup stopped; nothing was changed"));
            answers = got.release_value();
            std::printf("\n");
        } else {
            answers["you.name"] = previous.profile.name;
        }
    }

    if (!previous.empty() && !answers_file.empty())
        std::printf("Adjusting what %s knows (nothing is wiped; the old persona is kept in %s.previous).\n",
                    for_terminal(previous.persona.name).c_str(), persona_file.filename().string().c_str());
    auto setup = home.complete_meeting(answers, rename);
    if (!setup) return report_error(setup.error());
    if (previous.empty() || rename) {
        std::printf("%s\n", for_terminal(persona::introduction(setup->persona, setup->profile)).c_str());
    } else {
        std::printf("Updated:\n");
        show_changes(previous, *setup);
        std::printf("%s kept the name.%s\n", for_terminal(setup->persona.name).c_str(),
                    answers_file.empty() ? "" : " (--rename lets it choose again)");
    }
    if (home.brain().available()) {
        // The first reply then reads only what is new (the persona's state is kept per model).
        std::printf("\nGetting ready with %s...\n", for_terminal(home.brain().describe()).c_str());
        std::fflush(stdout);
        if (auto r = home.prepare(); !r) std::fprintf(stderr, "os1: %s (the first reply will take longer)\n", r.error().message.c_str());
        home.end_conversation();
    }
    if (!home.brain().available())
        std::printf("\nOne more thing: I don't have a language model yet. %s\n",
                    companion::advice_without_model(home.brain().unavailable_reason()).c_str());
    std::printf("\nWhenever you're ready: os1 chat\n");
    return 0;
}

int setup(std::span<const std::string> args) {
    ArgParser parser("os1 setup", "The first meeting: a short interview, then your companion chooses its name.");
    brain::BrainFlags flags;
    brain::add_brain_flags(parser, &flags);
    std::string answers;
    bool rename = false;
    parser.option("answers", 0, "FILE", "answer from a TOML file instead of asking (see examples/setup-answers.toml)",
                  &answers);
    parser.flag("rename", 0, "let the companion choose a new name", &rename);
    parser.epilog(
        "Running setup again offers to adjust your answers; nothing you told your companion is wiped.\n\n"
        "examples:\n"
        "  os1 setup\n"
        "  os1 setup --answers examples/setup-answers.toml");
    return run_parsed(parser, args, [&] { return run_setup(flags, answers, rename); });
}

OS1_COMMAND("setup", "the first meeting: a short interview; your companion names itself", setup);

}  // namespace
}  // namespace os1::cli
