// Tools behind the front door that need no owner: the emotion reader
// (`os1 affect`) and the versions of the optional parts (`os1 doctor`).
#include <curl/curl.h>
#include <sqlite3.h>

#include "affect/affect.h"
#include "affect/conversation.h"
#include "companion/home.h"
#include "companion/safety.h"
#include "core/json.h"

namespace os1::companion {

namespace {

class ModelReader final : public EmotionReader {
public:
    explicit ModelReader(affect::AffectModel model) : m_model(std::move(model)) {}
    std::string json(std::string_view text) const override {
        // A message crisis care answers is read as pain or fear, not disapproval.
        auto reading = affect::analyze_message(m_model, text);
        auto crisis = detect_crisis(text);
        if (crisis)
            reading = affect::crisis_reading(m_model, reading,
                                             crisis.kind == CrisisKind::SelfHarm ? affect::CrisisTone::Sadness
                                                                                 : affect::CrisisTone::Fear);
        Json json = affect::affect_to_json(reading);
        if (crisis) json["crisis"] = std::string(crisis_kind_name(crisis.kind));
        return dump_json(json);
    }

private:
    affect::AffectModel m_model;
};

}  // namespace

Result<std::unique_ptr<EmotionReader>> EmotionReader::open(const std::string& model_file) {
    auto model = TRY(model_file.empty() ? affect::AffectModel::load_embedded() : affect::AffectModel::load_file(model_file));
    return std::unique_ptr<EmotionReader>(new ModelReader(std::move(model)));
}

std::vector<std::pair<std::string, std::string>> components() {
    return {{"sqlite", std::string(sqlite3_libversion()) +
                           (sqlite3_compileoption_used("ENABLE_FTS5") ? " (fts5)" : " (NO fts5!)")},
            {"libcurl", curl_version_info(CURLVERSION_NOW)->version}};
}

}  // namespace os1::companion
