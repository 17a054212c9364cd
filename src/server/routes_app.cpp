// The app API (/api/*) over companion::Home: sign-in, the conversation's
// history, memory, mood, persona and the first meeting, models. Every
// route works on the signed-in person's own Home; nothing here takes an
// owner from the request.
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>

#include "core/clock.h"
#include "core/text.h"
#include "server/api.h"

namespace os1::server {

namespace http = boost::beast::http;

namespace {

Response method_not_allowed(const Request& req, std::string_view allowed) {
    auto res = error_reply(req, 405, "invalid", str("Use ", allowed, " here."));
    res.set(http::field::allow, allowed);
    return res;
}

std::string cookie_header(const std::string& value, bool tls, int64_t max_age) {
    return str("os1_session=", value, "; HttpOnly; SameSite=Strict; Path=/; Max-Age=", max_age, tls ? "; Secure" : "");
}

Json persona_json(Person& person, companion::Home& home) {
    const auto& setup = home.setup();
    const bool met = !setup.empty() && !person.temporary_setup;
    return {{"companion", met ? setup.persona.name : ""},
            {"person", met ? setup.profile.name : ""},
            {"voice", met ? std::string(persona::tone_name(setup.persona.tone)) : ""},
            {"tone", std::string(persona::tone_name(setup.persona.tone))},
            {"humour", std::string(persona::humour_name(setup.persona.humour))},
            {"length", std::string(persona::length_name(setup.persona.length))},
            {"name_reason", met ? setup.persona.name_reason : ""},
            {"meeting_done", met}};
}

// The interview through Home, answered from a map: the questions come in
// the interview's order; an answer the interview refuses (it says why and
// asks again) is reported instead of retried.
struct ScriptedMeeting {
    const persona::Answers* given = nullptr;  // null: every answer empty (keeps the previous ones)
    size_t asked = 0;
    bool retry = false;
    std::string problem;
    companion::MeetingIo io() {
        return {[this](const std::string&) -> std::optional<std::string> {
                    const auto& questions = persona::interview();
                    if (retry || asked >= questions.size()) return std::nullopt;
                    const auto& key = questions[asked++].key;
                    if (!given) return std::string();
                    auto it = given->find(key);
                    return it == given->end() ? std::string() : it->second;
                },
                [this](const std::string& text) {
                    const auto& questions = persona::interview();
                    if (problem.empty() && asked > 0) problem = questions[asked - 1].key + ": " + text;
                    retry = true;
                }};
    }
};

Response setup_questions(const Request& req, Person& person, companion::Home& home) {
    ScriptedMeeting meeting;
    auto io = meeting.io();
    persona::Answers previous;
    if (!person.temporary_setup)
        if (auto answered = home.interview(io)) previous = *answered;
    Json questions = Json::array();
    for (const auto& q : persona::interview()) {
        auto it = previous.find(q.key);
        questions.push_back({{"key", q.key}, {"text", q.prompt}, {"hint", q.hint}, {"required", q.required},
                             {"answer", it == previous.end() ? "" : it->second}});
    }
    return json_reply(req, 200, {{"questions", questions}});
}

Response setup_answers(Api& api, const Request& req, Person& person) {
    auto body = json_body(req);
    if (!body) return error_reply(req, body.error());
    if (!body->contains("answers") || !(*body)["answers"].is_object())
        return error_reply(req, 400, "invalid", "Send {\"answers\": {\"you.name\": \"...\", ...}}.");
    persona::Answers given;
    for (auto& [key, value] : (*body)["answers"].items()) {
        if (!value.is_string()) return error_reply(req, 400, "invalid", str("The answer to '", key, "' must be text."));
        given[key] = value.get<std::string>();
    }
    for (const auto& [key, value] : given) {
        bool known = false;
        for (const auto& q : persona::interview()) known = known || q.key == key;
        if (!known) return error_reply(req, 400, "invalid", str("There is no question '", key, "'."));
    }
    if (person.temporary_setup) {  // talked before meeting: meet from a clean slate
        person.home.reset();
        person.temporary_setup = false;
        person.talking_ready = false;
    }
    auto home = api.people().home(person);
    if (!home) return error_reply(req, home.error());
    ScriptedMeeting meeting;
    meeting.given = &given;
    auto io = meeting.io();
    auto answers = (*home)->interview(io);
    if (!meeting.problem.empty()) return error_reply(req, 400, "invalid", meeting.problem);
    if (!answers) return error_reply(req, answers.error());
    auto setup = (*home)->complete_meeting(*answers, false);
    if (!setup) return error_reply(req, setup.error());
    api.people().restart_conversation(person);
    return json_reply(req, 200, persona_json(person, **home));
}

Response history(const Request& req, const Target& target, companion::Home& home) {
    auto limit = query_int(target, "limit", 50, 1, 1000);
    if (!limit) return error_reply(req, limit.error());
    // A little more than asked, so that leaving out the interview still fills the page.
    auto recent = home.recent_messages("", *limit + 64);
    if (!recent) return error_reply(req, recent.error());
    Json messages = Json::array();
    for (const auto& e : *recent) {
        if (e.episode.session == "setup") continue;  // the first meeting is memory, not conversation
        messages.push_back({{"id", str("e", e.id)}, {"role", e.episode.speaker == "user" ? "user" : "assistant"},
                            {"text", e.episode.text}, {"time", format_iso8601_utc(e.episode.time_ms)}});
    }
    if (messages.size() > size_t(*limit)) messages.erase(messages.begin(), messages.end() - *limit);
    return json_reply(req, 200, {{"messages", messages}});
}

Response memory_route(Api& api, const Request& req, const Target& target, const SignedIn& who) {
    const std::string& path = target.path;
    const auto method = req.method();
    if (path == "/api/memory") {
        if (method != http::verb::get) return method_not_allowed(req, "GET");
        return with_home(api, req, who, [&](Person&, companion::Home& home) {
            auto facts = home.facts(target.query.count("history") > 0);
            if (!facts) return error_reply(req, facts.error());
            Json out = Json::array();
            for (const auto& f : *facts) out.push_back(companion::fact_json(f));
            return json_reply(req, 200, {{"facts", out}});
        });
    }
    if (path == "/api/memory/search") {
        if (method != http::verb::get) return method_not_allowed(req, "GET");
        auto k = query_int(target, "k", 10, 1, 100);
        if (!k) return error_reply(req, k.error());
        auto q = target.query.find("q");
        if (q == target.query.end() || q->second.find_first_not_of(" \t") == std::string::npos)
            return error_reply(req, 400, "invalid", "Say what to look for: /api/memory/search?q=WORDS.");
        auto words = accept_text(q->second, MAX_MESSAGE_BYTES, "the search");
        if (!words) return error_reply(req, words.error());
        return with_home(api, req, who, [&](Person&, companion::Home& home) {
            companion::MemorySearch search;
            search.query = *words;
            search.k = *k;
            auto hits = home.search(search);
            if (!hits) return error_reply(req, hits.error());
            Json out = Json::array();  // as `os1 memory search WORDS --json` prints it
            for (const auto& h : *hits) out.push_back(companion::hit_json(h));
            return json_reply(req, 200, out);
        });
    }
    if (path == "/api/memory/export") {
        if (method != http::verb::get) return method_not_allowed(req, "GET");
        return with_home(api, req, who, [&](Person&, companion::Home& home) {
            auto doc = home.export_json();
            if (!doc) return error_reply(req, doc.error());
            Response res{http::status::ok, req.version()};
            res.set(http::field::content_type, "application/json");
            res.set(http::field::content_disposition, "attachment; filename=\"os1-memory.json\"");
            res.set(http::field::cache_control, "no-store");
            res.keep_alive(req.keep_alive());
            res.body() = std::move(*doc);
            res.prepare_payload();
            return res;
        });
    }
    const std::string ref = path.substr(std::string("/api/memory/").size());
    if (ref.empty() || ref.find('/') != std::string::npos || ref.size() > 200)
        return error_reply(req, 404, "not_found", "There is nothing at this address.");
    if (method == http::verb::get)
        return with_home(api, req, who, [&](Person&, companion::Home& home) {
            auto record = home.show(ref);
            if (!record) return error_reply(req, record.error());
            return json_reply(req, 200, *record);
        });
    if (method == http::verb::delete_)
        return with_home(api, req, who, [&](Person& person, companion::Home& home) {
            if (person.talking) return error_reply(req, 409, "busy", "Wait for the reply to finish, then forget.");
            auto out = home.forget(ref);
            if (!out) return error_reply(req, out.error());
            api.people().restart_conversation(person);  // the window is read again without it
            Json ids = Json::array();
            for (const auto& f : out->report.facts) ids.push_back(str("f", f.id));
            for (const auto& e : out->report.messages) ids.push_back(str("e", e.id));
            for (const auto& e : out->report.replies) ids.push_back(str("e", e.id));
            if (ids.empty()) ids.push_back(ref);
            Json j{{"forgotten", ids}, {"message", out->message}};
            if (!out->problems.empty()) j["problems"] = out->problems;
            return json_reply(req, 200, j);
        });
    if (method == http::verb::put) return correct_fact_route(api, req, ref, who);  // routes_settings.cpp
    return method_not_allowed(req, "GET, PUT, DELETE");
}

}  // namespace

Reply login_route(Api& api, const Request& req, const Client& client) {
    if (req.method() != http::verb::post) return {method_not_allowed(req, "POST"), {}};
    auto body = json_body(req);
    if (!body) return {error_reply(req, body.error()), {}};
    const Json& b = *body;
    if (!b.contains("name") || !b["name"].is_string() || !b.contains("password") || !b["password"].is_string())
        return {error_reply(req, 400, "invalid", "Send {\"name\": \"...\", \"password\": \"...\"}."), {}};
    const std::string name = b["name"].get<std::string>(), password = b["password"].get<std::string>();
    if (name.size() > 64 || password.size() > MAX_PASSWORD_BYTES)
        return {error_reply(req, 401, "unauthorized", "That name and password don't match."), {}};
    if (int wait = api.limiter().retry_after(name, client.address); wait > 0) {
        auto res = error_reply(req, 429, "rate_limited", str("Too many tries; wait ", wait, " seconds and try again."));
        res.set(http::field::retry_after, std::to_string(wait));
        return {std::move(res), {}};
    }
    auto user = api.users().check_password(name, password);
    if (!user) return {error_reply(req, user.error()), {}};
    if (!*user) {
        api.limiter().failed(name, client.address);
        return {error_reply(req, 401, "unauthorized", "That name and password don't match."), {}};
    }
    api.limiter().succeeded(name);
    auto session = api.sessions().create((*user)->name);
    if (!session) return {error_reply(req, session.error()), {}};
    auto res = json_reply(req, 200, {{"name", (*user)->name}, {"csrf", session->csrf}});
    res.set(http::field::set_cookie,
            cookie_header(session->cookie_value, client.tls, api.options().limits.session_ttl.count()));
    return {std::move(res), {}};
}

Reply app_route(Api& api, const Request& req, const Target& target, const SignedIn& who, const Client& client) {
    const std::string& path = target.path;
    const auto method = req.method();
    auto reply = [](Response r) { return Reply{std::move(r), {}}; };
    if (path == "/api/logout") {
        if (method != http::verb::post) return reply(method_not_allowed(req, "POST"));
        if (auto value = cookie(req, "os1_session"))
            if (auto removed = api.sessions().remove(*value); !removed) return reply(error_reply(req, removed.error()));
        auto res = empty_reply(req);
        res.set(http::field::set_cookie, cookie_header("", client.tls, 0));
        return reply(std::move(res));
    }
    if (path == "/api/me") {
        if (method != http::verb::get) return reply(method_not_allowed(req, "GET"));
        auto res = with_home(api, req, who, [&](Person& person, companion::Home& home) {
            return json_reply(req, 200, {{"name", who.name}, {"companion", persona_json(person, home)["companion"]}, {"csrf", who.csrf}});
        });
        // The app asks this as it opens: the cookie lives as long as the session now does.
        if (auto value = cookie(req, "os1_session"); value && !who.by_key && res.result_int() == 200)
            res.set(http::field::set_cookie, cookie_header(*value, client.tls, api.options().limits.session_ttl.count()));
        return reply(std::move(res));
    }
    if (path == "/api/history") {
        if (method != http::verb::get) return reply(method_not_allowed(req, "GET"));
        return reply(with_home(api, req, who, [&](Person&, companion::Home& home) { return history(req, target, home); }));
    }
    if (path == "/api/memory" || path.rfind("/api/memory/", 0) == 0) return reply(memory_route(api, req, target, who));
    if (path == "/api/mood") {
        if (method != http::verb::get) return reply(method_not_allowed(req, "GET"));
        auto days = query_int(target, "days", 14, 1, 366);
        if (!days) return reply(error_reply(req, days.error()));
        return reply(with_home(api, req, who, [&](Person&, companion::Home& home) {
            auto report = home.mood(*days, target.query.count("utc") > 0, false);
            if (!report) return error_reply(req, report.error());
            return json_reply(req, 200, {{"days", report->days}, {"messages", report->messages}});
        }));
    }
    if (auto skills = skills_route(api, req, target, who)) return std::move(*skills);  // routes_skills*.cpp
    if (path == "/api/reminders") {
        // The web app's delivery (skills/README.md): every active reminder, what is
        // due now (kept until acknowledged), and with ?checkin the check-in to say.
        if (method != http::verb::get) return reply(method_not_allowed(req, "GET"));
        return reply(with_home(api, req, who, [&](Person&, companion::Home& home) {
            auto active = home.reminders(false);
            if (!active) return error_reply(req, active.error());
            auto due = home.due_reminders(false);
            if (!due) return error_reply(req, due.error());
            Json out{{"reminders", Json::array()}, {"due", Json::array()}};
            for (const auto& r : *active) out["reminders"].push_back(home.reminder_view(r));
            for (const auto& r : *due) out["due"].push_back(home.reminder_view(r));
            if (target.query.count("checkin")) {
                auto checkin = home.checkin_due();
                if (!checkin) return error_reply(req, checkin.error());
                out["checkin"] = *checkin ? (*checkin)->to_json() : Json(nullptr);
            }
            return json_reply(req, 200, out);
        }));
    }
    if (path == "/api/persona") {
        if (method != http::verb::get) return reply(method_not_allowed(req, "GET"));
        return reply(with_home(api, req, who, [&](Person& person, companion::Home& home) {
            return json_reply(req, 200, persona_json(person, home));
        }));
    }
    if (path == "/api/setup") {
        if (method == http::verb::get)
            return reply(with_home(api, req, who, [&](Person& person, companion::Home& home) {
                return setup_questions(req, person, home);
            }));
        if (method != http::verb::post) return reply(method_not_allowed(req, "GET, POST"));
        Person& person = api.people().get(who.owner);
        if (person.talking) return reply(error_reply(req, 409, "busy", "Wait for the reply to finish."));
        std::lock_guard lock(person.mutex);
        return reply(setup_answers(api, req, person));
    }
    if (path == "/api/settings") return reply(settings_route(api, req, who));  // routes_settings.cpp
    if (path == "/api/models") {
        if (method != http::verb::get) return reply(method_not_allowed(req, "GET"));
        return reply(with_home(api, req, who, [&](Person&, companion::Home& home) {
            // The person's own brain (they may have chosen one in the settings).
            const std::string brain(brain::backend_name(home.brain().backend()));
            auto list = home.models();
            if (!list) return error_reply(req, list.error());
            Json models = Json::array();
            for (const auto& m : list->models)
                models.push_back({{"name", m.alias.empty() ? m.path.filename().string() : m.alias},
                                  {"file", m.path.filename().string()}, {"default", m.is_default}, {"bytes", m.bytes}});
            return json_reply(req, 200, {{"models", models}, {"brain", brain}});
        }));
    }
    if (path == "/api/chat")
        return reply(error_reply(req, 400, "invalid", "/api/chat is a WebSocket: open it with an Upgrade request."));
    return reply(error_reply(req, 404, "not_found", "There is no such API route."));
}

}  // namespace os1::server
