// Who is asking: browser sessions (a cookie plus a CSRF token), API keys
// (Authorization: Bearer), and login rate limiting.
//   - A session is 32 random bytes (hex) in the HttpOnly, SameSite=Strict
//     cookie os1_session. users.db keeps only its BLAKE2b hash, its person
//     and when it expires (`session_ttl` after its last use), so a
//     restarted server keeps everyone signed in. Its CSRF token is derived
//     from the token (a hash of its own), so it is tied to the session,
//     never stored, and the same after a restart. Sign-out and
//     `os1 user remove` delete it; expired ones are purged at each sign-in.
//   - Cookie requests that change something (POST, PUT, DELETE) must carry
//     X-CSRF-Token equal to the session's token; Bearer requests need none
//     (a browser never adds that header by itself).
//   - Failed logins are counted per name and per client address in a
//     sliding window; past the limit the answer is 429 with Retry-After.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "core/clock.h"
#include "server/users.h"

namespace os1::server {

struct SignedIn {
    std::string name;
    std::string owner;
    std::string csrf;   // "" for a Bearer key
    bool by_key = false;
};

class Sessions {
public:
    // `clock` (tests: a FakeClock) must outlive this; null = the system's.
    Sessions(UserStore& users, std::chrono::seconds ttl, const Clock* clock = nullptr)
        : m_users(users), m_ttl_ms(int64_t(ttl.count()) * 1000), m_clock(clock ? *clock : SystemClock::instance()) {}
    struct Created {
        std::string cookie_value, csrf;
    };
    // A new session for a person (and the expired ones purged).
    Result<Created> create(const std::string& name);
    // The session for a cookie value, its expiry pushed back; nullopt when
    // unknown, expired or its person removed.
    Result<std::optional<SignedIn>> find(const std::string& cookie_value);
    Result<void> remove(const std::string& cookie_value);
    // The CSRF token that goes with a session token.
    static std::string csrf_of(const std::string& cookie_value);

private:
    UserStore& m_users;
    int64_t m_ttl_ms;
    const Clock& m_clock;
};

class LoginLimiter {
public:
    LoginLimiter(int per_name, int per_address, std::chrono::seconds window)
        : m_per_name(per_name), m_per_address(per_address), m_window(window) {}
    // Seconds to wait before trying again, or 0 when a try is allowed now.
    int retry_after(const std::string& name, const std::string& address);
    void failed(const std::string& name, const std::string& address);
    void succeeded(const std::string& name);

private:
    using Clock = std::chrono::steady_clock;
    int wait_for(std::deque<Clock::time_point>& tries, int limit, Clock::time_point now);
    int m_per_name, m_per_address;
    std::chrono::seconds m_window;
    std::mutex m_mutex;
    std::map<std::string, std::deque<Clock::time_point>> m_names, m_addresses;  // guarded by m_mutex
};

// 32 random bytes as 64 hex digits.
std::string random_token();
// The BLAKE2b hash of a secret (a session token, an API key) as hex: what is stored.
std::string hashed_secret(const std::string& secret);
// Equal strings, in time independent of where they differ.
bool same_secret(const std::string& a, const std::string& b);

}  // namespace os1::server
