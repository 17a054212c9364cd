// Recall's building blocks (recall_internal.h).
#include <cstdlib>
#include <string_view>
#include <unordered_set>

#include "memory/recall_internal.h"
#include "memory/sql.h"

namespace os1::memory {

Weights parse_weights(const std::string& s) {
    Weights w;
    size_t pos = 0;
    while (pos < s.size()) {
        size_t comma = s.find(',', pos);
        std::string item = s.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        pos = comma == std::string::npos ? s.size() : comma + 1;
        auto eq = item.find('=');
        if (eq == std::string::npos) continue;
        std::string name = item.substr(0, eq);
        double v = std::atof(item.c_str() + eq + 1);
        if (name == "syn") w.syn = v;
        else if (name == "nb") w.nb = v;
        else if (name == "sess") w.sess = v;
        else if (name == "speaker") w.speaker = v;
        else if (name == "temporal") w.temporal = v;
        else if (name == "reply") w.reply = v;
        else if (name == "window") w.window = v;
        else if (name == "fact") w.fact = v;
        else if (name == "summary") w.summary = v;
        else if (name == "profile") w.profile = v;
        else if (name == "prefix") w.prefix = v;
        else if (name == "fill") w.fill = v;
        else if (name == "div") w.div = v;
        else if (name == "prf") w.prf = v;
        else if (name == "prf_docs") w.prf_docs = v;
        else if (name == "prf_terms") w.prf_terms = v;
        else if (name == "nb2") w.nb2 = v;
        else if (name == "many") w.many = v;
        else if (name == "hypo") w.hypo = v;
        else if (name == "hypo_depth") w.hypo_depth = v;
        else if (name == "hypo_terms") w.hypo_terms = v;
        else if (name == "speaker_other") w.speaker_other = v;
        else if (name == "deriv") w.deriv = v;
        else if (name == "gloss") w.gloss = v;
        else if (name == "gloss_df") w.gloss_df = v;
        else if (name == "deriv_df") w.deriv_df = v;
        else if (name == "len") w.len = v;
        else if (name == "len_cap") w.len_cap = v;
        else if (name == "asking") w.asking = v;
        else if (name == "compound") w.compound = v;
        else if (name == "answer") w.answer = v;
        else if (name == "cooc") w.cooc = v;
        else if (name == "cooc_df") w.cooc_df = v;
        else if (name == "cooc_terms") w.cooc_terms = v;
        else if (name == "spell") w.spell = v;
        else if (name == "self") w.self = v;
        else if (name == "perfect") w.perfect = v;
        else if (name == "follow") w.follow = v;
        else if (name == "askback") w.askback = v;
    }
    return w;
}

// Re-read when the variable changes, so one process (the leave-one-out
// bench) can try several settings; per thread, no locking needed.
const Weights& weights() {
    thread_local std::string last;
    thread_local Weights w;
    const char* env = std::getenv("OS1_RECALL_WEIGHTS");
    const char* cur = env ? env : "";
    if (last != cur) {
        last = cur;
        w = parse_weights(last);
    }
    return w;
}

// Terms ending in '*' are prefix queries ("counsel*" finds "counselor").
std::string fts_query(const std::vector<std::string>& terms) {
    std::string q;
    for (const auto& t : terms) {
        if (!q.empty()) q += " OR ";
        bool prefix = !t.empty() && t.back() == '*';
        q += '"';
        for (char c : std::string_view(t).substr(0, t.size() - prefix)) {
            if (c == '"') q += '"';
            q += c;
        }
        q += '"';
        if (prefix) q += '*';
    }
    return q;
}

// A derivational stem for prefix search: "creativity" -> "creativ",
// "counseling" -> "counsel", "painter" -> "paint", "mentorship" -> "mentor"
// (which finds "mentored"), "parenthood" -> "parent". Empty when too short.
std::string derivational_stem(const std::string& lemma) {
    static const char* SUFFIXES[] = {"ational", "ization", "ation", "ition", "ement", "ment", "ness", "ship",
                                     "hood",    "ity",     "ive",   "ion",   "ing",   "ist",  "ism",  "ful",
                                     "ous",     "ally",    "al",    "er",    "or",    "ly",   "ed",   "es",
                                     "s",       "e",       "y"};
    if (lemma.size() < 5) return {};
    for (const char* suf : SUFFIXES) {
        std::string_view sv = suf;
        if (lemma.size() >= sv.size() + 4 && lemma.ends_with(sv)) return lemma.substr(0, lemma.size() - sv.size());
    }
    return lemma;
}

// recent_only: the newest matches instead of the best (FTS5 walks rowids
// backwards and stops; ranking every match of a very common word would not).
Result<void> match(store::OwnerScope& db, const char* table, const std::vector<std::string>& terms, double weight,
                   int limit, std::unordered_map<int64_t, double>& scores, bool recent_only) {
    if (terms.empty() || weight <= 0) return ok();
    auto st = TRY(db.prepare_cached(TRY(sql::fts_match(table, recent_only))));  // the owner's rows only
    st.bind(1, fts_query(terms)).bind(3, limit);  // :owner is 2
    while (TRY(st.step())) scores[st.column_int(0)] += weight * st.column_double(1);
    return ok();
}

// Words that shape a question but never appear in its answer.
bool is_question_word(const std::string& w) {
    static const std::unordered_set<std::string_view> WORDS = {
        "likely", "kind", "kinds", "type", "types", "recently", "might", "consider", "considered", "specific",
        "particular", "describe", "mention", "mentioned", "whose", "which", "ways", "example", "examples",
        "probably", "possibly", "often", "usually", "currently", "typically", "else", "besides"};
    return WORDS.count(w) > 0;
}

}  // namespace os1::memory
