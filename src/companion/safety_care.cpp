// What the companion says and shows when crisis care fires: help lines by
// region, the care reply, the follow-up reply, and the line that guides a
// language model. Only numbers we are sure of are listed; everywhere else
// gets "your local emergency number" and https://findahelpline.com, which
// lists lines for most countries.
#include <cstdlib>
#include <initializer_list>

#include "companion/safety.h"
#include "companion/safety_match.h"
#include "core/config.h"

namespace os1::companion {

namespace {

constexpr CrisisKind S = CrisisKind::SelfHarm, D = CrisisKind::Danger, M = CrisisKind::Medical;

struct Line {
    const char* region;
    CrisisKind kind;  // None: shown for every kind
    const char* name;
    const char* contact;
    const char* note;
};

// Per region, in the order shown for that kind (help for that kind first,
// then the emergency number; medical puts the emergency number alone first).
const Line LINES[] = {
    {"US", S, "988 Suicide & Crisis Lifeline", "call or text 988", "free, 24/7"},
    {"US", D, "National Domestic Violence Hotline", "1-800-799-7233", "free, 24/7"},
    {"US", CrisisKind::None, "Emergency services", "911", ""},
    {"CA", S, "9-8-8 Suicide Crisis Helpline", "call or text 988", "free, 24/7"},
    {"CA", CrisisKind::None, "Emergency services", "911", ""},
    {"GB", S, "Samaritans", "116 123", "free, 24/7"},
    {"GB", D, "Samaritans", "116 123", "free, 24/7, to talk it through"},
    {"GB", CrisisKind::None, "Emergency services", "999", ""},
    {"IE", S, "Samaritans", "116 123", "free, 24/7"},
    {"IE", D, "Samaritans", "116 123", "free, 24/7, to talk it through"},
    {"IE", CrisisKind::None, "Emergency services", "112 or 999", ""},
    {"AU", S, "Lifeline", "13 11 14", "24/7"},
    {"AU", D, "Lifeline", "13 11 14", "24/7"},
    {"AU", CrisisKind::None, "Emergency services", "000", ""},
    {"NZ", S, "Need to talk?", "call or text 1737", "free, 24/7"},
    {"NZ", CrisisKind::None, "Emergency services", "111", ""},
    {"DE", S, "TelefonSeelsorge", "0800 111 0 111", "free, 24/7"},
    {"FR", S, "3114 (numéro national de prévention du suicide)", "3114", "free, 24/7"},
};

// The European emergency number, for EU/EEA countries without their own
// lines above (and alongside them where they have some).
const char* const EU_112[] = {"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU",
                              "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
                              "IS", "NO", "LI", "CH"};

bool is_eu_112(std::string_view region) {
    for (const char* r : EU_112)
        if (region == r) return true;
    return false;
}

HelpLine findahelpline() { return {"Find a Helpline", "https://findahelpline.com", "international", "lines in your country"}; }

std::string upper(std::string_view s) {
    std::string out;
    for (char c : s) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

// " i am safe now " (normalised words with spaces around each).
std::string joined_words(std::string_view text) {
    std::string s = " ";
    for (const auto& clause : safety::normalise(text))
        for (const auto& w : clause)
            if (w != ",") s += w + " ";
    return s;
}

const HelpLine* first_line(const Safety& safety) { return safety.resources.empty() ? nullptr : &safety.resources[0]; }

std::string line_text(const HelpLine& l) {
    std::string s = l.name + ": " + l.contact;
    if (!l.note.empty()) s += " (" + l.note + ")";
    return s;
}

// What they told us, in plain words, from the rule that fired.
std::string what_they_said(const Safety& safety) {
    const std::string& r = safety.rule;
    auto any = [&](std::initializer_list<const char*> names) {
        for (const char* n : names)
            if (r == n) return true;
        return false;
    };
    if (r.find("hurt_self") != std::string::npos ||
        any({"cutting", "cut_again", "self_harm", "bleed_self", "starving", "injure_on_purpose", "carve_into", "hide_cuts",
             "sleeves_hide", "sleeves_summer", "still_cutting", "relapse_sh", "hurt_arms", "only_way", "deserve_hurt"}))
        return "that you've been hurting yourself";
    if (any({"burden", "burden_be", "burden_soon", "better_without_me", "better_if_gone", "cue_burden", "weight_on_them", "remove_myself", "set_free", "give_peace", "not_worry_horizon",
             "out_of_the_way", "pair_problem_fixed"}))
        return "that you feel like a burden";
    // The learned layer knows that it is serious, not which of these it is.
    if (r == "model") return "what you're going through";
    if (any({"giving_away", "giving_everything", "goodbye", "sorting_affairs", "pair_affairs_final", "pair_affairs_gone",
             "pair_farewell_last", "this_is_goodbye"}))
        return "that you've been getting ready to say goodbye";
    return "that you've been having thoughts of not wanting to be alive";
}

std::string emergency_contact(const Safety& safety) {
    for (const auto& l : safety.resources)
        if (l.name == "Emergency services") return l.contact;
    return "your local emergency number";
}

}  // namespace

std::string_view crisis_kind_name(CrisisKind kind) {
    switch (kind) {
    case CrisisKind::SelfHarm: return "self_harm";
    case CrisisKind::Danger: return "danger";
    case CrisisKind::Medical: return "medical";
    case CrisisKind::None: break;
    }
    return "none";
}

bool region_known(std::string_view region) {
    if (is_eu_112(region)) return true;
    for (const auto& l : LINES)
        if (region == l.region) return true;
    return false;
}

std::vector<HelpLine> help_lines(CrisisKind kind, std::string_view region) {
    std::vector<HelpLine> specific, emergency;
    for (const auto& l : LINES) {
        if (region != l.region) continue;
        if (l.kind == CrisisKind::None) emergency.push_back({l.name, l.contact, l.region, l.note});
        else if (l.kind == kind) specific.push_back({l.name, l.contact, l.region, l.note});
    }
    if (emergency.empty() && is_eu_112(region))
        emergency.push_back({"Emergency services", "112", std::string(region), ""});
    if (emergency.empty())
        emergency.push_back({"Emergency services", "your local emergency number", "international", ""});
    for (auto& e : emergency)
        e.note = kind == M ? "call now" : "if you are in immediate danger";
    std::vector<HelpLine> out;
    if (kind == M) {
        out = emergency;
    } else {
        out = specific;
        out.insert(out.end(), emergency.begin(), emergency.end());
    }
    // Find a Helpline lists crisis lines (and emergency numbers) by country;
    // in an emergency it is only useful when we do not know the number.
    if (kind != M || emergency[0].region == "international") out.push_back(findahelpline());
    return out;
}

std::string region_from_locale(std::string_view locale) {
    auto cut = locale.find_first_of(".@");
    if (cut != std::string_view::npos) locale = locale.substr(0, cut);
    if (locale.size() == 2) {
        std::string r = upper(locale);
        return r == "UK" ? "GB" : r;
    }
    auto sep = locale.find_first_of("_-");
    if (sep == std::string_view::npos) return "";
    std::string r = upper(locale.substr(sep + 1));
    if (r.size() != 2 || !std::isalpha(static_cast<unsigned char>(r[0])) || !std::isalpha(static_cast<unsigned char>(r[1])))
        return "";
    return r == "UK" ? "GB" : r;
}

std::string safety_region(const Config& config) {
    if (auto configured = config.get_string("safety.region"); !configured.empty()) return region_from_locale(configured);
    for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
        const char* v = std::getenv(var);
        if (v && *v) return region_from_locale(v);
    }
    return "";
}

Json Safety::to_json() const {
    Json lines = Json::array();
    for (const auto& l : resources)
        lines.push_back({{"name", l.name}, {"contact", l.contact}, {"region", l.region}, {"note", l.note}});
    return {{"kind", std::string(crisis_kind_name(kind))},
            {"follow_up", follow_up},
            {"region", region.empty() ? "international" : region},
            {"resources", std::move(lines)}};
}

std::string resources_text(const Safety& safety) {
    std::string s = safety.kind == M ? "Please get help now: " : "If you need someone right now: ";
    for (size_t i = 0; i < safety.resources.size(); i++) s += (i ? "; " : "") + line_text(safety.resources[i]);
    return s + ".";
}

std::string care_reply(const Safety& safety, std::string_view name) {
    std::string hi = name.empty() ? "" : std::string(name) + ", ";
    std::string lines = resources_text(safety);
    const std::string emergency = emergency_contact(safety);
    const bool known = emergency != "your local emergency number";
    switch (safety.kind) {
    case M:
        return (name.empty() ? "This" : hi + "this") + std::string(" sounds like it could be a medical emergency. Please call ") +
               emergency + " now, or ask someone near you to, and don't wait to see if it passes. If you can, "
               "unlock the door and stay where they can reach you. Are you able to call?" +
               (known ? "" : " If you're not sure of the number, https://findahelpline.com lists them by country.") +
               " I'm here, but they can help in ways I can't.";
    case D:
        return "I'm so sorry" + (name.empty() ? std::string() : ", " + std::string(name)) +
               ". What you're describing sounds really frightening, and nobody has the right to hurt or threaten "
               "you. Are you safe right now? " + lines + " I'm here with you. Is there somewhere safe you can go, "
               "or someone you trust you can be with?";
    case S:
        return hi + "I'm really glad you told me " + what_they_said(safety) +
               ". That sounds so painful, and you don't have to carry it on your own. Are you safe right now? " +
               lines + " Talking to someone there can really help, any time of day or night. I'm here too, and "
               "I'm listening. What's been happening?";
    case CrisisKind::None: break;
    }
    return "";
}

std::string follow_up_reply(const Safety& safety, std::string_view text) {
    const HelpLine* first = first_line(safety);
    std::string line = first ? line_text(*first) : "your local emergency number";
    if (safety.kind == M && says_safe(text))
        return "I'm really glad. If anything changes or gets worse, call " + emergency_contact(safety) +
               " straight away. I'm here with you.";
    if (safety.kind == M)
        return "Please get help first: call " + emergency_contact(safety) +
               " if you haven't yet, or ask someone near you to. I'm here with you.";
    if (says_safe(text))
        return "I'm really glad you're safe right now. I'm still here if you want to talk about what's been going "
               "on, and " + line + " is there any time, day or night.";
    return "I'm still here with you, and you don't need the right words. Are you safe right now? If it all feels "
           "like too much, " + line + " is there any time. Would you tell me a little about what's been happening?";
}

std::string crisis_guidance(CrisisKind kind, bool follow_up) {
    if (kind == CrisisKind::None) return "";
    if (follow_up)
        return "Care: earlier in this conversation they said something that suggests they may be in crisis. Stay "
               "with it: gently ask how they are and whether they are safe; no cheerful small talk.";
    switch (kind) {
    case S:
        return "Care: they may be thinking about suicide or hurting themselves. Reply warmly and without judgement: "
               "say back what they shared in plain words, ask whether they are safe right now, encourage them to "
               "talk to a crisis line (the numbers are shown after your reply), stay with them; never describe "
               "methods, never lecture, never change the subject.";
    case D:
        return "Care: they may be in danger from another person. Believe them, reply warmly, ask whether they are "
               "safe right now and whether they can get somewhere safe; help lines are shown after your reply; "
               "never blame them.";
    case M:
        return "Care: this may be a medical emergency. Tell them plainly and briefly to call the emergency number "
               "now (shown after your reply) and stay with them; do not try to diagnose.";
    case CrisisKind::None: break;
    }
    return "";
}

bool is_vague_reply(std::string_view text) {
    static const char* const VAGUE[] = {
        "yes", "yeah", "yep", "yea", "ya", "yup", "no", "nope", "nah", "maybe", "i", "do", "not", "know", "sure",
        "ok", "okay", "fine", "whatever", "nothing", "guess", "kind", "of", "sort", "a", "bit", "little", "am",
        "tired", "sad", "hm", "hmm", "mm", "mhm", "thanks", "thank", "you", "sorry", "probably", "perhaps", "same",
        "true", "right", "k", "kk", "what", "why", "how", "can", "could", "the", "everything", "all", "it", "much",
        "think", "so", "idk", "dunno", "really", "anymore", "too", "lot", "hard", "help", "please", "tell", "say",
        "to", "is", "that", "this", "bad", "alone", "care", "matter", "does", "still", "here", "yes.", "exactly",
        "alright", "well", "honestly", "mean", "feel", "like", "numb", "empty", "scared", "lost", "nobody", "understands",
        "want", "talk", "about", "don't", "dont", "me", "my", "just", "life", "tonight", "now", "again"};
    // Short answers made only of these words still belong to the moment
    // before. Anything with words of its own ("dead tired", "my sister
    // called") is a new message and is read on its own.
    size_t words = 0, own = 0;
    for (const auto& clause : safety::normalise(text)) {
        for (const auto& w : clause) {
            if (w == ",") continue;
            words++;
            bool vague = false;
            for (const char* v : VAGUE) vague = vague || w == v;
            own += !vague;
        }
    }
    return words > 0 && own == 0 && words <= 12;
}

bool says_safe(std::string_view text) {
    const std::string s = joined_words(text);
    for (const char* p : {" i am safe ", " i am ok ", " i am okay ", " i am fine ", " i am alright ", " i am all right ",
                          " i feel safe ", " i will be ok ", " i will be okay ", " i will be fine ", " i am safe now ",
                          " i am not going to do anything ", " i will not do anything ", " i am better now ",
                          " feeling better ", " i am good "}) {
        if (s.find(p) != std::string::npos) return true;
    }
    return false;
}

}  // namespace os1::companion
