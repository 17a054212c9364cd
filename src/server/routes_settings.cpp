// The settings screen's routes and correcting a fact, over companion::Home
// for the signed-in person only:
//   GET /api/settings               the persona's style, the brain and model
//   PUT /api/settings               {"tone"?, "humour"?, "length"?, "brain"?, "model"?}
//   PUT /api/memory/{id}            {"text": "..."}: a fact corrected (a new version)
// Style goes to the person's persona.toml, the brain choice to their own
// config (Home::choose_brain: where the CLI keeps it); the next turn uses both.
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>

#include "core/strings.h"
#include "server/api.h"

namespace os1::server {

namespace http = boost::beast::http;

namespace {

Json names(std::initializer_list<std::string_view> list) {
    Json out = Json::array();
    for (auto n : list) out.push_back(std::string(n));
    return out;
}

Json settings_json(Person& person, companion::Home& home, const companion::BrainSettings& b) {
    using namespace persona;
    const auto& setup = home.setup();
    const bool met = !setup.empty() && !person.temporary_setup;
    Json brains = Json::array();
    brains.push_back({{"name", "none"}, {"available", true}});
    brains.push_back({{"name", "local"}, {"available", !b.models.empty()}});
    brains.push_back({{"name", "openai"}, {"available", b.openai_configured}});
    Json j{{"meeting_done", met},
           {"style",
            {{"tone", std::string(tone_name(setup.persona.tone))},
             {"humour", std::string(humour_name(setup.persona.humour))},
             {"length", std::string(length_name(setup.persona.length))}}},
           {"styles",
            {{"tone", names({tone_name(Tone::Warm), tone_name(Tone::Playful), tone_name(Tone::Calm), tone_name(Tone::Direct)})},
             {"humour", names({humour_name(Humour::None), humour_name(Humour::Some), humour_name(Humour::Lots)})},
             {"length", names({length_name(Length::Short), length_name(Length::Medium), length_name(Length::Long)})}}},
           {"brain", b.brain},
           {"model", b.model},
           {"chosen", {{"brain", b.chosen.brain}, {"model", b.chosen.model}}},
           {"brains", brains},
           {"models", b.models},
           {"using", std::string(brain::backend_name(home.brain().backend()))}};
    if (!b.problem.empty()) j["problem"] = b.problem;
    return j;
}

Response current_settings(Api& api, const Request& req, Person& person, companion::Home& home) {
    auto brain = home.brain_settings(api.people().flags());
    if (!brain) return error_reply(req, brain.error());
    return json_reply(req, 200, settings_json(person, home, *brain));
}

// The body's setting, a string when present; an error reply otherwise.
std::optional<Response> read_field(const Request& req, const Json& body, const char* key, std::optional<std::string>& out) {
    if (!body.contains(key)) return std::nullopt;
    if (!body[key].is_string()) return error_reply(req, 400, "invalid", str("'", key, "' must be text."));
    out = body[key].get<std::string>();
    return std::nullopt;
}

Response change_settings(Api& api, const Request& req, const SignedIn& who) {
    auto body = json_body(req);
    if (!body) return error_reply(req, body.error());
    if (!body->is_object()) return error_reply(req, 400, "invalid", "Send {\"tone\", \"humour\", \"length\", \"brain\", \"model\"} (any of them).");
    for (auto& [key, value] : body->items())
        if (key != "tone" && key != "humour" && key != "length" && key != "brain" && key != "model")
            return error_reply(req, 400, "invalid", str("There is no setting '", key, "' (tone, humour, length, brain, model)."));
    std::optional<std::string> tone, humour, length, brain, model;
    const std::pair<const char*, std::optional<std::string>*> fields[] = {
        {"tone", &tone}, {"humour", &humour}, {"length", &length}, {"brain", &brain}, {"model", &model}};
    for (const auto& [key, slot] : fields)
        if (auto bad = read_field(req, *body, key, *slot)) return std::move(*bad);
    // Every style checked before anything is written: a bad one changes nothing.
    persona::Answers style;
    if (tone) {
        if (auto t = persona::parse_tone(*tone); !t) return error_reply(req, 400, "invalid", str("tone: ", t.error().message));
        style["style.tone"] = *tone;
    }
    if (humour) {
        if (auto h = persona::parse_humour(*humour); !h) return error_reply(req, 400, "invalid", str("humour: ", h.error().message));
        style["style.humour"] = *humour;
    }
    if (length) {
        if (auto l = persona::parse_length(*length); !l) return error_reply(req, 400, "invalid", str("length: ", l.error().message));
        style["style.length"] = *length;
    }
    Person& person = api.people().get(who.owner);
    if (person.talking) return error_reply(req, 409, "busy", "Wait for the reply to finish, then change the settings.");
    std::lock_guard lock(person.mutex);
    auto home = api.people().home(person);
    if (!home) return error_reply(req, home.error());
    if (!style.empty() && ((*home)->setup().empty() || person.temporary_setup))
        return error_reply(req, 400, "invalid", "Meet first: the style is chosen at the first meeting.");
    if (brain || model) {
        auto before = (*home)->brain_choice();
        if (!before) return error_reply(req, before.error());
        companion::BrainChoice wanted{brain.value_or(before->brain), model.value_or(brain ? "" : before->model)};
        // A brain named without a model keeps the model when the brain stays local.
        if (brain && !model && (wanted.brain == before->brain || wanted.brain == "local")) wanted.model = before->model;
        auto chosen = (*home)->choose_brain(wanted, api.people().flags());
        if (!chosen) return error_reply(req, chosen.error());
        if (chosen->brain != before->brain || chosen->model != before->model) {
            // The next turn wakes with the new brain (its conversation's state saved first).
            api.people().reload(person);
            home = api.people().home(person);
            if (!home) return error_reply(req, home.error());
        }
    }
    if (!style.empty()) {
        auto changed = (*home)->change_style(style);
        if (!changed) return error_reply(req, changed.error());
        api.people().restart_conversation(person);  // the next turn speaks in the new style
    }
    return current_settings(api, req, person, **home);
}

}  // namespace

Response settings_route(Api& api, const Request& req, const SignedIn& who) {
    if (req.method() == http::verb::get)
        return with_home(api, req, who, [&](Person& person, companion::Home& home) {
            return current_settings(api, req, person, home);
        });
    if (req.method() == http::verb::put) return change_settings(api, req, who);
    auto res = error_reply(req, 405, "invalid", "Use GET or PUT here.");
    res.set(http::field::allow, "GET, PUT");
    return res;
}

Response correct_fact_route(Api& api, const Request& req, const std::string& ref, const SignedIn& who) {
    auto body = json_body(req);
    if (!body) return error_reply(req, body.error());
    if (!body->is_object() || !body->contains("text") || !(*body)["text"].is_string())
        return error_reply(req, 400, "invalid", "Send {\"text\": \"what is right\"}.");
    const std::string text = (*body)["text"].get<std::string>();
    if (text.size() > memory::MAX_FACT_TEXT_BYTES)
        return error_reply(req, 413, "too_large", str("A fact may be at most ", memory::MAX_FACT_TEXT_BYTES, " bytes."));
    Person& person = api.people().get(who.owner);
    if (person.talking) return error_reply(req, 409, "busy", "Wait for the reply to finish, then correct it.");
    return with_home(api, req, who, [&](Person&, companion::Home& home) {
        auto corrected = home.correct(ref, text);
        if (!corrected) return error_reply(req, corrected.error());
        return json_reply(req, 200, {{"fact", companion::fact_json(corrected->after)},
                                     {"replaced", companion::fact_json(corrected->before)},
                                     {"message", "Thank you. I've corrected it, and kept what I had before in its history."}});
    });
}

}  // namespace os1::server
