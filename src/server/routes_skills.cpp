// /api routes for reminders, the proposals waiting for a yes, and the
// calendar (routes_skills.h). Mail and letters: routes_skills_mail.cpp.
//   POST   /api/reminders {"text"}           -> 201 a proposal ("Shall I remind you ...?")
//   POST   /api/reminders/{id}/done          -> the reminder (acknowledged)
//   DELETE /api/reminders/{id}               -> the reminder (cancelled)
//   GET    /api/proposals                    -> {"proposals": [waiting]}
//   POST   /api/proposals/{id}/yes | no      -> {"proposal", "said"}
//   GET    /api/calendar?from&to | ?span     -> {"instances", "notes"}
//   GET    /api/calendar/sources             -> {"calendars"}
//   POST   /api/calendar/import?name=F.ics   -> the calendar stored (body: the .ics text, at most 1 MiB)
//   POST   /api/calendar/events {"summary","when","end","location"} -> 201 a proposal
//   GET    /api/calendar/export              -> text/calendar (the person's own events)
#include "server/routes_skills.h"

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>

#include "companion/skills_web.h"
#include "core/strings.h"
#include "core/text.h"

namespace os1::server {

namespace http = boost::beast::http;

namespace skills_routes {

std::vector<std::string> segments(const std::string& path, std::string_view prefix) {
    std::vector<std::string> out;
    if (path.size() <= prefix.size()) return out;
    std::string rest = path.substr(prefix.size());
    if (!rest.empty() && rest.front() == '/') rest.erase(rest.begin());
    size_t start = 0;
    while (start <= rest.size()) {
        const size_t slash = rest.find('/', start);
        out.push_back(rest.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
        if (slash == std::string::npos) break;
        start = slash + 1;
    }
    return out;
}

std::optional<int64_t> id_of(const std::string& segment) {
    if (segment.empty() || segment.size() > 15) return std::nullopt;
    int64_t v = 0;
    for (char c : segment) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
    }
    if (v <= 0) return std::nullopt;
    return v;
}

Response wrong_method(const Request& req, std::string_view allowed) {
    auto res = error_reply(req, 405, "invalid", str("Use ", allowed, " here."));
    res.set(http::field::allow, allowed);
    return res;
}

Response no_such_route(const Request& req) { return error_reply(req, 404, "not_found", "There is no such API route."); }

Response download(const Request& req, std::string_view type, std::string_view file_name, std::string bytes) {
    Response res{http::status::ok, req.version()};
    res.set(http::field::content_type, type);
    res.set(http::field::content_disposition, str("attachment; filename=\"", file_name, "\""));
    res.set(http::field::cache_control, "no-store");
    res.set("X-Content-Type-Options", "nosniff");
    res.keep_alive(req.keep_alive());
    res.body() = std::move(bytes);
    res.prepare_payload();
    return res;
}

Result<std::string> text_field(const Json& body, const char* name, size_t max_bytes) {
    if (!body.contains(name) || body[name].is_null()) return std::string();
    if (!body[name].is_string()) return Error::invalid("\"", name, "\" must be text");
    return accept_text(body[name].get<std::string>(), max_bytes, name);
}

Response proposed(const Request& req, companion::Home& home, skills::Proposal proposal, Json extra) {
    auto stored = home.propose(std::move(proposal));
    if (!stored) return error_reply(req, stored.error());
    extra["proposal"] = skills::proposal_json(*stored);
    extra["question"] = str("Shall I ", stored->summary, "?");
    return json_reply(req, 201, extra);
}

}  // namespace skills_routes

namespace {

using namespace skills_routes;

Response reminders_route(Api& api, const Request& req, const std::vector<std::string>& seg, const SignedIn& who) {
    const auto method = req.method();
    if (seg.empty()) {  // POST /api/reminders (GET is routes_app.cpp's delivery)
        auto body = json_body(req);
        if (!body) return error_reply(req, body.error());
        auto words = text_field(*body, "text", 2000);
        if (!words) return error_reply(req, words.error());
        if (trim(*words).empty())
            return error_reply(req, 400, "invalid", "Say what to remind you of and when, like \"call Rachel on Sunday at 5\".");
        return with_home(api, req, who, [&](Person&, companion::Home& home) {
            auto p = home.reminder_proposal(*words);
            if (!p) return error_reply(req, p.error());
            return proposed(req, home, std::move(*p));
        });
    }
    const auto id = id_of(seg[0]);
    if (!id || seg.size() > 2 || (seg.size() == 2 && seg[1] != "done")) return no_such_route(req);
    if (seg.size() == 2) {
        if (method != http::verb::post) return wrong_method(req, "POST");
        return with_home(api, req, who, [&](Person&, companion::Home& home) {
            auto r = home.reminder_done(*id);
            if (!r) return error_reply(req, r.error());
            return json_reply(req, 200, home.reminder_view(*r));
        });
    }
    if (method != http::verb::delete_) return wrong_method(req, "DELETE");
    return with_home(api, req, who, [&](Person&, companion::Home& home) {
        auto r = home.cancel_reminder(*id);
        if (!r) return error_reply(req, r.error());
        return json_reply(req, 200, home.reminder_view(*r));
    });
}

Response proposals_route(Api& api, const Request& req, const std::vector<std::string>& seg, const SignedIn& who) {
    if (seg.empty()) {
        if (req.method() != http::verb::get) return wrong_method(req, "GET");
        return with_home(api, req, who, [&](Person&, companion::Home& home) {
            auto waiting = home.waiting_proposals();
            if (!waiting) return error_reply(req, waiting.error());
            Json out = Json::array();
            for (const auto& p : *waiting) out.push_back(skills::proposal_json(p));
            return json_reply(req, 200, {{"proposals", out}});
        });
    }
    const auto id = id_of(seg[0]);
    if (!id || seg.size() != 2 || (seg[1] != "yes" && seg[1] != "no")) return no_such_route(req);
    if (req.method() != http::verb::post) return wrong_method(req, "POST");
    const bool yes = seg[1] == "yes";
    return with_home(api, req, who, [&](Person&, companion::Home& home) {
        std::string said;
        auto p = home.answer_proposal(*id, yes, &said);
        if (!p) return error_reply(req, p.error());
        return json_reply(req, 200, {{"proposal", skills::proposal_json(*p)}, {"said", said}});
    });
}

Response calendar_route(Api& api, const Request& req, const Target& target, const std::vector<std::string>& seg,
                        const SignedIn& who) {
    const auto method = req.method();
    auto query = [&](const char* name) {
        auto it = target.query.find(name);
        return it == target.query.end() ? std::string() : it->second.substr(0, 100);
    };
    if (seg.empty()) {
        if (method != http::verb::get) return wrong_method(req, "GET");
        return with_home(api, req, who, [&](Person&, companion::Home& home) {
            auto view = companion::calendar_list(home, query("span"), query("from"), query("to"));
            if (!view) return error_reply(req, view.error());
            return json_reply(req, 200, {{"instances", view->instances}, {"notes", view->notes}});
        });
    }
    if (seg.size() != 1) return no_such_route(req);
    const std::string& what = seg[0];
    if (what == "sources") {
        if (method != http::verb::get) return wrong_method(req, "GET");
        return with_home(api, req, who, [&](Person&, companion::Home& home) {
            auto list = companion::calendar_sources(home);
            if (!list) return error_reply(req, list.error());
            return json_reply(req, 200, {{"calendars", *list}});
        });
    }
    if (what == "export") {
        if (method != http::verb::get) return wrong_method(req, "GET");
        return with_home(api, req, who, [&](Person&, companion::Home& home) {
            auto ics = companion::calendar_export(home);
            if (!ics) return error_reply(req, ics.error());
            if (ics->empty()) return error_reply(req, 404, "not_found", "You haven't added any events here yet.");
            return download(req, "text/calendar; charset=utf-8", "os1-calendar.ics", std::move(*ics));
        });
    }
    if (what == "import") {
        if (method != http::verb::post) return wrong_method(req, "POST");
        if (req.body().size() > companion::MAX_UPLOAD_BYTES)
            return error_reply(req, 413, "too_large", "A calendar upload is at most 1 MiB.");
        return with_home(api, req, who, [&](Person&, companion::Home& home) {
            auto added = companion::calendar_import_text(home, req.body(), query("name"));
            if (!added) return error_reply(req, added.error());
            return json_reply(req, 201, {{"id", added->id}, {"name", added->name}, {"source", added->source},
                                         {"events", added->events}, {"warnings", added->warnings}});
        });
    }
    if (what == "events") {
        if (method != http::verb::post) return wrong_method(req, "POST");
        auto body = json_body(req);
        if (!body) return error_reply(req, body.error());
        auto summary = text_field(*body, "summary", 500);
        auto when = text_field(*body, "when", 200);
        auto end = text_field(*body, "end", 100);
        auto location = text_field(*body, "location", 500);
        for (auto* f : {&summary, &when, &end, &location})
            if (!*f) return error_reply(req, f->error());
        if (trim(*when).empty()) return error_reply(req, 400, "invalid", "Say when, like \"Friday at 7\" or 2026-12-11T19:00.");
        return with_home(api, req, who, [&](Person&, companion::Home& home) {
            auto p = companion::calendar_event_proposal(home, *summary, *when, *end, *location);
            if (!p) return error_reply(req, p.error());
            return proposed(req, home, std::move(p->proposal), {{"conflicts", p->conflicts}});
        });
    }
    return no_such_route(req);
}

}  // namespace

std::optional<Reply> skills_route(Api& api, const Request& req, const Target& target, const SignedIn& who) {
    const std::string& path = target.path;
    auto under = [&](std::string_view base) { return path == base || path.rfind(str(base, "/"), 0) == 0; };
    auto reply = [](Response r) { return std::optional<Reply>(Reply{std::move(r), {}}); };
    if (under("/api/reminders")) {
        if (path == "/api/reminders" && req.method() != http::verb::post) return std::nullopt;  // GET: routes_app.cpp
        return reply(reminders_route(api, req, segments(path, "/api/reminders"), who));
    }
    if (under("/api/proposals")) return reply(proposals_route(api, req, segments(path, "/api/proposals"), who));
    if (under("/api/calendar")) return reply(calendar_route(api, req, target, segments(path, "/api/calendar"), who));
    if (auto r = skills_routes::mail_route(api, req, target, who)) return reply(std::move(*r));
    if (auto r = skills_routes::letters_route(api, req, target, who)) return reply(std::move(*r));
    return std::nullopt;
}

}  // namespace os1::server
