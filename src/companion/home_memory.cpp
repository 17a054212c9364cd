// Home's memory and mood use cases: list, search, show, forget, export,
// import (with the affect annotator), reflect, and the mood timeline, plus
// the JSON views of memory records every front end prints.
#include <algorithm>
#include <cctype>
#include <filesystem>

#include "affect/labels.h"
#include "affect/mood_chart.h"
#include "companion/home.h"
#include "companion/mood.h"
#include "companion/perceive.h"
#include "core/clock.h"
#include "core/text.h"

namespace os1::companion {

Json hit_json(const memory::Hit& h) {
    Json j{{"kind", memory::hit_kind_name(h.kind)},
           {"id", str(h.kind == memory::HitKind::Fact ? "f" : h.kind == memory::HitKind::Episode ? "e" : "s", h.id)},
           {"score", h.score},
           {"text", h.text},
           {"time", format_iso8601_utc(h.time_ms)},
           {"sources", h.sources}};
    if (!h.speaker.empty()) j["speaker"] = h.speaker;
    if (!h.session.empty()) j["session"] = h.session;
    return j;
}

Json fact_json(const memory::Fact& f) {
    Json j{{"id", str("f", f.id)}, {"kind", memory::fact_kind_name(f.kind)}, {"subject", f.subject}, {"key", f.key},
           {"value", f.value}, {"text", f.text}, {"confidence", f.confidence}, {"importance", f.importance},
           {"emotional_weight", f.emotional_weight}, {"valid_from", format_iso8601_utc(f.valid_from_ms)},
           {"current", f.valid_to_ms == 0}, {"sources", f.sources}, {"origin", f.origin}};
    if (f.origin == memory::FACT_FROM_PERSON) j["provenance"] = "corrected by you";
    if (f.valid_to_ms) j["valid_to"] = format_iso8601_utc(f.valid_to_ms);
    if (f.superseded_by) j["superseded_by"] = str("f", f.superseded_by);
    if (f.event_time_ms) j["event_time"] = format_iso8601_utc(f.event_time_ms);
    return j;
}

Json episode_json(const memory::StoredEpisode& e) {
    return {{"id", str("e", e.id)}, {"external_id", e.episode.external_id}, {"speaker", e.episode.speaker},
            {"text", e.episode.text}, {"time", format_iso8601_utc(e.episode.time_ms)}, {"session", e.episode.session}};
}

Json note_json(const memory::Note& note) {
    return {{"id", str("s", note.id)}, {"kind", memory::hit_kind_name(note.kind)}, {"scope", note.scope},
            {"text", note.text}, {"sources", note.sources}};
}

namespace {

// A fact's versions, oldest first; a version the person corrected says so
// ("corrected_by_you"): the old value stays in history with its sources.
Result<Json> versions_json(memory::Memory& mem, int64_t fact_id) {
    auto versions = TRY(mem.fact_versions(fact_id));
    Json out = Json::array();
    for (const auto& v : versions) {
        Json j = fact_json(v);
        for (const auto& w : versions)
            if (w.id == v.superseded_by && w.origin == memory::FACT_FROM_PERSON) j["corrected_by_you"] = true;
        out.push_back(std::move(j));
    }
    return out;
}

}  // namespace

Result<int64_t> Home::parse_time(const std::string& text) const {
    return memory::parse_time(text, SystemClock::instance().wall_ms());
}

Result<std::vector<memory::Hit>> Home::search(const MemorySearch& search) {
    auto* mem = TRY(memory());
    memory::SearchOptions opt;
    opt.session = search.session;
    opt.history = search.history;
    if (search.now_ms) opt.now_ms = search.now_ms;
    return mem->search(search.query, search.k, opt);
}

Result<std::vector<memory::Fact>> Home::facts(bool history) { return TRY(memory())->facts(history); }

Result<std::vector<memory::StoredEpisode>> Home::recent_messages(const std::string& session, int n) {
    return TRY(memory())->recent_episodes(session, n);
}

Result<std::vector<memory::Note>> Home::notes() {
    auto* mem = TRY(memory());
    auto out = TRY(mem->profile());
    auto summaries = TRY(mem->summaries());
    out.insert(out.end(), summaries.begin(), summaries.end());
    return out;
}

Result<Json> Home::show(const std::string& ref) {
    auto* mem = TRY(memory());
    Json out;
    const int64_t num = [&]() -> int64_t {
        if (ref.size() < 2) return 0;
        for (size_t i = 1; i < ref.size(); i++)
            if (!std::isdigit(static_cast<unsigned char>(ref[i]))) return 0;
        return std::stoll(ref.substr(1));
    }();
    std::optional<memory::StoredEpisode> ep = TRY(mem->episode_by_external_id(ref));
    if (!ep && num && ref[0] == 'e') ep = TRY(mem->episode(num));
    if (ep) {
        out = episode_json(*ep);
        if (ep->episode.affect)
            out["affect"] = {{"valence", ep->episode.affect->valence}, {"arousal", ep->episode.affect->arousal},
                             {"dominant", ep->episode.affect->dominant}};
        Json derived = Json::array();
        const std::string src = ep->episode.external_id.empty() ? str("e", ep->id) : ep->episode.external_id;
        for (auto& f : TRY(mem->facts(true)))
            if (std::find(f.sources.begin(), f.sources.end(), src) != f.sources.end()) derived.push_back(fact_json(f));
        out["facts"] = derived;
    } else if (num && ref[0] == 'f') {
        for (auto& f : TRY(mem->facts(true)))
            if (f.id == num) out = fact_json(f);
        if (!out.is_null()) out["versions"] = TRY(versions_json(*mem, num));
    } else if (num && ref[0] == 's') {
        for (auto& n : TRY(notes())) {
            if (n.id != num) continue;
            out = note_json(n);
            out["id"] = ref;
        }
    }
    if (out.is_null()) return Error::not_found("nothing in memory is called '", ref, "' (see 'os1 memory list')");
    return out;
}

Result<ForgetOutcome> Home::forget(const std::string& ref) {
    auto* mem = TRY(memory());
    return forget_memory(*mem, ref, forget_places(m_files, m_options.owner));
}

Result<memory::Corrected> Home::correct(const std::string& ref, const std::string& text) {
    auto* mem = TRY(memory());
    const bool digits = ref.size() >= 2 && ref.find_first_not_of("0123456789", 1) == std::string::npos && ref.size() < 19;
    if (digits && ref[0] == 'f') return mem->correct_fact(std::stoll(ref.substr(1)), {.text = text});
    if (digits && (ref[0] == 'e' || ref[0] == 's'))
        return Error::invalid("only a fact (f12) can be corrected: '", ref, "' is ",
                              ref[0] == 'e' ? "a message, what was said" : "a summary", "; forget it, or say what is right");
    if (TRY(mem->episode_by_external_id(ref)))
        return Error::invalid("only a fact (f12) can be corrected: '", ref, "' is a message, what was said; forget it, or say what is right");
    return Error::not_found("nothing in memory is called '", ref, "' (see 'os1 memory list')");
}

Result<memory::ImportReport> Home::import_jsonl(const std::filesystem::path& file,
                                                const std::function<void(const std::vector<std::string>&)>& on_committed) {
    auto* mem = TRY(memory());
    // The person's imported messages get an affect reading at their own
    // time, as chat messages do, so they reach the mood timeline.
    auto perceiver = make_default_perceiver();
    memory::AffectAnnotator annotate = [&](const std::string& text) -> std::optional<memory::Affect> {
        auto emotion = perceiver->perceive(text);
        if (emotion.json.is_null()) return std::nullopt;  // no classifier: no reading, not a made-up neutral
        return emotion.to_memory();
    };
    return mem->import_jsonl(file, on_committed, annotate);
}

Result<memory::ReflectResult> Home::reflect() { return TRY(memory())->reflect(); }

Result<MoodReport> Home::mood(int days, bool utc, bool with_svg) {
    MoodReport report;
    if (!std::filesystem::exists(m_paths.database)) {
        report.any_conversation = false;
        return report;
    }
    auto* mem = TRY(memory());
    const int64_t now = SystemClock::instance().wall_ms();
    affect::MoodChartOptions options;
    options.utc_offset_minutes = utc ? 0 : affect::local_utc_offset_minutes(now);
    // Start at local midnight N-1 days ago.
    const int64_t day_ms = 86'400'000;
    const int64_t local_now = now + int64_t(options.utc_offset_minutes) * 60'000;
    const int64_t since = (local_now / day_ms - (days - 1)) * day_ms - int64_t(options.utc_offset_minutes) * 60'000;
    auto samples = TRY(mood_samples(*mem, since));
    auto by_day = affect::group_by_day(samples, options);
    report.messages = samples.size();
    report.chart = affect::render_mood_text(by_day, options);
    if (with_svg) report.svg = affect::render_mood_svg(by_day, options);
    for (const auto& d : by_day) {
        if (d.n_messages == 0) continue;
        const std::string label = d.dominant.empty() ? "neutral" : std::string(affect::GO_LABELS[d.dominant[0].first]);
        report.days.push_back({{"date", d.date}, {"valence", d.valence}, {"arousal", d.arousal}, {"label", label},
                               {"messages", d.n_messages}});
    }
    return report;
}

}  // namespace os1::companion
