// Export (everything as one JSON document) and JSONL import (memory.h).
#include <set>
#include <span>

#include "core/clock.h"
#include "core/json.h"
#include "memory/impl.h"
#include "memory/sql.h"
#include "memory/jsonl_reader.h"
#include "memory/time_parse.h"

namespace os1::memory {

Result<std::string> Memory::Impl::export_locked() {
    Json doc;
    doc["format"] = "os1-memory";
    doc["version"] = 1;
    doc["exported_at"] = format_iso8601_utc(SystemClock::instance().wall_ms());
    Json episodes = Json::array();
    {
        auto st = TRY(db->prepare_cached(sql::EXPORT_EPISODES));
        while (TRY(st.step())) {
            Json e;
            e["id"] = source_ref(st.column_int(0), st.column_view(1));
            e["speaker"] = st.column_text(2);
            e["text"] = st.column_text(3);
            e["time"] = format_iso8601_utc(st.column_int(4));
            e["time_ms"] = st.column_int(4);
            e["session"] = st.column_text(5);
            e["importance"] = st.column_double(10);
            e["emotional_weight"] = st.column_double(11);
            if (!st.column_is_null(6)) {
                e["affect"] = {{"valence", st.column_double(6)}, {"arousal", st.column_double(7)}, {"dominant", st.column_text(8)}};
                if (auto probs = parse_json(st.column_view(9)); probs) e["affect"]["probabilities"] = *probs;
            }
            episodes.push_back(std::move(e));
        }
    }
    doc["episodes"] = std::move(episodes);
    Json facts = Json::array();
    {
        auto st = TRY(db->prepare_cached(sql::EXPORT_FACTS));
        while (TRY(st.step())) {
            Fact f = TRY(read_fact(st));
            Json j{{"id", str("f", f.id)}, {"kind", fact_kind_name(f.kind)}, {"subject", f.subject}, {"key", f.key},
                   {"value", f.value}, {"text", f.text}, {"confidence", f.confidence}, {"importance", f.importance},
                   {"emotional_weight", f.emotional_weight}, {"valid_from", format_iso8601_utc(f.valid_from_ms)},
                   {"current", f.valid_to_ms == 0}, {"sources", f.sources}};
            if (f.event_time_ms) j["event_time"] = format_iso8601_utc(f.event_time_ms);
            if (f.valid_to_ms) j["valid_to"] = format_iso8601_utc(f.valid_to_ms);
            if (f.superseded_by) j["superseded_by"] = str("f", f.superseded_by);
            if (f.origin != FACT_FROM_RULES) j["origin"] = f.origin;
            facts.push_back(std::move(j));
        }
    }
    doc["facts"] = std::move(facts);
    Json notes = Json::array();
    {
        auto st = TRY(db->prepare_cached(sql::EXPORT_NOTES));
        std::vector<Json> rows;
        std::vector<int64_t> ids;
        while (TRY(st.step())) {
            ids.push_back(st.column_int(0));
            rows.push_back(Json{{"id", str("s", st.column_int(0))}, {"kind", st.column_text(1)}, {"scope", st.column_text(2)},
                                {"text", st.column_text(3)}, {"time", format_iso8601_utc(st.column_int(4))}});
        }
        for (size_t i = 0; i < rows.size(); i++) {
            rows[i]["sources"] = TRY(note_sources(ids[i]));
            notes.push_back(std::move(rows[i]));
        }
    }
    doc["notes"] = std::move(notes);
    return dump_json(doc, 2);
}

Result<std::string> Memory::export_json() {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->export_locked();
}


// ---- import ----
//
// Every line is a record of its own: whatever is wrong with one line (not
// JSON, nested too deep, too long, a field of the wrong type, a bad time)
// is reported with its line number and skipped; the other lines are kept.
// Lines are read through a fixed buffer (jsonl_reader.h), so memory stays
// bounded however long a line is.

namespace {

constexpr size_t MAX_LINE_BYTES = size_t(1) << 20;  // one message, with its metadata
constexpr int MAX_NESTING = 64;
constexpr size_t MAX_TIME_BYTES = 200;
constexpr size_t BATCH = 256;

// Text as it may appear in a problem report: short, one line.
std::string shorten(std::string s) {
    if (s.size() > 40) {
        size_t cut = 40;
        while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) cut--;  // not inside a UTF-8 sequence
        s = s.substr(0, cut) + "...";
    }
    for (char& c : s)
        if (static_cast<unsigned char>(c) < 0x20) c = ' ';
    return s;
}

// A value as a problem report names it: `string "high"`, `number 5`, `array`.
std::string describe(const Json& v) {
    if (v.is_string()) return "string \"" + shorten(v.get<std::string>()) + "\"";
    if (v.is_primitive()) return str(v.type_name(), " ", shorten(v.dump()));
    return v.type_name();
}

// A field that is text when present ("" when absent or null); ids and
// sessions may also be numbers.
Result<std::string> text_field(const Json& j, const char* key, bool number_ok = false) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return std::string();
    if (it->is_string()) return it->get<std::string>();
    if (number_ok && it->is_number()) return it->dump();
    return Error::invalid("\"", key, "\" must be a string, not ", describe(*it));
}

Result<double> affect_number(const Json& a, const char* key, double lo, double hi) {
    auto it = a.find(key);
    if (it == a.end() || it->is_null()) return 0.0;
    if (!it->is_number())
        return Error::invalid("\"affect.", key, "\" must be a number from ", lo, " to ", hi, ", not ", describe(*it));
    double v = it->get<double>();
    if (!(v >= lo && v <= hi)) return Error::invalid("\"affect.", key, "\" is ", v, ", outside ", lo, " to ", hi);
    return v;
}

Result<std::optional<Affect>> affect_field(const Json& j) {
    auto a = j.find("affect");
    if (a == j.end() || a->is_null()) return std::optional<Affect>();
    if (!a->is_object()) return Error::invalid("\"affect\" must be an object {\"valence\",\"arousal\",\"dominant\"}, not ", a->type_name());
    Affect af;
    af.valence = TRY(affect_number(*a, "valence", -1, 1));
    af.arousal = TRY(affect_number(*a, "arousal", 0, 1));
    af.dominant = TRY(text_field(*a, "dominant"));
    if (auto p = a->find("probabilities"); p != a->end() && !p->is_null()) {
        if (!p->is_object()) return Error::invalid("\"affect.probabilities\" must be an object {\"joy\":0.7,...}, not ", p->type_name());
        for (auto it = p->begin(); it != p->end(); ++it)
            if (!it->is_number() || !(it->get<double>() >= 0 && it->get<double>() <= 1))
                return Error::invalid("\"affect.probabilities.", shorten(it.key()), "\" must be a number from 0 to 1");
        af.probabilities = p->dump();
    }
    return std::optional<Affect>(std::move(af));
}

// One line → an episode, or the reason it cannot be one. `last_time` is
// the previous record's time (a record without a time takes it).
Result<Episode> read_record(const std::string& line, int64_t last_time) {
    if (nesting_depth_exceeds(line, MAX_NESTING))
        return Error::invalid("nested deeper than ", MAX_NESTING, " levels; a message is a flat object");
    auto parsed = parse_json(line, "line");
    if (!parsed) return Error::invalid("not valid JSON (", parsed.error().message, ")");
    const Json& j = *parsed;
    if (!j.is_object()) return Error::invalid("a line must be a JSON object {\"id\",\"speaker\",\"text\",\"time\",\"session\"}");
    Episode e;
    e.external_id = TRY(text_field(j, "id", true));
    e.speaker = TRY(text_field(j, "speaker"));
    e.text = TRY(text_field(j, "text"));
    e.session = TRY(text_field(j, "session", true));
    if (e.text.empty()) return Error::invalid("no \"text\"");
    if (e.speaker.empty()) e.speaker = "user";
    std::string time = TRY(text_field(j, "time"));
    if (time.empty()) {
        e.time_ms = last_time;
    } else if (time.size() > MAX_TIME_BYTES) {
        return Error::invalid("\"time\" is ", time.size(), " bytes long, too long to be a date");
    } else {
        auto t = parse_time(time, last_time);
        if (!t) return Error::invalid("time: ", t.error().message);
        e.time_ms = *t;
    }
    e.affect = TRY(affect_field(j));
    return e;
}

// The boundary with the JSON library: nothing it throws gets past one record.
Result<Episode> read_record_safely(const std::string& line, int64_t last_time) {
    try {
        return read_record(line, last_time);
    } catch (const std::exception& ex) {
        return Error::invalid("unreadable record (", ex.what(), ")");
    }
}

}  // namespace

Result<ImportReport> Memory::import_jsonl(const std::filesystem::path& file,
                                         const std::function<void(const std::vector<std::string>&)>& on_committed,
                                         const AffectAnnotator& annotate) {
    auto reader = TRY(JsonlReader::open(file, MAX_LINE_BYTES));
    const std::string name = file.filename().string();
    ImportReport report;
    struct Pending {
        Episode episode;
        int64_t line = 0;
    };
    std::vector<Pending> batch;
    std::set<std::string> pending_ids;
    int64_t last_time = SystemClock::instance().wall_ms();
    auto problem = [&](int64_t line_no, const std::string& what) {
        report.skipped++;
        if (report.problems.size() < 1000) report.problems.push_back(str(name, ":", line_no, ": ", what));
    };
    // Stores a run of records in one transaction.
    auto store_run = [&](std::span<const Pending> items) -> Result<void> {
        std::lock_guard lock(m_impl->mutex);
        auto tx = TRY(store::Transaction::begin(*m_impl->conn));
        for (const auto& p : items) TRY(m_impl->add_locked(p.episode));
        return tx.commit();
    };
    auto flush = [&]() -> Result<void> {
        if (batch.empty()) return ok();
        std::vector<std::string> ids;
        if (auto r = store_run(batch); r) {
            for (const auto& p : batch) ids.push_back(p.episode.external_id);
        } else if (r.error().code == ErrorCode::Io) {
            return r.release_error();  // the disk said no: stop; earlier batches are stored
        } else {
            // The database refused one of them: store the others one by one.
            for (const auto& p : batch) {
                auto one = store_run(std::span<const Pending>(&p, 1));
                if (one) ids.push_back(p.episode.external_id);
                else if (one.error().code == ErrorCode::Io) return one.release_error();
                else problem(p.line, one.error().message);
            }
        }
        report.imported += static_cast<int64_t>(ids.size());
        if (on_committed && !ids.empty()) on_committed(ids);
        batch.clear();
        pending_ids.clear();
        return ok();
    };
    auto exists = [&](const std::string& id) -> Result<bool> {
        std::lock_guard lock(m_impl->mutex);
        auto st = TRY(m_impl->db->prepare_cached(sql::EXTERNAL_ID_TAKEN));
        st.bind(1, id);
        return TRY(st.step());
    };
    JsonlReader::Line line;
    while (reader.next(line)) {
        if (line.too_long) {
            problem(line.number, str(human_bytes(line.length), " is longer than the ", human_bytes(MAX_LINE_BYTES),
                                     " a message may be; skipped"));
            continue;
        }
        if (line.text.find_first_not_of(" \t\r") == std::string::npos) continue;
        auto record = read_record_safely(line.text, last_time);
        if (!record) {
            problem(line.number, record.error().message);
            continue;
        }
        Episode& e = *record;
        last_time = e.time_ms;
        if (!e.external_id.empty()) {
            if (pending_ids.count(e.external_id) || TRY(exists(e.external_id))) {
                report.duplicates++;
                problem(line.number, str("id '", shorten(e.external_id), "' is already in memory (skipped)"));
                continue;
            }
            pending_ids.insert(e.external_id);
        }
        if (annotate && !e.affect && !m_impl->is_assistant(e.speaker)) e.affect = annotate(e.text);
        batch.push_back({std::move(e), line.number});
        if (batch.size() >= BATCH) TRY(flush());
    }
    TRY(flush());
    if (reader.failed()) return Error::io(file.string(), ": a read error after line ", line.number, "; the lines before it are stored");
    return report;
}

}  // namespace os1::memory
