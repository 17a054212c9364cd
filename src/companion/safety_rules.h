// Internal to the crisis detector: how a rule is written (see
// safety_detect.cpp for how rules are checked), the rule tables by kind
// (safety_rules_self.cpp, safety_rules_others.cpp) and the word lists they
// share (safety_words.cpp). Not a public API.
#pragma once

#include <span>
#include <utility>

#include "companion/safety.h"
#include "companion/safety_match.h"

namespace os1::companion::safety {


// NO_NEG: the pattern holds its own negation; SELF: about the speaker (or
// nobody named); ME: the speaker must be named ("I", "me"), so "my battery
// is about to die" is not; JOKE: not when the message laughs.
// MINE: SELF, and the clause names the speaker somewhere ("my thoughts
// keep going to suicide"), so "suicide is a public health issue" is not.
// WHOLE: checked once on the whole message (its clauses joined, commas
// dropped) instead of clause by clause, for cues that a full stop splits
// ("goodbye everyone. i'm sorry for everything").
enum Flags : unsigned { NONE = 0, NO_NEG = 1, SELF = 2, JOKE = 4, ME = 8, MINE = 16, WHOLE = 32 };

struct Rule {
    CrisisKind kind;
    const char* name;
    const char* pattern;
    const char* unless_after = "";  // phrases that must not follow the match
    unsigned flags = NONE;
    const char* unless_in = "";     // phrases that, anywhere in the clause, give another reason
};

constexpr CrisisKind S = CrisisKind::SelfHarm, D = CrisisKind::Danger, M = CrisisKind::Medical;

// The rules, by kind (patterns in the syntax of safety_match.h).
std::span<const Rule> self_harm_rules();
std::span<const Rule> danger_and_medical_rules();
// The compositional layer (safety_compose.cpp): cue classes combined.
std::span<const Rule> compose_rules();

// A PAIR rule (safety_frames.cpp): two cue classes (word sets, by name)
// that must both be in the message's read clauses, each outside a
// negation, in any order and however far apart, with no `unless_in`
// phrase anywhere in the message (and JOKE: no laughter; SELF: each in a
// clause about the speaker).
struct PairRule {
    CrisisKind kind;
    const char* name;
    const char* first;   // a word set's name
    const char* second;  // another's
    const char* unless_in = "";
    unsigned flags = NONE;
};
// Frames of indirect self-harm (safety_frames.cpp): lethality questions
// as clause rules; affairs in order, farewells and a means held ready as
// PAIR rules; their cue classes (built after cue_set_table()).
std::span<const Rule> frame_rules();
// Acute signs in someone (medical), intruders and weapons out (danger).
std::span<const Rule> acute_rules();
std::span<const PairRule> pair_rules();
std::span<const std::pair<const char*, const char*>> frame_set_table();
// More frames (safety_frames_more.cpp): joining the dead, going where things
// are not needed, nobody left to worry, removing oneself, a day chosen, a
// place dwelt on, hurting on purpose, worth more gone; their cue classes
// (built after frame_set_table()).
std::span<const Rule> more_frame_rules();
// More phrase rules (safety_rules_more.cpp): plain ways of wanting out,
// hurting as a habit, danger in progress, medical emergencies in lay words.
std::span<const Rule> more_rules();
std::span<const PairRule> more_pair_rules();
std::span<const std::pair<const char*, const char*>> more_frame_set_table();

// Named word sets ("rel" -> "husband|wife|..."), in an order where a set
// used inside another ("my @rel") comes first.
std::span<const std::pair<const char*, const char*>> word_set_table();
// The cue classes of the compositional layer (built after word_set_table()).
std::span<const std::pair<const char*, const char*>> cue_set_table();

// Clause-level lists ("phrase|phrase"): what each is for is said where it
// is written (safety_words.cpp).
extern const char* const FICTION;
extern const char* const FICTION_WEAK;
extern const char* const TOPIC;
extern const char* const RECOVERED;
extern const char* const RELAPSE;
extern const char* const DENIAL;
extern const char* const NOW_CONTRAST;
extern const char* const BETTER_NOW;
extern const char* const PAST_ALL;
extern const char* const PAST_MEDICAL;
extern const char* const DOUBT;
extern const char* const LAUGH;
extern const char* const SERIOUS;
extern const char* const OTHERS;
extern const char* const FIRST_PERSON;
// Everyday business (commute, exams, trips, "for a bit"...): the
// compositional layer's context blocker, also the learned layer's.
extern const char* const EVERYDAY_CONTEXT;

// What the detector sets aside before reading a message (safety_aside.cpp),
// shared by the rules (safety_detect.cpp) and the learned layer
// (safety_features.cpp) so both read the same words:
//  - a clause about fiction, news, games or research (FICTION: "in the film
//    the hero jumps"), or about the past (PAST_ALL: "years ago");
//  - words that are often fiction or a topic but also an ordinary place or
//    thing (FICTION_WEAK: "class", "books", "the news", "nurse") set a
//    clause aside only when the speaker does not say "I"/"me" in it or it
//    names a topic (TOPIC: "we learned about", "essay on"): "i carved words
//    into my arm in maths class" is read, "we talked about self harm in
//    class" is not;
//  - a message that tells a recovery ("four years free from self harm",
//    "therapy really helped") and says nothing of it coming back (RELAPSE:
//    "again", "tonight", "urges"): no self-harm reading;
//  - a message that denies it (DENIAL: "I'm not suicidal", "I would never
//    kill myself"): the learned layer gives it no self-harm reading (the
//    rules read negation themselves).
class SetAside {
public:
    explicit SetAside(const WordSets& sets);
    // The part of `clause` to read: empty when all of it is set aside.
    Clause read(const Clause& clause) const;
    // A recovery told, and nothing said of it coming back.
    bool recovered(const std::vector<Clause>& clauses) const;
    // The message denies thoughts of self-harm.
    bool denied(const std::vector<Clause>& clauses) const;
    // "" when every list compiles, else the first problem.
    std::string error() const;

private:
    Pattern m_fiction, m_weak, m_topic, m_past, m_recovered, m_relapse, m_denial, m_now, m_better;
};

// Breathlessness that is a figure of speech or a stuffy nose, not an emergency.
#define BREATHE_IDIOMS \
    "through my nose|through his nose|through her nose|underwater|under water|in this heat|in here|with this mask|" \
    "in this mask|in this humidity|without my|for laughing|from laughing|laughing|with excitement|for excitement|" \
    "through it|in this traffic|in this office|in this meeting|without coffee|without you|without my phone|" \
    "without him|without her|without music|in these jeans|in this dress|in this outfit|in this suit|in the heat|" \
    "in this weather|in london|in the city|with all this pollen|because of the smoke from|at altitude"

// Threats that are about money, law or school, not violence.
#define THREAT_IDIOMS \
    "with eviction|with legal action|with a lawsuit|with court|with detention|with the police|with a bad review|" \
    "to sue|with a fine|with a ticket|with a parking ticket|with a bill|with a late fee|with exclusion|with expulsion"

// Everyday annoyances: "I can't take this anymore, my neighbours are so
// loud" is a complaint, not a crisis (for the rules people also use to vent).
#define MUNDANE \
    "neighbours|neighbors|noise|loud|traffic|weather|heat|rain|snow|homework|commute|meeting|meetings|printer|" \
    "wifi|internet|queue|diet|this song|exam|exams|assignment|deadline|essay|spreadsheet|emails|inbox|boss|" \
    "coworker|colleague|roommate|flatmate|dishes|laundry|chores|customers|this game|this level|mondays|monday|" \
    "lol|haha|admin|paperwork|taxes|bus|train is late|delays|construction|drilling|barking|this class|lecture|" \
    "revision|tiktok|twitter|instagram|my phone|this phone|this laptop|this computer"

// Being out of breath for ordinary reasons.
#define BREATHE_CONTEXT \
    "full|ate too much|eaten too much|stuffed|food coma|funny|hilarious|nose|a cold|the flu|congested|blocked|stuffy|" \
    "hay fever|pollen|mask|corset|jeans|dress|humid|humidity|sauna|gym|workout|stairs|climbing|hike|hiking|cute|" \
    "gorgeous|beautiful|excited|excitement|the view|stunning|smell|stinks|perfume|smoke from the bbq|this room|" \
    "so good|amazing|in love|your text|this song|the ending|plot twist"

// Things people want over with that are not their life.
#define ENDURANCE \
    "flight|journey|shift|semester|term|lecture|wait|drive|trip|day|week|month|match|movie|film|class|meeting|" \
    "weekend|exam|season|game|song|party|holiday|year|winter|rain|heat|pandemic|lockdown|election|surgery|" \
    "appointment|call|interview|hangover|cold|flu|period|cramps|headache|migraine|toothache|tooth|work"

// Talk about suicide as a subject, not about oneself.
#define GENERAL_TALK \
    "public health|issue|issues|epidemic|stigma|society|topic|debate|policy|teenagers|youth|veterans|men's health|" \
    "rates|statistics|crisis line|hotline|helpline|awareness|prevention|leading cause|cause of death|among|why do people"

// What people are busy with, go to or get through: a clause that names
// one of these is about that, not about their life ("I can't face another
// day of this commute", "I won't be around next week, I'm camping").
#define EVERYDAY                                                                                                  \
    MUNDANE "|" ENDURANCE                                                                                         \
    "|holiday|vacation|camping|travelling|traveling|abroad|visiting|signal|conference|business trip|the office|" \
    "gym|team|group project|project|party|puzzle|politics|show|book|job|school|uni|college|course|diet|cooking|" \
    "cleaning|the kitchen|my hair|haircut|makeup|instagram|social media|group chat|this app|the app|the bus|" \
    "the train home|netflix|spoilers|the ending|the season|this season|the series|for a bit|for a while|"        \
    "for an hour|for a few|for the weekend|this weekend|spa day|a nap|naps|after work|till friday|until friday|" \
    "heading out|clocking off|leaving at|leave at|finish at|off at|home at|my shift|shift ends|dentist"

// EVERYDAY without the bare units of time ("day", "week", "month", "year",
// "tonight"), for frames whose time words are what they are about ("won't
// need it after this week").
#define EVERYDAY_NO_TIME                                                                                          \
    MUNDANE "|flight|journey|shift|semester|term|lecture|wait|drive|trip|class|meeting|weekend|exam|season|game|" \
    "party|holiday|surgery|appointment|interview|hangover|cold|flu|work|vacation|camping|travelling|traveling|"   \
    "abroad|visiting|conference|business trip|the office|gym|team|project|job|school|uni|college|course"

// ---------------------------------------------------------------------------

}  // namespace os1::companion::safety
