// The slash commands. Plain text out; the caller decides how to show it.
#include "companion/slash.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

#include "companion/forget.h"
#include "companion/mood.h"
#include "companion/plain_reply.h"
#include "core/clock.h"
#include "core/strings.h"

namespace os1::companion {

namespace {

constexpr const char* HELP =
    "  /memory [words]   what I know about you, or what I recall for those words\n"
    "  /mood [days]      how you've seemed lately\n"
    "  /forget ID        forget a memory by its id (f12, e34, s5); /forget WORDS shows matching ids\n"
    "  /model            which language model I'm using\n"
    "  /help             this list\n"
    "  /quit             leave (Ctrl-D works too)\n"
    "Ctrl-C stops a reply without leaving.";

std::string hit_ref(const memory::Hit& h) {
    switch (h.kind) {
    case memory::HitKind::Fact: return str("f", h.id);
    case memory::HitKind::Episode: return str("e", h.id);
    default: return str("s", h.id);
    }
}

SlashResult memory_command(Companion& c, const std::string& arg) {
    auto& mem = c.memory();
    std::string out;
    if (arg.empty()) {
        auto facts = mem.facts(false);
        if (!facts) return {"I couldn't read my memory: " + facts.error().message, false, false};
        auto count = mem.episode_count();
        if (facts->empty()) {
            out = "I haven't learned any facts about you yet.";
        } else {
            out = "What I know about you:";
            for (const auto& f : *facts) {
                std::string text = to_second_person(f.text);
                if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
                out += str("\n  [f", f.id, "] ", text, "  (", format_day(f.valid_from_ms), ")");
            }
        }
        if (count) out += str("\nI also keep our conversation: ", *count, " messages.");
        out += "\n'/memory WORDS' searches; '/forget ID' forgets one.";
        return {out};
    }
    auto hits = mem.search(arg, 8);
    if (!hits) return {"I couldn't search my memory: " + hits.error().message, false, false};
    if (hits->empty()) return {"Nothing comes to mind for \"" + arg + "\"."};
    out = "What comes to mind for \"" + arg + "\":";
    for (const auto& h : *hits) {
        out += str("\n  [", hit_ref(h), "] ", h.text.substr(0, 200));
        if (h.time_ms) out += "  (" + format_day(h.time_ms) + ")";
    }
    return {out};
}

SlashResult forget_command(Companion& c, const std::string& arg) {
    if (arg.empty()) return {"Tell me what to forget: /forget ID (see /memory for ids).", false, false};
    // An id (f12, e34, s5) or a message's own id: forget it. Anything else
    // is words: show what matches, with ids, so the person picks.
    bool words = !looks_like_memory_id(arg) && arg.find(' ') != std::string::npos;
    if (!words) {
        auto out = forget_in_conversation(c, arg);
        if (out) return {out->message, false, out->problems.empty()};
        if (looks_like_memory_id(arg) || out.error().code != ErrorCode::NotFound)
            return {"I couldn't forget " + arg + ": " + out.error().message, false, false};
    }
    auto hits = c.memory().search(arg, 5);
    if (!hits || hits->empty()) return {"I don't remember anything matching \"" + arg + "\"."};
    std::string out = "Which one? Type /forget with its id:";
    for (const auto& h : *hits) out += str("\n  [", hit_ref(h), "] ", h.text.substr(0, 160));
    return {out};
}

SlashResult mood_command(Companion& c, const std::string& arg) {
    int days = 7;
    if (!arg.empty()) {
        try {
            days = std::stoi(arg);
        } catch (...) {
            days = 0;
        }
        if (days < 1 || days > 3650) return {"Usage: /mood [DAYS], e.g. /mood 30", false, false};
    }
    const int64_t now = SystemClock::instance().wall_ms();
    auto samples = mood_samples(c.memory(), now - int64_t(days) * 86'400'000);
    if (!samples) return {"I couldn't read your moods: " + samples.error().message, false, false};
    std::string out;
    if (auto w = c.last_emotion().feeling_word(); !w.empty()) out = "Right now you seem " + w + ".\n";
    if (samples->empty()) return {out + "I haven't noticed enough yet to say how you've been."};
    affect::MoodChartOptions options;
    options.utc_offset_minutes = affect::local_utc_offset_minutes(now);
    out += str("The last ", days, " day(s):\n");
    out += affect::render_mood_text(affect::group_by_day(*samples, options), options);
    out += "'os1 mood --svg mood.svg' draws it as a picture.";
    return {out};
}

}  // namespace

bool is_slash_command(std::string_view line) {
    auto t = trim(line);
    return t.size() >= 2 && t[0] == '/' && std::isalpha(static_cast<unsigned char>(t[1]));
}

SlashResult run_slash(Companion& c, std::string_view line) {
    std::string t = trim(line);
    auto space = t.find(' ');
    std::string name = t.substr(1, space == std::string::npos ? std::string::npos : space - 1);
    std::string arg = space == std::string::npos ? "" : trim(t.substr(space + 1));
    for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (name == "help" || name == "h" || name == "?") return {HELP};
    if (name == "quit" || name == "exit" || name == "q" || name == "bye") return {"", true};
    if (name == "memory" || name == "memories") return memory_command(c, arg);
    if (name == "forget") return forget_command(c, arg);
    if (name == "mood") return mood_command(c, arg);
    if (name == "model" || name == "brain") {
        std::string out = c.brain().describe();
        if (auto n = c.brain().notice(); !n.empty()) out += "\n" + n;
        if (!c.brain().available() && out.find(c.brain().unavailable_reason()) == std::string::npos)
            out += "\n" + c.brain().unavailable_reason();
        if (!c.brain().available() && out.find("os1 pull") == std::string::npos)
            out += "\nTo give me words: 'os1 pull qwen2.5-0.5b', or '--brain openai --url URL' for a server.";
        return {out};
    }
    return {"I don't know /" + name + ". Try /help.", false, false};
}

}  // namespace os1::companion
