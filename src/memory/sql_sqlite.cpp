// Memory's statements in SQLite's dialect (sql.h). FTS5 tables share their
// rowid with their content rows, so an owner's FTS rows are reached through
// the content table (owner column) that has the same id.
#include "memory/sql.h"

// The columns read_episode() and read_fact() read, in their order.
#define EPISODE_COLUMNS "id, external_id, speaker, text, time_ms, session, valence, arousal, emotion, emotion_probs"
#define FACT_COLUMNS                                                                                            \
    "id, kind, subject, key, value, text, event_time_ms, confidence, importance, emotional_weight, valid_from_ms, " \
    "valid_to_ms, superseded_by, origin"

namespace os1::memory::sql {

// ---- Storing and reading messages, facts and notes (memory.cpp) ----
const char SPEAKERS[] =
    "SELECT DISTINCT speaker FROM episodes WHERE owner=:owner";
const char FACTS_IN_SLOT[] =
    "SELECT id, value FROM facts WHERE subject=? AND key=? AND valid_to_ms=0 AND owner=:owner";
const char FACT_RESTATED[] =
    "UPDATE facts SET confidence=min(1.0, confidence+0.1) WHERE id=? AND owner=:owner";
const char FACT_INSERT[] =
    "INSERT INTO facts(kind, subject, key, value, text, event_time_ms, confidence, importance, emotional_weight,"
    " valid_from_ms, origin, owner) VALUES(?,?,?,?,?,?,?,?,?,?,?,:owner)";
const char FACT_INDEX[] =
    "INSERT INTO facts_fts(rowid, terms) SELECT id, ? FROM facts WHERE id=? AND owner=:owner";
const char FACT_CLOSE[] =
    "UPDATE facts SET valid_to_ms=?, superseded_by=? WHERE id=? AND owner=:owner";
const char EPISODE_INSERT[] =
    "INSERT INTO episodes(external_id, speaker, text, time_ms, session, importance, emotional_weight, has_time,"
    " valence, arousal, emotion, emotion_probs, created_ms, owner) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,:owner)";
const char EPISODE_INDEX[] =
    "INSERT INTO episodes_fts(rowid, terms) SELECT id, ? FROM episodes WHERE id=? AND owner=:owner";
const char EMBEDDING_INSERT[] =
    "INSERT INTO embeddings(episode_id, vector, owner) VALUES(?,?,:owner)";
const char EPISODE_BY_ID[] =
    "SELECT " EPISODE_COLUMNS " FROM episodes WHERE id=? AND owner=:owner";
const char EPISODE_BY_EXTERNAL_ID[] =
    "SELECT " EPISODE_COLUMNS " FROM episodes WHERE external_id=? AND owner=:owner";
const char EPISODE_COUNT[] =
    "SELECT count(*) FROM episodes WHERE owner=:owner";
const char FACT_SOURCE_REFS[] =
    "SELECT e.id, e.external_id FROM fact_sources s JOIN episodes e ON e.id = s.episode_id WHERE s.fact_id=? AND e.owner=:owner"
    " ORDER BY e.id";
const char NOTE_SOURCE_REFS[] =
    "SELECT e.id, e.external_id FROM note_sources s JOIN episodes e ON e.id = s.episode_id WHERE s.note_id=? AND e.owner=:owner"
    " ORDER BY e.id";
const char NOTES_OF_KIND[] =
    "SELECT id, kind, scope, text, time_ms FROM notes WHERE kind=? AND owner=:owner ORDER BY scope";
const char MOOD_SINCE[] =
    "SELECT id, time_ms, valence, arousal, emotion, emotion_probs FROM episodes"
    " WHERE time_ms >= ? AND valence IS NOT NULL AND owner=:owner ORDER BY time_ms, id";

// ---- Forgetting (forget.cpp) ----
const char EPISODE_ID_BY_EXTERNAL_ID[] =
    "SELECT id FROM episodes WHERE external_id=? AND owner=:owner";
const char NOTE_KIND[] =
    "SELECT kind FROM notes WHERE id=? AND owner=:owner";
const char FACT_BY_ID[] =
    "SELECT id, kind, subject, key, value, text, event_time_ms, confidence, importance,"
    " emotional_weight, valid_from_ms, valid_to_ms, superseded_by, origin FROM facts WHERE id=? AND owner=:owner";
const char EPISODE_BRIEF_BY_ID[] =
    "SELECT id, external_id, speaker, text, time_ms, session FROM episodes WHERE id=? AND owner=:owner";
const char REPLIES_AFTER[] =
    "SELECT id, external_id, speaker, text, time_ms, session FROM episodes"
    " WHERE id > ?1 AND owner=:owner AND session = (SELECT session FROM episodes WHERE id = ?1 AND owner=:owner)"
    " ORDER BY id LIMIT 8";
const char EPISODES_BRIEF[] =
    "SELECT id, external_id, speaker, text, time_ms, session FROM episodes WHERE owner=:owner";
const char NOTES_TEXT[] =
    "SELECT n.id, n.scope, n.text FROM notes n WHERE n.owner=:owner";
const char NOTE_CITES_EPISODE[] =
    "SELECT 1 FROM note_sources l JOIN notes n ON n.id=l.note_id WHERE l.note_id=? AND l.episode_id=? AND n.owner=:owner";
const char NOTE_CITES_FACT[] =
    "SELECT 1 FROM note_facts l JOIN notes n ON n.id=l.note_id WHERE l.note_id=? AND l.fact_id=? AND n.owner=:owner";
const char NOTE_COUNT[] =
    "SELECT count(*) FROM notes WHERE owner=:owner";
const char FACTS_REOPEN[] =
    "UPDATE facts SET valid_to_ms=0, superseded_by=0 WHERE superseded_by=? AND owner=:owner";
const char FACT_VERSIONS[] =
    "SELECT id FROM facts WHERE superseded_by=?1"
    " AND owner=:owner UNION SELECT superseded_by FROM facts WHERE id=?1 AND superseded_by<>0 AND owner=:owner";
const char FACT_EXISTS[] =
    "SELECT id FROM facts WHERE id=? AND owner=:owner";
const char NOTE_FACT_IDS[] =
    "SELECT l.fact_id FROM note_facts l JOIN notes n ON n.id=l.note_id WHERE l.note_id=? AND n.owner=:owner";
const char NOTE_EPISODE_IDS[] =
    "SELECT l.episode_id FROM note_sources l JOIN notes n ON n.id=l.note_id WHERE l.note_id=? AND n.owner=:owner";
const char EPISODE_EXISTS[] =
    "SELECT id FROM episodes WHERE id=? AND owner=:owner";
const char FACTS_OF_EPISODE[] =
    "SELECT l.fact_id FROM fact_sources l JOIN episodes e ON e.id=l.episode_id WHERE l.episode_id=? AND e.owner=:owner";

// ---- Reflection: summaries and profile entries (reflect.cpp) ----
const char NOTE_BY_SCOPE[] =
    "SELECT id, text, (SELECT count(*) FROM note_sources WHERE note_id=notes.id) FROM notes"
    " WHERE scope=? AND owner=:owner";
const char NOTE_INSERT[] =
    "INSERT INTO notes(kind, scope, text, time_ms, updated_ms, owner) VALUES(?,?,?,?,?,:owner)";
const char NOTE_INDEX[] =
    "INSERT INTO notes_fts(rowid, terms) SELECT id, ? FROM notes WHERE id=? AND owner=:owner";
const char LINK_NOTE_EPISODE[] =
    "INSERT OR IGNORE INTO note_sources(note_id, episode_id) SELECT n.id, e.id FROM notes n, episodes e"
    " WHERE n.id=? AND e.id=? AND n.owner=:owner AND e.owner=:owner";
const char LINK_NOTE_FACT[] =
    "INSERT OR IGNORE INTO note_facts(note_id, fact_id) SELECT n.id, f.id FROM notes n, facts f"
    " WHERE n.id=? AND f.id=? AND n.owner=:owner AND f.owner=:owner";
const char NOTE_UNINDEX[] =
    "DELETE FROM notes_fts WHERE rowid=? AND EXISTS(SELECT 1 FROM notes c WHERE c.id=notes_fts.rowid AND c.owner=:owner)";
const char NOTE_DELETE[] =
    "DELETE FROM notes WHERE id=? AND owner=:owner";
const char EPISODES_FOR_SUMMARY[] =
    "SELECT id, session, speaker, text, time_ms FROM episodes WHERE owner=:owner ORDER BY id";
const char CURRENT_FACTS_OF_EPISODE[] =
    "SELECT DISTINCT f.id, f.text FROM facts f JOIN fact_sources s ON s.fact_id=f.id WHERE s.episode_id=? AND f.valid_to_ms=0"
    " AND f.owner=:owner";
const char CURRENT_FACTS_BY_IMPORTANCE[] =
    "SELECT id, subject, kind, text, valid_from_ms FROM facts WHERE valid_to_ms=0 AND owner=:owner"
    " ORDER BY importance DESC, id";
const char EPISODES_OF_FACT[] =
    "SELECT l.episode_id FROM fact_sources l JOIN facts f ON f.id=l.fact_id WHERE l.fact_id=? AND f.owner=:owner";
const char NOTE_SCOPES[] =
    "SELECT id, scope, kind FROM notes WHERE owner=:owner";

// ---- Export and import (io.cpp) ----
const char EXPORT_EPISODES[] =
    "SELECT id, external_id, speaker, text, time_ms, session, valence, arousal, emotion, emotion_probs,"
    " importance, emotional_weight FROM episodes WHERE owner=:owner ORDER BY id";
const char EXPORT_FACTS[] =
    "SELECT id, kind, subject, key, value, text, event_time_ms, confidence, importance, emotional_weight,"
    " valid_from_ms, valid_to_ms, superseded_by, origin FROM facts WHERE owner=:owner ORDER BY id";
const char EXPORT_NOTES[] =
    "SELECT id, kind, scope, text, time_ms FROM notes WHERE owner=:owner ORDER BY id";
const char EXTERNAL_ID_TAKEN[] =
    "SELECT 1 FROM episodes WHERE external_id=? AND owner=:owner";

// ---- Storing and reading messages, facts and notes (memory.cpp) ----
const char LINK_FACT_SOURCE[] =
    "INSERT OR IGNORE INTO fact_sources(fact_id, episode_id) SELECT f.id, e.id FROM facts f, episodes e"
    " WHERE f.id=? AND e.id=? AND f.owner=:owner AND e.owner=:owner";
const char EPISODES_RECENT[] =
    "SELECT " EPISODE_COLUMNS " FROM episodes WHERE owner=:owner ORDER BY id DESC LIMIT ?";
const char EPISODES_RECENT_IN_SESSION[] =
    "SELECT " EPISODE_COLUMNS " FROM episodes WHERE session=? AND owner=:owner ORDER BY id DESC LIMIT ?";
const char FACTS_WITH_HISTORY[] =
    "SELECT " FACT_COLUMNS " FROM facts WHERE owner=:owner ORDER BY id";
const char FACTS_CURRENT[] =
    "SELECT " FACT_COLUMNS " FROM facts WHERE valid_to_ms=0 AND owner=:owner ORDER BY id";

// ---- Forgetting (forget.cpp) ----
const char FACT_UNINDEX[] =
    "DELETE FROM facts_fts WHERE rowid=? AND EXISTS(SELECT 1 FROM facts c WHERE c.id=facts_fts.rowid AND c.owner=:owner)";
const char FACT_DELETE[] =
    "DELETE FROM facts WHERE id=? AND owner=:owner";
const char EPISODE_UNINDEX[] =
    "DELETE FROM episodes_fts WHERE rowid=? AND EXISTS(SELECT 1 FROM episodes c WHERE c.id=episodes_fts.rowid AND c.owner=:owner)";
const char EPISODE_DELETE[] =
    "DELETE FROM episodes WHERE id=? AND owner=:owner";
// Merges the FTS indexes, so deleted terms leave their segments (run on
// the connection: it touches every owner's index, and no row's content).
const char FTS_OPTIMIZE[] =
    "INSERT INTO episodes_fts(episodes_fts) VALUES('optimize');"
    "INSERT INTO facts_fts(facts_fts) VALUES('optimize');"
    "INSERT INTO notes_fts(notes_fts) VALUES('optimize');";

// ---- Recall (recall.cpp, recall_terms.cpp, recall_time.cpp) ----
// Planning statistics over the whole store, on the raw connection: how
// many messages hold a word, and how many rowids there are. They decide
// only which words are worth searching (never shown to anyone), so they
// are the two statements that name no owner.
const char TERM_DOC_COUNT[] =
    "SELECT doc FROM episodes_vocab WHERE term=?";
const char EPISODE_ROWS[] =
    "SELECT max(rowid) FROM episodes";
const char EPISODE_TEXT[] =
    "SELECT text FROM episodes WHERE id=? AND owner=:owner";
// ?1 from, ?2 to, :owner (3), ?4 how many.
const char EPISODES_IN_PERIOD[] =
    "SELECT id FROM episodes WHERE time_ms >= ? AND time_ms < ? AND owner=:owner ORDER BY time_ms DESC LIMIT ?";
const char EPISODE_CANDIDATE[] =
    "SELECT external_id, speaker, text, session, time_ms, importance, emotional_weight FROM episodes WHERE id=? AND owner=:owner";
const char FACT_CANDIDATE[] =
    "SELECT text, valid_from_ms, valid_to_ms, importance, emotional_weight, confidence, subject, event_time_ms"
    " FROM facts WHERE id=? AND owner=:owner";
const char NOTE_CANDIDATE[] =
    "SELECT kind, text, time_ms FROM notes WHERE id=? AND owner=:owner";
const char EPISODE_TIME_RANGE[] =
    "SELECT min(time_ms), max(time_ms) FROM episodes WHERE owner=:owner";
const char EPISODE_IN_PERIOD_EXISTS[] =
    "SELECT 1 FROM episodes WHERE time_ms >= ? AND time_ms < ? AND owner=:owner LIMIT 1";
// Full-text matches (?1 the FTS5 query, :owner (2), ?3 how many), best
// first by bm25 or newest first. An FTS row shares its rowid with its
// content row, which carries the owner.
#define FTS_MATCH(fts, content, order)                                                                  \
    "SELECT " fts ".rowid, -bm25(" fts ") FROM " fts " JOIN " content " c ON c.id = " fts ".rowid WHERE " fts \
    " MATCH ? AND c.owner = :owner ORDER BY " order " LIMIT ?"
const char EPISODES_MATCH_BEST[] =
    FTS_MATCH("episodes_fts", "episodes", "rank");
const char EPISODES_MATCH_RECENT[] =
    FTS_MATCH("episodes_fts", "episodes", "episodes_fts.rowid DESC");
const char FACTS_MATCH_BEST[] =
    FTS_MATCH("facts_fts", "facts", "rank");
const char FACTS_MATCH_RECENT[] =
    FTS_MATCH("facts_fts", "facts", "facts_fts.rowid DESC");
const char NOTES_MATCH_BEST[] =
    FTS_MATCH("notes_fts", "notes", "rank");
const char NOTES_MATCH_RECENT[] =
    FTS_MATCH("notes_fts", "notes", "notes_fts.rowid DESC");
#undef FTS_MATCH

Result<const char*> fts_match(std::string_view fts_table, bool recent_only) {
    if (fts_table == "episodes_fts") return recent_only ? EPISODES_MATCH_RECENT : EPISODES_MATCH_BEST;
    if (fts_table == "facts_fts") return recent_only ? FACTS_MATCH_RECENT : FACTS_MATCH_BEST;
    if (fts_table == "notes_fts") return recent_only ? NOTES_MATCH_RECENT : NOTES_MATCH_BEST;
    return Error::internal("no full-text table is called '", fts_table, "'");
}

namespace {

const Named ALL[] = {
    {"SPEAKERS", SPEAKERS},
    {"FACTS_IN_SLOT", FACTS_IN_SLOT},
    {"FACT_RESTATED", FACT_RESTATED},
    {"FACT_INSERT", FACT_INSERT},
    {"FACT_INDEX", FACT_INDEX},
    {"FACT_CLOSE", FACT_CLOSE},
    {"EPISODE_INSERT", EPISODE_INSERT},
    {"EPISODE_INDEX", EPISODE_INDEX},
    {"EMBEDDING_INSERT", EMBEDDING_INSERT},
    {"EPISODE_BY_ID", EPISODE_BY_ID},
    {"EPISODE_BY_EXTERNAL_ID", EPISODE_BY_EXTERNAL_ID},
    {"EPISODE_COUNT", EPISODE_COUNT},
    {"FACT_SOURCE_REFS", FACT_SOURCE_REFS},
    {"NOTE_SOURCE_REFS", NOTE_SOURCE_REFS},
    {"NOTES_OF_KIND", NOTES_OF_KIND},
    {"MOOD_SINCE", MOOD_SINCE},
    {"EPISODE_ID_BY_EXTERNAL_ID", EPISODE_ID_BY_EXTERNAL_ID},
    {"NOTE_KIND", NOTE_KIND},
    {"FACT_BY_ID", FACT_BY_ID},
    {"EPISODE_BRIEF_BY_ID", EPISODE_BRIEF_BY_ID},
    {"REPLIES_AFTER", REPLIES_AFTER},
    {"EPISODES_BRIEF", EPISODES_BRIEF},
    {"NOTES_TEXT", NOTES_TEXT},
    {"NOTE_CITES_EPISODE", NOTE_CITES_EPISODE},
    {"NOTE_CITES_FACT", NOTE_CITES_FACT},
    {"NOTE_COUNT", NOTE_COUNT},
    {"FACTS_REOPEN", FACTS_REOPEN},
    {"FACT_VERSIONS", FACT_VERSIONS},
    {"FACT_EXISTS", FACT_EXISTS},
    {"NOTE_FACT_IDS", NOTE_FACT_IDS},
    {"NOTE_EPISODE_IDS", NOTE_EPISODE_IDS},
    {"EPISODE_EXISTS", EPISODE_EXISTS},
    {"FACTS_OF_EPISODE", FACTS_OF_EPISODE},
    {"NOTE_BY_SCOPE", NOTE_BY_SCOPE},
    {"NOTE_INSERT", NOTE_INSERT},
    {"NOTE_INDEX", NOTE_INDEX},
    {"LINK_NOTE_EPISODE", LINK_NOTE_EPISODE},
    {"LINK_NOTE_FACT", LINK_NOTE_FACT},
    {"NOTE_UNINDEX", NOTE_UNINDEX},
    {"NOTE_DELETE", NOTE_DELETE},
    {"EPISODES_FOR_SUMMARY", EPISODES_FOR_SUMMARY},
    {"CURRENT_FACTS_OF_EPISODE", CURRENT_FACTS_OF_EPISODE},
    {"CURRENT_FACTS_BY_IMPORTANCE", CURRENT_FACTS_BY_IMPORTANCE},
    {"EPISODES_OF_FACT", EPISODES_OF_FACT},
    {"NOTE_SCOPES", NOTE_SCOPES},
    {"EXPORT_EPISODES", EXPORT_EPISODES},
    {"EXPORT_FACTS", EXPORT_FACTS},
    {"EXPORT_NOTES", EXPORT_NOTES},
    {"EXTERNAL_ID_TAKEN", EXTERNAL_ID_TAKEN},
    {"LINK_FACT_SOURCE", LINK_FACT_SOURCE},
    {"EPISODES_RECENT", EPISODES_RECENT},
    {"EPISODES_RECENT_IN_SESSION", EPISODES_RECENT_IN_SESSION},
    {"FACTS_WITH_HISTORY", FACTS_WITH_HISTORY},
    {"FACTS_CURRENT", FACTS_CURRENT},
    {"FACT_UNINDEX", FACT_UNINDEX},
    {"FACT_DELETE", FACT_DELETE},
    {"EPISODE_UNINDEX", EPISODE_UNINDEX},
    {"EPISODE_DELETE", EPISODE_DELETE},
    {"FTS_OPTIMIZE", FTS_OPTIMIZE},
    {"TERM_DOC_COUNT", TERM_DOC_COUNT},
    {"EPISODE_ROWS", EPISODE_ROWS},
    {"EPISODE_TEXT", EPISODE_TEXT},
    {"EPISODES_IN_PERIOD", EPISODES_IN_PERIOD},
    {"EPISODE_CANDIDATE", EPISODE_CANDIDATE},
    {"FACT_CANDIDATE", FACT_CANDIDATE},
    {"NOTE_CANDIDATE", NOTE_CANDIDATE},
    {"EPISODE_TIME_RANGE", EPISODE_TIME_RANGE},
    {"EPISODE_IN_PERIOD_EXISTS", EPISODE_IN_PERIOD_EXISTS},
    {"EPISODES_MATCH_BEST", EPISODES_MATCH_BEST},
    {"EPISODES_MATCH_RECENT", EPISODES_MATCH_RECENT},
    {"FACTS_MATCH_BEST", FACTS_MATCH_BEST},
    {"FACTS_MATCH_RECENT", FACTS_MATCH_RECENT},
    {"NOTES_MATCH_BEST", NOTES_MATCH_BEST},
    {"NOTES_MATCH_RECENT", NOTES_MATCH_RECENT},
};

}  // namespace

std::span<const Named> all() { return ALL; }

}  // namespace os1::memory::sql
