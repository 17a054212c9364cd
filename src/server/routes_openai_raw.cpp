// /v1/chat/completions for an installed model: the OpenAI door's raw
// models. The client's messages are the whole conversation (system, user,
// assistant), answered by the model as it is: no persona, memory, mood or
// skills, and nothing is remembered. The request's max_tokens (or
// max_completion_tokens), temperature, top_p, seed and stop apply.
#include <boost/beast/http/field.hpp>

#include "core/clock.h"
#include "core/text.h"
#include "server/api.h"

namespace os1::server {

namespace http = boost::beast::http;

namespace {

constexpr int MAX_REPLY_TOKENS = 4096;
constexpr size_t MAX_STOPS = 4;

Result<std::string> content_text(const Json& content) {
    if (content.is_string()) return content.get<std::string>();
    if (content.is_array()) {
        std::string text;
        for (const auto& part : content)
            if (part.is_object() && part.value("type", Json()) == "text" && part.value("text", Json()).is_string())
                text += (text.empty() ? "" : "\n") + part["text"].get<std::string>();
        return text;
    }
    if (content.is_null()) return std::string();
    return Error::invalid("a message's 'content' must be a string or an array of text parts");
}

// The request as the brain takes it; Error::invalid says what is wrong.
Result<brain::ChatRequest> chat_request(const Json& b) {
    brain::ChatRequest r;
    const Json& messages = b.contains("messages") ? b["messages"] : Json();
    if (!messages.is_array() || messages.empty()) return Error::invalid("'messages' must be a non-empty array");
    size_t total = 0;
    for (const auto& m : messages) {
        if (!m.is_object() || !m.contains("role") || !m["role"].is_string())
            return Error::invalid("each message needs a 'role' (system, user or assistant)");
        std::string role = m["role"].get<std::string>();
        if (role == "developer") role = "system";
        if (role != "system" && role != "user" && role != "assistant")
            return Error::invalid("the role ", quote_capped(role), " is not one a local model takes (system, user, assistant)");
        auto text = TRY(content_text(m.value("content", Json())));
        total += text.size();
        if (total > 4 * MAX_MESSAGE_BYTES) return Error::invalid("the messages are longer than ", 4 * MAX_MESSAGE_BYTES / 1024, " KiB");
        r.messages.push_back({role, TRY(accept_text(text, MAX_MESSAGE_BYTES, "a message"))});
    }
    if (r.messages.back().role != "user") return Error::invalid("the last message must be the user's");
    const Sampling sampling = TRY(read_sampling(b));
    r.max_tokens = sampling.max_tokens.value_or(256);
    r.temperature = sampling.temperature.value_or(r.temperature);
    r.top_p = sampling.top_p.value_or(r.top_p);
    r.seed = sampling.seed.value_or(0);
    r.stop = sampling.stop;
    return r;
}

Json usage(const brain::ChatResult& r) {
    return {{"prompt_tokens", r.n_prompt_tokens}, {"completion_tokens", r.n_generated},
            {"total_tokens", r.n_prompt_tokens + r.n_generated}};
}

// The raw completion as this person's one turn (nullopt: busy).
std::optional<Result<brain::ChatResult>> raw_turn(Api& api, const SignedIn& who, const std::string& model,
                                                  const brain::ChatRequest& request, const brain::TokenCallback& on_token) {
    Person& person = api.people().get(who.owner);
    return api.people().one_turn(person, [&]() -> Result<brain::ChatResult> {
        auto* home = TRY(api.people().home(person));
        auto result = TRY(home->complete_raw(model, request, on_token, &person.cancel));
        if (result.finish_reason == brain::FinishReason::Error && result.text.empty())
            return Error::internal("the model failed: ", result.error);
        return result;
    }, /*local_model=*/true);
}

}  // namespace

Result<Sampling> read_sampling(const Json& b) {
    Sampling out;
    auto number = [&](const char* key, double lo, double hi) -> Result<std::optional<double>> {
        if (!b.contains(key) || b[key].is_null()) return std::optional<double>();
        if (!b[key].is_number() || b[key].get<double>() < lo || b[key].get<double>() > hi)
            return Error::invalid("'", key, "' must be a number from ", lo, " to ", hi);
        return std::optional<double>(b[key].get<double>());
    };
    std::optional<double> max_tokens = TRY(number("max_completion_tokens", 1, 1e9));
    if (auto m = TRY(number("max_tokens", 1, 1e9))) max_tokens = m;
    if (max_tokens) out.max_tokens = static_cast<int>(std::min<double>(*max_tokens, MAX_REPLY_TOKENS));
    if (auto t = TRY(number("temperature", 0, 2))) out.temperature = static_cast<float>(*t);
    if (auto p = TRY(number("top_p", 0, 1))) out.top_p = static_cast<float>(*p);
    if (auto seed = TRY(number("seed", 0, 9.0e15))) out.seed = static_cast<uint64_t>(*seed);
    if (b.contains("stop") && !b["stop"].is_null()) {
        const Json& stop = b["stop"];
        Json list = stop.is_string() ? Json::array({stop}) : stop;
        if (!list.is_array() || list.size() > MAX_STOPS) return Error::invalid("'stop' must be a string or up to 4 strings");
        for (const auto& s : list) {
            if (!s.is_string() || s.get<std::string>().empty() || s.get<std::string>().size() > 256)
                return Error::invalid("each 'stop' must be a string of 1 to 256 bytes");
            out.stop.push_back(s.get<std::string>());
        }
    }
    return out;
}

Reply raw_completion(Api& api, const Request& req, const SignedIn& who, const Json& b) {
    auto refuse = [&](Response r) { return Reply{std::move(r), {}}; };
    const std::string model = b["model"].get<std::string>();
    auto request = chat_request(b);
    if (!request) return refuse(error_reply(req, request.error()));
    const bool stream = b.contains("stream") && b["stream"].is_boolean() && b["stream"].get<bool>();
    const bool stream_usage = b.contains("stream_options") && b["stream_options"].is_object() &&
                              b["stream_options"].value("include_usage", Json(false)) == Json(true);
    const std::string id = "chatcmpl-" + random_token().substr(0, 24);
    const int64_t created = SystemClock::instance().wall_ms() / 1000;
    if (api.people().get(who.owner).talking || api.people().shutting_down())
        return refuse(error_reply(req, 409, "busy", "One request at a time: the last one is still being answered."));

    if (!stream) {
        auto result = raw_turn(api, who, model, *request, [](std::string_view) { return true; });
        if (!result) return refuse(error_reply(req, 409, "busy", "One request at a time: the last one is still being answered."));
        if (!*result) return refuse(error_reply(req, result->error()));
        const auto& r = **result;
        Json j{{"id", id}, {"object", "chat.completion"}, {"created", created}, {"model", model},
               {"choices", Json::array({{{"index", 0}, {"message", {{"role", "assistant"}, {"content", r.text}}},
                                         {"finish_reason", openai_finish(r.finish_reason)}}})},
               {"usage", usage(r)}};
        return {json_reply(req, 200, j), {}};
    }

    Response head{http::status::ok, req.version()};
    head.set(http::field::content_type, "text/event-stream");
    head.set(http::field::cache_control, "no-cache");
    head.keep_alive(req.keep_alive());
    auto run = [&api, who, model, request = std::move(*request), id, created, stream_usage](Sink& out) {
        auto event = [&](const Json& j) { out.send("data: " + dump_json(j) + "\n\n"); };
        event(openai_chunk(id, created, model, {{"role", "assistant"}, {"content", ""}}, nullptr));
        auto result = raw_turn(api, who, model, request, [&](std::string_view piece) {
            event(openai_chunk(id, created, model, {{"content", std::string(piece)}}, nullptr));
            return !out.gone();
        });
        if (!result) {
            event({{"error", {{"code", "busy"}, {"message", "One request at a time: the last one is still being answered."}}}});
        } else if (!*result) {
            event({{"error", {{"code", "internal"}, {"message", result->error().message}}}});
        } else {
            event(openai_chunk(id, created, model, Json::object(), openai_finish((*result)->finish_reason)));
            if (stream_usage) {
                Json u = openai_chunk(id, created, model, Json::object(), nullptr);
                u["choices"] = Json::array();
                u["usage"] = usage(**result);
                event(u);
            }
        }
        out.send("data: [DONE]\n\n");
    };
    return {std::move(head), run};
}

}  // namespace os1::server
