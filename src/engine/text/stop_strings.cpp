#include "engine/text/stop_strings.h"

#include <algorithm>

namespace os1::engine {

StopMatcher::StopMatcher(std::vector<std::string> stops) {
    for (auto& s : stops)
        if (!s.empty()) m_stops.push_back(std::move(s));
}

std::string StopMatcher::push(std::string_view text) {
    if (m_stopped) return {};
    m_pending += text;
    // The earliest stop string in the pending text wins.
    size_t first = std::string::npos;
    for (const auto& stop : m_stops) {
        size_t at = m_pending.find(stop);
        if (at < first) {
            first = at;
            m_matched = stop;
        }
    }
    if (first != std::string::npos) {
        m_stopped = true;
        std::string out = m_pending.substr(0, first);
        m_pending.clear();
        return out;
    }
    // Hold back the longest tail that is a proper prefix of some stop string.
    size_t hold = 0;
    for (const auto& stop : m_stops) {
        for (size_t n = std::min(stop.size() - 1, m_pending.size()); n > hold; n--) {
            if (m_pending.compare(m_pending.size() - n, n, stop, 0, n) == 0) {
                hold = n;
                break;
            }
        }
    }
    std::string out = m_pending.substr(0, m_pending.size() - hold);
    m_pending.erase(0, m_pending.size() - hold);
    return out;
}

std::string StopMatcher::flush() {
    std::string out = std::move(m_pending);
    m_pending.clear();
    return m_stopped ? std::string() : out;
}

}  // namespace os1::engine
