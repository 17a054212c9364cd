// Recall's building blocks shared by its files (not part of the contract):
// the ranking weights, FTS5 query text, derivational prefixes, one weighted
// FTS5 match, and the words that shape a question without naming its answer.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "store/scope.h"

namespace os1::memory {

// Ranking weights: general, not per-question (see BENCHMARKS.md for how they
// were chosen). OS1_RECALL_WEIGHTS="syn=0.3,nb=0.2" overrides them for
// experiments; unknown names are ignored.
struct Weights {
    double syn = 0.20, nb = 0.30, sess = 0.50, speaker = 1.50, window = 1.6;
    double reply = 0.60;    // a turn's share of the preceding turn's match when that turn asked a question
    double temporal = 2.0;  // a "when" question meeting a turn that places its event in time
    double fact = 0.9, summary = 0.5, profile = 0.6, prefix = 0.4, fill = 0.5, div = 1.0;
    double prf = 0.15;  // pseudo-relevance feedback: weight of terms taken from the best matches
    double prf_docs = 5, prf_terms = 4;
    double nb2 = 0.0;   // a turn's share of the match two turns away (recall_rank.cpp)
    double speaker_other = 1.0;  // a person the question names who is not its subject ("say to Jon")
    double hypo = 0.7, hypo_depth = 3, hypo_terms = 20;  // kinds of a category the question asks about
    double many = 0.8;  // per-session spread for questions asking for several things (1 = off)
    double gloss = 0.2;   // words of the definitions of the question's words ("pottery" -> "clay")
    double gloss_df = 0;  // ... only for question words in at most this many messages
    double deriv = 0.0;   // derivationally related forms of the question's words ("teach" -> "teacher")
    double deriv_df = 0;  // ... only for question words in at most this many messages
    double len = 0.2;     // turn length prior: × (words / mean words of the candidates)^len
    double len_cap = 1.0; // ... that ratio capped here (1: only short turns lose)
    double asking = 1.0;  // a turn that only asks (only_asks) counts this much
    double answer = 1.3;    // a turn holding the kind of answer asked for (recall_answer.cpp)
    double cooc = 0.1, cooc_df = 20, cooc_terms = 2;  // words the memory says with an asked word (recall_cooc.cpp)
    double compound = 1.0;  // words written together or apart ("work out" / "workout", recall_compound.cpp)
    double self = 1.1;      // a subject's turn telling of themselves (tells_of_self), when the question names no one else
    double spell = 1.0;     // > 0: misspelt question words read as the memory's own (recall_spelling.cpp)
    double perfect = 0.9;   // per-session spread for questions about experiences ("Where has Ana camped?")
    double follow = 0.30;   // an answer to a follow-up question: share of its speaker's turn before the question
    double askback = 0.9;   // a turn that asks something (has a '?') counts this much
};
Weights parse_weights(const std::string& s);
// The weights in force (OS1_RECALL_WEIGHTS re-read when it changes).
const Weights& weights();

constexpr int CANDIDATES = 200;

// Terms ending in '*' are prefix queries ("counsel*" finds "counselor").
std::string fts_query(const std::vector<std::string>& terms);
// A derivational stem for prefix search: "creativity" -> "creativ". Empty when too short.
std::string derivational_stem(const std::string& lemma);
// Adds weight × BM25 of each match of any term to scores. recent_only: the
// newest matches instead of the best (for very common words).
Result<void> match(store::OwnerScope& db, const char* table, const std::vector<std::string>& terms, double weight,
                   int limit, std::unordered_map<int64_t, double>& scores, bool recent_only = false);
// Words that shape a question but never appear in its answer ("kind", "likely").
bool is_question_word(const std::string& w);

}  // namespace os1::memory
