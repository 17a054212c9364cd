// Who is asking: browser sessions (a cookie plus a CSRF token), API keys
// (Authorization: Bearer), and login rate limiting.
//   - A session is 32 random bytes (hex) in the HttpOnly, SameSite=Strict
//     cookie os1_session; the server keeps only its BLAKE2b hash, with the
//     person's name and a CSRF token of its own. Sessions live in memory
//     (a restarted server asks people to sign in again) and expire after
//     `session_ttl_s` without use.
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

namespace os1::server {

struct SignedIn {
    std::string name;
    std::string owner;
    std::string csrf;   // "" for a Bearer key
    bool by_key = false;
};

class Sessions {
public:
    explicit Sessions(std::chrono::seconds ttl) : m_ttl(ttl) {}
    // A new session: {cookie value, csrf token}.
    std::pair<std::string, std::string> create(const std::string& name, const std::string& owner);
    // The session for a cookie value, refreshed; nullopt when unknown or expired.
    std::optional<SignedIn> find(const std::string& cookie_value);
    void remove(const std::string& cookie_value);
    // Every session of a person (after `os1 user remove`, the next request finds none).
    void remove_person(const std::string& name);

private:
    struct Entry {
        SignedIn who;
        std::chrono::steady_clock::time_point last_used;
    };
    std::chrono::seconds m_ttl;
    std::mutex m_mutex;
    std::map<std::string, Entry> m_by_hash;  // guarded by m_mutex
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
