// Recall: one ranked search over episodes, facts and notes (memory.h).
//
// Lexical relevance is FTS5's BM25 over lemmas (text.h); the query's own
// lemmas and their WordNet synonyms run as two queries so synonyms count
// for less; a further one adds the words the best matches share
// (pseudo-relevance feedback). Episodes then gain from their neighbours (a question's answer
// often spans a turn and its reply), from their session's overall match,
// from being said by the person the question is about (recall_rank.cpp), from placing their event
// in time when the question asks "when" or "how long" (recall_time.cpp),
// from lying in a period the question names ("last week", "in June", "on
// May 3, 2023"), and a little from importance, emotional weight, recency.
// A question about a category also searches its kinds (WordNet), and one
// asking for several things spreads its hits over sessions (recall_rank.cpp).
// Weights and FTS helpers: recall_terms.cpp.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <unordered_map>
#include <unordered_set>

#include "core/clock.h"
#include "memory/impl.h"
#include "memory/recall_internal.h"
#include "memory/recall_rank.h"
#include "memory/recall_time.h"
#include "memory/sql.h"
#include "memory/text.h"
#include "memory/time_parse.h"

namespace os1::memory {

namespace {

struct Candidate {
    int64_t id = 0;
    double lex = 0;
    std::string external_id, speaker, text, session;
    int64_t time_ms = 0;
    double importance = 0, emotion = 0;
    int words = 0;  // word_count(text)
};

}  // namespace

Result<std::vector<Hit>> Memory::Impl::search_locked(const std::string& query, int k, const SearchOptions& opt) {
    std::vector<Hit> hits;
    if (k <= 0) return hits;
    int64_t now = opt.now_ms ? opt.now_ms : SystemClock::instance().wall_ms();
    const auto& lex = Lexicon::get();
    // Planning statistics over the whole store (all owners; never shown, only which words to search).
    auto df = TRY(conn->prepare_cached(sql::TERM_DOC_COUNT));
    auto doc_freq = [&](const std::string& t) -> Result<int64_t> {
        df.reset();
        df.bind(1, t);
        return TRY(df.step()) ? df.column_int(0) : 0;
    };
    // Misspelt words read as the memory's own ("fesetival" -> "festival", recall_spelling.cpp).
    auto tokens = TRY(correct_spelling(tokenize(query), speakers, doc_freq));
    std::vector<std::string> main_terms, syn_terms, prefix_terms, named_speakers;
    TimeAsk ask = time_ask(tokens);
    bool temporal = ask != TimeAsk::None;
    auto period = named_period(tokens);
    std::vector<std::string> calendar_terms;  // kept only when nothing else is left
    for (size_t i = 0; i < tokens.size(); i++) {
        const auto& w = tokens[i].lower;
        if (speakers.count(w) && w != "user") {
            named_speakers.push_back(w);
            continue;
        }
        if (is_stopword(w) || is_question_word(w)) continue;
        std::string l = lex.lemma(w);
        // "When… in June?": the calendar words shape the question (and the
        // period), they are not what the answer talks about.
        auto& dest = (temporal || period) && is_calendar_word(w) ? calendar_terms : main_terms;
        if (std::find(dest.begin(), dest.end(), l) == dest.end()) dest.push_back(l);
    }
    std::optional<TimeWindow> window;
    if (period) window = TRY(resolve_period(*db, *period, now));
    else window = time_window(tokens, now);
    // No such period in the memory: the calendar words are all that is left of it.
    if (main_terms.empty() || (period && !window))
        for (auto& t : calendar_terms) main_terms.push_back(t);
    for (const auto& t : main_terms) {
        int n = 0;
        for (auto& s : lex.synonyms(t)) {
            if (n >= 4) break;
            if (std::find(main_terms.begin(), main_terms.end(), s) != main_terms.end() ||
                std::find(syn_terms.begin(), syn_terms.end(), s) != syn_terms.end())
                continue;
            syn_terms.push_back(s);
            n++;
        }
    }
    for (const auto& t : main_terms)
        prefix_terms.push_back(derivational_stem(t).empty() ? "" : derivational_stem(t) + "*");  // aligned with main_terms
    // A question that names only a person ("what does Amy like?") still searches by the name.
    if (main_terms.empty())
        for (auto& s : named_speakers) main_terms.push_back(s);
    bool only_common = false;
    int64_t n_docs = 0;
    // Very common words (in more than 3% of a large store's messages) add
    // little but cost a scan of their postings: leave them out of the
    // candidate search when rarer words remain. Prefix variants run only for
    // rare words, where they matter and stay cheap.
    {
        auto count = TRY(conn->prepare_cached(sql::EPISODE_ROWS));
        if (TRY(count.step())) n_docs = count.column_int(0);
        int64_t common = std::max<int64_t>(2000, n_docs * 3 / 100);
        std::vector<std::string> kept, rare_prefix;
        for (size_t i = 0; i < main_terms.size(); i++) {
            int64_t f = TRY(doc_freq(main_terms[i]));
            if (f <= common) kept.push_back(main_terms[i]);
            if (f * 100 <= std::max<int64_t>(n_docs, 5000) && i < prefix_terms.size() &&
                !prefix_terms[i].empty())
                rare_prefix.push_back(prefix_terms[i]);
        }
        if (!kept.empty()) main_terms = std::move(kept);
        else only_common = !main_terms.empty() && n_docs > common;
        prefix_terms = std::move(rare_prefix);
        std::vector<std::string> syn_kept;
        int64_t rare = std::max<int64_t>(2000, n_docs / 100);  // synonyms: only rarer words in big stores
        for (auto& s : syn_terms)
            if (TRY(doc_freq(s)) <= rare) syn_kept.push_back(s);
        syn_terms = std::move(syn_kept);
    }
    int limit = std::max(CANDIDATES, 4 * k);

    // ---- episodes ----
    if (opt.episodes) {
        std::unordered_map<int64_t, double> scores;
        TRY(match(*db, "episodes_fts", main_terms, 1.0, limit, scores, only_common));
        TRY(match(*db, "episodes_fts", syn_terms, weights().syn, limit, scores));
        TRY(match(*db, "episodes_fts", prefix_terms, weights().prefix, limit, scores));
        // "work out" / "workout", "roadtrip" / "road trip" (recall_compound.cpp).
        TRY(match(*db, "episodes_fts", TRY(compound_terms(tokens, speakers, main_terms, doc_freq)), weights().compound,
                  limit, scores));
        // A question that asks for a guess ("Would Ana enjoy…?", "…likely…")
        // is answered by what is said around its words: the words the memory
        // says again and again with them (recall_cooc.cpp).
        if (asks_for_inference(tokens))
            TRY(match(*db, "episodes_fts", TRY(cooccurring_terms(*db, main_terms, speakers, doc_freq, n_docs)),
                      weights().cooc, limit, scores));
        // Kinds of the category a question asks about ("desserts" ->
        // "tiramisu", "pudding"), those the memory holds, rarer ones only.
        TRY(match(*db, "episodes_fts", TRY(category_kinds(tokens, main_terms, doc_freq, n_docs)), weights().hypo,
                  limit, scores));
        // Derivationally related forms ("teach" -> "teacher"), words of the definitions ("pottery" -> "clay").
        TRY(match(*db, "episodes_fts", TRY(derived_terms(main_terms, doc_freq, n_docs)), weights().deriv, limit, scores));
        TRY(match(*db, "episodes_fts", TRY(gloss_terms(main_terms, doc_freq, n_docs)), weights().gloss, limit, scores));
        // Pseudo-relevance feedback (RM3-like): the words the best matches
        // share, weighted by how much of those turns they make up and by
        // their rarity, search again at a lower weight.
        if (weights().prf > 0 && !scores.empty()) {
            std::vector<std::pair<double, int64_t>> top;
            for (auto& [id, sc] : scores) top.emplace_back(sc, id);
            size_t n_top = std::min(top.size(), static_cast<size_t>(weights().prf_docs));
            std::partial_sort(top.begin(), top.begin() + n_top, top.end(), std::greater<>());
            auto text_of = TRY(db->prepare_cached(sql::EPISODE_TEXT));
            std::unordered_map<std::string, double> tf;
            for (size_t i = 0; i < n_top; i++) {
                text_of.reset();
                text_of.bind(1, top[i].second);
                if (!TRY(text_of.step())) continue;
                std::vector<std::string> words;
                for (auto& t : tokenize(text_of.column_text(0))) {
                    if (is_stopword(t.lower) || is_question_word(t.lower) || speakers.count(t.lower) || t.lower.size() < 3)
                        continue;
                    std::string l = lex.lemma(t.lower);
                    if (std::find(main_terms.begin(), main_terms.end(), l) != main_terms.end()) continue;
                    words.push_back(std::move(l));
                }
                double w = top[i].first / top[0].first;
                for (auto& l : words) tf[l] += w / words.size();
            }
            std::vector<std::pair<double, std::string>> expansion;
            for (auto& [t, f] : tf) {
                int64_t d = TRY(doc_freq(t));
                // A word of one turn only leads back to it; a very common one costs a scan.
                if (d < 2 || d > std::max<int64_t>(2000, n_docs * 3 / 100)) continue;
                expansion.emplace_back(f * std::log(1.0 + static_cast<double>(std::max<int64_t>(n_docs, 1)) / d), t);
            }
            std::sort(expansion.rbegin(), expansion.rend());
            std::vector<std::string> terms;
            for (size_t i = 0; i < expansion.size() && i < static_cast<size_t>(weights().prf_terms); i++)
                terms.push_back(expansion[i].second);
            TRY(match(*db, "episodes_fts", terms, weights().prf, limit, scores));
        }
        if (window) {
            // The period's latest messages join (index order, no sort of a long period).
            auto st = TRY(db->prepare_cached(sql::EPISODES_IN_PERIOD));
            st.bind(1, window->from_ms).bind(2, window->to_ms).bind(4, 100);
            while (TRY(st.step())) scores.try_emplace(st.column_int(0), 0.0);
        }
        // The turns around the best matches join as candidates: an answer is
        // often the reply to the turn that matched.
        if (weights().fill > 0) {
            std::vector<std::pair<double, int64_t>> best;
            for (auto& [id, sc] : scores) best.emplace_back(sc, id);
            std::sort(best.rbegin(), best.rend());
            int reach = context_reach();
            for (size_t i = 0; i < best.size() && i < 30; i++)
                for (int d = -reach; d <= reach; d++)
                    if (d != 0) scores.try_emplace(best[i].second + d, 0.0);
        }
        std::unordered_map<int64_t, Candidate> cands;
        cands.reserve(scores.size());
        auto get = TRY(db->prepare_cached(sql::EPISODE_CANDIDATE));
        for (auto& [id, s] : scores) {
            get.reset();
            get.bind(1, id);
            if (!TRY(get.step())) continue;
            Candidate c;
            c.id = id;
            c.lex = s;
            c.external_id = get.column_text(0);
            c.speaker = get.column_text(1);
            c.text = get.column_text(2);
            c.session = get.column_text(3);
            c.time_ms = get.column_int(4);
            c.importance = get.column_double(5);
            c.emotion = get.column_double(6);
            if (!opt.session.empty() && c.session != opt.session) continue;
            cands.emplace(id, std::move(c));
        }
        // Session strength: the sum of its three best turns.
        std::unordered_map<std::string, std::vector<double>> per_session;
        double max_lex = 0;
        for (auto& [id, c] : cands) {
            per_session[c.session].push_back(c.lex);
            max_lex = std::max(max_lex, c.lex);
        }
        std::unordered_map<std::string, double> session_score;
        double max_session = 0;
        for (auto& [s, v] : per_session) {
            std::sort(v.rbegin(), v.rend());
            double sum = 0;
            for (size_t i = 0; i < v.size() && i < 3; i++) sum += v[i];
            session_score[s] = sum;
            max_session = std::max(max_session, sum);
        }
        auto lex_of = [&](int64_t id, const std::string& session) {
            auto it = cands.find(id);
            return it != cands.end() && it->second.session == session ? it->second.lex : 0.0;
        };
        double mean_words = 0;  // the candidates' mean length, for the length prior
        for (auto& [id, c] : cands) mean_words += c.words = word_count(c.text);
        if (!cands.empty()) mean_words /= static_cast<double>(cands.size());
        AnswerKind kind = temporal ? AnswerKind::None : answer_kind(tokens);
        auto focus = speaker_focus(tokens, speakers, weights().speaker, weights().speaker_other);
        // A question about its subjects alone ("What does Ana do?", not "What does Ana think of
        // Sam's plan?") is answered by what they tell of themselves: their turns with more
        // "I", "my", "we" than "you" weigh weights().self.
        bool about_self = weights().self != 1.0;
        std::vector<std::string> subjects;
        for (auto& [name, w] : speaker_focus(tokens, speakers, 2.0, 1.0)) {
            if (w == 1.0) about_self = false;
            subjects.push_back(name);
        }
        if (subjects.empty()) about_self = false;
        for (auto& entry : cands) {
            // Named copies: clang before 16 cannot capture structured bindings.
            const int64_t id = entry.first;
            auto& c = entry.second;
            double score = c.lex;
            // The dialogue around it (recall_rank.cpp): a reply carries the
            // match of the question it answers, and the other way round.
            score += context_share(Around{[&](int d) { return lex_of(id + d, c.session); },
                                          [&](int d) {
                                              auto it = cands.find(id + d);
                                              return it != cands.end() && it->second.session == c.session &&
                                                     it->second.text.find('?') != std::string::npos;
                                          },
                                          [&](int d) {
                                              auto it = cands.find(id + d);
                                              return it != cands.end() && it->second.session == c.session &&
                                                     it->second.speaker == c.speaker;
                                          }});
            if (max_session > 0) score += weights().sess * max_lex * session_score[c.session] / max_session;
            std::string sp = c.speaker;
            for (auto& ch : sp) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            for (auto& [name, w] : focus)
                if (name == sp) score *= w;
            if (temporal) {
                int anchor = time_anchor(c.text);
                if (anchor == 2) score *= weights().temporal;
                else if (anchor == 1) score *= 1.0 + (weights().temporal - 1.0) / 3;
            }
            if (kind != AnswerKind::None && weights().answer != 1.0 && gives_answer(kind, c.text, speakers))
                score *= weights().answer;
            if (window) {
                bool inside = c.time_ms >= window->from_ms && c.time_ms < window->to_ms;
                score = inside ? (score + 0.1 * max_lex + 0.1) * weights().window : score;
            }
            score *= turn_prior(c.text, c.words, mean_words);
            bool by_subject = about_self && std::find(subjects.begin(), subjects.end(), sp) != subjects.end();
            if (by_subject && tells_of_self(c.text)) score *= weights().self;
            score *= 1.0 + 0.1 * c.importance + 0.1 * c.emotion;
            double age_days = std::max<double>(0, static_cast<double>(now - c.time_ms) / DAY_MS);
            score *= 1.0 + 0.05 * std::exp(-age_days / 30.0);
            Hit h;
            h.kind = HitKind::Episode;
            h.id = id;
            h.text = c.text;  // a copy: the next candidate asks whether this one was a question
            h.speaker = c.speaker;  // a copy too: a later candidate asks who said this one
            h.session = c.session;  // a copy: a later candidate reads its neighbours' sessions
            h.score = score;
            h.time_ms = c.time_ms;
            h.sources = {source_ref(id, c.external_id)};
            hits.push_back(std::move(h));
        }
    }

    // ---- facts ----
    if (opt.facts) {
        std::unordered_map<int64_t, double> scores;
        TRY(match(*db, "facts_fts", main_terms, 1.0, limit, scores, only_common));
        TRY(match(*db, "facts_fts", syn_terms, weights().syn, limit, scores));
        TRY(match(*db, "facts_fts", prefix_terms, weights().prefix, limit, scores));
        auto get = TRY(db->prepare_cached(sql::FACT_CANDIDATE));
        for (auto& [id, s] : scores) {
            get.reset();
            get.bind(1, id);
            if (!TRY(get.step())) continue;
            if (get.column_int(2) != 0 && !opt.history) continue;
            Hit h;
            h.kind = HitKind::Fact;
            h.id = id;
            h.text = get.column_text(0);
            h.time_ms = get.column_int(7) ? get.column_int(7) : get.column_int(1);
            std::string subject = get.column_text(6);
            for (auto& ch : subject) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            double score = s * weights().fact * (0.5 + 0.5 * get.column_double(5));
            score *= 1.0 + 0.2 * get.column_double(3) + 0.1 * get.column_double(4);
            if (std::find(named_speakers.begin(), named_speakers.end(), subject) != named_speakers.end()) score *= weights().speaker;
            if (window && h.time_ms >= window->from_ms && h.time_ms < window->to_ms) score *= weights().window;
            h.score = score;
            if (!opt.session.empty()) continue;
            hits.push_back(std::move(h));
        }
    }

    // ---- summaries and profile ----
    if (opt.summaries && opt.session.empty()) {
        std::unordered_map<int64_t, double> scores;
        TRY(match(*db, "notes_fts", main_terms, 1.0, limit, scores, only_common));
        TRY(match(*db, "notes_fts", syn_terms, weights().syn, limit, scores));
        auto get = TRY(db->prepare_cached(sql::NOTE_CANDIDATE));
        for (auto& [id, s] : scores) {
            get.reset();
            get.bind(1, id);
            if (!TRY(get.step())) continue;
            Hit h;
            h.kind = get.column_view(0) == "profile" ? HitKind::Profile : HitKind::Summary;
            h.id = id;
            h.text = get.column_text(1);
            h.time_ms = get.column_int(2);
            h.score = s * (h.kind == HitKind::Profile ? weights().profile : weights().summary);
            if (window && h.time_ms >= window->from_ms && h.time_ms < window->to_ms) h.score *= weights().window;
            hits.push_back(std::move(h));
        }
    }

    std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
        if (a.score != b.score) return a.score > b.score;
        if (a.kind != b.kind) return a.kind < b.kind;
        return a.id < b.id;
    });
    // Diversity: each further hit from the same session counts a little less,
    // so one long conversation does not take every slot (off by default).
    spread_sessions(hits, weights().div);
    // A question asking for several things ("What activities does Ana
    // do?") finds them in several sessions: spread the hits over them.
    if (asks_for_many(tokens)) spread_sessions(hits, weights().many);
    // "Where has Ana camped?": every time counts, in whichever conversation.
    else if (!temporal && asks_about_experiences(tokens, speakers)) spread_sessions(hits, weights().perfect);
    if (hits.size() > static_cast<size_t>(k)) hits.resize(k);
    for (auto& h : hits) {
        if (h.kind == HitKind::Fact) h.sources = TRY(fact_sources(h.id));
        else if (h.kind != HitKind::Episode) h.sources = TRY(note_sources(h.id));
    }
    return hits;
}

Result<std::vector<Hit>> Memory::search(const std::string& query, int k, const SearchOptions& options) {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->search_locked(query, k, options);
}

}  // namespace os1::memory
