// The OpenAI-compatible door (/v1): any OpenAI client talks to the
// companion. Model "os1" is the companion itself (persona, memory, mood,
// crisis care): the LAST user message is the turn, remembered like any
// other; the earlier messages are the client's copy of the conversation,
// which the companion already has in memory, so they are not read again.
// max_tokens, temperature and stop apply to what its model says this turn.
// Any other model /v1/models lists is an installed model answering the
// client's whole conversation raw (routes_openai_raw.cpp): no persona, no
// memory, nothing remembered; max_tokens, temperature, top_p, seed and stop
// apply there.
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>

#include "core/clock.h"
#include "core/text.h"
#include "server/api.h"

namespace os1::server {

namespace http = boost::beast::http;

namespace {

Response models(Api& api, const Request& req, const SignedIn& who) {
    Json data = Json::array({{{"id", "os1"}, {"object", "model"}, {"created", 0}, {"owned_by", "os1"}}});
    Person& person = api.people().get(who.owner);
    std::lock_guard lock(person.mutex);
    auto home = api.people().home(person);
    if (!home) return error_reply(req, home.error());
    if (auto list = (*home)->models())
        for (const auto& m : list->models)
            data.push_back({{"id", m.alias.empty() ? m.path.filename().string() : m.alias}, {"object", "model"},
                            {"created", 0}, {"owned_by", "local"}});
    return json_reply(req, 200, {{"object", "list"}, {"data", data}});
}

// The text of the last user message (a string, or an array of text parts).
Result<std::string> last_user_text(const Json& messages) {
    if (!messages.is_array() || messages.empty()) return Error::invalid("'messages' must be a non-empty array");
    for (auto it = messages.rbegin(); it != messages.rend(); ++it) {
        if (!it->is_object() || it->value("role", Json()) != "user") continue;
        const Json content = it->value("content", Json());
        if (content.is_string()) return content.get<std::string>();
        if (content.is_array()) {
            std::string text;
            for (const auto& part : content)
                if (part.is_object() && part.value("type", Json()) == "text" && part.value("text", Json()).is_string())
                    text += (text.empty() ? "" : "\n") + part["text"].get<std::string>();
            return text;
        }
        return Error::invalid("the last user message has no text content");
    }
    return Error::invalid("'messages' has no user message: the last one is what the companion answers");
}

Json chunk(const std::string& id, int64_t created, const Json& delta, const Json& finish) {
    return openai_chunk(id, created, "os1", delta, finish);
}

Json usage(const companion::TurnResult& turn) {
    return {{"prompt_tokens", turn.prompt_tokens}, {"completion_tokens", turn.completion_tokens},
            {"total_tokens", turn.prompt_tokens + turn.completion_tokens}};
}

Reply completions(Api& api, const Request& req, const SignedIn& who) {
    auto refuse = [&](Response r) { return Reply{std::move(r), {}}; };
    auto body = json_body(req);
    if (!body) return refuse(error_reply(req, body.error()));
    const Json& b = *body;
    if (!b.contains("model") || !b["model"].is_string()) return refuse(error_reply(req, 400, "invalid", "'model' is required: use \"os1\"."));
    if (b["model"] != "os1") return raw_completion(api, req, who, b);
    auto text = last_user_text(b.value("messages", Json()));
    if (!text) return refuse(error_reply(req, text.error()));
    auto words = accept_text(*text, MAX_MESSAGE_BYTES, "a message");
    if (!words) return refuse(error_reply(req, words.error()));
    if (words->find_first_not_of(" \t\r\n") == std::string::npos) return refuse(error_reply(req, 400, "invalid", "The last user message is empty."));
    // max_tokens, temperature and stop bound what the companion's model says
    // this turn (crisis care's help lines are never cut); top_p and seed are
    // the companion's own.
    auto sampling = read_sampling(b);
    if (!sampling) return refuse(error_reply(req, sampling.error()));
    const companion::TurnOptions options{sampling->max_tokens.value_or(0), sampling->temperature, sampling->stop};
    auto flag = [](const Json& j, const char* key) { return j.is_object() && j.contains(key) && j[key].is_boolean() && j[key].get<bool>(); };
    const bool stream = flag(b, "stream");
    const bool stream_usage = b.contains("stream_options") && flag(b["stream_options"], "include_usage");
    const std::string id = "chatcmpl-" + random_token().substr(0, 24);
    const int64_t created = SystemClock::instance().wall_ms() / 1000;
    if (api.people().get(who.owner).talking || api.people().shutting_down())
        return refuse(error_reply(req, 409, "busy", "One message at a time: the companion is still answering."));

    if (!stream) {
        auto turn = run_turn(api, who, *words, nullptr, {}, &options);
        if (!turn) return refuse(error_reply(req, 409, "busy", "One message at a time: the companion is still answering."));
        if (!*turn) return refuse(error_reply(req, turn->error()));
        const auto& t = **turn;
        Json j{{"id", id}, {"object", "chat.completion"}, {"created", created}, {"model", "os1"},
               {"choices", Json::array({{{"index", 0}, {"message", {{"role", "assistant"}, {"content", t.reply}}},
                                         {"finish_reason", openai_finish(t.finish)}}})},
               {"usage", usage(t)}};
        return {json_reply(req, 200, j), {}};
    }

    Response head{http::status::ok, req.version()};
    head.set(http::field::content_type, "text/event-stream");
    head.set(http::field::cache_control, "no-cache");
    head.keep_alive(req.keep_alive());
    auto run = [&api, who, text = std::move(*words), id, created, stream_usage, options](Sink& out) {
        auto event = [&](const Json& j) { out.send("data: " + dump_json(j) + "\n\n"); };
        event(chunk(id, created, {{"role", "assistant"}, {"content", ""}}, nullptr));
        auto turn = run_turn(api, who, text, [&](std::string_view piece) {
            event(chunk(id, created, {{"content", std::string(piece)}}, nullptr));
            return true;
        }, {}, &options);
        if (!turn) {
            event({{"error", {{"code", "busy"}, {"message", "One message at a time: the companion is still answering."}}}});
        } else if (!*turn) {
            event({{"error", {{"code", "internal"}, {"message", turn->error().message}}}});
        } else {
            event(chunk(id, created, Json::object(), openai_finish((*turn)->finish)));
            if (stream_usage) {
                Json u = chunk(id, created, Json::object(), nullptr);
                u["choices"] = Json::array();
                u["usage"] = usage(**turn);
                event(u);
            }
        }
        out.send("data: [DONE]\n\n");
    };
    return {std::move(head), run};
}

}  // namespace

std::string openai_finish(brain::FinishReason f) { return f == brain::FinishReason::Length ? "length" : "stop"; }

Json openai_chunk(const std::string& id, int64_t created, const std::string& model, const Json& delta, const Json& finish) {
    return {{"id", id}, {"object", "chat.completion.chunk"}, {"created", created}, {"model", model},
            {"choices", Json::array({{{"index", 0}, {"delta", delta}, {"finish_reason", finish}}})}};
}

Reply openai_route(Api& api, const Request& req, const Target& target, const SignedIn& who) {
    if (target.path == "/v1/models") {
        if (req.method() != http::verb::get) return {error_reply(req, 405, "invalid", "Use GET here."), {}};
        return {models(api, req, who), {}};
    }
    if (target.path == "/v1/chat/completions") {
        if (req.method() != http::verb::post) return {error_reply(req, 405, "invalid", "Use POST here."), {}};
        return completions(api, req, who);
    }
    return {error_reply(req, 404, "not_found", "This OpenAI-compatible door has /v1/models and /v1/chat/completions."), {}};
}

}  // namespace os1::server
