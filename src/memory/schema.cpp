// The memory schema. Append a new Migration for every change; never edit a
// released one (databases in the field are at that version already).
#include "memory/impl.h"

namespace os1::memory {

namespace {

const store::Migration MIGRATIONS[] = {
    {1, R"sql(
CREATE TABLE episodes(
    id INTEGER PRIMARY KEY,
    external_id TEXT UNIQUE,
    speaker TEXT NOT NULL,
    text TEXT NOT NULL,
    time_ms INTEGER NOT NULL,
    session TEXT NOT NULL DEFAULT '',
    importance REAL NOT NULL DEFAULT 0,
    emotional_weight REAL NOT NULL DEFAULT 0,
    has_time INTEGER NOT NULL DEFAULT 0,
    valence REAL, arousal REAL, emotion TEXT, emotion_probs TEXT,
    created_ms INTEGER NOT NULL);
CREATE INDEX episodes_session ON episodes(session, id);
CREATE INDEX episodes_time ON episodes(time_ms);
CREATE VIRTUAL TABLE episodes_fts USING fts5(terms, tokenize = 'unicode61');

CREATE TABLE facts(
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    text TEXT NOT NULL,
    event_time_ms INTEGER NOT NULL DEFAULT 0,
    confidence REAL NOT NULL,
    importance REAL NOT NULL,
    emotional_weight REAL NOT NULL,
    valid_from_ms INTEGER NOT NULL,
    valid_to_ms INTEGER NOT NULL DEFAULT 0,
    superseded_by INTEGER NOT NULL DEFAULT 0,
    origin TEXT NOT NULL DEFAULT 'rules');
CREATE INDEX facts_slot ON facts(subject, key, valid_to_ms);
CREATE TABLE fact_sources(
    fact_id INTEGER NOT NULL REFERENCES facts(id) ON DELETE CASCADE,
    episode_id INTEGER NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
    PRIMARY KEY(fact_id, episode_id)) WITHOUT ROWID;
CREATE INDEX fact_sources_episode ON fact_sources(episode_id);
CREATE VIRTUAL TABLE facts_fts USING fts5(terms, tokenize = 'unicode61');

CREATE TABLE notes(
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    scope TEXT NOT NULL UNIQUE,
    text TEXT NOT NULL,
    time_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL);
CREATE TABLE note_sources(
    note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
    episode_id INTEGER NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
    PRIMARY KEY(note_id, episode_id)) WITHOUT ROWID;
CREATE INDEX note_sources_episode ON note_sources(episode_id);
CREATE TABLE note_facts(
    note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
    fact_id INTEGER NOT NULL REFERENCES facts(id) ON DELETE CASCADE,
    PRIMARY KEY(note_id, fact_id)) WITHOUT ROWID;
CREATE INDEX note_facts_fact ON note_facts(fact_id);
CREATE VIRTUAL TABLE notes_fts USING fts5(terms, tokenize = 'unicode61');

CREATE TABLE embeddings(
    episode_id INTEGER PRIMARY KEY REFERENCES episodes(id) ON DELETE CASCADE,
    vector BLOB NOT NULL);
)sql"},
    // Document frequencies for recall's query planning.
    {2, "CREATE VIRTUAL TABLE episodes_vocab USING fts5vocab(episodes_fts, 'row');"},
    // Ids are never reused: a forgotten message, fact or summary leaves its
    // number behind, so a stale "f12" finds nothing instead of another
    // memory. SQLite cannot add AUTOINCREMENT to a table, so each is rebuilt
    // (rows, ids and indexes kept; migrate() runs this with foreign keys off,
    // so the children's references simply carry over to the new table).
    {3, R"sql(
CREATE TABLE episodes_v3(
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    external_id TEXT UNIQUE,
    speaker TEXT NOT NULL,
    text TEXT NOT NULL,
    time_ms INTEGER NOT NULL,
    session TEXT NOT NULL DEFAULT '',
    importance REAL NOT NULL DEFAULT 0,
    emotional_weight REAL NOT NULL DEFAULT 0,
    has_time INTEGER NOT NULL DEFAULT 0,
    valence REAL, arousal REAL, emotion TEXT, emotion_probs TEXT,
    created_ms INTEGER NOT NULL);
INSERT INTO episodes_v3 SELECT id, external_id, speaker, text, time_ms, session, importance, emotional_weight, has_time,
    valence, arousal, emotion, emotion_probs, created_ms FROM episodes;
DROP TABLE episodes;
ALTER TABLE episodes_v3 RENAME TO episodes;
CREATE INDEX episodes_session ON episodes(session, id);
CREATE INDEX episodes_time ON episodes(time_ms);

CREATE TABLE facts_v3(
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    text TEXT NOT NULL,
    event_time_ms INTEGER NOT NULL DEFAULT 0,
    confidence REAL NOT NULL,
    importance REAL NOT NULL,
    emotional_weight REAL NOT NULL,
    valid_from_ms INTEGER NOT NULL,
    valid_to_ms INTEGER NOT NULL DEFAULT 0,
    superseded_by INTEGER NOT NULL DEFAULT 0,
    origin TEXT NOT NULL DEFAULT 'rules');
INSERT INTO facts_v3 SELECT id, kind, subject, key, value, text, event_time_ms, confidence, importance, emotional_weight,
    valid_from_ms, valid_to_ms, superseded_by, origin FROM facts;
DROP TABLE facts;
ALTER TABLE facts_v3 RENAME TO facts;
CREATE INDEX facts_slot ON facts(subject, key, valid_to_ms);

CREATE TABLE notes_v3(
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    scope TEXT NOT NULL UNIQUE,
    text TEXT NOT NULL,
    time_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL);
INSERT INTO notes_v3 SELECT id, kind, scope, text, time_ms, updated_ms FROM notes;
DROP TABLE notes;
ALTER TABLE notes_v3 RENAME TO notes;
)sql"},
    // Owners: many people may share one database (a server's data folder),
    // so every row of a person's data names whose it is; the rows already
    // there belong to the person of this machine ('local', store/scope.h).
    // A message id and a summary's scope are unique per owner (one person's
    // import must not collide with, or learn of, another's ids), so the two
    // tables holding them are rebuilt; the counter of used ids is carried
    // over, so an id forgotten before the upgrade is still never reused.
    // Link tables (fact_sources, note_sources, note_facts) hold only ids and
    // are scoped through the rows they join; FTS rows through their content
    // rows (same rowid).
    {4, R"sql(
CREATE TABLE episodes_v4(
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner TEXT NOT NULL DEFAULT 'local',
    external_id TEXT,
    speaker TEXT NOT NULL,
    text TEXT NOT NULL,
    time_ms INTEGER NOT NULL,
    session TEXT NOT NULL DEFAULT '',
    importance REAL NOT NULL DEFAULT 0,
    emotional_weight REAL NOT NULL DEFAULT 0,
    has_time INTEGER NOT NULL DEFAULT 0,
    valence REAL, arousal REAL, emotion TEXT, emotion_probs TEXT,
    created_ms INTEGER NOT NULL,
    UNIQUE(owner, external_id));
INSERT INTO episodes_v4 SELECT id, 'local', external_id, speaker, text, time_ms, session, importance, emotional_weight,
    has_time, valence, arousal, emotion, emotion_probs, created_ms FROM episodes;
INSERT INTO sqlite_sequence(name, seq) SELECT 'episodes_v4', 0
    WHERE NOT EXISTS(SELECT 1 FROM sqlite_sequence WHERE name = 'episodes_v4');
UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'episodes'), 0))
    WHERE name = 'episodes_v4';
DROP TABLE episodes;
ALTER TABLE episodes_v4 RENAME TO episodes;
CREATE INDEX episodes_session ON episodes(owner, session, id);
CREATE INDEX episodes_time ON episodes(owner, time_ms);

CREATE TABLE notes_v4(
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner TEXT NOT NULL DEFAULT 'local',
    kind TEXT NOT NULL,
    scope TEXT NOT NULL,
    text TEXT NOT NULL,
    time_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL,
    UNIQUE(owner, scope));
INSERT INTO notes_v4 SELECT id, 'local', kind, scope, text, time_ms, updated_ms FROM notes;
INSERT INTO sqlite_sequence(name, seq) SELECT 'notes_v4', 0
    WHERE NOT EXISTS(SELECT 1 FROM sqlite_sequence WHERE name = 'notes_v4');
UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'notes'), 0))
    WHERE name = 'notes_v4';
DROP TABLE notes;
ALTER TABLE notes_v4 RENAME TO notes;
CREATE INDEX notes_kind ON notes(owner, kind, scope);

ALTER TABLE facts ADD COLUMN owner TEXT NOT NULL DEFAULT 'local';
DROP INDEX facts_slot;
CREATE INDEX facts_slot ON facts(owner, subject, key, valid_to_ms);
CREATE INDEX facts_owner ON facts(owner, id);

ALTER TABLE embeddings ADD COLUMN owner TEXT NOT NULL DEFAULT 'local';
)sql"},
};

}  // namespace

std::span<const store::Migration> migrations() { return MIGRATIONS; }

}  // namespace os1::memory
