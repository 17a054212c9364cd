// The spoken conversation (/api/voice): the web app's microphone in as
// 16 kHz mono 16-bit PCM frames (binary messages), the person's words, her
// reply and her voice out. The conversation is voice::converse_remote on a
// thread of its own; its turns go through the person's Home exactly as a
// typed message does (one at a time, the same memory and care), with the
// SpokenTurn that stores what was heard. See README.md, "Voice".
#include <thread>

#include "core/log.h"
#include "core/text.h"
#include "server/api.h"
#include "voice/remote.h"

namespace os1::server {

namespace {

std::atomic<int> g_open{0};  // voice conversations open now, server-wide

Json voice_error(std::string_view code, std::string_view message) {
    return {{"type", "error"}, {"error", {{"code", std::string(code)}, {"message", std::string(message)}}}};
}

std::string_view voice_code_of(const Error& e) {
    switch (e.code) {
        case ErrorCode::Invalid: return "invalid";
        case ErrorCode::OutOfRange: return "too_large";
        case ErrorCode::NotFound: return "not_found";
        default: return "internal";
    }
}

// The turns of a spoken conversation: the person's Home under their lock,
// as /api/chat runs them; the reply streamed as "token", then "done".
class PersonTalker final : public voice::Talker {
public:
    PersonTalker(Api& api, SignedIn who, std::shared_ptr<Sink> out, std::string name, std::string conversation)
        : m_api(api), m_who(std::move(who)), m_out(std::move(out)), m_name(std::move(name)),
          m_conversation(std::move(conversation)) {}

    Result<companion::TurnResult> talk(std::string_view text, const brain::TokenCallback& on_token,
                                       const brain::CancelFlag* cancel, const companion::SpokenTurn& spoken) override {
        const std::string id = str("v", ++m_turns);
        Person& person = m_api.people().get(m_who.owner);
        auto streamed = [&](std::string_view piece) {
            m_out->send(dump_json({{"type", "token"}, {"id", id}, {"text", std::string(piece)}}));
            return on_token(piece) && !person.cancel.load();  // the server stopping, a "cancel" on /api/chat
        };
        auto turn = m_api.people().one_turn(person, [&]() -> Result<companion::TurnResult> {
            auto* home = TRY(m_api.people().talking_home(person));
            return home->say(text, streamed, cancel, &spoken, m_conversation);
        });
        if (!turn) {
            m_out->send(dump_json(voice_error("busy", "One message at a time: wait for the reply (or cancel it).")));
            return Error::invalid("another turn is running");
        }
        if (!*turn) m_out->send(dump_json(voice_error(voice_code_of(turn->error()), turn->error().message)));
        else m_out->send(dump_json(done_json(id, **turn)));
        return std::move(*turn);
    }
    std::string companion_name() const override { return m_name; }

private:
    Api& m_api;
    SignedIn m_who;
    std::shared_ptr<Sink> m_out;
    std::string m_name;
    std::string m_conversation;  // the skills' conversation (the chat screen's, when it was joined)
    int m_turns = 0;
};

Json voice_event_json(const voice::LoopEvent& e) {
    using Kind = voice::LoopEvent::Kind;
    switch (e.kind) {
        case Kind::Heard: return {{"type", "heard"}, {"text", e.text}, {"confidence", e.confidence}};
        case Kind::Ignored: return {{"type", "ignored"}, {"reason", e.text}};
        case Kind::Repeat: return {{"type", "repeat"}, {"text", e.text}, {"confidence", e.confidence}};
        case Kind::Sentence: return {{"type", "sentence"}, {"text", e.text}};
        case Kind::BargeIn: return {{"type", "barge_in"}};
        case Kind::Replied: return nullptr;  // "done" carries it (PersonTalker)
        case Kind::Failed: return {{"type", "failed"}, {"message", e.text}};
    }
    return nullptr;
}

// The conversation's own thread: her voice (the persona's), then the loop
// until the person leaves or a limit ends it.
void converse(Api& api, const SignedIn& who, const std::shared_ptr<Sink>& out, voice::RemoteMic& mic,
              const std::string& conversation) {
    std::string voice_name, name;
    {
        Person& person = api.people().get(who.owner);
        std::lock_guard lock(person.mutex);
        auto home = api.people().home(person);
        if (!home) {
            out->send(dump_json(voice_error(voice_code_of(home.error()), home.error().message)));
            return;
        }
        voice_name = (*home)->setup().persona.voice_name;
        name = (*home)->setup().persona.name;
    }
    PersonTalker talker(api, who, out, name, conversation);
    voice::RemoteEvents events;
    events.on_event = [&](const voice::LoopEvent& e) {
        if (Json j = voice_event_json(e); !j.is_null()) out->send(dump_json(j));
    };
    events.on_speech = [&] { out->send(R"({"type":"speech"})"); };
    events.on_audio = [&](std::span<const int16_t> samples) {
        std::string bytes(samples.size() * 2, '\0');
        for (size_t i = 0; i < samples.size(); i++) {
            const auto u = static_cast<uint16_t>(samples[i]);
            bytes[2 * i] = static_cast<char>(u & 0xff);
            bytes[2 * i + 1] = static_cast<char>(u >> 8);
        }
        out->send_binary(std::move(bytes));
    };
    events.on_silence = [&] { out->send(R"({"type":"stop"})"); };
    auto report = voice::converse_remote(talker, mic, {.voice = voice_name, .loop = {}}, events);
    if (!report && !mic.closed_flag()->load()) out->send(dump_json(voice_error(voice_code_of(report.error()), report.error().message)));
}

class VoiceRoom final : public ChatRoom {
public:
    VoiceRoom(Api& api, SignedIn who, std::shared_ptr<Sink> out, std::function<void(std::function<void()>)> run)
        : m_api(api), m_who(std::move(who)), m_out(std::move(out)), m_run(std::move(run)) {}

    ~VoiceRoom() override {
        if (!m_mic) return;
        m_mic->close();
        // Joined on a worker, so the socket's thread never waits for a turn
        // (or wherever the task is dropped, when the pool has stopped).
        struct Joiner {
            std::thread t;
            ~Joiner() {
                if (t.joinable()) t.join();
            }
        };
        auto joiner = std::make_shared<Joiner>();
        joiner->t = std::move(m_thread);
        m_run([joiner] {});
    }

    void on_message(const std::string& text) override {
        auto parsed = parse_json(text, "the message");
        if (!parsed || !parsed->is_object() || !(*parsed)["type"].is_string())
            return send(voice_error("invalid", R"(Send JSON: {"type": "start", "format": "s16le", "rate": 16000, "channels": 1}.)"));
        const Json& m = *parsed;
        const std::string type = m["type"].get<std::string>();
        if (type == "start") return start(m);
        if (!m_mic) return send(voice_error("invalid", "Start the conversation first (\"type\": \"start\")."));
        if (type == "press") return m_mic->press();
        if (type == "end") return m_mic->end_of_speech();
        if (type == "interrupt") return m_mic->interrupt();
        if (type == "stop") return end();
        send(voice_error("invalid", "The message type is 'start', 'press', 'end', 'interrupt' or 'stop'."));
    }

    void on_binary(std::string_view bytes) override {
        if (!m_mic) return send(voice_error("invalid", "Start the conversation before sending audio (\"type\": \"start\")."));
        if (bytes.size() % 2 != 0)
            return fail("invalid", str("Audio frames are 16-bit samples: a frame of ", bytes.size(), " bytes is not."));
        std::vector<int16_t> samples(bytes.size() / 2);
        for (size_t i = 0; i < samples.size(); i++)
            samples[i] = static_cast<int16_t>(static_cast<uint8_t>(bytes[2 * i]) | (static_cast<uint8_t>(bytes[2 * i + 1]) << 8));
        if (auto pushed = m_mic->push(samples); !pushed) fail(voice_code_of(pushed.error()), pushed.error().message);
    }

private:
    void start(const Json& m) {
        if (m_mic) return send(voice_error("invalid", "The conversation has started already."));
        auto field = [&](const char* key, const Json& fallback) { return m.contains(key) ? m[key] : fallback; };
        const Json format = field("format", "s16le"), rate = field("rate", 16000), channels = field("channels", 1);
        if (format != "s16le" || rate != 16000 || channels != 1)
            return send(voice_error("invalid", str("Send 16 kHz mono 16-bit little-endian PCM (\"format\": \"s16le\", \"rate\": 16000, "
                                                  "\"channels\": 1); got ", dump_json(format), ", ", dump_json(rate), " Hz, ",
                                                  dump_json(channels), " channel(s).")));
        const Limits& limits = m_api.options().limits;
        if (++g_open > limits.voice_conversations) {
            g_open--;
            return send(voice_error("busy", "Too many voice conversations at once on this server; try again in a moment."));
        }
        voice::RemoteLimits rl;
        rl.max_quiet_s = static_cast<double>(limits.voice_quiet.count());
        rl.max_total_s = static_cast<double>(limits.voice_total.count());
        rl.max_utterance_s = static_cast<double>(limits.voice_utterance.count());
        // The chat screen's conversation when the client names one of this
        // person's open chat sockets' (its "hello"), so a spoken yes answers
        // a question asked in writing and the other way round; else one of
        // its own.
        std::string conversation;
        if (m.contains("conversation") && m["conversation"].is_string() &&
            chat_conversation_open(m_who.owner, m["conversation"].get<std::string>()))
            conversation = m["conversation"].get<std::string>();
        else
            conversation = companion::new_conversation_id("web");
        m_mic = std::make_shared<voice::RemoteMic>(rl);
        send({{"type", "ready"}, {"format", "s16le"}, {"rate", 16000}, {"channels", 1}, {"max_frame_bytes", 32000},
              {"conversation", conversation}});
        m_thread = std::thread([api = &m_api, who = m_who, out = m_out, mic = m_mic, conversation] {
            converse(*api, who, out, *mic, conversation);
            g_open--;
            out->close();
        });
    }
    void end() {
        m_mic->close();
        m_out->close();
    }
    void fail(std::string_view code, std::string_view message) {
        send(voice_error(code, message));
        end();
    }
    void send(const Json& j) { m_out->send(dump_json(j)); }

    Api& m_api;
    SignedIn m_who;
    std::shared_ptr<Sink> m_out;
    std::function<void(std::function<void()>)> m_run;
    std::shared_ptr<voice::RemoteMic> m_mic;
    std::thread m_thread;
};

}  // namespace

std::unique_ptr<ChatRoom> Api::open_voice(const SignedIn& who, std::shared_ptr<Sink> out,
                                          std::function<void(std::function<void()>)> run) {
    return std::make_unique<VoiceRoom>(*this, who, std::move(out), std::move(run));
}

}  // namespace os1::server
