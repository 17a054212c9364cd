// Template replies for the none brain. Short, warm and true: nothing here
// pretends to understand more than the intent rules, recall and the
// classifier provide. Memory answers are in plain_answer.cpp.
#include "companion/plain_reply.h"

#include <algorithm>
#include <cctype>

#include "companion/plain_answer.h"

namespace os1::companion {

namespace {

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

std::string strip_dot(std::string s) {
    while (!s.empty() && (s.back() == '.' || s.back() == ' ')) s.pop_back();
    return s;
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
    if (r.find("os1 pull") != std::string::npos) return capitalized(r) + ".";
    std::string how = "run 'os1 pull qwen2.5-0.5b' to give me words, or point me at a server with "
                      "'--brain openai --url ...'.";
    if (r.empty() || r.find("brain: none") != std::string::npos) return capitalized(how);
    return capitalized(r) + "; " + how;
}

namespace {

bool is_feeling_word(const std::vector<std::string>& w, std::initializer_list<std::string_view> set) {
    return std::any_of(w.begin(), w.end(), [&](const std::string& x) { return std::find(set.begin(), set.end(), x) != set.end(); });
}

// A warm word for how the message sounds: the classifier's reading, or
// plain feeling words when it read nothing ("I'm stressed", "today was awful").
std::string acknowledgement(const PlainContext& c) {
    const auto& e = c.emotion;
    if (e.valence <= -0.3 && e.predicted != "neutral")
        return e.ekman == "anger" ? "That sounds really frustrating." : "That sounds hard. I'm here.";
    if (e.valence >= 0.4 && e.predicted != "neutral") return "That's lovely to hear.";
    auto w = words_of(c.text);
    if (is_feeling_word(w, {"frustrated", "frustrating", "angry", "furious", "annoyed", "mad", "irritated"}))
        return "That sounds really frustrating.";
    if (is_feeling_word(w, {"sad", "down", "lonely", "stressed", "anxious", "nervous", "worried", "awful", "terrible",
                            "depressed", "upset", "exhausted", "miss", "scared", "hurt", "crying", "cried", "rough",
                            "overwhelmed", "heartbroken", "grieving", "horrible", "miserable", "tired"}))
        return "That sounds hard. I'm here.";
    if (is_feeling_word(w, {"happy", "thrilled", "excited", "wonderful", "glad", "proud", "promoted", "passed",
                            "delighted", "amazing", "great", "fantastic", "yay"}))
        return "That's lovely to hear.";
    return "";
}

std::string learned_sentence(const std::vector<memory::Fact>& learned) {
    std::vector<std::string> said;
    for (const auto& f : learned) said.push_back(to_second_person(f.text));
    std::string out = "I'll remember that " + said[0];
    for (size_t i = 1; i < said.size(); i++) out += (i + 1 == said.size() ? " and that " : ", that ") + said[i];
    return out + ".";
}

std::string identity_reply(const PlainContext& c) {
    const std::string& me = c.setup.persona.name;
    std::string out = me.empty() ? "I'm an AI companion running on your computer, not a person."
                                 : "I'm " + me + ", an AI companion running on your computer, not a person.";
    auto w = words_of(c.text);
    if (is_feeling_word(w, {"feelings", "feel", "emotions", "emotion", "body", "conscious", "consciousness", "alive",
                            "soul", "sentient", "dream", "sleep", "eat", "heart", "age"}))
        out += " I don't have feelings or a body the way you do.";
    if (is_feeling_word(w, {"made", "built", "created", "programmed", "designed", "wrote", "trained", "invented"}))
        out += " I'm software: the os1 program, written by people and running here on your machine.";
    return out + " Right now I have no language model, so I can remember what you tell me and notice how you seem "
                 "to feel, but I can't really talk.";
}

std::string cant_do_reply(const IntentReading& r) {
    if (r.capability.empty()) return "I can't do that yet.";
    // Reminders are a skill now (skills/reminders.h): a request the skill
    // could not read gets how to say it instead.
    if (r.capability == "set reminders")
        return "I can set reminders: tell me what and when, like \"remind me to call Rachel on Sunday at 5\", and I'll "
               "ask you to confirm.";
    std::string out = "I can't " + r.capability + " yet";
    out += ".";
    if (r.rememberable) out += " I can remember it, though: ask me about it later and I'll tell you what you said.";
    else out += " I have no way to do that from here.";
    return out;
}

std::string greeting(const PlainContext& c) {
    const std::string& name = c.setup.profile.name;
    return name.empty() ? "Hi." : "Hi " + name + ".";
}

}  // namespace

std::string plain_reply(const PlainContext& c) {
    const IntentReading r = read_intent(c.text);
    const std::string& name = c.setup.profile.name;
    std::vector<std::string> parts;
    if (r.greeted || r.intent == Intent::Greeting) parts.push_back(greeting(c));

    switch (r.intent) {
        case Intent::Greeting:
            parts.push_back(words_of(c.text).size() > 2 && is_question(c.text) ? "I'm here. How are you doing?"
                                                                               : "What's on your mind?");
            break;
        case Intent::Thanks: parts.push_back("You're welcome."); break;
        case Intent::Goodbye:
            parts.push_back(name.empty() ? "Goodbye. Take care, talk soon." : "Goodbye, " + name + ". Take care, talk soon.");
            break;
        case Intent::SmallTalk:
            parts.push_back(is_question(c.text) ? "I'm here, and glad you're talking to me. How are you?" : "I'm listening.");
            break;
        case Intent::Identity: parts.push_back(identity_reply(c)); break;
        case Intent::CantDo: parts.push_back(cant_do_reply(r)); break;
        case Intent::AskedWhatISaid: parts.push_back(answer_what_i_said(c)); break;
        case Intent::MemoryQuestion: parts.push_back(answer_memory_question(c, r)); break;
        case Intent::OpenQuestion:
            if (auto known = answer_if_remembered(c); !known.empty()) parts.push_back(known);
            else parts.push_back("I can't answer that without a language model. Right now I can only remember what "
                                 "you tell me and answer questions about it.");
            break;
        case Intent::Statement: break;
    }
    // What it learned (questions teach nothing; the extractor agrees), and a warm word.
    if (!c.learned.empty() && r.intent != Intent::MemoryQuestion && r.intent != Intent::OpenQuestion)
        parts.push_back(learned_sentence(c.learned));
    if (r.intent == Intent::Statement || r.intent == Intent::CantDo) {
        // A request is not news: only a hard feeling behind it is worth a word.
        auto ack = acknowledgement(c);
        if (!ack.empty() && (r.intent == Intent::Statement || ack != "That's lovely to hear.")) parts.push_back(ack);
    }
    if (parts.empty()) parts.push_back(words_of(c.text).size() >= 4 ? "Thanks for telling me." : "I'm listening.");

    // Say plainly what is missing, once per conversation.
    if (c.turn_index == 0) {
        bool said = false;
        for (const auto& p : parts) said = said || p.find("language model") != std::string::npos;
        if (!said)
            parts.push_back("I should be honest: I don't have a language model yet, so I can't really talk. I can "
                            "still remember what you tell me and notice how you're feeling.");
        parts.push_back(no_model_advice(c.no_model_reason));
    }
    std::string reply;
    for (const auto& p : parts) reply += (reply.empty() ? "" : " ") + p;
    return reply;
}

}  // namespace os1::companion
