// The voice loop's ears (loop.h SpeechDetector) over the VAD of vad.h: its
// Start is the loop's onset (barge-in), its End an utterance, cut from the
// audio kept since it began (200 ms of lead-in and 250 ms of release, as
// transcribe.cpp gives the recogniser).
#include <algorithm>

#include "voice/loop.h"

namespace os1::voice {

namespace {

constexpr int64_t RATE = 16000;
constexpr int64_t LEAD = RATE / 5;        // 200 ms before the onset
constexpr int64_t RELEASE = RATE / 4;     // 250 ms after the end: the last word's release
constexpr int64_t KEEP_IDLE = RATE / 2;   // kept while nobody speaks

class VadDetector final : public SpeechDetector {
public:
    explicit VadDetector(const VadConfig& config) : m_vad(config) {}

    Step push(std::span<const int16_t> frame) override {
        m_audio.insert(m_audio.end(), frame.begin(), frame.end());
        Step step;
        for (const auto& e : m_vad.feed(frame)) take(e, step);
        if (!m_vad.in_speech() && static_cast<int64_t>(m_audio.size()) > 2 * KEEP_IDLE) {
            const int64_t drop = static_cast<int64_t>(m_audio.size()) - KEEP_IDLE;
            m_audio.erase(m_audio.begin(), m_audio.begin() + drop);
            m_base += drop;
        }
        return step;
    }

    std::optional<Utterance> finish() override {
        Step step;
        for (const auto& e : m_vad.finish()) take(e, step);
        return std::move(step.utterance);
    }

    bool in_speech() const override { return m_vad.in_speech(); }

private:
    void take(const VadEvent& e, Step& step) {
        if (e.kind == VadEvent::Kind::Start) step.onset = true;
        if (e.kind != VadEvent::Kind::End) return;
        const int64_t from = std::max(m_base, e.begin - LEAD);
        const int64_t to = std::min(m_base + static_cast<int64_t>(m_audio.size()), std::max(from, e.sample + RELEASE));
        Utterance u;
        u.audio.rate = static_cast<int>(RATE);
        u.audio.samples.assign(m_audio.begin() + (from - m_base), m_audio.begin() + (to - m_base));
        u.start_s = static_cast<double>(e.begin) / RATE;
        u.end_s = static_cast<double>(e.sample) / RATE;
        step.utterance = std::move(u);
    }

    Vad m_vad;
    std::vector<int16_t> m_audio;  // the stream from m_base on
    int64_t m_base = 0;
};

}  // namespace

std::unique_ptr<SpeechDetector> make_speech_detector(const VadConfig& config) {
    return std::make_unique<VadDetector>(config);
}

}  // namespace os1::voice
