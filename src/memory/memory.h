// The companion's long-term memory: every message (episode) stored durably,
// facts about the person extracted deterministically with provenance and a
// validity range, one ranked recall over facts, episodes, summaries and
// profile entries, reflection that consolidates old conversation, and the
// person's own controls (list, show, forget, export, import).
//
//   auto memory = TRY(Memory::open(paths));            // or open_at(db_path)
//   auto added  = TRY(memory->add_episode({.speaker = "user", .text = "My sister Amy moved to Oslo",
//                                          .time_ms = clock.wall_ms(), .session = "s1"}));
//   auto hits   = TRY(memory->search("where does Amy live", 5));
//   for (auto& h : hits) printf("%.2f %s (from %s)\n", h.score, h.text.c_str(), h.sources[0].c_str());
//
// Durability: add_episode / add_episodes return only after the SQLite
// transaction is committed with WAL + synchronous=FULL, so an acknowledged
// message survives kill -9 (and power loss, as far as fsync is honest).
//
// Thread safety: one Memory may be used from any number of threads; every
// public method takes the object's mutex (SQLite work is serialized).
// Several processes may open the same database: writers wait up to the
// busy timeout (5 s) for each other.
//
// Errors: a database that is not SQLite, or was written by a newer os1
// (schema version above what we know), is refused at open with a message
// saying so; a full disk is reported as Error::io and the transaction rolled
// back (nothing half-written).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/paths.h"
#include "core/result.h"

namespace os1::memory {

// How the person felt while writing a message (from the affect module).
struct Affect {
    double valence = 0;            // -1 (unpleasant) .. +1 (pleasant)
    double arousal = 0;            //  0 (calm) .. 1 (excited)
    std::string dominant;          // "joy", "sadness", ... ("" when unknown)
    std::string probabilities;     // JSON object {"joy":0.7,...} as text ("" when none)
};

// One message as given to memory.
struct Episode {
    std::string speaker;           // "user", "os1", or a name ("Caroline")
    std::string text;
    int64_t time_ms = 0;           // when it was said (Unix ms, UTC)
    std::string session;           // conversation / session id ("" allowed)
    std::string external_id;       // caller's id (unique when given; "" = none)
    std::optional<Affect> affect;
    // false: the message is stored but only neutral facts (who, where,
    // work, name) are learned from it. The companion sets this when crisis
    // care fires, so "you want to die" never becomes a remembered plan.
    bool learn = true;
};

// A stored message.
struct StoredEpisode {
    int64_t id = 0;
    Episode episode;
};

// Where a fact came from (Fact::origin): the extractor reading messages, or
// the person correcting one (Memory::correct_fact).
inline constexpr const char* FACT_FROM_RULES = "rules";
inline constexpr const char* FACT_FROM_PERSON = "person";

enum class FactKind { Relation, Like, Dislike, Fear, Hope, Plan, Place, Job, Event, Health, Routine, Identity };
std::string_view fact_kind_name(FactKind kind);

// Something memory believes about a person. A fact is current while
// valid_to_ms == 0; a contradicting later statement closes it (valid_to_ms,
// superseded_by) and opens the new one — history is kept, never deleted
// except by forget().
struct Fact {
    int64_t id = 0;
    FactKind kind = FactKind::Like;
    std::string subject;           // whom it is about (the speaker: "user", "Caroline")
    std::string key;               // slot: "sister", "lives_in", "likes:hiking" (same key = same question)
    std::string value;             // "Amy", "Oslo", "yes"/"no" for preferences
    std::string text;              // readable sentence: "user's sister is Amy"
    int64_t event_time_ms = 0;     // when the event happens/happened (Event, Plan), 0 when unknown
    double confidence = 0.0;       // 0..1
    double importance = 0.0;       // 0..1
    double emotional_weight = 0.0; // 0..1
    int64_t valid_from_ms = 0;
    int64_t valid_to_ms = 0;       // 0 = still current
    int64_t superseded_by = 0;     // fact id that replaced this one (0 = none)
    std::vector<std::string> sources;  // message ids it came from (external ids when present)
    std::string origin = FACT_FROM_RULES;  // FACT_FROM_RULES: drawn from messages; FACT_FROM_PERSON: corrected by the person
};

// The longest corrected fact: a few sentences (facts are one).
inline constexpr size_t MAX_FACT_TEXT_BYTES = 2000;

// A fact as the person corrected it ("that's not right: my sister is
// Rachel Green"); Memory::correct_fact.
struct FactCorrection {
    std::string text;     // the fact in the person's words, shown as it is
    int64_t time_ms = 0;  // when it was corrected (0 = now)
};

// What correct_fact() did: the version it closed and the one that replaced it.
struct Corrected {
    Fact before;
    Fact after;
};

// What add_episode did.
struct AddResult {
    int64_t id = 0;                    // the episode's internal id
    std::vector<Fact> facts;           // facts extracted from it (already stored)
    std::vector<int64_t> superseded;   // ids of facts it closed
};

enum class HitKind { Fact, Episode, Summary, Profile };
std::string_view hit_kind_name(HitKind kind);

struct Hit {
    HitKind kind = HitKind::Episode;
    int64_t id = 0;                    // id within its kind (fact id, episode id, summary id)
    std::string text;
    std::string speaker;               // episodes only
    std::string session;
    double score = 0;                  // higher is better; only comparable within one search
    int64_t time_ms = 0;               // when said / when the fact became valid
    std::vector<std::string> sources;  // message ids (external id if present, else "e<id>")
};

struct SearchOptions {
    int64_t now_ms = 0;                // reference for "last week", recency (0 = the clock's now)
    bool facts = true;
    bool episodes = true;
    bool summaries = true;             // summaries and profile entries
    bool history = false;              // include superseded facts
    std::string session;               // restrict to one session ("" = all)
};

// A summary or profile entry written by reflect().
struct Note {
    int64_t id = 0;
    HitKind kind = HitKind::Summary;   // Summary or Profile
    std::string scope;                 // "session:<id>", "day:2023-05-08", "profile:<subject>:<topic>"
    std::string text;
    int64_t time_ms = 0;
    std::vector<std::string> sources;
};

struct ReflectResult {
    int summaries = 0;                 // written or refreshed
    int profile_entries = 0;
};

struct MoodSample {
    int64_t episode_id = 0;
    int64_t time_ms = 0;
    Affect affect;
};

// What one forget() took away. `messages` holds the messages forgotten
// (the person's, or anyone's but the companion's), `replies` the
// companion's replies to them or quoting them; `facts` every fact removed
// (versions included); `notes_removed` /
// `notes_rewritten` the summaries and profile entries deleted or rebuilt
// without it. quotes() tells whether some other text (a line of readline
// history, an interview answer) repeats what went, so callers can remove
// copies kept outside memory by the same rule memory uses for replies.
struct ForgetReport {
    std::string kind;                  // what the reference named: "message", "fact", "summary", "profile"
    std::vector<StoredEpisode> messages;
    std::vector<StoredEpisode> replies;
    std::vector<Fact> facts;
    int notes_removed = 0;
    int notes_rewritten = 0;

    int64_t records() const {
        return static_cast<int64_t>(messages.size() + replies.size() + facts.size()) + notes_removed;
    }
    // True when `text` contains a forgotten fact's words (3+ words, in
    // order, case and punctuation aside), is a forgotten message, contains
    // one of its sentences (4+ words), or shares a run of min(8, its
    // length) words with it (4+ words).
    bool quotes(std::string_view text) const;
};

struct ImportReport {
    int64_t imported = 0;
    int64_t skipped = 0;                  // lines not imported
    int64_t duplicates = 0;               // ids already present (skipped, counted here too)
    std::vector<std::string> problems;    // "line 12: time 'soon' is not a date (...)"
};

// How a message reads emotionally, from its text (the caller's classifier:
// memory does not depend on the affect module); nullopt = no reading.
using AffectAnnotator = std::function<std::optional<Affect>(const std::string& text)>;

// Optional embedding backend (vector similarity). Never required.
class Embedder {
public:
    virtual ~Embedder() = default;
    virtual Result<std::vector<float>> embed(const std::string& text) = 0;
};

// Optional extra extractor (a capable brain). Its facts are added to the
// deterministic extractor's; failures are ignored (logged).
using ExtraExtractor = std::function<std::vector<Fact>(const StoredEpisode&)>;

struct MemoryOptions {
    bool extract = true;               // run the deterministic extractor on add
    // Speakers whose words are the companion's own (not facts about the person).
    std::vector<std::string> assistant_speakers = {"os1", "assistant", "companion", "system"};
    // Caps the database at this many pages (0 = no cap). A test seam that
    // makes "the disk is full" happen on purpose.
    int64_t max_page_count = 0;
    // Whose memory this is. Every row read or written carries this owner and
    // no query sees another's, so many people can share one database (a
    // server's data folder). The one person of a machine is "local"; an id
    // is checked at open (check_owner).
    std::string owner = "local";
};

// An owner id is non-empty, at most 128 bytes of valid UTF-8, with no
// control characters and no leading or trailing space (Error::invalid
// saying which).
Result<void> check_owner(std::string_view owner);

class Memory {
public:
    // Opens (creating when absent) the database at paths.database.
    static Result<std::unique_ptr<Memory>> open(const Paths& paths, MemoryOptions options = {});
    static Result<std::unique_ptr<Memory>> open_at(const std::filesystem::path& database, MemoryOptions options = {});
    ~Memory();
    Memory(const Memory&) = delete;
    Memory& operator=(const Memory&) = delete;

    // Stores the message (durable on return), extracts facts from it.
    Result<AddResult> add_episode(const Episode& episode);
    // Many messages in one transaction (import); durable on return. Stops at
    // the first error, rolling back only that batch.
    Result<std::vector<AddResult>> add_episodes(const std::vector<Episode>& episodes);

    // Ranked recall over facts, episodes, summaries and profile entries.
    Result<std::vector<Hit>> search(const std::string& query, int k, const SearchOptions& options = {});

    // The last n messages of a session (all sessions when empty), oldest first.
    Result<std::vector<StoredEpisode>> recent_episodes(const std::string& session, int n);
    Result<std::optional<StoredEpisode>> episode(int64_t id);
    Result<std::optional<StoredEpisode>> episode_by_external_id(const std::string& external_id);
    Result<int64_t> episode_count();
    // Facts: current only, or current and superseded (history).
    Result<std::vector<Fact>> facts(bool include_history = false);
    // Corrects a current fact: a new version of it (same kind, subject and
    // slot; the person's text; origin FACT_FROM_PERSON; confidence 1; no
    // source message: the person said it to memory directly) becomes
    // current, and the old one is closed (valid_to, superseded_by) and stays
    // in history with its sources. The value is the part of the text that
    // differs when the old text showed its value ("Your sister is Amy" ->
    // "Your sister is Amelia": "Amelia"), else the old value. A profile
    // entry listing the old version is rebuilt. Errors: not_found (no such
    // fact of this owner), invalid (an older version: the message names the
    // current one; empty text; the same text as now), out_of_range (text
    // over MAX_FACT_TEXT_BYTES).
    Result<Corrected> correct_fact(int64_t fact_id, const FactCorrection& correction);
    // Every version of a fact (those it replaced and those that replaced
    // it), oldest first; not_found when there is no such fact.
    Result<std::vector<Fact>> fact_versions(int64_t fact_id);
    // Profile entries ("what I know about you"), written by reflect().
    Result<std::vector<Note>> profile();
    Result<std::vector<Note>> summaries();

    // Consolidation: per-session and per-day summaries for conversation not
    // yet summarized, and profile entries from current facts. Idempotent.
    Result<ReflectResult> reflect();

    // Forgets a record by reference: "f12" (fact), "e34" (message), "s5"
    // (summary/profile entry), or a message's external id — any id that
    // search and list show. Forgetting is meant to be final:
    //  - a message takes the facts only it supports (an older version they
    //    replaced becomes current again);
    //  - a fact takes its whole version chain and the messages that stated
    //    it (else its words could still be recalled and quoted);
    //  - a summary takes the conversation it sums up (else reflection would
    //    write it again); a profile entry takes the facts it lists;
    //  - then the companion's replies to a forgotten message (the ones right
    //    after it in its session) and its replies anywhere that quote any
    //    of it (ForgetReport::quotes); summaries/profile entries citing it
    //    are rebuilt without it (or removed when nothing is left).
    // The FTS indexes are merged, freed pages overwritten (secure_delete)
    // and the WAL truncated, so the words leave the files. Ids are never
    // reused: a stale id is Error::not_found, never another memory.
    Result<ForgetReport> forget(const std::string& ref);

    // Forgets everything this owner has (every message, fact, summary and
    // profile entry; other owners' rows stay), with the same care as
    // forget(): FTS merged, freed pages overwritten, WAL truncated. The
    // counts of what went, as a report with kind "everything" (its lists
    // are empty; records() counts nothing).
    struct Erased {
        int64_t messages = 0, facts = 0, notes = 0;
    };
    Result<Erased> forget_everything();

    // Everything as one JSON document (episodes, facts with history,
    // summaries, profile).
    Result<std::string> export_json();
    // Lines of {"id","speaker","text","time","session"[,"affect"]}; a bad
    // line (not JSON, nested deeper than 64, longer than 1 MiB, a field of
    // the wrong type, a bad time) is reported in the ImportReport with its
    // line number and skipped, the others imported. Memory stays bounded
    // whatever the file holds. `on_committed` (optional) is called with the
    // ids of each batch after its commit (the CLI prints them: acknowledged
    // = durable). `annotate` (optional) gives the person's messages that
    // carry no "affect" one, so imports reach the mood timeline.
    Result<ImportReport> import_jsonl(const std::filesystem::path& file,
                                      const std::function<void(const std::vector<std::string>&)>& on_committed = {},
                                      const AffectAnnotator& annotate = {});

    Result<std::vector<MoodSample>> mood_samples(int64_t since_ms);

    void set_embedder(std::shared_ptr<Embedder> embedder);
    void set_extra_extractor(ExtraExtractor extractor);

    struct Impl;

private:
    explicit Memory(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

// Parses a message time: ISO-8601 ("2023-05-08T13:56:00Z", "2023-05-08"),
// LoCoMo style ("1:56 pm on 8 May, 2023"), "8 May 2023", "May 8, 2023",
// or relative words ("yesterday", "3 days ago") against reference_ms.
// Times without a zone are taken as UTC.
Result<int64_t> parse_time(std::string_view text, int64_t reference_ms);

}  // namespace os1::memory
