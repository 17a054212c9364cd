// The WebSocket conversation (/api/chat): "say" runs a turn on a worker
// thread and streams "token" messages, then "done"; "cancel" stops it.
#include <algorithm>
#include <map>
#include <mutex>

#include "core/text.h"
#include "server/api.h"

namespace os1::server {

namespace {

Json error_message(const std::string& id, std::string_view code, std::string_view message) {
    return {{"type", "error"}, {"id", id}, {"error", {{"code", std::string(code)}, {"message", std::string(message)}}}};
}

std::string_view code_of(const Error& e) {
    switch (e.code) {
        case ErrorCode::Invalid: return "invalid";
        case ErrorCode::OutOfRange: return "too_large";
        case ErrorCode::NotFound: return "not_found";
        default: return "internal";
    }
}

// The conversations of the chat sockets open now, by owner: a voice socket
// may join one of its owner's (chat_conversation_open).
std::mutex g_chats_mutex;
std::multimap<std::string, std::string> g_open_chats;  // owner -> conversation id; guarded by g_chats_mutex

class Room final : public ChatRoom {
public:
    Room(Api& api, SignedIn who, std::shared_ptr<Sink> out, std::function<void(std::function<void()>)> run)
        : m_api(api), m_who(std::move(who)), m_out(std::move(out)), m_run(std::move(run)),
          m_conversation(companion::new_conversation_id("web")) {
        std::lock_guard lock(g_chats_mutex);
        g_open_chats.emplace(m_who.owner, m_conversation);
    }
    ~Room() override {
        std::lock_guard lock(g_chats_mutex);
        auto [from, to] = g_open_chats.equal_range(m_who.owner);
        for (auto it = from; it != to; ++it)
            if (it->second == m_conversation) {
                g_open_chats.erase(it);
                break;
            }
    }

    void on_message(const std::string& text) override {
        auto parsed = parse_json(text, "the message");
        if (!parsed || !parsed->is_object() || !(*parsed)["type"].is_string())
            return send(error_message("", "invalid", "Send JSON: {\"type\": \"say\", \"id\": \"c1\", \"text\": \"...\"}."));
        const Json& m = *parsed;
        std::string id = m.contains("id") && m["id"].is_string() ? m["id"].get<std::string>() : "";
        if (id.size() > 128 || !is_valid_utf8(id)) return send(error_message("", "invalid", "An id is at most 128 characters."));
        const std::string type = m["type"].get<std::string>();
        Person& person = m_api.people().get(m_who.owner);
        if (type == "cancel") {
            if (person.talking) person.cancel = true;
            return;
        }
        // This socket's conversation, for a voice socket to join (routes_voice.cpp).
        if (type == "hello") return send({{"type", "hello"}, {"conversation", m_conversation}});
        if (type != "say") return send(error_message(id, "invalid", "The message type is 'say', 'cancel' or 'hello'."));
        if (!m.contains("text") || !m["text"].is_string())
            return send(error_message(id, "invalid", "A 'say' needs its \"text\"."));
        auto words = accept_text(m["text"].get<std::string>(), MAX_MESSAGE_BYTES, "a message");
        if (!words) return send(error_message(id, words.error().code == ErrorCode::OutOfRange ? "too_large" : "invalid", words.error().message));
        if (words->find_first_not_of(" \t\r\n") == std::string::npos)
            return send(error_message(id, "invalid", "The message is empty."));
        if (person.talking || m_api.people().shutting_down())
            return send(error_message(id, "busy", "One message at a time: wait for the reply (or cancel it)."));
        // The worker holds what it needs by value: the socket may close mid-turn
        // (the turn still finishes and is stored).
        // Each socket is a conversation of its own: a yes typed here answers
        // only a question asked here (companion.h new_conversation_id).
        m_run([api = &m_api, who = m_who, out = m_out, id, text = std::move(*words), conversation = m_conversation] {
            auto on_token = [&](std::string_view piece) {
                out->send(dump_json({{"type", "token"}, {"id", id}, {"text", std::string(piece)}}));
                return true;
            };
            auto turn = run_turn(*api, who, text, on_token, conversation);
            if (!turn) out->send(dump_json(error_message(id, "busy", "One message at a time: wait for the reply (or cancel it).")));
            else if (!*turn) out->send(dump_json(error_message(id, code_of(turn->error()), turn->error().message)));
            else out->send(dump_json(done_json(id, **turn)));
        });
    }

private:
    void send(const Json& j) { m_out->send(dump_json(j)); }
    Api& m_api;
    SignedIn m_who;
    std::shared_ptr<Sink> m_out;
    std::function<void(std::function<void()>)> m_run;
    std::string m_conversation;  // the skills' conversation id of this socket
};

}  // namespace

std::optional<Result<companion::TurnResult>> run_turn(Api& api, const SignedIn& who, const std::string& text,
                                                      const brain::TokenCallback& on_token,
                                                      const std::string& conversation,
                                                      const companion::TurnOptions* options) {
    Person& person = api.people().get(who.owner);
    return api.people().one_turn(person, [&]() -> Result<companion::TurnResult> {
        auto* home = TRY(api.people().talking_home(person));
        return home->say(text, on_token, &person.cancel, nullptr, conversation, options);
    });
}

Json done_json(const std::string& id, const companion::TurnResult& turn) {
    Json emotion = nullptr;
    if (!turn.emotion.json.is_null())
        emotion = {{"label", turn.emotion.predicted}, {"valence", turn.emotion.valence}, {"arousal", turn.emotion.arousal}};
    Json memories = Json::array();
    for (const auto& m : turn.memories)
        memories.push_back({{"id", m.sources.empty() ? "" : m.sources.front()}, {"text", m.text}, {"kind", m.kind},
                            {"sources", m.sources}});
    return {{"type", "done"},
            {"id", id},
            {"reply", turn.reply},
            {"finish", std::string(brain::finish_reason_name(turn.finish))},
            {"emotion", emotion},
            {"memories", memories},
            {"learned", turn.learned},
            {"safety", turn.safety ? turn.safety->to_json() : Json(nullptr)},
            {"first_token_ms", turn.first_token_ms},
            {"user_id", str("e", turn.user_id)},
            {"reply_id", turn.reply_id ? str("e", turn.reply_id) : ""}};
}

bool chat_conversation_open(const std::string& owner, const std::string& conversation) {
    std::lock_guard lock(g_chats_mutex);
    auto [from, to] = g_open_chats.equal_range(owner);
    return std::any_of(from, to, [&](const auto& kv) { return kv.second == conversation; });
}

void ChatRoom::on_binary(std::string_view) {}

std::unique_ptr<ChatRoom> Api::open_chat(const SignedIn& who, std::shared_ptr<Sink> out,
                                         std::function<void(std::function<void()>)> run_turn) {
    return std::make_unique<Room>(*this, who, std::move(out), std::move(run_turn));
}

}  // namespace os1::server
