// The voice-activity detector (see vad.h for what it decides and why).
// Frame measures come from one 512-point FFT of a Hann-windowed 25 ms
// window every 10 ms; the decisions are a small state machine.
#include "voice/vad.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <complex>
#include <numbers>

namespace os1::voice {
namespace {

constexpr int BAND_LO = 7;    // bin 7 x 31.25 Hz = 219 Hz
constexpr int BAND_HI = 128;  // 4000 Hz
constexpr double EPS = 1e-3;  // power floor per bin (in 16-bit units squared)

// In-place iterative radix-2 FFT of n (a power of two) complex values.
void fft(std::vector<std::complex<float>>& a) {
    const size_t n = a.size();
    for (size_t i = 1, j = 0; i < n; ++i) {
        size_t bit = n >> 1;
        for (; j & bit; bit >>= 1) j ^= bit;
        j ^= bit;
        if (i < j) std::swap(a[i], a[j]);
    }
    for (size_t len = 2; len <= n; len <<= 1) {
        const double angle = -2 * std::numbers::pi / static_cast<double>(len);
        const std::complex<float> wl(static_cast<float>(std::cos(angle)), static_cast<float>(std::sin(angle)));
        for (size_t i = 0; i < n; i += len) {
            std::complex<float> w(1, 0);
            for (size_t k = 0; k < len / 2; ++k) {
                auto u = a[i + k], v = a[i + k + len / 2] * w;
                a[i + k] = u + v;
                a[i + k + len / 2] = u - v;
                w *= wl;
            }
        }
    }
}

// The bin where band b of N bands starts, log-spaced over the speech band.
int band_edge(int b, int n_bands) {
    double t = static_cast<double>(b) / n_bands;
    return static_cast<int>(std::lround(BAND_LO * std::pow(static_cast<double>(BAND_HI) / BAND_LO, t)));
}

float median(std::vector<float> v) {
    if (v.empty()) return 0;
    auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    return *mid;
}

// The spread between the loud and the quiet tenth of the levels.
float level_swing(std::vector<float> v) {
    if (v.size() < 10) return 0;
    std::sort(v.begin(), v.end());
    return v[v.size() * 9 / 10] - v[v.size() / 10];
}

}  // namespace

Vad::Vad(VadConfig config) : m_config(config), m_window_fn(WINDOW), m_echo_loss_db(config.echo_loss_db) {
    for (int i = 0; i < WINDOW; ++i)
        m_window_fn[i] = static_cast<float>(0.5 - 0.5 * std::cos(2 * std::numbers::pi * i / (WINDOW - 1)));
}

void Vad::playing(std::span<const int16_t> samples) {
    if (!m_config.echo_gate) return;
    for (size_t at = 0; at < samples.size(); at += FRAME) {
        const size_t n = std::min<size_t>(FRAME, samples.size() - at);
        double sum = 0;
        for (size_t i = 0; i < n; ++i) sum += static_cast<double>(samples[at + i]) * samples[at + i];
        const double db = 10 * std::log10(sum / static_cast<double>(n) / (32768.0 * 32768.0) + 1e-12);
        if (db > -70) m_played.push_back({m_position, static_cast<float>(db)});  // silence is not kept
    }
}

double Vad::playback_db(int64_t frame_start) {
    const int64_t oldest = frame_start - static_cast<int64_t>(m_config.echo_window_frames) * FRAME;
    auto gone = std::find_if(m_played.begin(), m_played.end(), [&](const Played& p) { return p.position >= oldest; });
    m_played.erase(m_played.begin(), gone);
    double loudest = -200;
    for (const auto& p : m_played)
        if (p.position < frame_start + WINDOW) loudest = std::max(loudest, static_cast<double>(p.level_db));
    return loudest;
}

VadFrame Vad::analyse(const int16_t* window, int64_t frame_start) {
    std::vector<std::complex<float>> spec(N_FFT);  // (N_FFT)
    double sum_w2 = 0;
    for (int i = 0; i < WINDOW; ++i) {
        spec[i] = {static_cast<float>(window[i]) * m_window_fn[i], 0.0f};
        sum_w2 += static_cast<double>(m_window_fn[i]) * m_window_fn[i];
    }
    fft(spec);
    std::array<double, N_FFT / 2 + 1> power{};  // one-sided power per bin
    double total = 0, band = 0, log_sum = 0, peak = 0;
    for (int k = 1; k <= N_FFT / 2; ++k) {
        power[k] = std::norm(spec[k]) + EPS;
        total += power[k];
        if (k >= BAND_LO && k < BAND_HI) {
            band += power[k];
            log_sum += std::log(power[k]);
        }
    }
    for (int k = BAND_LO + 1; k + 1 < BAND_HI; ++k) peak = std::max(peak, power[k - 1] + power[k] + power[k + 1]);

    VadFrame f;
    // Parseval: mean square of the band = 2 x one-sided power / (N x sum w^2).
    const double scale = 2.0 / (N_FFT * sum_w2) / (32768.0 * 32768.0);
    f.level_db = 10 * std::log10(band * scale + 1e-12);
    f.band_share = band / total;
    const int n = BAND_HI - BAND_LO;
    f.flatness = std::exp(log_sum / n) / (band / n);
    f.peak_share = std::min(1.0, peak / band);

    // Band levels (clamped at -80 dBFS so silence's jitter is not change),
    // compared with LAG frames earlier.
    std::array<float, N_BANDS> levels{};
    for (int b = 0; b < N_BANDS; ++b) {
        int lo = band_edge(b, N_BANDS), hi = std::max(lo + 1, band_edge(b + 1, N_BANDS));
        double p = 0;
        for (int k = lo; k < hi; ++k) p += power[k];
        levels[b] = static_cast<float>(std::max(-80.0, 10 * std::log10(p / (hi - lo) * scale + 1e-12)));
    }
    auto& old = m_history[m_history_n % LAG];
    if (m_history_n >= LAG) {
        double change = 0;
        for (int b = 0; b < N_BANDS; ++b) change += std::fabs(levels[b] - old[b]);
        f.change_db = change / N_BANDS;
    }
    old = levels;
    ++m_history_n;

    if (!m_floor_set) {
        m_floor_db = std::min(f.level_db, m_config.min_level_db + 5);
        m_floor_set = true;
    }
    f.floor_db = m_floor_db;
    f.speech_like = f.level_db > m_floor_db + m_config.margin_db && f.level_db > m_config.min_level_db &&
                    f.band_share > m_config.min_band_share && f.flatness < 0.4 && f.peak_share < m_config.max_peak_share;
    // Her echo: while she plays, only what is louder than her voice can be
    // here counts. The loss follows the loud edge of (microphone - output)
    // while nobody else speaks: up at once (half the way a frame), down
    // slowly (5 dB a second: her pauses, where the microphone is quiet, must
    // not talk it down before her next word comes back).
    if (const double played = playback_db(frame_start); played > -200) {
        f.echo_db = played + m_echo_loss_db;
        const bool over = f.level_db > f.echo_db + m_config.echo_margin_db;
        if (!over && !m_in_speech) {
            const double measured = f.level_db - played;
            if (measured > m_echo_loss_db) m_echo_loss_db += 0.5 * (measured - m_echo_loss_db);
            else m_echo_loss_db -= std::min(0.05, m_echo_loss_db - measured);
            m_echo_loss_db = std::clamp(m_echo_loss_db, m_config.echo_loss_min_db, 10.0);
        }
        f.speech_like = f.speech_like && over;
    }
    // The floor follows quiet quickly, and rises slowly under sound that is
    // not speech (a fan switched on); even under speech-like sound it creeps
    // up, so a long stretch of music stops counting.
    double rate = f.level_db < m_floor_db ? 0.2 : f.speech_like ? 0.002 : 0.01;
    m_floor_db += rate * (f.level_db - m_floor_db);
    return f;
}

std::vector<VadEvent> Vad::feed(std::span<const int16_t> samples) {
    std::vector<VadEvent> out;
    m_pending.insert(m_pending.end(), samples.begin(), samples.end());
    m_position += static_cast<int64_t>(samples.size());
    size_t used = 0;
    while (m_pending.size() - used >= static_cast<size_t>(WINDOW)) {
        VadFrame f = analyse(m_pending.data() + used, m_next_frame);
        if (m_record) m_frames.push_back(f);
        step(f, m_next_frame, out);
        used += FRAME;
        m_next_frame += FRAME;
    }
    m_pending.erase(m_pending.begin(), m_pending.begin() + static_cast<std::ptrdiff_t>(used));
    return out;
}

void Vad::step(const VadFrame& frame, int64_t frame_start, std::vector<VadEvent>& out) {
    const int slot = static_cast<int>(frame_start / FRAME % 6);
    m_recent_starts[slot] = frame_start;
    m_recent = ((m_recent << 1) | (frame.speech_like ? 1u : 0u)) & 0x3Fu;
    const int64_t frame_end = std::min(frame_start + WINDOW, m_position);
    if (!m_in_speech) {
        const int count = std::popcount(m_recent);
        if (count < m_config.start_frames) return;
        // Begins at the oldest speech-like frame of the last six.
        int64_t begin = frame_start;
        for (int back = 5; back >= 0; --back)
            if (m_recent & (1u << back)) {
                begin = frame_start - static_cast<int64_t>(back) * FRAME;
                break;
            }
        m_in_speech = true;
        m_begin = std::max<int64_t>(0, begin);
        m_speech_frames = count;
        m_utterance_frames = 6;
        m_quiet_run = 0;
        m_last_speech_end = frame_end;
        m_changes.assign(1, static_cast<float>(frame.change_db));
        m_levels.assign(1, static_cast<float>(frame.level_db));
        out.push_back({VadEvent::Kind::Start, m_begin, m_begin});
        return;
    }
    ++m_utterance_frames;
    m_levels.push_back(static_cast<float>(frame.level_db));
    if (frame.speech_like) {
        ++m_speech_frames;
        m_quiet_run = 0;
        m_last_speech_end = frame_end;
        m_changes.push_back(static_cast<float>(frame.change_db));
    } else {
        ++m_quiet_run;
    }
    if (m_quiet_run >= m_config.hangover_frames) close(m_last_speech_end, out);
    else if (m_utterance_frames >= m_config.max_utterance_frames) close(frame_end, out);
}

void Vad::close(int64_t end, std::vector<VadEvent>& out) {
    // Speech keeps changing: syllables, formants, pitch. A held note, a
    // hum or a steady noise that slipped through the frame test does not.
    // Its level rises and falls by syllable too, where noise stays level.
    const bool speech = m_speech_frames >= m_config.min_speech_frames &&
                        median(m_changes) >= m_config.min_change_db &&
                        level_swing(m_levels) >= m_config.min_swing_db;
    out.push_back({speech ? VadEvent::Kind::End : VadEvent::Kind::Cancel, end, m_begin});
    m_in_speech = false;
    m_recent = 0;
    m_changes.clear();
    m_levels.clear();
}

std::vector<VadEvent> Vad::finish() {
    std::vector<VadEvent> out;
    if (m_in_speech) close(m_last_speech_end, out);
    return out;
}

std::vector<Segment> find_speech(const Pcm& pcm, const VadConfig& config) {
    Vad vad(config);
    auto events = vad.feed(pcm.samples);
    auto tail = vad.finish();
    events.insert(events.end(), tail.begin(), tail.end());
    std::vector<Segment> segments;
    for (const auto& e : events)
        if (e.kind == VadEvent::Kind::End) segments.push_back({e.begin, e.sample});
    return segments;
}

}  // namespace os1::voice
