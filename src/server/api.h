// The server's routes, independent of sockets: connection.cpp reads a
// request, calls Api on a worker thread, and writes what it returns.
//   - handle(): every HTTP route (health, static files, /api, /v1). A reply
//     with `stream` set is sent as a stream (SSE): the headers first, then
//     what `stream` gives its Sink, on a worker thread.
//   - open_chat(): the WebSocket /api/chat, after the upgrade is allowed.
//
// Thread safety: handle() and open_chat() may run on many threads at once;
// a person's companion is used under their mutex (people.h).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "server/auth.h"
#include "server/http.h"
#include "server/people.h"
#include "server/server.h"
#include "server/users.h"

namespace os1::server {

struct Client {
    std::string address;  // the peer's IP
    bool tls = false;
};

// Where a stream's pieces go (an SSE body, WebSocket messages). send() may
// be called from any thread; gone() turns true when the peer left.
class Sink {
public:
    virtual ~Sink() = default;
    virtual void send(std::string piece) = 0;
    virtual bool gone() const = 0;
    // A WebSocket's binary message (the voice's audio); an SSE body has none.
    virtual void send_binary(std::string bytes) { send(std::move(bytes)); }
    // Ends the stream once what was sent has gone (a WebSocket is closed).
    virtual void close() {}
};

struct Reply {
    Response response;
    std::function<void(Sink&)> stream;  // set: response is the head of a chunked stream
};

// Releases a person's connection slot when it dies.
struct Slot {
    Person* person = nullptr;
    Slot() = default;
    explicit Slot(Person* p) : person(p) {}
    Slot(Slot&& o) noexcept : person(o.person) { o.person = nullptr; }
    Slot& operator=(Slot&& o) noexcept { std::swap(person, o.person); return *this; }
    ~Slot() { if (person) person->connections--; }
};

// One WebSocket conversation (routes_chat.cpp): messages in, messages out.
class ChatRoom {
public:
    virtual ~ChatRoom() = default;
    // A text message from the client. Replies go to the Sink given at open.
    virtual void on_message(const std::string& text) = 0;
    // A binary message (the voice's audio frames; /api/chat takes none).
    virtual void on_binary(std::string_view bytes);
};

class Api {
public:
    Api(ServerOptions options, std::unique_ptr<UserStore> users);

    Reply handle(const Request& req, const Client& client);

    // The WebSocket /api/chat: the person, or the reply refusing the upgrade.
    struct ChatAccess {
        std::optional<Response> refused;
        SignedIn who;
        Slot slot;
    };
    ChatAccess chat_access(const Request& req, const Client& client);
    // `run_turn` runs a function on a worker thread; `out` gets every message.
    std::unique_ptr<ChatRoom> open_chat(const SignedIn& who, std::shared_ptr<Sink> out,
                                        std::function<void(std::function<void()>)> run_turn);
    // The WebSocket /api/voice (routes_voice.cpp): the same access as the
    // chat (chat_access); `run` runs a function on a worker thread.
    std::unique_ptr<ChatRoom> open_voice(const SignedIn& who, std::shared_ptr<Sink> out,
                                         std::function<void(std::function<void()>)> run);

    People& people() { return m_people; }
    const ServerOptions& options() const { return m_options; }
    UserStore& users() { return *m_users; }
    Sessions& sessions() { return m_sessions; }
    LoginLimiter& limiter() { return m_limiter; }

private:
    // The person behind a request (Bearer key or session cookie), or the refusal.
    std::variant<SignedIn, Response> authenticate(const Request& req);

    ServerOptions m_options;
    std::unique_ptr<UserStore> m_users;
    Sessions m_sessions;
    LoginLimiter m_limiter;
    People m_people;
};

// Route groups (one file each); `target` is the parsed request target.
Reply app_route(Api& api, const Request& req, const Target& target, const SignedIn& who, const Client& client);
Reply login_route(Api& api, const Request& req, const Client& client);
Reply openai_route(Api& api, const Request& req, const Target& target, const SignedIn& who);
// The life skills' routes (routes_skills*.cpp): reminders, proposals,
// calendar, mail, letters; nullopt when the path is none of theirs.
std::optional<Reply> skills_route(Api& api, const Request& req, const Target& target, const SignedIn& who);
// The settings screen (routes_settings.cpp): GET/PUT /api/settings, and
// PUT /api/memory/{id} (a fact corrected; `ref` is the {id}).
Response settings_route(Api& api, const Request& req, const SignedIn& who);
Response correct_fact_route(Api& api, const Request& req, const std::string& ref, const SignedIn& who);
// /v1/chat/completions for an installed model (not "os1"): the client's
// whole conversation, answered raw (routes_openai_raw.cpp).
Reply raw_completion(Api& api, const Request& req, const SignedIn& who, const Json& body);
// A request's max_tokens (or max_completion_tokens, at most 4096),
// temperature (0..2), top_p (0..1), seed and stop (up to 4 strings), each
// unset when absent; Error::invalid says what is wrong.
struct Sampling {
    std::optional<int> max_tokens;
    std::optional<float> temperature, top_p;
    std::optional<uint64_t> seed;
    std::vector<std::string> stop;
};
Result<Sampling> read_sampling(const Json& body);
// The door's shared pieces: a finish reason's name, one SSE chunk.
std::string openai_finish(brain::FinishReason f);
Json openai_chunk(const std::string& id, int64_t created, const std::string& model, const Json& delta, const Json& finish);
Response static_file(const Request& req, const Target& target, const std::filesystem::path& web_dir);

// Runs `f(person, home)` with the person's woken Home, under their mutex.
template <typename F>
Response with_home(Api& api, const Request& req, const SignedIn& who, F&& f) {
    Person& person = api.people().get(who.owner);
    std::lock_guard lock(person.mutex);
    auto home = api.people().home(person);
    if (!home) return error_reply(req, home.error());
    return f(person, **home);
}

// The "done" message of a turn (WebSocket) in the contract's shape.
Json done_json(const std::string& id, const companion::TurnResult& turn);

// Whether `conversation` is the conversation of one of `owner`'s open
// /api/chat sockets (routes_chat.cpp; a voice socket joins it).
bool chat_conversation_open(const std::string& owner, const std::string& conversation);

// One turn for the signed-in person: nullopt when they are busy with
// another (or the server is stopping). `on_token` sees the reply as it is made.
// `conversation`: the skills' conversation (a WebSocket's own; "" = the
// person's Home's own, as for the OpenAI door). `options`: the turn's own
// limits (the OpenAI door's), or null.
std::optional<Result<companion::TurnResult>> run_turn(Api& api, const SignedIn& who, const std::string& text,
                                                      const brain::TokenCallback& on_token,
                                                      const std::string& conversation = {},
                                                      const companion::TurnOptions* options = nullptr);

}  // namespace os1::server
