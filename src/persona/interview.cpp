// The interview, the answers file, and how the companion comes by its name.
#include "persona/interview.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "core/files.h"
#include "core/strings.h"
#include "core/text.h"
#include "core/toml.h"

namespace os1::persona {

namespace {

// FNV-1a: a stable hash so the same answers give the same name on every
// machine and every run.
uint64_t fnv1a(std::string_view s) {
    uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

struct CuratedName {
    const char* name;
    Tone tone;          // the tone it suits best
    const char* reason;
};

// Names with a small story each; the companion tells it when introducing itself.
constexpr CuratedName NAMES[] = {
    {"Wren", Tone::Playful, "A wren is a tiny bird with a very big song, and I liked that."},
    {"Juniper", Tone::Playful, "It sounds like someone who would make you laugh on a grey day."},
    {"Pip", Tone::Playful, "It's small and bright, and it made me smile."},
    {"Nova", Tone::Playful, "A nova is a star that suddenly shines brighter. I'd like to be that kind of surprise."},
    {"Iris", Tone::Warm, "Iris is a flower and the part of the eye that lets the light in."},
    {"Hazel", Tone::Warm, "It sounds like a warm kitchen and a long talk."},
    {"Mira", Tone::Warm, "It means 'wonderful' in Latin, and 'peace' in a few other languages."},
    {"Ellis", Tone::Warm, "It felt kind and easy to say, like someone you've known for years."},
    {"Sage", Tone::Calm, "Sage is a quiet herb that makes things better, and it means wise. No pressure."},
    {"Lumen", Tone::Calm, "A lumen is a measure of gentle light. I'd like to be a little light for you."},
    {"Aster", Tone::Calm, "Asters are star-shaped flowers that bloom late, when most things are going quiet."},
    {"Rowan", Tone::Calm, "Rowan trees were planted by doors to keep a home safe."},
    {"Ada", Tone::Direct, "After Ada Lovelace, who saw what machines could be before anyone else."},
    {"Quinn", Tone::Direct, "Short, clear, and to the point, which is how I'd like to be with you."},
    {"Remy", Tone::Direct, "It's simple and honest, and it means 'oarsman': someone who helps you get across."},
    {"Clio", Tone::Direct, "Clio was the muse of history. I'll be keeping track of yours."},
};

const std::set<std::string>& allowed_keys() {
    static const std::set<std::string> keys = [] {
        std::set<std::string> k;
        for (const auto& q : interview()) k.insert(q.key);
        k.insert("you.pronouns");
        k.insert("style.voice");
        k.insert("companion.name");
        return k;
    }();
    return keys;
}

}  // namespace

const std::vector<Question>& interview() {
    static const std::vector<Question> questions = {
        {"you.name", "First things first: what should I call you?", "", true},
        {"life.days", "Tell me a little about your days. What fills them?",
         "work, study, family, a routine... as much or as little as you like", false},
        {"life.people", "Who are the people who matter most to you?", "names help me keep track", false},
        {"life.feeling", "How have you been feeling lately, honestly?", "", false},
        {"life.help", "What would you like help with?", "remembering things, thinking out loud, letters, company...",
         false},
        {"style.tone", "How should I talk with you?", "warm, playful, calm or direct", false},
        {"style.humour", "And humour?", "none, some or lots", false},
        {"style.length", "Do you like short replies or longer ones?", "short, medium or long", false},
    };
    return questions;
}

Result<std::string> check_answer(const Question& q, std::string_view answer) {
    if (answer.size() > MAX_ANSWER_BYTES)
        return Error::invalid("that answer is longer than I can keep (", format_size(MAX_ANSWER_BYTES),
                              " at most); a few sentences will do");
    auto a = trim(repair_utf8(answer));
    if (a.empty()) {
        if (q.required) return Error::invalid("'", q.key, "' needs an answer");
        return a;
    }
    if (q.key == "style.tone") return std::string(tone_name(TRY(parse_tone(a))));
    if (q.key == "style.humour") return std::string(humour_name(TRY(parse_humour(a))));
    if (q.key == "style.length") return std::string(length_name(TRY(parse_length(a))));
    if (q.key == "you.name" && a.size() > 60) return Error::invalid("that name is a bit long for me (60 characters at most)");
    return a;
}

Result<Answers> parse_answers(std::string_view toml_text, std::string_view source) {
    auto table = TRY(parse_toml(toml_text, source));
    Answers answers;
    for (const auto& [key, value] : table) {
        if (!allowed_keys().count(key)) {
            return Error::invalid(source, ": unknown key '", key,
                                  "' (known: you.name, you.pronouns, life.days, life.people, life.feeling, life.help, "
                                  "style.tone, style.humour, style.length, style.voice, companion.name)");
        }
        if (key == "style.voice") {
            if (value.type != TomlValue::Type::Bool) return Error::invalid(source, ": style.voice must be true or false");
            answers[key] = value.boolean ? "true" : "false";
            continue;
        }
        if (value.type != TomlValue::Type::String)
            return Error::invalid(source, ": '", key, "' must be a string in quotes");
        Question q{key, "", "", false};
        for (const auto& known : interview())
            if (known.key == key) q = known;
        auto checked = check_answer(q, value.string);
        if (!checked) return checked.error().context(source);
        if (!checked->empty()) answers[key] = *checked;
    }
    if (!answers.count("you.name")) return Error::invalid(source, ": missing [you] name = \"...\" (what should I call you?)");
    if (auto it = answers.find("companion.name"); it != answers.end()) {
        if (!accept_brain_name(it->second, answers["you.name"]))
            return Error::invalid(source, ": companion.name '", it->second,
                                  "' should be one word of 2 to 14 letters, different from yours");
    }
    return answers;
}

Result<Answers> load_answers(const std::filesystem::path& path) {
    auto text = read_file(path);
    if (!text) return Error::not_found("cannot read the answers file: ", text.error().message);
    return parse_answers(*text, path.string());
}

NameChoice choose_name(const Answers& answers) {
    Tone tone = Tone::Warm;
    if (auto it = answers.find("style.tone"); it != answers.end()) tone = parse_tone(it->second).value_or(Tone::Warm);
    std::string person = lower(answers.count("you.name") ? answers.at("you.name") : "");
    std::string seed;
    for (const auto& [k, v] : answers) seed += k + "=" + v + ";";
    std::vector<const CuratedName*> fits;
    for (const auto& n : NAMES)
        if (n.tone == tone && lower(n.name) != person) fits.push_back(&n);
    // Someone who wants help remembering gets a name from the "keeper" end if it fits.
    auto help = answers.count("life.help") ? lower(answers.at("life.help")) : "";
    uint64_t h = fnv1a(seed);
    const CuratedName* pick = fits[h % fits.size()];
    if (help.find("remember") != std::string::npos || help.find("track") != std::string::npos) {
        for (auto* f : fits)
            if (std::string_view(f->name) == "Clio" || std::string_view(f->name) == "Rowan") pick = f;
    }
    return {pick->name, pick->reason};
}

std::string name_request_prompt(const Answers& answers) {
    std::string out =
        "You are a new personal companion meeting your person for the first time. Choose a first name for "
        "yourself. ";
    if (auto it = answers.find("you.name"); it != answers.end()) out += "Their name is " + it->second + ". ";
    if (auto it = answers.find("style.tone"); it != answers.end()) out += "They'd like you to be " + it->second + ". ";
    if (auto it = answers.find("life.help"); it != answers.end()) out += "They want help with: " + it->second + ". ";
    out += "Answer with the name on the first line, then one short sentence on why you chose it.";
    return out;
}

std::optional<NameChoice> accept_brain_name(std::string_view reply, std::string_view person_name) {
    auto text = trim(reply);
    auto nl = text.find('\n');
    std::string first = trim(text.substr(0, nl));
    // Tolerate "Name: Wren", "**Wren**", "Wren." from chatty models.
    if (auto colon = first.find(':'); colon != std::string::npos) first = trim(first.substr(colon + 1));
    std::string name;
    for (char c : first)
        if (c != '*' && c != '"' && c != '.' && c != '!') name += c;
    name = trim(name);
    if (name.size() < 2 || name.size() > 14) return std::nullopt;
    for (char c : name)
        if (!std::isalpha(static_cast<unsigned char>(c))) return std::nullopt;
    if (lower(name) == lower(std::string(person_name))) return std::nullopt;
    name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
    NameChoice choice{name, ""};
    if (nl != std::string::npos) {
        auto reason = trim(text.substr(nl + 1));
        if (auto end = reason.find('\n'); end != std::string::npos) reason = reason.substr(0, end);
        if (reason.size() <= 240) choice.reason = reason;
    }
    return choice;
}

Setup build_setup(const Answers& answers, const Setup& previous, bool rename, int64_t now_ms) {
    Setup s = previous;
    auto& p = s.persona;
    for (const auto& [key, value] : answers) {
        if (key == "companion.name" || key.rfind("style.", 0) == 0) continue;
        s.profile.answers[key] = value;
    }
    if (auto it = answers.find("you.name"); it != answers.end()) s.profile.name = it->second;
    if (auto it = answers.find("style.tone"); it != answers.end()) p.tone = parse_tone(it->second).value_or(p.tone);
    if (auto it = answers.find("style.humour"); it != answers.end())
        p.humour = parse_humour(it->second).value_or(p.humour);
    if (auto it = answers.find("style.length"); it != answers.end())
        p.length = parse_length(it->second).value_or(p.length);
    if (auto it = answers.find("style.voice"); it != answers.end()) p.voice = it->second == "true";

    switch (p.tone) {
    case Tone::Warm: p.traits = {"warm", "attentive", "curious about their life"}; break;
    case Tone::Playful: p.traits = {"playful", "quick", "curious about their life"}; break;
    case Tone::Calm: p.traits = {"calm", "patient", "a good listener"}; break;
    case Tone::Direct: p.traits = {"direct", "practical", "honest"}; break;
    }
    p.boundaries = {
        "You are an AI companion and say so if asked; you never pretend to be human",
        "You are not a therapist or a doctor; if they are in danger or crisis, gently encourage them to contact "
        "someone they trust or local emergency services",
        "Nothing they tell you leaves this computer; they can ask you to forget anything",
    };
    if (auto it = answers.find("companion.name"); it != answers.end()) {
        if (p.name != it->second) {
            p.name = it->second;
            p.name_reason = "";
            p.named_by_person = true;
        }
    } else if (p.name.empty() || rename) {
        auto choice = choose_name(answers);
        p.name = choice.name;
        p.name_reason = choice.reason;
        p.named_by_person = false;
    }
    if (p.created_ms == 0) p.created_ms = now_ms;
    p.updated_ms = now_ms;
    return s;
}

}  // namespace os1::persona
