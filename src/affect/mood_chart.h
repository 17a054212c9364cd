// The mood timeline, rendered: per-message affect samples → one entry per
// day → a terminal chart (one line per day: a diverging valence bar, the
// average valence, the message count and the day's dominant emotions) and an
// SVG plot (valence line over the days, dominant emotion named at each
// point). Storage of the samples and the `os1 mood` command live elsewhere
// (memory, companion); everything here is a pure function of its input.
//
//   std::vector<MoodSample> samples = ...;           // from the episodes
//   MoodChartOptions opt;  opt.utc_offset_minutes = local_utc_offset_minutes(now_ms);
//   auto days = group_by_day(samples, opt);
//   std::fputs(render_mood_text(days, opt).c_str(), stdout);
//   write_file_atomic("mood.svg", render_mood_svg(days, opt));
//
// Thread safety: pure functions, no shared state.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "affect/labels.h"

namespace os1::affect {

// One user message's affect.
struct MoodSample {
    int64_t time_ms = 0;                // Unix time in milliseconds (UTC)
    float valence = 0;                  // −1…1
    float arousal = 0;                  // 0…1
    std::array<float, N_GO> emotions{}; // GoEmotions probabilities (labels.h order)
};

struct MoodChartOptions {
    int utc_offset_minutes = 0;    // days run midnight to midnight at this offset from UTC
    size_t top_emotions = 3;       // dominant emotions listed per day
    float min_emotion = 0.05f;     // a day's mean probability below this is not "dominant"
    bool fill_empty_days = true;   // days without messages between the first and last get a line
    int bar_half_width = 10;       // terminal cells for valence 0…1 on each side of the axis
};

// A day's mood weighs each message by how strongly emotional it is, not by
// count: weight = MOOD_BASE_WEIGHT + intensity², where intensity is the
// larger of |valence| and the strongest non-neutral emotion. One heavy
// message (intensity 0.9: weight 0.83) outweighs ten plain ones (0.15:
// 0.0425 each), and a day of only plain messages still has a mean.
constexpr float MOOD_BASE_WEIGHT = 0.02f;
float intensity(const MoodSample& sample);      // 0…1
float sample_weight(const MoodSample& sample);  // MOOD_BASE_WEIGHT + intensity²

struct MoodDay {
    int64_t day = 0;               // days since 1970-01-01 in the chosen offset
    std::string date;              // "YYYY-MM-DD"
    size_t n_messages = 0;
    float valence = 0;             // intensity-weighted mean over the day's messages (0 when none)
    float arousal = 0;             // intensity-weighted mean
    float intensity = 0;           // plain mean of the messages' intensity
    std::vector<std::pair<int, float>> dominant;  // (GoEmotions id, weighted mean probability), strongest first, neutral excluded
};

// Groups samples by local day (any order in; days out in ascending order).
std::vector<MoodDay> group_by_day(std::span<const MoodSample> samples, const MoodChartOptions& options = {});

// The terminal chart; ends with a newline. No days → a one-line notice.
std::string render_mood_text(std::span<const MoodDay> days, const MoodChartOptions& options = {});

// A standalone SVG document (UTF-8). No days → an SVG that says so.
std::string render_mood_svg(std::span<const MoodDay> days, const MoodChartOptions& options = {});

// "YYYY-MM-DD" for a day number (days since 1970-01-01, proleptic Gregorian).
std::string civil_date(int64_t day);

// This machine's UTC offset in minutes at the given instant (from the TZ
// database), for callers that want local-day grouping.
int local_utc_offset_minutes(int64_t time_ms);

}  // namespace os1::affect
