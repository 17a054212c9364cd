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

std::pair<std::string, std::string> Sessions::create(const std::string& name, const std::string& owner) {
    std::string token = random_token(), csrf = random_token();
    std::lock_guard lock(m_mutex);
    const auto now = std::chrono::steady_clock::now();
    // Drop expired sessions now and then, so the table stays small.
    for (auto it = m_by_hash.begin(); it != m_by_hash.end();)
        it = now - it->second.last_used > m_ttl ? m_by_hash.erase(it) : std::next(it);
    m_by_hash[hashed(token)] = Entry{SignedIn{name, owner, csrf, false}, now};
    return {token, csrf};
}

std::optional<SignedIn> Sessions::find(const std::string& cookie_value) {
    if (cookie_value.size() != 64) return std::nullopt;
    const std::string key = hashed(cookie_value);
    std::lock_guard lock(m_mutex);
    auto it = m_by_hash.find(key);
    if (it == m_by_hash.end()) return std::nullopt;
    const auto now = std::chrono::steady_clock::now();
    if (now - it->second.last_used > m_ttl) {
        m_by_hash.erase(it);
        return std::nullopt;
    }
    it->second.last_used = now;
    return it->second.who;
}

void Sessions::remove(const std::string& cookie_value) {
    std::lock_guard lock(m_mutex);
    m_by_hash.erase(hashed(cookie_value));
}

void Sessions::remove_person(const std::string& name) {
    std::lock_guard lock(m_mutex);
    for (auto it = m_by_hash.begin(); it != m_by_hash.end();)
        it = it->second.who.name == name ? m_by_hash.erase(it) : std::next(it);
}

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
