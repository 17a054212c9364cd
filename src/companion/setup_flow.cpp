// The first meeting: interview, naming, saving, remembering.
#include "companion/setup_flow.h"

#include <cctype>
#include <cstring>
#include <exception>

#include "core/log.h"
#include "memory/extract.h"

namespace os1::companion {

std::filesystem::path persona_path(const std::filesystem::path& data_dir) { return data_dir / "persona.toml"; }

namespace {

// Earlier answer for a question, as the person would see it.
std::string previous_answer(const persona::Setup& prev, const std::string& key) {
    if (key == "you.name") return prev.profile.name;
    if (key == "style.tone" && !prev.empty()) return std::string(persona::tone_name(prev.persona.tone));
    if (key == "style.humour" && !prev.empty()) return std::string(persona::humour_name(prev.persona.humour));
    if (key == "style.length" && !prev.empty()) return std::string(persona::length_name(prev.persona.length));
    auto it = prev.profile.answers.find(key);
    return it == prev.profile.answers.end() ? "" : it->second;
}

// A capable brain is a chat model with room to think; a story model with a
// 512-token window is asked nothing.
bool capable(brain::Brain* brain) { return brain && brain->available() && brain->context_tokens() >= 1024; }

std::optional<persona::NameChoice> ask_brain_for_name(brain::Brain& brain, const persona::Answers& answers) {
    brain::ChatRequest request;
    request.messages = {{"user", persona::name_request_prompt(answers)}};
    request.max_tokens = 48;
    request.temperature = 0.8f;
    auto person = answers.count("you.name") ? answers.at("you.name") : "";
    try {
        auto result = brain.chat(request, nullptr, nullptr);
        if (!result) {
            log::info("the model could not choose a name: ", result.error().message);
            return std::nullopt;
        }
        return persona::accept_brain_name(result->text, person);
    } catch (const std::exception& e) {
        log::info("the model could not choose a name: ", e.what());
        return std::nullopt;
    }
}

// "nurse, nights mostly" to "What fills your days?": a job said without
// "I'm a". Kept as the person said it unless that alone tells nothing and
// "I'm a ..." is a statement of their work.
std::string days_as_sentence(const std::string& answer) {
    if (!memory::extract_facts("user", answer, 0, std::nullopt).empty()) return answer;
    std::string lower;
    for (char c : answer) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string candidate;
    if (lower.rfind("a ", 0) == 0 || lower.rfind("an ", 0) == 0) candidate = "I'm " + answer;
    else if (!lower.empty() && std::isalpha(static_cast<unsigned char>(lower[0])))
        candidate = std::string(std::strchr("aeiou", lower[0]) ? "I'm an " : "I'm a ") + answer;
    else
        return answer;
    for (const auto& f : memory::extract_facts("user", candidate, 0, std::nullopt))
        if (f.key == "job") return candidate;
    return answer;
}

std::string as_memory_text(const std::string& key, const std::string& answer) {
    if (key == "you.name") return "My name is " + answer + ".";
    if (key == "you.pronouns") return "My pronouns are " + answer + ".";
    // People ("ex-wife Catherine, friend Amy, sister Rachel in Seattle") are
    // read as a list by the extractor, so they stay as said.
    if (key == "life.days") return days_as_sentence(answer);
    return answer;
}

}  // namespace

std::optional<std::string> read_answer_line(std::istream& in) {
    std::streambuf* buf = in.rdbuf();
    if (!buf) return std::nullopt;
    std::string line;
    bool any = false;
    for (;;) {
        int c = buf->sbumpc();
        if (c == std::char_traits<char>::eof()) {
            in.setstate(std::ios::eofbit);
            if (!any) return std::nullopt;
            break;
        }
        any = true;
        if (c == '\n') break;
        if (line.size() <= persona::MAX_ANSWER_BYTES) line.push_back(static_cast<char>(c));
    }
    if (!line.empty() && line.back() == '\r' && line.size() <= persona::MAX_ANSWER_BYTES) line.pop_back();
    return line;
}

Result<persona::Answers> run_interview(MeetingIo& io, const persona::Setup& previous) {
    persona::Answers answers;
    for (const auto& q : persona::interview()) {
        std::string before = previous_answer(previous, q.key);
        std::string hint = q.hint;
        if (!before.empty()) hint = "Enter keeps: " + (before.size() > 60 ? before.substr(0, 57) + "..." : before);
        std::string prompt = q.prompt;
        if (!hint.empty()) prompt += " (" + hint + ")";
        for (;;) {
            auto line = io.ask(prompt);
            if (!line) {
                if (q.required && before.empty()) return Error::invalid("the interview ended before '", q.key, "' was answered");
                break;
            }
            if (line->find_first_not_of(" \t") == std::string::npos && !before.empty()) {
                answers[q.key] = before;
                break;
            }
            auto checked = persona::check_answer(q, *line);
            if (!checked) {
                io.say(checked.error().message);
                continue;
            }
            if (!checked->empty()) answers[q.key] = *checked;
            break;
        }
    }
    // Answers given before to questions not asked now are kept by build_setup.
    return answers;
}

Result<persona::Setup> complete_meeting(const persona::Answers& answers, const persona::Setup& previous, bool rename,
                                        memory::Memory& memory, brain::Brain* brain, Clock& clock,
                                        const std::filesystem::path& persona_file) {
    const int64_t now = clock.wall_ms();
    persona::Setup setup = persona::build_setup(answers, previous, rename, now);
    bool choosing = !answers.count("companion.name") && (previous.empty() || rename);
    if (choosing && capable(brain)) {
        if (auto choice = ask_brain_for_name(*brain, answers)) {
            setup.persona.name = choice->name;
            setup.persona.name_reason = choice->reason;
        }
    }

    // Remember new or changed answers as the person's own words. The
    // question goes first so the conversation reads naturally in memory.
    int64_t t = now;
    for (const auto& q : persona::interview()) {
        auto it = answers.find(q.key);
        if (it == answers.end()) continue;
        if (previous_answer(previous, q.key) == it->second && !previous.empty()) continue;
        if (q.key.rfind("style.", 0) == 0) continue;  // preferences live in the persona
        TRY(memory.add_episode({"os1", q.prompt, t++, "setup", "", std::nullopt}));
        TRY(memory.add_episode({"user", as_memory_text(q.key, it->second), t++, "setup",
                                str("setup:", q.key, ":", now), std::nullopt}));
    }
    if (auto it = answers.find("you.pronouns"); it != answers.end() && previous.profile.answers.count("you.pronouns") == 0)
        TRY(memory.add_episode({"user", as_memory_text("you.pronouns", it->second), t++, "setup",
                                str("setup:you.pronouns:", now), std::nullopt}));

    // Keep the earlier file beside the new one: adjusting never loses it.
    std::error_code ec;
    if (std::filesystem::exists(persona_file, ec))
        std::filesystem::copy_file(persona_file, persona_file.string() + ".previous",
                                   std::filesystem::copy_options::overwrite_existing, ec);
    TRY(persona::save_setup(persona_file, setup));
    return setup;
}

}  // namespace os1::companion
