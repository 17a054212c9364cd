// Export (everything as one JSON document) and JSONL import (memory.h).
#include <fstream>

#include "core/clock.h"
#include "core/json.h"
#include "memory/impl.h"
#include "memory/time_parse.h"

namespace os1::memory {

Result<std::string> Memory::Impl::export_locked() {
    Json doc;
    doc["format"] = "os1-memory";
    doc["version"] = 1;
    doc["exported_at"] = format_iso8601_utc(SystemClock::instance().wall_ms());
    Json episodes = Json::array();
    {
        auto st = TRY(db->prepare(
            "SELECT id, external_id, speaker, text, time_ms, session, valence, arousal, emotion, emotion_probs,"
            " importance, emotional_weight FROM episodes ORDER BY id"));
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
        auto st = TRY(db->prepare(
            "SELECT id, kind, subject, key, value, text, event_time_ms, confidence, importance, emotional_weight,"
            " valid_from_ms, valid_to_ms, superseded_by FROM facts ORDER BY id"));
        while (TRY(st.step())) {
            Fact f = TRY(read_fact(st));
            Json j{{"id", str("f", f.id)}, {"kind", fact_kind_name(f.kind)}, {"subject", f.subject}, {"key", f.key},
                   {"value", f.value}, {"text", f.text}, {"confidence", f.confidence}, {"importance", f.importance},
                   {"emotional_weight", f.emotional_weight}, {"valid_from", format_iso8601_utc(f.valid_from_ms)},
                   {"current", f.valid_to_ms == 0}, {"sources", f.sources}};
            if (f.event_time_ms) j["event_time"] = format_iso8601_utc(f.event_time_ms);
            if (f.valid_to_ms) j["valid_to"] = format_iso8601_utc(f.valid_to_ms);
            if (f.superseded_by) j["superseded_by"] = str("f", f.superseded_by);
            facts.push_back(std::move(j));
        }
    }
    doc["facts"] = std::move(facts);
    Json notes = Json::array();
    {
        auto st = TRY(db->prepare("SELECT id, kind, scope, text, time_ms FROM notes ORDER BY id"));
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

namespace {

std::string json_string(const Json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return {};
    if (it->is_string()) return it->get<std::string>();
    return it->dump();
}

}  // namespace

Result<ImportReport> Memory::import_jsonl(const std::filesystem::path& file,
                                         const std::function<void(const std::vector<std::string>&)>& on_committed) {
    std::ifstream in(file);
    if (!in) return Error::not_found(file.string(), ": cannot open the file to import (does it exist?)");
    ImportReport report;
    constexpr size_t BATCH = 256;
    std::vector<Episode> batch;
    std::vector<std::string> batch_ids;
    int64_t last_time = SystemClock::instance().wall_ms();
    auto flush = [&]() -> Result<void> {
        if (batch.empty()) return ok();
        {
            std::lock_guard lock(m_impl->mutex);
            auto tx = TRY(store::Transaction::begin(*m_impl->db));
            for (auto& e : batch) TRY(m_impl->add_locked(e));
            TRY(tx.commit());
        }
        report.imported += static_cast<int64_t>(batch.size());
        if (on_committed) on_committed(batch_ids);
        batch.clear();
        batch_ids.clear();
        return ok();
    };
    auto exists = [&](const std::string& id) -> Result<bool> {
        std::lock_guard lock(m_impl->mutex);
        auto st = TRY(m_impl->db->prepare("SELECT 1 FROM episodes WHERE external_id=?"));
        st.bind(1, id);
        return TRY(st.step());
    };
    std::string line;
    int64_t line_no = 0;
    std::set<std::string> pending;
    auto problem = [&](std::string what) {
        report.skipped++;
        if (report.problems.size() < 1000) report.problems.push_back(str(file.filename().string(), ":", line_no, ": ", what));
    };
    while (std::getline(in, line)) {
        line_no++;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        auto parsed = parse_json(line, str(file.filename().string(), ":", line_no));
        if (!parsed) {
            problem(str("not valid JSON (", parsed.error().message, ")"));
            continue;
        }
        const Json& j = *parsed;
        if (!j.is_object()) {
            problem("a line must be a JSON object {\"id\",\"speaker\",\"text\",\"time\",\"session\"}");
            continue;
        }
        Episode e;
        e.external_id = json_string(j, "id");
        e.speaker = json_string(j, "speaker");
        e.text = json_string(j, "text");
        e.session = json_string(j, "session");
        if (e.text.empty()) {
            problem("no \"text\"");
            continue;
        }
        if (e.speaker.empty()) e.speaker = "user";
        std::string time = json_string(j, "time");
        if (time.empty()) {
            e.time_ms = last_time;
        } else {
            auto t = parse_time(time, last_time);
            if (!t) {
                problem(str("time: ", t.error().message));
                continue;
            }
            e.time_ms = *t;
        }
        last_time = e.time_ms;
        if (auto a = j.find("affect"); a != j.end() && a->is_object()) {
            Affect af;
            af.valence = a->value("valence", 0.0);
            af.arousal = a->value("arousal", 0.0);
            af.dominant = a->value("dominant", "");
            if (auto p = a->find("probabilities"); p != a->end()) af.probabilities = p->dump();
            e.affect = af;
        }
        if (!e.external_id.empty()) {
            if (pending.count(e.external_id) || TRY(exists(e.external_id))) {
                report.duplicates++;
                problem(str("id '", e.external_id, "' is already in memory (skipped)"));
                continue;
            }
            pending.insert(e.external_id);
        }
        batch_ids.push_back(e.external_id);
        batch.push_back(std::move(e));
        if (batch.size() >= BATCH) {
            TRY(flush());
            pending.clear();
        }
    }
    TRY(flush());
    return report;
}

}  // namespace os1::memory
