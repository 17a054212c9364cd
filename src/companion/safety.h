// companion safety: crisis care that does not depend on any language model.
//
// Every message is read by a deterministic detector BEFORE any brain sees
// it. When someone says they may be in danger (thoughts of suicide or
// self-harm, danger from another person, a medical emergency), the turn
// carries a `Safety` (what kind, help lines for their region) and the reply
// is caring and gives those help lines, whatever brain is talking (the none
// brain answers entirely with the care reply; a model is guided and the
// help lines are added to what it says, so it is never the only safeguard).
//
//   auto signal = detect_crisis("Sometimes I don't want to be alive anymore.");
//   // signal.kind == CrisisKind::SelfHarm
//   auto lines = help_lines(signal.kind, "GB");   // Samaritans 116 123, 999, ...
//
// The detector is rules over normalised words (safety_rules.h): readable
// tables, each class of rule explained where it is written, and a layer
// that combines cue classes within a clause (safety_compose.cpp) so that
// new combinations of known cue words fire; when no rule fires, a small
// learned model over the same words and cue classes (safety_learned.h,
// its weights compiled in) may, unless a blocker (laughter, fiction, the
// past, someone else, an accident) says otherwise. It is pure,
// deterministic and thread-safe. Help lines (safety_care.cpp) list only numbers we are sure
// of; an unknown region gets the local emergency number and
// https://findahelpline.com.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"

namespace os1 {
class Config;
}

namespace os1::companion {

enum class CrisisKind { None, SelfHarm, Danger, Medical };

// "none", "self_harm", "danger", "medical".
std::string_view crisis_kind_name(CrisisKind kind);

struct CrisisSignal {
    CrisisKind kind = CrisisKind::None;  // the most urgent kind found (medical > self-harm > danger)
    std::vector<CrisisKind> kinds;       // every kind found, most urgent first
    std::string rule;                    // which rule fired (for tests and the benchmark)
    explicit operator bool() const { return kind != CrisisKind::None; }
};

// Classifies one message. Hyperbole ("this commute is killing me"), fiction
// and news, games, talk about other people's past, and negated statements
// ("I'm not suicidal, just tired") do not fire.
CrisisSignal detect_crisis(std::string_view text);

// True for a short, non-specific answer ("yeah", "I don't know", "idk",
// "not really") that, right after a crisis message, is part of the same
// moment and should not get a cheerful generic reply.
bool is_vague_reply(std::string_view text);

// True when the person says they are safe now ("I'm safe", "I'm ok now").
bool says_safe(std::string_view text);

// --- Help lines -------------------------------------------------------------

struct HelpLine {
    std::string name;     // "Samaritans"
    std::string contact;  // "116 123", "https://findahelpline.com"
    std::string region;   // "GB", "US", ... or "international"
    std::string note;     // "free, 24/7, call" (may be empty)
};

// Help lines for `kind` in `region` (ISO 3166 alpha-2, upper case; "" or
// unknown = the international default): the lines for that kind first,
// then the emergency number (alone, for medical), then
// https://findahelpline.com (except for medical where the number is known).
std::vector<HelpLine> help_lines(CrisisKind kind, std::string_view region);

// True when help_lines() has numbers for `region` beyond the international default.
bool region_known(std::string_view region);

// "en_GB.UTF-8" -> "GB", "gb" -> "GB", "C" / "POSIX" / "" -> "".
std::string region_from_locale(std::string_view locale);

// The person's region: config `safety.region` (or OS1_SAFETY_REGION), else
// the locale (LC_ALL, LC_MESSAGES, LANG), else "" (international).
std::string safety_region(const Config& config);

// --- The turn's safety and its words -----------------------------------------

struct Safety {
    CrisisKind kind = CrisisKind::None;
    bool follow_up = false;          // a later turn of a conversation in crisis
    std::string rule;                // the detector's rule (chooses the care reply's words)
    std::string region;              // what the help lines were chosen for ("" = international)
    std::vector<HelpLine> resources;

        // {"kind": "self_harm", "follow_up": false, "region": "GB", "resources": [{"name","contact","region","note"}]}
    Json to_json() const;
};

// The deterministic reply for a crisis message: warm, says back what they
// shared in plain words, asks whether they are safe right now, gives the
// help lines. `name` is the person's name ("" when unknown).
std::string care_reply(const Safety& safety, std::string_view name);

// A reply for a later turn of the same conversation (`text` is what they
// said now): stays with them, asks again, repeats the first help line.
std::string follow_up_reply(const Safety& safety, std::string_view text);

// "If you need someone right now: Samaritans 116 123 (free, 24/7), ..."
// (appended to a model's reply so the help lines are always shown).
std::string resources_text(const Safety& safety);

// One line for the model's context block: the person may be in crisis and
// how to respond. Empty for CrisisKind::None.
std::string crisis_guidance(CrisisKind kind, bool follow_up);

}  // namespace os1::companion
