// Sessions, CSRF tokens and the login limiter.
#include "server/auth.h"

#include <sodium.h>

namespace os1::server {

namespace {
std::string hex(const unsigned char* p, size_t n) {
    std::string out(n * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), p, n);
    out.pop_back();
    return out;
}
std::string hashed(const std::string& token) { return hashed_secret(token); }
}  // namespace

std::string hashed_secret(const std::string& secret) {
    unsigned char h[crypto_generichash_BYTES];
    crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), nullptr, 0);
    return hex(h, sizeof h);
}

std::string random_token() {
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    return hex(raw, sizeof raw);
}

bool same_secret(const std::string& a, const std::string& b) {
    return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

// A session's expiry is written back at most this often (not on every request).
constexpr int64_t TOUCH_EVERY_MS = 60'000;

std::string Sessions::csrf_of(const std::string& cookie_value) { return hashed_secret("os1 csrf\n" + cookie_value); }

Result<Sessions::Created> Sessions::create(const std::string& name) {
    const int64_t now = m_clock.wall_ms();
    TRY(m_users.purge_sessions(now));
    std::string token = random_token();
    TRY(m_users.add_session(hashed(token), name, now, now + m_ttl_ms));
    return Created{token, csrf_of(token)};
}

Result<std::optional<SignedIn>> Sessions::find(const std::string& cookie_value) {
    if (cookie_value.size() != 64) return std::optional<SignedIn>();
    const std::string key = hashed(cookie_value);
    auto stored = TRY(m_users.session(key));
    if (!stored) return std::optional<SignedIn>();
    const int64_t now = m_clock.wall_ms();
    if (stored->expires_ms <= now) {
        TRY(m_users.remove_session(key));
        return std::optional<SignedIn>();
    }
    if (now - stored->touched_ms >= TOUCH_EVERY_MS) TRY(m_users.touch_session(key, now, now + m_ttl_ms));
    return std::optional<SignedIn>(SignedIn{stored->user.name, stored->user.owner, csrf_of(cookie_value), false});
}

Result<void> Sessions::remove(const std::string& cookie_value) { return m_users.remove_session(hashed(cookie_value)); }

int LoginLimiter::wait_for(std::deque<Clock::time_point>& tries, int limit, Clock::time_point now) {
    while (!tries.empty() && now - tries.front() >= m_window) tries.pop_front();
    if (int(tries.size()) < limit) return 0;
    const auto left = std::chrono::duration_cast<std::chrono::seconds>(tries.front() + m_window - now).count();
    return int(std::max<int64_t>(1, left + 1));
}

int LoginLimiter::retry_after(const std::string& name, const std::string& address) {
    std::lock_guard lock(m_mutex);
    const auto now = Clock::now();
    return std::max(wait_for(m_names[name], m_per_name, now), wait_for(m_addresses[address], m_per_address, now));
}

void LoginLimiter::failed(const std::string& name, const std::string& address) {
    std::lock_guard lock(m_mutex);
    const auto now = Clock::now();
    m_names[name].push_back(now);
    m_addresses[address].push_back(now);
    // Bounded: past 10000 names or addresses, those with no recent failure go.
    for (auto* table : {&m_names, &m_addresses}) {
        if (table->size() <= 10000) continue;
        for (auto it = table->begin(); it != table->end();) {
            wait_for(it->second, 1 << 30, now);
            it = it->second.empty() ? table->erase(it) : std::next(it);
        }
    }
}

void LoginLimiter::succeeded(const std::string& name) {
    std::lock_guard lock(m_mutex);
    m_names.erase(name);
}

}  // namespace os1::server
