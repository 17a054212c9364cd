// Plain rules over a normalised copy of the message (ASCII lower case,
// curly apostrophes straightened, spaces collapsed). The recipient's name
// is cut from the original text at the same place, so "McAllister" keeps
// its capitals; a name typed in lower case gets capitals on its words.
#include "skills/letters/letter_words.h"

#include <array>
#include <vector>

namespace os1::skills::letters {
namespace {

struct Normalised {
    std::string original;  // apostrophes straightened, spaces collapsed, ends trimmed
    std::string lower;     // the same bytes, ASCII lower case
};

Normalised normalise(std::string_view message) {
    std::string s;
    s.reserve(message.size());
    for (size_t i = 0; i < message.size(); ++i) {
        // U+2019 (E2 80 99) and U+2018 -> '
        if (i + 2 < message.size() && static_cast<unsigned char>(message[i]) == 0xE2 &&
            static_cast<unsigned char>(message[i + 1]) == 0x80 &&
            (static_cast<unsigned char>(message[i + 2]) == 0x99 || static_cast<unsigned char>(message[i + 2]) == 0x98)) {
            s += '\'';
            i += 2;
            continue;
        }
        char c = message[i];
        if (c == '\n' || c == '\t' || c == '\r') c = ' ';
        if (c == ' ' && (s.empty() || s.back() == ' ')) continue;
        s += c;
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '.' || s.back() == '!' || s.back() == '?')) s.pop_back();
    Normalised n{s, s};
    for (char& c : n.lower)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return n;
}

bool has_word(std::string_view lower, std::string_view word) {
    size_t pos = 0;
    while ((pos = lower.find(word, pos)) != std::string_view::npos) {
        bool start = pos == 0 || lower[pos - 1] == ' ';
        size_t end = pos + word.size();
        bool stop = end == lower.size() || lower[end] == ' ' || lower[end] == ',' || lower[end] == '?';
        if (start && stop) return true;
        pos = end;
    }
    return false;
}

template <size_t N>
bool has_any_word(std::string_view lower, const std::array<std::string_view, N>& words) {
    for (std::string_view w : words)
        if (has_word(lower, w)) return true;
    return false;
}

// "dr" in "dr. okafor": a title's full stop does not end the name.
bool abbreviation_before(std::string_view lower, size_t dot) {
    size_t b = lower.rfind(' ', dot);
    std::string_view word = lower.substr(b == std::string_view::npos ? 0 : b + 1, dot - (b == std::string_view::npos ? 0 : b + 1));
    for (std::string_view a : {"dr", "mr", "mrs", "ms", "st", "prof", "rev", "fr"})
        if (word == a) return true;
    return false;
}

// The name after "letter to " (or "letter for "), cut before what follows it.
std::pair<std::string, std::string> recipient_after(const Normalised& n) {
    static const std::array<std::string_view, 4> LEADS = {"letter to ", "letter for ", "letters to ", "write to "};
    size_t at = std::string::npos;
    for (std::string_view lead : LEADS) {
        size_t p = n.lower.find(lead);
        if (p != std::string::npos && (p == 0 || n.lower[p - 1] == ' ')) {
            at = p + lead.size();
            break;
        }
    }
    if (at == std::string::npos) return {};
    std::string_view rest_lower = std::string_view(n.lower).substr(at);
    size_t end = rest_lower.size();
    for (size_t i = 0; i < rest_lower.size(); ++i) {
        char c = rest_lower[i];
        if (c == '.' && abbreviation_before(rest_lower, i)) continue;  // "Dr. Okafor"
        if (c == ',' || c == ';' || c == ':' || c == '.' || c == '!' || c == '?' || c == '"' || c == '(') {
            end = i;
            break;
        }
    }
    // What follows the name: "about her garden", "for me", "please", ... (whole words).
    std::string about;
    static const std::array<std::string_view, 14> STOPS = {
        " about", " for me", " please", " saying", " telling", " to say", " to tell", " that",
        " thanking", " because", " now", " today", " tonight", " again"};
    for (std::string_view stop : STOPS) {
        std::string_view head = rest_lower.substr(0, end);
        size_t p = head.find(stop);
        while (p != std::string_view::npos && p + stop.size() < head.size() && head[p + stop.size()] != ' ')
            p = head.find(stop, p + 1);
        if (p == std::string_view::npos) continue;
        if (stop == " about" && p + stop.size() + 1 < end)
            about = n.original.substr(at + p + stop.size() + 1, end - p - stop.size() - 1);
        end = p;
    }
    std::string name = n.original.substr(at, end);
    // "my mother" -> "Mother"; "my friend Sam" -> "Sam"
    std::string lower_name = n.lower.substr(at, end);
    if (lower_name.starts_with("my ")) {
        name.erase(0, 3);
        lower_name.erase(0, 3);
    }
    for (std::string_view rel : {"friend ", "dear friend ", "old friend ", "dear "})
        if (lower_name.starts_with(rel) && lower_name.size() > rel.size()) {
            name.erase(0, rel.size());
            lower_name.erase(0, rel.size());
        }
    // Bounded: a name of at most five words.
    size_t words = 0, cut = name.size();
    for (size_t i = 0; i < name.size(); ++i)
        if (name[i] == ' ' && ++words == 5) {
            cut = i;
            break;
        }
    name.resize(cut);
    while (!name.empty() && name.back() == ' ') name.pop_back();
    bool start = true;
    for (char& c : name) {
        if (start && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        start = c == ' ' || c == '-';
    }
    if (name == "Me" || name == "Myself" || name == "You") name.clear();
    return {name, about};
}

bool contains(std::string_view lower, std::string_view what) { return lower.find(what) != std::string_view::npos; }

}  // namespace

LetterRequest read_letter_request(std::string_view message) {
    LetterRequest r;
    if (message.size() > MAX_COMMAND_BYTES) return r;
    Normalised n = normalise(message);
    const std::string& s = n.lower;
    if (!contains(s, "letter")) return r;
    static const std::array<std::string_view, 5> NEGATIONS = {"don't", "dont", "not", "never", "no"};
    if (has_any_word(s, NEGATIONS)) return r;
    auto [recipient, about] = recipient_after(n);

    static const std::array<std::string_view, 8> LIST = {
        "what letters", "which letters", "list my letters", "show my letters", "show me my letters",
        "how many letters", "letters have i written", "letters i've written"};
    for (std::string_view p : LIST)
        if (contains(s, p)) {
            r.ask = LetterAsk::List;
            return r;
        }
    if (s == "my letters" || s == "letters") {
        r.ask = LetterAsk::List;
        return r;
    }
    bool my_letter = contains(s, "my letter") || contains(s, "the letter") || contains(s, "that letter") ||
                     contains(s, "this letter") || contains(s, "letter to ");
    static const std::array<std::string_view, 8> DELETE = {"delete", "remove", "discard", "scrap", "bin", "erase",
                                                            "destroy", "trash"};
    static const std::array<std::string_view, 5> READ = {"read", "show", "hear", "see", "recite"};
    static const std::array<std::string_view, 5> FINISH = {"finish", "finalise", "finalize", "complete", "finished"};
    static const std::array<std::string_view, 6> CONTINUE = {"continue", "resume", "keep", "carry", "pick", "back"};
    static const std::array<std::string_view, 7> WRITE = {"write", "draft", "compose", "start", "begin", "pen", "writing"};

    if (my_letter && (has_any_word(s, DELETE) || contains(s, "throw away") || contains(s, "get rid of"))) {
        r.ask = LetterAsk::Delete;
    } else if (my_letter && has_any_word(s, READ) && !has_word(s, "write")) {
        r.ask = LetterAsk::Read;
    } else if (my_letter && has_any_word(s, FINISH)) {
        r.ask = LetterAsk::Finish;
    } else if (my_letter && has_any_word(s, CONTINUE) && !has_word(s, "start")) {
        r.ask = LetterAsk::Continue;
    } else if (has_any_word(s, WRITE) && (contains(s, "a letter") || contains(s, "an letter") ||
                                          contains(s, "new letter") || contains(s, "another letter") ||
                                          contains(s, "letter to") || contains(s, "letter for"))) {
        if (has_word(s, "wrote") || has_word(s, "written")) return r;
        r.ask = LetterAsk::Write;
        r.about = about;
    } else {
        return r;
    }
    r.recipient = recipient;
    return r;
}

DictationCue dictation_cue(std::string_view message) {
    if (message.size() > 80) return DictationCue::Words;
    Normalised n = normalise(message);
    std::string s = n.lower;
    for (std::string_view lead : {"ok ", "okay ", "ok, ", "okay, ", "alright ", "alright, ", "right, ", "so "})
        if (s.starts_with(lead)) s.erase(0, lead.size());
    auto trim = [](std::string& t) {
        while (!t.empty() && (t.back() == '.' || t.back() == '!' || t.back() == ',')) t.pop_back();
    };
    trim(s);
    std::string bare = s;  // without a polite tail: "that's all, thanks" -> "that's all"
    for (std::string_view tail : {" thanks", " thank you", ", thanks", ", thank you", " please", ", please", " now"})
        if (bare.ends_with(tail)) bare.erase(bare.size() - tail.size());
    trim(bare);
    static const std::array<std::string_view, 22> DONE = {
        "done", "i'm done", "im done", "i am done", "that's all", "thats all", "that is all", "that's it",
        "thats it", "that is it", "that's everything", "finished", "i'm finished", "it's finished", "it's done",
        "the letter is done", "the letter is finished", "finish the letter", "finish it", "finish my letter",
        "end the letter", "that's the letter"};
    static const std::array<std::string_view, 12> PAUSE = {
        "stop", "pause", "let's stop", "stop writing", "stop for now", "later", "let's continue later",
        "i'll finish it later", "save it for later", "not now", "let's pause", "keep it as a draft"};
    static const std::array<std::string_view, 9> READ = {
        "read it back", "read it to me", "read me the letter", "read me what i have", "read it", "read back",
        "what do i have so far", "read me my letter", "read it back to me"};
    for (const std::string& t : {s, bare}) {
        for (std::string_view p : DONE)
            if (t == p) return DictationCue::Done;
        for (std::string_view p : PAUSE)
            if (t == p) return DictationCue::Pause;
        for (std::string_view p : READ)
            if (t == p) return DictationCue::ReadBack;
    }
    return DictationCue::Words;
}

std::string salutation(std::string_view recipient) {
    return "Dear " + std::string(recipient) + ",";
}

}  // namespace os1::skills::letters
