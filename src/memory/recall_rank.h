// Recall's ranking helpers beyond the lexical match (not part of the
// contract): how much a turn borrows from the turns around it, which
// questions ask for several things ("What activities does Ana do?"), and
// the spread of such answers over sessions.
#pragma once

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "memory/memory.h"
#include "memory/text.h"
#include "store/scope.h"

namespace os1::memory {

// The dialogue around one turn: the lexical match of the turns `d` places
// before (d < 0) or after it in the same session (0 when none or another
// session), whether that turn asks something, and whether it is the same
// person's (may be left empty: unknown).
struct Around {
    std::function<double(int)> lex;
    std::function<bool(int)> asks;
    std::function<bool(int)> same_speaker;
};

// What a turn gains from its neighbours: the best of the turn before and
// after (more from the turn before when it asked a question: the answer to
// "what did you do?" is the reply); the answer to a follow-up question
// ("I took the kids to the museum" / "What were they so stoked about?" /
// "They love dinosaurs!") a share of what its speaker said before the
// question (weights().follow); and, with decay, the turns two places
// away (a short reply "They give me strength" answers a turn whose words
// sit two turns up, with a comment between; weights().nb2, off).
double context_share(const Around& around);

// The farthest neighbour (in turns) that context_share reads; the turns
// this far around the best matches join the candidates.
int context_reach();

// How much each person a question names weighs for the turns they said:
// the subject (the first one named and those joined to it by "and": "What
// does Gina say to Jon?", "How do Jon and Gina relax?") `subject`, the
// others (an addressee, an owner: "Jon's studio") `other`. `people` are the
// lowercased names of the memory's speakers.
std::vector<std::pair<std::string, double>> speaker_focus(const std::vector<Token>& tokens,
                                                          const std::set<std::string>& people, double subject,
                                                          double other);

// A question that asks for several things, found across a conversation:
// "What activities does Ana do?", "Which books has Sam read?", "What are
// Ana's pets' names?" — a question word followed (within the question) by a
// plural noun that is not a person or a time.
bool asks_for_many(const std::vector<Token>& tokens);

// A question about a person's experiences over time, in the present
// perfect with "has/have" before its subject: "Where has Ana camped?",
// "What have Jon and Gina both done?" — every time it happened counts, so
// its answers lie in several conversations (their hits are spread over
// sessions, weights().perfect). Not "What does Ana have?", not "What does
// Ana say running has been great for?". `people`: the memory's speakers,
// lowercased.
bool asks_about_experiences(const std::vector<Token>& tokens, const std::set<std::string>& people);

// The category a question asks about, as lemmas: "What desserts has Ana
// made?" -> dessert, "What kind of art does Sam make?" -> art. Its kinds
// (Lexicon::hyponyms) are words the answer may use instead.
std::vector<std::string> category_nouns(const std::vector<Token>& tokens);

// The kinds of the question's categories worth searching: those the memory
// holds (doc_freq > 0), not too common, not already asked, nearest first, at
// most weights().hypo_terms.
Result<std::vector<std::string>> category_kinds(const std::vector<Token>& tokens, const std::vector<std::string>& asked,
                                                const std::function<Result<int64_t>(const std::string&)>& doc_freq,
                                                int64_t n_docs);

// Spreads episodes over sessions: the n-th further hit from a session
// counts `factor`^n of its score, then the hits are sorted again. For
// questions whose evidence lies in several conversations.
void spread_sessions(std::vector<Hit>& hits, double factor);

// The derivationally related forms of the question's words worth searching
// (Lexicon::derivations: "teach" -> "teacher"): those the memory holds, not
// too common, not already asked. In recall_prior.cpp, like the two below.
Result<std::vector<std::string>> derived_terms(const std::vector<std::string>& asked,
                                               const std::function<Result<int64_t>(const std::string&)>& doc_freq,
                                               int64_t n_docs);

// The words of the definitions of the question's words (Lexicon::gloss:
// "pottery" -> "clay", "kiln") that the memory holds, not too common.
Result<std::vector<std::string>> gloss_terms(const std::vector<std::string>& asked,
                                             const std::function<Result<int64_t>(const std::string&)>& doc_freq,
                                             int64_t n_docs);

// Words written together in the memory and apart in the question ("work
// out" -> "workout"), and the other way round ("roadtrip" -> the phrase
// "road trip"): only forms the memory holds (doc_freq > 0), not already
// asked, not the people's names. In recall_compound.cpp (weights().compound).
Result<std::vector<std::string>> compound_terms(const std::vector<Token>& tokens, const std::set<std::string>& people,
                                                const std::vector<std::string>& asked,
                                                const std::function<Result<int64_t>(const std::string&)>& doc_freq);

// The kind of answer a question asks for beyond its words: "How often…"
// (a frequency: "twice a week", "every morning"), "How many…" (a number),
// "Where…" (a named place: "in Paris", "to the Bahamas"), "Who…" (a name or
// a role: "my mentors"). Time questions are recall_time.h's. In
// recall_answer.cpp; a turn that holds such an answer weighs
// weights().answer more.
enum class AnswerKind { None, Frequency, Count, Place, Person };
AnswerKind answer_kind(const std::vector<Token>& question);
// Whether a turn holds an answer of that kind (`people`: the memory's
// speakers, lowercased, which are not the place or person asked for).
bool gives_answer(AnswerKind kind, std::string_view turn, const std::set<std::string>& people);

// Words the memory says again and again with an asked word (in at least two
// of the turns that say it, at most weights().cooc_df of them): query
// expansion from the memory's own vocabulary, at most weights().cooc_terms
// per asked word, not very common ones. In recall_cooc.cpp.
Result<std::vector<std::string>> cooccurring_terms(store::OwnerScope& db, const std::vector<std::string>& asked,
                                                   const std::set<std::string>& people,
                                                   const std::function<Result<int64_t>(const std::string&)>& doc_freq,
                                                   int64_t n_docs);

// A question that asks for a guess from what was said: "Would Ana enjoy a
// concert?", "What might Sam do…", "…likely…".
bool asks_for_inference(const std::vector<Token>& question);

// The question with its misspelt words read as the memory's own
// (recall_spelling.cpp): a word the memory never says and WordNet does not
// know becomes the one WordNet word one edit away that the memory says most
// ("fesetival" -> "festival", "persue" -> "pursue"); a capitalised word one
// edit from exactly one speaker's name and never said itself becomes that
// name ("John" -> "jon"). Off when weights().spell is 0.
Result<std::vector<Token>> correct_spelling(std::vector<Token> tokens, const std::set<std::string>& people,
                                            const std::function<Result<int64_t>(const std::string&)>& doc_freq);

// Words in a text (runs of letters and digits).
int word_count(std::string_view text);

// A turn whose sentences only ask (or exclaim in a few words): "Cool! What
// type of music do you play?".
bool only_asks(std::string_view text);

// A turn in which its speaker tells of themselves: more first-person words
// ("I", "my", "we", "our") than words for the one spoken to ("you",
// "your"). "I just signed up for a pottery class" tells; "That's great,
// your dedication is inspiring" answers the other. A question about a
// person is answered by what they tell of themselves (weights().self).
bool tells_of_self(std::string_view text);

// A turn's prior beyond its words: its length (`words`, word_count) against
// the candidates' mean (weights().len), whether it only asks
// (weights().asking, off) and whether it asks at all (weights().askback: a
// turn with a question mark holds the answer about half as often as one
// without, on each dev conversation).
double turn_prior(std::string_view text, int words, double mean_words);

}  // namespace os1::memory
