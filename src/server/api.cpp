// The front of every HTTP request: health, sign-in, who is asking, CSRF,
// the per-person connection limit, then the route groups.
#include "server/api.h"

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>



namespace os1::server {

namespace http = boost::beast::http;

Api::Api(ServerOptions options, std::unique_ptr<UserStore> users)
    : m_options(std::move(options)),
      m_users(std::move(users)),
      m_sessions(*m_users, m_options.limits.session_ttl),
      m_limiter(m_options.limits.login_failures_per_name, m_options.limits.login_failures_per_address,
                m_options.limits.login_window),
      m_people(m_options.brain) {}

static bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::variant<SignedIn, Response> Api::authenticate(const Request& req) {
    auto unauthorized = [&] {
        auto res = error_reply(req, 401, "unauthorized", "Sign in first (or send Authorization: Bearer KEY from 'os1 user key NAME').");
        res.set(http::field::www_authenticate, "Bearer");
        return res;
    };
    if (auto key = bearer(req)) {
        auto user = m_users->check_key(*key);
        if (!user) return error_reply(req, user.error());
        if (!*user) return unauthorized();
        return SignedIn{(*user)->name, (*user)->owner, "", true};
    }
    auto value = cookie(req, "os1_session");
    if (!value) return unauthorized();
    // Stored in users.db: a person removed since (os1 user remove) has none.
    auto found = m_sessions.find(*value);
    if (!found) return error_reply(req, found.error());
    if (!*found) return unauthorized();
    const SignedIn& who = **found;
    const auto method = req.method();
    if (method != http::verb::get && method != http::verb::head && method != http::verb::options) {
        auto it = req.find("X-CSRF-Token");
        if (it == req.end() || !same_secret(std::string(it->value()), who.csrf))
            return error_reply(req, 403, "forbidden", "This request needs the X-CSRF-Token header from sign-in.");
    }
    return who;
}

Reply Api::handle(const Request& req, const Client& client) {
    auto target = parse_target(req.target());
    if (!target) return {error_reply(req, 400, "invalid", target.error().message), {}};
    const std::string& path = target->path;
    if (path == "/healthz") {
        if (req.method() != http::verb::get && req.method() != http::verb::head)
            return {error_reply(req, 405, "invalid", "Use GET for /healthz."), {}};
        return {json_reply(req, 200, {{"ok", true}, {"version", OS1_VERSION}}), {}};
    }
    const bool api = path == "/api" || starts_with(path, "/api/");
    const bool v1 = path == "/v1" || starts_with(path, "/v1/");
    if (!api && !v1) return {static_file(req, *target, m_options.web_dir), {}};
    if (path == "/api/login") return login_route(*this, req, client);

    auto who = authenticate(req);
    if (auto* refusal = std::get_if<Response>(&who)) return {std::move(*refusal), {}};
    const SignedIn& person = std::get<SignedIn>(who);
    Person& p = m_people.get(person.owner);
    Slot slot(&p);
    if (++p.connections > m_options.limits.connections_per_person) {
        auto res = error_reply(req, 429, "rate_limited", "Too many requests at once for this person; try again in a moment.");
        res.set(http::field::retry_after, "1");
        return {std::move(res), {}};
    }
    if (v1) return openai_route(*this, req, *target, person);
    return app_route(*this, req, *target, person, client);
}

Api::ChatAccess Api::chat_access(const Request& req, const Client& client) {
    ChatAccess out;
    auto who = authenticate(req);
    if (auto* refusal = std::get_if<Response>(&who)) {
        out.refused = std::move(*refusal);
        return out;
    }
    out.who = std::get<SignedIn>(who);
    // A cookie is sent by the browser whoever opened the page: only the
    // server's own pages may open a chat with it (cross-site WebSocket).
    if (!out.who.by_key) {
        auto origin = req.find(http::field::origin);
        auto host = req.find(http::field::host);
        const std::string expected = std::string(client.tls ? "https://" : "http://") +
                                     (host == req.end() ? std::string() : std::string(host->value()));
        if (origin == req.end() || host == req.end() || origin->value() != expected) {
            out.refused = error_reply(req, 403, "forbidden", "A chat may only be opened from this server's own pages.");
            return out;
        }
    }
    Person& p = m_people.get(out.who.owner);
    out.slot = Slot(&p);
    if (++p.connections > m_options.limits.connections_per_person)
        out.refused = error_reply(req, 429, "rate_limited", "Too many connections at once for this person.");
    return out;
}

}  // namespace os1::server
