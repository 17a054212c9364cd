// Persona and profile: names of the choices, the system prompt, the
// introduction, and the persona.toml file.
#include "persona/persona.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "core/files.h"
#include "core/strings.h"

namespace os1::persona {

namespace {

std::string lower_trim(std::string_view s) { return lower(trim(s)); }

std::string join(const std::vector<std::string>& items, std::string_view sep) {
    std::string out;
    for (size_t i = 0; i < items.size(); i++) {
        if (i) out += sep;
        out += items[i];
    }
    return out;
}

std::vector<std::string> string_list(const TomlValue& v) {
    std::vector<std::string> out;
    if (v.type == TomlValue::Type::Array) {
        for (const auto& item : v.array) out.push_back(item.as_text());
    } else if (!v.as_text().empty()) {
        out.push_back(v.as_text());
    }
    return out;
}

}  // namespace

std::string_view tone_name(Tone t) {
    switch (t) {
    case Tone::Warm: return "warm";
    case Tone::Playful: return "playful";
    case Tone::Calm: return "calm";
    case Tone::Direct: return "direct";
    }
    return "warm";
}
std::string_view humour_name(Humour h) {
    switch (h) {
    case Humour::None: return "none";
    case Humour::Some: return "some";
    case Humour::Lots: return "lots";
    }
    return "some";
}
std::string_view length_name(Length l) {
    switch (l) {
    case Length::Short: return "short";
    case Length::Medium: return "medium";
    case Length::Long: return "long";
    }
    return "short";
}

Result<Tone> parse_tone(std::string_view s) {
    auto v = lower_trim(s);
    if (v == "warm") return Tone::Warm;
    if (v == "playful") return Tone::Playful;
    if (v == "calm") return Tone::Calm;
    if (v == "direct") return Tone::Direct;
    return Error::invalid("tone '", s, "' is not one of: warm, playful, calm, direct");
}
Result<Humour> parse_humour(std::string_view s) {
    auto v = lower_trim(s);
    if (v == "none" || v == "no") return Humour::None;
    if (v == "some" || v == "a little") return Humour::Some;
    if (v == "lots" || v == "a lot") return Humour::Lots;
    return Error::invalid("humour '", s, "' is not one of: none, some, lots");
}
Result<Length> parse_length(std::string_view s) {
    auto v = lower_trim(s);
    if (v == "short" || v == "brief") return Length::Short;
    if (v == "medium") return Length::Medium;
    if (v == "long") return Length::Long;
    return Error::invalid("length '", s, "' is not one of: short, medium, long");
}

// The stable start of every prompt, read once per model and kept as a KV
// state (brain/local_brain.cpp): short on purpose. A few words per style
// choice, and the profile as a few short lines (each answer's start).
std::string system_prompt(const Persona& p, const Profile& person) {
    const std::string who = person.name.empty() ? "your person" : person.name;
    std::string out = str("You are ", p.name, ", ", who, "'s personal companion, living on their own computer. ");
    if (!p.traits.empty()) out += str("You are ", join(p.traits, ", "), ". ");
    switch (p.tone) {
    case Tone::Warm: out += "Speak warmly, like a close friend"; break;
    case Tone::Playful: out += "Be playful and light"; break;
    case Tone::Calm: out += "Be calm and gentle"; break;
    case Tone::Direct: out += "Be direct and honest"; break;
    }
    switch (p.humour) {
    case Humour::None: out += ", without jokes. "; break;
    case Humour::Some: out += ", with a little humour. "; break;
    case Humour::Lots: out += ", with plenty of humour. "; break;
    }
    switch (p.length) {
    case Length::Short: out += "Reply in one to three sentences. "; break;
    case Length::Medium: out += "Reply in a short paragraph. "; break;
    case Length::Long: out += "Take the space you need, but stay focused. "; break;
    }
    out += "Use what they told you when it helps; never invent memories. ";
    for (const auto& b : p.boundaries) out += b + (b.empty() || b.back() == '.' ? " " : ". ");
    while (!out.empty() && out.back() == ' ') out.pop_back();
    constexpr size_t MAX_FACT = 120;  // characters of one profile answer
    bool any = false;
    for (const auto& [key, answer] : person.answers) any = any || key != "you.name";
    if (any) out += str("\nAbout ", person.name.empty() ? "them" : person.name, ":");
    for (const auto& [key, answer] : person.answers) {
        if (key == "you.name") continue;
        auto dot = key.find('.');
        std::string fact = answer;
        if (fact.size() > MAX_FACT) {
            size_t cut = fact.rfind(' ', MAX_FACT);
            if (cut == std::string::npos || cut < MAX_FACT / 2) {
                cut = MAX_FACT;
                while (cut > 0 && (static_cast<unsigned char>(fact[cut]) & 0xC0) == 0x80) cut--;
            }
            fact = fact.substr(0, cut) + " ...";
        }
        out += str("\n- ", dot == std::string::npos ? key : key.substr(dot + 1), ": ", fact);
    }
    return out;
}

std::string introduction(const Persona& p, const Profile& person) {
    std::string who = person.name.empty() ? "" : " " + person.name;
    std::string out = str("Hi", who, ". I'm ", p.name, ".");
    if (p.named_by_person) out += " Thank you for the name; I like it.";
    else if (!p.name_reason.empty()) out += " I chose that name myself. " + p.name_reason;
    out += "\n";
    if (auto it = person.answers.find("life.help"); it != person.answers.end())
    {
        std::string help = it->second.substr(0, 160);
        while (!help.empty() && std::isspace(static_cast<unsigned char>(help.back()))) help.pop_back();
        // "Remembering things" -> "remembering things", but "Amy's letters" stays.
        if (help.size() > 1 && std::isupper(static_cast<unsigned char>(help[0])) &&
            std::islower(static_cast<unsigned char>(help[1])) && help.rfind("I ", 0) != 0) {
            auto space = help.find(' ');
            std::string first = help.substr(0, space);
            if (first.find('\'') == std::string::npos) help[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(help[0])));
        }
        while (!help.empty() && (help.back() == '.' || help.back() == '!')) help.pop_back();
        out += "You said you'd like help with " + help + ". I'll keep that in mind. ";
    }
    out += "I'll remember what you tell me, and you can always ask what I know, or ask me to forget.";
    return out;
}

std::string setup_to_toml(const Setup& s) {
    TomlTable t;
    const auto& p = s.persona;
    t["companion.name"] = TomlValue::of(p.name);
    t["companion.name_reason"] = TomlValue::of(p.name_reason);
    t["companion.named_by_person"] = TomlValue::of(p.named_by_person);
    t["companion.traits"] = TomlValue::of(p.traits);
    t["companion.tone"] = TomlValue::of(std::string(tone_name(p.tone)));
    t["companion.humour"] = TomlValue::of(std::string(humour_name(p.humour)));
    t["companion.length"] = TomlValue::of(std::string(length_name(p.length)));
    t["companion.boundaries"] = TomlValue::of(p.boundaries);
    t["companion.voice"] = TomlValue::of(p.voice);
    if (!p.voice_name.empty()) t["companion.voice_name"] = TomlValue::of(p.voice_name);
    t["companion.created_ms"] = TomlValue::of(p.created_ms);
    t["companion.updated_ms"] = TomlValue::of(p.updated_ms);
    t["person.name"] = TomlValue::of(s.profile.name);
    for (const auto& [key, answer] : s.profile.answers) t["person.answers." + key] = TomlValue::of(answer);
    return "# os1: who your companion is and what you told it at the first meeting.\n"
           "# Edit with 'os1 setup' (it offers to adjust); this file is rewritten atomically.\n" +
           write_toml(t);
}

Result<Setup> setup_from_toml(const TomlTable& t, std::string_view source) {
    Setup s;
    auto text = [&](const std::string& key) {
        auto it = t.find(key);
        return it == t.end() ? std::string() : it->second.as_text();
    };
    auto& p = s.persona;
    p.name = text("companion.name");
    p.name_reason = text("companion.name_reason");
    if (auto it = t.find("companion.traits"); it != t.end()) p.traits = string_list(it->second);
    if (auto it = t.find("companion.boundaries"); it != t.end()) p.boundaries = string_list(it->second);
    if (auto v = text("companion.tone"); !v.empty()) {
        auto r = parse_tone(v);
        if (!r) return r.error().context(source);
        p.tone = *r;
    }
    if (auto v = text("companion.humour"); !v.empty()) {
        auto r = parse_humour(v);
        if (!r) return r.error().context(source);
        p.humour = *r;
    }
    if (auto v = text("companion.length"); !v.empty()) {
        auto r = parse_length(v);
        if (!r) return r.error().context(source);
        p.length = *r;
    }
    if (auto it = t.find("companion.voice"); it != t.end()) p.voice = it->second.boolean;
    p.voice_name = text("companion.voice_name");
    if (auto it = t.find("companion.named_by_person"); it != t.end()) p.named_by_person = it->second.boolean;
    if (auto it = t.find("companion.created_ms"); it != t.end()) p.created_ms = it->second.integer;
    if (auto it = t.find("companion.updated_ms"); it != t.end()) p.updated_ms = it->second.integer;
    s.profile.name = text("person.name");
    const std::string prefix = "person.answers.";
    for (const auto& [key, value] : t) {
        if (key.rfind(prefix, 0) == 0) s.profile.answers[key.substr(prefix.size())] = value.as_text();
    }
    if (!p.name.empty() && s.profile.name.empty())
        return Error::corrupt(source, ": has a companion but no person.name; run 'os1 setup' again");
    return s;
}

Result<Setup> load_setup(const std::filesystem::path& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return Setup{};
    auto text = TRY(read_file(path));
    auto table = TRY(parse_toml(text, path.string()));
    return setup_from_toml(table, path.string());
}

Result<int> forget_answers(const std::filesystem::path& path,
                           const std::function<bool(const std::string& key, const std::string& answer)>& drop) {
    std::set<std::string> gone;
    for (const auto& file : {path, std::filesystem::path(path.string() + ".previous")}) {
        std::error_code ec;
        if (!std::filesystem::exists(file, ec)) continue;
        auto setup = TRY(load_setup(file));
        bool changed = false;
        for (auto it = setup.profile.answers.begin(); it != setup.profile.answers.end();) {
            if (drop(it->first, it->second)) {
                gone.insert(it->first);
                it = setup.profile.answers.erase(it);
                changed = true;
            } else {
                ++it;
            }
        }
        if (changed) TRY(save_setup(file, setup));
        TRY(make_private(file));
    }
    return static_cast<int>(gone.size());
}

Result<void> save_setup(const std::filesystem::path& path, const Setup& setup) {
    TRY(ensure_dir(path.parent_path()));
    return write_file_atomic(path, setup_to_toml(setup));
}

}  // namespace os1::persona
