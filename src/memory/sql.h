// Memory's SQL statements, by name. Memory's code asks for a statement by
// its name (sql::EPISODE_BY_ID) and binds its parameters; the text lives in
// one file per database dialect (sql_sqlite.cpp), so a PostgreSQL backend is
// a second file with the same names (and a store::Database for it) while
// memory's logic stays as it is.
//
// Every statement but FTS_OPTIMIZE (index maintenance) and recall's two
// planning statistics (TERM_DOC_COUNT, EPISODE_ROWS: store-wide counts that
// only choose which words to search) is one owner's: it names :owner, which
// store::OwnerScope binds (tests/memory/owner_sql_test.cpp checks each one). Positional parameters are documented by their use; the
// column order of EPISODE_BY_ID, EPISODE_BY_EXTERNAL_ID and EPISODES_RECENT*
// is read_episode()'s (memory.cpp), and FACT_BY_ID, EXPORT_FACTS and FACTS_*
// are read_fact()'s.
#pragma once

#include <span>
#include <string_view>

#include "core/result.h"

namespace os1::memory::sql {

// Storing and reading messages, facts and notes (memory.cpp)
extern const char SPEAKERS[];
extern const char FACTS_IN_SLOT[];
extern const char FACT_RESTATED[];
extern const char FACT_INSERT[];
extern const char FACT_INDEX[];
extern const char FACT_CLOSE[];
extern const char EPISODE_INSERT[];
extern const char EPISODE_INDEX[];
extern const char EMBEDDING_INSERT[];
extern const char EPISODE_BY_ID[];
extern const char EPISODE_BY_EXTERNAL_ID[];
extern const char EPISODE_COUNT[];
extern const char FACT_SOURCE_REFS[];
extern const char NOTE_SOURCE_REFS[];
extern const char NOTES_OF_KIND[];
extern const char MOOD_SINCE[];

// Forgetting (forget.cpp)
extern const char EPISODE_ID_BY_EXTERNAL_ID[];
extern const char NOTE_KIND[];
extern const char FACT_BY_ID[];
extern const char EPISODE_BRIEF_BY_ID[];
extern const char REPLIES_AFTER[];
extern const char EPISODES_BRIEF[];
extern const char NOTES_TEXT[];
extern const char NOTE_CITES_EPISODE[];
extern const char NOTE_CITES_FACT[];
extern const char NOTE_COUNT[];
extern const char FACTS_REOPEN[];
extern const char FACT_VERSIONS[];
extern const char FACT_EXISTS[];
extern const char NOTE_FACT_IDS[];
extern const char NOTE_EPISODE_IDS[];
extern const char EPISODE_EXISTS[];
extern const char FACTS_OF_EPISODE[];

// Reflection: summaries and profile entries (reflect.cpp)
extern const char NOTE_BY_SCOPE[];
extern const char NOTE_INSERT[];
extern const char NOTE_INDEX[];
extern const char LINK_NOTE_EPISODE[];
extern const char LINK_NOTE_FACT[];
extern const char NOTE_UNINDEX[];
extern const char NOTE_DELETE[];
extern const char EPISODES_FOR_SUMMARY[];
extern const char CURRENT_FACTS_OF_EPISODE[];
extern const char CURRENT_FACTS_BY_IMPORTANCE[];
extern const char EPISODES_OF_FACT[];
extern const char NOTE_SCOPES[];

// Export and import (io.cpp)
extern const char EXPORT_EPISODES[];
extern const char EXPORT_FACTS[];
extern const char EXPORT_NOTES[];
extern const char EXTERNAL_ID_TAKEN[];

// Storing and reading messages, facts and notes (memory.cpp)
extern const char LINK_FACT_SOURCE[];
extern const char EPISODES_RECENT[];
extern const char EPISODES_RECENT_IN_SESSION[];
extern const char FACTS_WITH_HISTORY[];
extern const char FACTS_CURRENT[];

// Forgetting (forget.cpp)
extern const char FACT_UNINDEX[];
extern const char FACT_DELETE[];
extern const char EPISODE_UNINDEX[];
extern const char EPISODE_DELETE[];
extern const char FTS_OPTIMIZE[];

// Recall (recall.cpp, recall_terms.cpp, recall_time.cpp)
extern const char TERM_DOC_COUNT[];  // raw connection: store-wide
extern const char EPISODE_ROWS[];    // raw connection: store-wide
extern const char EPISODE_TEXT[];
extern const char EPISODES_IN_PERIOD[];
extern const char EPISODE_CANDIDATE[];
extern const char FACT_CANDIDATE[];
extern const char NOTE_CANDIDATE[];
extern const char EPISODE_TIME_RANGE[];
extern const char EPISODE_IN_PERIOD_EXISTS[];
extern const char EPISODES_MATCH_BEST[];
extern const char EPISODES_MATCH_RECENT[];
extern const char FACTS_MATCH_BEST[];
extern const char FACTS_MATCH_RECENT[];
extern const char NOTES_MATCH_BEST[];
extern const char NOTES_MATCH_RECENT[];
// The *_MATCH_* statement for an FTS table ("episodes_fts", "facts_fts",
// "notes_fts"), newest first or best first.
Result<const char*> fts_match(std::string_view fts_table, bool recent_only);

// Every statement above (the checks in tests read them from here).
struct Named {
    const char* name;
    const char* text;
};
std::span<const Named> all();

}  // namespace os1::memory::sql
