// Mood timeline rendering. Days are computed with integer arithmetic from
// the UTC offset, so the grouping is exact and independent of the machine's
// time zone (local_utc_offset_minutes is the one place that asks the OS).
#include "affect/mood_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <map>

namespace os1::affect {
namespace {

constexpr int64_t MS_PER_DAY = 86'400'000;
constexpr const char* WEEKDAYS[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

std::string fixed(double x, int decimals, bool sign = false) {
    char buf[32];
    std::snprintf(buf, sizeof buf, sign ? "%+.*f" : "%.*f", decimals, x);
    return buf;
}

std::string xml_escape(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '&': out += "&amp;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

// Colour per Ekman group, so related emotions share a hue.
const char* emotion_colour(int go_id) {
    switch (GO_TO_EKMAN[size_t(go_id)]) {
        case 0: return "#d62728";  // anger
        case 1: return "#8c564b";  // disgust
        case 2: return "#9467bd";  // fear
        case 3: return "#2ca02c";  // joy
        case 5: return "#1f77b4";  // sadness
        case 6: return "#ff7f0e";  // surprise
        default: return "#7f7f7f";
    }
}

}  // namespace

std::string civil_date(int64_t day) {
    // Days → proleptic Gregorian date via 400-year eras starting in March.
    int64_t z = day + 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;                                        // [0, 146096]
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);  // [0, 365]
    int64_t mp = (5 * doy + 2) / 153;                       // March = 0
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) y++;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lld", (long long)y, (long long)m, (long long)d);
    return buf;
}

int local_utc_offset_minutes(int64_t time_ms) {
    std::time_t t = std::time_t(floor_div(time_ms, 1000));
    std::tm local{};
    if (!localtime_r(&t, &local)) return 0;
    return int(local.tm_gmtoff / 60);
}

float intensity(const MoodSample& s) {
    auto unit = [](float x) { return std::isfinite(x) ? std::clamp(x, 0.0f, 1.0f) : 0.0f; };
    float strongest = 0;
    for (size_t i = 0; i < N_GO; ++i)
        if (i != GO_NEUTRAL) strongest = std::max(strongest, unit(s.emotions[i]));
    const float v = std::isfinite(s.valence) ? std::min(std::fabs(s.valence), 1.0f) : 0.0f;
    return std::max(strongest, v);
}

float sample_weight(const MoodSample& s) {
    const float k = intensity(s);
    return MOOD_BASE_WEIGHT + k * k;
}

std::vector<MoodDay> group_by_day(std::span<const MoodSample> samples, const MoodChartOptions& options) {
    struct Acc {
        size_t n = 0;
        double weight = 0, valence = 0, arousal = 0, intensity = 0;
        std::array<double, N_GO> emotions{};
    };
    std::map<int64_t, Acc> by_day;
    const int64_t offset_ms = int64_t(options.utc_offset_minutes) * 60'000;
    for (const auto& s : samples) {
        Acc& a = by_day[floor_div(s.time_ms + offset_ms, MS_PER_DAY)];
        const double w = sample_weight(s);
        a.n++;
        a.weight += w;
        a.intensity += intensity(s);
        a.valence += w * (std::isfinite(s.valence) ? std::clamp(s.valence, -1.0f, 1.0f) : 0.0f);
        a.arousal += w * (std::isfinite(s.arousal) ? std::clamp(s.arousal, 0.0f, 1.0f) : 0.0f);
        for (size_t i = 0; i < N_GO; ++i)
            a.emotions[i] += w * (std::isfinite(s.emotions[i]) ? std::clamp(s.emotions[i], 0.0f, 1.0f) : 0.0f);
    }
    std::vector<MoodDay> days;
    if (by_day.empty()) return days;
    auto make_empty = [](int64_t day) {
        MoodDay d;
        d.day = day;
        d.date = civil_date(day);
        return d;
    };
    for (const auto& [day, a] : by_day) {
        if (options.fill_empty_days && !days.empty())
            for (int64_t gap = days.back().day + 1; gap < day; ++gap) days.push_back(make_empty(gap));
        MoodDay d = make_empty(day);
        d.n_messages = a.n;
        d.valence = float(a.valence / a.weight);
        d.arousal = float(a.arousal / a.weight);
        d.intensity = float(a.intensity / double(a.n));
        std::vector<std::pair<int, float>> ranked;
        for (size_t i = 0; i < N_GO; ++i)
            if (i != GO_NEUTRAL) ranked.emplace_back(int(i), float(a.emotions[i] / a.weight));
        std::stable_sort(ranked.begin(), ranked.end(), [](auto& x, auto& y) { return x.second > y.second; });
        for (const auto& r : ranked) {
            if (d.dominant.size() >= options.top_emotions || r.second < options.min_emotion) break;
            d.dominant.push_back(r);
        }
        days.push_back(std::move(d));
    }
    return days;
}

std::string render_mood_text(std::span<const MoodDay> days, const MoodChartOptions& options) {
    if (days.empty()) return "no messages in this period\n";
    const int half = std::max(1, options.bar_half_width);
    std::string out = "mood per day: valence bar (left unpleasant, right pleasant), average, messages, dominant emotions\n";
    for (const auto& d : days) {
        std::string line = WEEKDAYS[((d.day % 7) + 11) % 7];
        line.append(" ").append(d.date).append("  ");
        if (d.n_messages == 0) {
            line += std::string(size_t(half), ' ') + "│" + std::string(size_t(half), ' ') + "     ·  no messages";
            out += line + "\n";
            continue;
        }
        int cells = int(std::lround(std::fabs(d.valence) * half));
        cells = std::clamp(cells, 0, half);
        // Left half: blanks then blocks ending at the axis; right half: blocks from the axis.
        for (int i = 0; i < half; ++i) line += (d.valence < 0 && i >= half - cells) ? "█" : " ";
        line += "│";
        for (int i = 0; i < half; ++i) line += (d.valence > 0 && i < cells) ? "█" : " ";
        line.append(" ").append(fixed(d.valence, 2, true)).append("  ");
        char count[32];
        std::snprintf(count, sizeof count, "%3zu msg%s", d.n_messages, d.n_messages == 1 ? " " : "s");
        line += count;
        for (size_t k = 0; k < d.dominant.size(); ++k) {
            line += k == 0 ? "  " : ", ";
            line += std::string(GO_LABELS[size_t(d.dominant[k].first)]) + " " +
                    std::to_string(int(std::lround(d.dominant[k].second * 100))) + "%";
        }
        out += line + "\n";
    }
    return out;
}

std::string render_mood_svg(std::span<const MoodDay> days, const MoodChartOptions& options) {
    const double W = 760, H = 400, left = 60, right = 20, top = 40, bottom = 110;
    const double pw = W - left - right, ph = H - top - bottom;
    std::string s;
    s += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"760\" height=\"400\" viewBox=\"0 0 760 400\" "
         "font-family=\"sans-serif\" font-size=\"11\">\n";
    s += "<rect x=\"0\" y=\"0\" width=\"760\" height=\"400\" fill=\"#ffffff\"/>\n";
    s += "<text x=\"60\" y=\"24\" font-size=\"15\">Mood: daily valence and dominant emotions</text>\n";
    if (days.empty()) {
        s += "<text x=\"380\" y=\"200\" text-anchor=\"middle\" fill=\"#7f7f7f\">no messages in this period</text>\n";
        return s + "</svg>\n";
    }
    auto y_of = [&](double v) { return top + (1.0 - std::clamp(v, -1.0, 1.0)) / 2.0 * ph; };
    const size_t n = days.size();
    auto x_of = [&](size_t i) { return n == 1 ? left + pw / 2 : left + pw * double(i) / double(n - 1); };
    // Axes and grid: +1, +0.5, 0, −0.5, −1.
    for (double v : {1.0, 0.5, 0.0, -0.5, -1.0}) {
        double y = y_of(v);
        s += "<line x1=\"" + fixed(left, 1) + "\" y1=\"" + fixed(y, 1) + "\" x2=\"" + fixed(left + pw, 1) + "\" y2=\"" +
             fixed(y, 1) + "\" stroke=\"" + (v == 0 ? "#555555" : "#dddddd") + "\"" +
             (v == 0 ? " stroke-dasharray=\"4 3\"" : "") + "/>\n";
        s += "<text x=\"" + fixed(left - 8, 1) + "\" y=\"" + fixed(y + 4, 1) + "\" text-anchor=\"end\">" +
             fixed(v, 1, v != 0) + "</text>\n";
    }
    s += "<text x=\"16\" y=\"" + fixed(top + ph / 2, 1) + "\" transform=\"rotate(-90 16 " + fixed(top + ph / 2, 1) +
         ")\" text-anchor=\"middle\">valence</text>\n";
    // The valence line, broken across days without messages.
    std::string path;
    bool pen_down = false;
    for (size_t i = 0; i < n; ++i) {
        if (days[i].n_messages == 0) {
            pen_down = false;
            continue;
        }
        path += (pen_down ? " L" : (path.empty() ? "M" : " M")) + fixed(x_of(i), 1) + " " + fixed(y_of(days[i].valence), 1);
        pen_down = true;
    }
    if (!path.empty()) s += "<path d=\"" + path + "\" fill=\"none\" stroke=\"#333333\" stroke-width=\"2\"/>\n";
    // Points coloured by the day's dominant emotion, named beside the point.
    const size_t label_every = std::max<size_t>(1, (n + 29) / 30);
    for (size_t i = 0; i < n; ++i) {
        const MoodDay& d = days[i];
        double x = x_of(i);
        if (i % label_every == 0 || i + 1 == n) {
            s += "<text x=\"" + fixed(x, 1) + "\" y=\"" + fixed(top + ph + 14, 1) + "\" transform=\"rotate(-45 " +
                 fixed(x, 1) + " " + fixed(top + ph + 14, 1) + ")\" text-anchor=\"end\">" + xml_escape(d.date) +
                 "</text>\n";
        }
        if (d.n_messages == 0) continue;
        double y = y_of(d.valence);
        const char* colour = d.dominant.empty() ? "#7f7f7f" : emotion_colour(d.dominant[0].first);
        std::string title = d.date + ": valence " + fixed(d.valence, 2, true) + ", " + std::to_string(d.n_messages) +
                            " message(s)";
        for (const auto& [id, p] : d.dominant)
            title += ", " + std::string(GO_LABELS[size_t(id)]) + " " + std::to_string(int(std::lround(p * 100))) + "%";
        s += "<circle cx=\"" + fixed(x, 1) + "\" cy=\"" + fixed(y, 1) + "\" r=\"5\" fill=\"" + colour + "\"><title>" +
             xml_escape(title) + "</title></circle>\n";
        if (!d.dominant.empty() && n <= 31)
            s += "<text x=\"" + fixed(x + 7, 1) + "\" y=\"" + fixed(y - 7, 1) + "\" fill=\"" + colour + "\">" +
                 xml_escape(GO_LABELS[size_t(d.dominant[0].first)]) + "</text>\n";
    }
    // Legend: the colour families.
    const char* families[] = {"joy", "sadness", "anger", "fear", "surprise", "disgust", "neutral"};
    const int family_ids[] = {17, 25, 2, 14, 26, 11, 27};
    double lx = left;
    for (size_t k = 0; k < 7; ++k) {
        s += "<circle cx=\"" + fixed(lx + 5, 1) + "\" cy=\"" + fixed(H - 14, 1) + "\" r=\"5\" fill=\"" +
             emotion_colour(family_ids[k]) + "\"/>\n";
        s += "<text x=\"" + fixed(lx + 14, 1) + "\" y=\"" + fixed(H - 10, 1) + "\">" + families[k] + "</text>\n";
        lx += 90;
    }
    (void)options;
    return s + "</svg>\n";
}

}  // namespace os1::affect
