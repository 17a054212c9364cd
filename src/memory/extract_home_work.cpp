// Where the speaker lives and what they do for work (extract_internal.h):
// "I live in New York City", "We moved to Echo Park", "I'm living in
// Brooklyn", "I work as a night-shift nurse at St. Mary's", "I teach third
// grade", "I work nights at the warehouse". Place names keep all their words
// ("Echo Park", "São Paulo"); a job title stops where the employer starts.
#include <unordered_set>

#include "memory/extract_internal.h"
#include "memory/time_parse.h"

namespace os1::memory::detail {

// A place name from o: a run of capitalised words ("Echo Park", "São
// Paulo", "Rio de Janeiro"), or as typed up to a time or a reason ("san
// francisco for work", "the suburbs last summer").
Span place_span(const std::vector<Token>& t, size_t o) {
    static const std::unordered_set<std::string_view> STOP = {
        "for", "with", "at", "last", "this", "next", "since", "about", "ago", "these", "those", "a", "in", "on",
        "by", "near", "to", "yesterday", "today", "tomorrow", "recently", "lately", "there", "here", "again",
        "permanently", "temporarily", "soon", "right", "back", "because", "during", "after", "before", "around"};
    auto obj = capture(t, o, 6);
    size_t s = o;
    if (one_of(t, s, {"the"})) s++;
    if (s < obj.second && capitalized(t[s])) {
        auto run = [&](size_t e) {
            while (e < t.size() && e - o < 8 && !t[e - 1].clause_end &&
                   (capitalized(t[e]) || (one_of(t, e, {"de", "do", "da", "del", "of", "upon", "la", "le"}) &&
                                          e + 1 < t.size() && capitalized(t[e + 1]))))
                e++;
            return e;
        };
        size_t e = run(s + 1);
        // "Denver, Colorado": a region after the comma, closing the sentence.
        if (e < t.size() && t[e - 1].clause_end && !t[e - 1].sentence_end && capitalized(t[e]) && !month_from_word(t[e].lower)) {
            size_t r = run(e + 1);
            if (r >= t.size() || t[r - 1].sentence_end || t[r - 1].clause_end) return {o, r};
        }
        return {o, e};
    }
    // "a tiny apartment in Chicago": the named place.
    for (size_t k = o + 1; k + 1 < t.size() && k < o + 8 && !t[k - 1].clause_end; k++)
        if (t[k].lower == "in" && capitalized(t[k + 1]) && !month_from_word(t[k + 1].lower)) return place_span(t, k + 1);
    size_t e = o + 1;
    while (e < obj.second && !t[e - 1].clause_end && !STOP.count(t[e].lower)) e++;
    return {o, std::min(e, obj.second)};
}

// A job title from k: "night shift nurse" in "night shift nurse at St Mary's".
Span job_title(const std::vector<Token>& t, size_t k) {
    if (one_of(t, k, {"a", "an"})) k++;
    size_t e = k;
    while (e < t.size() && e - k < 5 && !one_of(t, e, {"at", "for", "in", "with", "on", "from", "since", "and", "but",
                                                       "who", "when", "because", "so", "mostly", "now"})) {
        e++;
        if (t[e - 1].clause_end) break;
    }
    return {k, e};
}

// "... at St Mary's", "... for a small startup": where they work, after the title.
void add_employer(const std::vector<Token>& t, size_t k, Builder& b) {
    if (!one_of(t, k, {"at", "for"}) || k + 1 >= t.size() || t[k].clause_end) return;
    static const std::unordered_set<std::string_view> NOT_PLACES = {"night", "nights", "home", "least", "the moment",
                                                                    "now", "years", "months", "weeks", "ages", "a",
                                                                    "an", "ten", "two", "three", "five", "work", "free"};
    size_t o = k + 1;
    if (NOT_PLACES.count(t[o].lower) && !(one_of(t, o, {"a", "an"}) && o + 1 < t.size() && !t[o].clause_end &&
                                          !one_of(t, o + 1, {"while", "living", "year", "month", "week", "few", "couple"})))
        return;
    if (std::isdigit(static_cast<unsigned char>(t[o].lower[0]))) return;
    auto obj = capture(t, o, 5);
    std::string where = span_text(t, obj, b.voice);
    b.add(FactKind::Job, "employer", where, str(b.voice.subj(), " ", b.voice.verb("work"), " ", t[k].lower, " ", where), 0.8,
          0.6, 0.1);
}

// Work after "I": "I work as a nurse", "I work nights at the warehouse",
// "I work for a startup", "I teach third grade", "I work in marketing".
bool scan_work(const std::vector<Token>& t, size_t j, Builder& b) {
    const Voice& v = b.voice;
    const std::string S = v.subj();
    size_t o = 0;
    if (at(t, j, {"work", "as"})) o = j + 2;
    else if (at(t, j, {"work"}) && !t[j].clause_end) {
        // "I work from home as a translator", "I work part time as a nurse"
        size_t k = j + 1;
        while (k < t.size() && k - j < 4 && !t[k - 1].clause_end && !one_of(t, k, {"as", "at", "for"})) k++;
        if (at(t, k, {"as"}) && !t[k - 1].clause_end) o = k + 1;
    }
    else if (at(t, j, {"am", "working", "as"}) || at(t, j, {"have", "worked", "as"})) o = j + 3;
    else if (at(t, j, {"got", "a", "job", "as"}) || at(t, j, {"have", "been", "working", "as"})) o = j + 4;
    if (!o && (at(t, j, {"got", "a", "job"}) || at(t, j, {"got", "a", "new", "job"}) || at(t, j, {"started", "a", "new", "job"}) ||
               at(t, j, {"have", "a", "new", "job"}))) {
        // "I got a new job at Amazon": where they work now.
        size_t k = j + 3;
        if (at(t, k, {"job"})) k++;
        size_t before = b.out.size();
        add_employer(t, k, b);
        if (b.out.size() > before) return true;
    }
    if (o) {
        Span title = job_title(t, o);
        auto obj = capture(t, o, 8);
        b.add(FactKind::Job, "job", span_text(t, title, v), str(S, " ", v.verb("work"), " as ", span_text(t, obj, v)), 0.85,
              0.7, 0.1);
        add_employer(t, title.second, b);
        return true;
    }
    if (at(t, j, {"teach"}) && j + 1 < t.size() && !t[j].clause_end && !one_of(t, j + 1, {"me", "him", "her", "them", "you", "myself"})) {
        // "I teach third grade", "I teach at Lincoln High"
        Span subject = job_title(t, j + 1);
        std::string what = span_text(t, subject, v);
        b.add(FactKind::Job, "job", what.empty() ? "teacher" : what + " teacher",
              str(S, " ", v.verb("teach"), " ", span_text(t, capture(t, j + 1, 8), v)), 0.8, 0.7, 0.1);
        add_employer(t, subject.second, b);
        return true;
    }
    size_t w = j;
    if (one_of(t, j, {"work", "works"})) w = j + 1;
    else if (at(t, j, {"am", "working"}) || at(t, j, {"started", "working"})) w = j + 2;
    else return false;
    if (at(t, w, {"in"}) && w + 1 < t.size() && !capitalized(t[w + 1]) && !one_of(t, w + 1, {"the", "a", "my"})) {
        auto obj = capture(t, w + 1, 4);  // "I work in marketing"
        std::string field = span_text(t, obj, v);
        b.add(FactKind::Job, "job", field, str(S, " ", v.verb("work"), " in ", field), 0.75, 0.6, 0.1);
        return true;
    }
    // "I work nights at the warehouse": a few words, then where.
    size_t k = w;
    while (k < t.size() && k - w < 3 && !one_of(t, k, {"at", "for"}) && !t[k].clause_end) k++;
    if (!one_of(t, k, {"at", "for"})) return false;
    size_t before = b.out.size();
    add_employer(t, k, b);
    return b.out.size() > before;
}

// Where the speaker lives: "I live in Oslo", "I moved to Echo Park", "I'm
// living in Brooklyn", "I'm based in Cape Town", "we're in the Bay Area now",
// "I live with my grandmother in Queens"; negated, the opposite value.
bool scan_place(const std::vector<Token>& t, size_t i, size_t j, bool negated, bool anymore, Builder& b) {
    const Voice& v = b.voice;
    const std::string S = v.subj();
    size_t o = 0;
    bool moving = false;
    if (at(t, j, {"live", "in"}) || at(t, j, {"moved", "to"}) || at(t, j, {"relocated", "to"}) ||
        at(t, j, {"are", "living", "in"}) || at(t, j, {"am", "living", "in"}) || at(t, j, {"am", "based", "in"}) ||
        at(t, j, {"are", "based", "in"}) || at(t, j, {"have", "moved", "to"}) || at(t, j, {"live", "out", "in"}) ||
        at(t, j, {"have", "lived", "in"}) || at(t, j, {"have", "been", "living", "in"}))
        o = j + (at(t, j, {"have", "been"}) ? 4 : one_of(t, j, {"am", "are", "have"}) || at(t, j, {"live", "out"}) ? 3 : 2);
    else if (at(t, j, {"am", "moving", "to"}) || at(t, j, {"are", "moving", "to"})) {
        o = j + 3;
        moving = true;
    } else if (one_of(t, j, {"live", "living"}) || at(t, j, {"am", "living"}) || at(t, j, {"are", "living"})) {
        // "I live with my grandmother in Queens", "I live alone in a small flat in Leeds".
        size_t k = j + (one_of(t, j, {"am", "are"}) ? 2 : 1);
        if (at(t, k, {"in"})) return false;
        while (k + 1 < t.size() && k - j < 9 && !t[k].clause_end && !(t[k].lower == "in" && capitalized(t[k + 1]))) k++;
        if (!at(t, k, {"in"}) || k + 1 >= t.size() || !capitalized(t[k + 1])) return false;
        o = k + 1;
    } else if (!negated && (at(t, j, {"am", "in"}) || at(t, j, {"are", "in"})) && j + 2 < t.size()) {
        // "we're in the Bay Area now", "I'm in Denver these days": a place by name only.
        size_t k = j + 2 + (one_of(t, j + 2, {"the"}) ? 1 : 0);
        if (k >= t.size() || !capitalized(t[k]) || month_from_word(t[k].lower)) return false;
        if (when_of(t, i, t.size(), b.time_ms).ms) return false;  // "I'm in London next week": a trip
        o = j + 2;
    } else {
        return false;
    }
    Span obj = place_span(t, o);
    std::string where = span_text(t, obj, v);
    if (where.empty()) return true;
    if (negated) {
        b.add(FactKind::Place, "lives_in", "not " + where,
              str(S, anymore || at(t, i + 1, {"no"}) ? " no longer " : str(" ", v.do_not(), " "), v.verb("live"), " in ", where),
              0.8, 0.6, 0.2);
        return true;
    }
    b.add(FactKind::Place, "lives_in", where,
          moving ? str(S, " ", v.be(), " moving to ", where) : str(S, " ", v.verb("live"), " in ", where), moving ? 0.7 : 0.85,
          0.7, 0.2);
    return true;
}

}  // namespace os1::memory::detail
