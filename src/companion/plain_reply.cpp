// Template replies for the none brain. Short, warm and true: nothing here
// pretends to understand more than recall and the classifier provide.
#include "companion/plain_reply.h"

#include <algorithm>
#include <cctype>

namespace os1::companion {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool starts_with_word(const std::string& s, std::string_view w) {
    return s.rfind(w, 0) == 0 && (s.size() == w.size() || !std::isalpha(static_cast<unsigned char>(s[w.size()])));
}

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
    for (size_t p = 0; (p = s.find(from, p)) != std::string::npos; p += to.size()) s.replace(p, from.size(), to);
    return s;
}

// Conjugates the verb after a leading "you": "you likes" -> "you like".
std::string fix_verb(std::string s) {
    if (s.rfind("you ", 0) != 0) return s;
    size_t end = s.find(' ', 4);
    std::string verb = s.substr(4, end == std::string::npos ? std::string::npos : end - 4);
    std::string rest = end == std::string::npos ? "" : s.substr(end);
    if (verb == "is") verb = "are";
    else if (verb == "was") verb = "were";
    else if (verb == "has") verb = "have";
    else if (verb == "does") verb = "do";
    else if (verb.size() > 3 && verb.ends_with("ies")) verb = verb.substr(0, verb.size() - 3) + "y";
    else if (verb.size() > 3 && (verb.ends_with("ches") || verb.ends_with("shes") || verb.ends_with("sses")))
        verb = verb.substr(0, verb.size() - 2);
    else if (verb.size() > 2 && verb.back() == 's' && !verb.ends_with("ss")) verb.pop_back();
    return "you " + verb + rest;
}

std::string first_upper(std::string s) {
    if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
}

std::string strip_dot(std::string s) {
    while (!s.empty() && (s.back() == '.' || s.back() == ' ')) s.pop_back();
    return s;
}

std::string month_day(int64_t ms) {
    static const char* MONTHS[] = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};
    std::string day = format_day(ms);  // YYYY-MM-DD
    int m = std::stoi(day.substr(5, 2));
    int d = std::stoi(day.substr(8, 2));
    return str(MONTHS[(m + 11) % 12], " ", d);
}

}  // namespace

std::string to_second_person(std::string_view fact_text) {
    std::string s(fact_text);
    s = replace_all(s, "the user's ", "your ");
    s = replace_all(s, "The user's ", "your ");
    s = replace_all(s, "user's ", "your ");
    s = replace_all(s, "You's ", "your ");
    if (s.rfind("Your ", 0) == 0) s[0] = 'y';
    if (s.rfind("the user ", 0) == 0) s = "you " + s.substr(9);
    else if (s.rfind("user ", 0) == 0) s = "you " + s.substr(5);
    else if (s.rfind("User ", 0) == 0) s = "you " + s.substr(5);
    else if (s.rfind("You ", 0) == 0) s = "you " + s.substr(4);
    return strip_dot(fix_verb(s));
}

std::string no_model_advice(std::string_view reason) {
    std::string r = strip_dot(std::string(reason));
    if (r.find("os1 pull") != std::string::npos) return first_upper(r) + ".";
    std::string how = "run 'os1 pull qwen2.5-0.5b' to give me words, or point me at a server with "
                      "'--brain openai --url ...'.";
    if (r.empty() || r.find("brain: none") != std::string::npos) return first_upper(how);
    return first_upper(r) + "; " + how;
}

bool is_question(std::string_view raw) {
    std::string t = lower(raw);
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.pop_back();
    if (!t.empty() && t.back() == '?') return true;
    for (std::string_view w : {"what", "who", "where", "when", "which", "how", "do you", "did i", "did you",
                               "remind me", "tell me about", "have i", "am i", "is my", "are my", "can you remember"}) {
        if (starts_with_word(t, w)) return true;
    }
    return false;
}

std::string plain_reply(const PlainContext& c) {
    const std::string t = lower(c.text);
    const std::string& name = c.setup.profile.name;
    std::string reply;

    bool greeting = false;
    for (std::string_view w : {"hi", "hello", "hey", "good morning", "good evening", "good afternoon"})
        greeting = greeting || starts_with_word(t, w);
    if (greeting) reply += name.empty() ? "Hi. " : "Hi " + name + ". ";

    if (!c.learned.empty()) {
        std::vector<std::string> said;
        for (const auto& f : c.learned) said.push_back(to_second_person(f.text));
        reply += "I'll remember that " + said[0];
        for (size_t i = 1; i < said.size(); i++) reply += (i + 1 == said.size() ? " and that " : ", that ") + said[i];
        reply += ". ";
    } else if (is_question(c.text)) {
        // Facts and summaries, and things the person said (not the
        // companion's own words, not this very question), once each.
        std::vector<const Recalled*> useful;
        std::vector<std::string> seen = {lower(c.text)};
        for (const auto& m : c.memories) {
            if (m.kind == "episode" && (m.speaker != "user" || m.text.size() >= 240)) continue;
            if (std::find(seen.begin(), seen.end(), lower(m.text)) != seen.end()) continue;
            seen.push_back(lower(m.text));
            useful.push_back(&m);
        }
        if (useful.empty()) {
            reply += "I don't remember anything about that yet. ";
        } else {
            reply += "Here's what I remember: ";
            for (size_t i = 0; i < std::min<size_t>(useful.size(), 3); i++) {
                const auto& m = *useful[i];
                std::string text = m.kind == "episode" ? "you said \"" + strip_dot(m.text) + "\""
                                                       : to_second_person(m.text);
                reply += first_upper(text);
                if (m.time_ms) reply += " (" + month_day(m.time_ms) + ")";
                reply += ". ";
            }
        }
    }

    const auto& e = c.emotion;
    if (e.valence <= -0.3 && e.predicted != "neutral") {
        reply += e.ekman == "anger" ? "That sounds really frustrating. " : "That sounds hard. I'm here. ";
    } else if (e.valence >= 0.4 && e.predicted != "neutral" && !greeting) {
        reply += "That's lovely to hear. ";
    }
    if (reply.empty()) reply = "I'm listening. ";

    // Say plainly what is missing, fully once and then in a few words.
    if (c.turn_index == 0) {
        reply += "I should be honest: I don't have a language model yet, so I can't really talk. I can still "
                 "remember what you tell me and notice how you're feeling. ";
        reply += no_model_advice(c.no_model_reason);
    } else if (c.turn_index % 5 == 0) {
        reply += "(No language model yet: 'os1 pull qwen2.5-0.5b' installs one.)";
    }
    while (!reply.empty() && reply.back() == ' ') reply.pop_back();
    return reply;
}

}  // namespace os1::companion
