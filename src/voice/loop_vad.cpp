// The voice loop's ears (loop.h SpeechDetector) over the VAD of vad.h: its
// Start is the loop's onset (barge-in) and begins the recogniser's stream
// (200 ms of lead-in, as transcribe.cpp gives the recogniser), every frame
// after it goes to the stream, its End ends it (and the utterance, cut from
// the audio kept since it began, with 250 ms of release), its Cancel drops
// it. What she plays goes to the VAD's echo gate.
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
        stream(step);
        if (!m_vad.in_speech() && !m_streaming && static_cast<int64_t>(m_audio.size()) > 2 * KEEP_IDLE) {
            const int64_t drop = static_cast<int64_t>(m_audio.size()) - KEEP_IDLE;
            m_audio.erase(m_audio.begin(), m_audio.begin() + drop);
            m_base += drop;
        }
        return step;
    }

    Step finish() override {
        Step step;
        for (const auto& e : m_vad.finish()) take(e, step);
        return step;
    }

    bool in_speech() const override { return m_vad.in_speech(); }
    void playing(std::span<const int16_t> frame) override { m_vad.playing(frame); }

private:
    int64_t end() const { return m_base + static_cast<int64_t>(m_audio.size()); }

    // The stream's audio not given yet, up to now.
    void stream(Step& step) {
        if (!m_streaming || m_fed >= end()) return;
        step.audio.insert(step.audio.end(), m_audio.begin() + (m_fed - m_base), m_audio.end());
        m_fed = end();
    }

    void take(const VadEvent& e, Step& step) {
        if (e.kind == VadEvent::Kind::Start) {
            step.onset = true;
            step.begin = true;
            m_streaming = true;
            m_fed = std::max(m_base, e.begin - LEAD);
            return;
        }
        if (e.kind == VadEvent::Kind::Cancel) {
            if (m_streaming) step.drop = !std::exchange(step.begin, false);
            step.audio.clear();
            m_streaming = false;
            return;
        }
        const int64_t from = std::max(m_base, e.begin - LEAD);
        const int64_t to = std::min(end(), std::max(from, e.sample + RELEASE));
        Utterance u;
        u.audio.rate = static_cast<int>(RATE);
        u.audio.samples.assign(m_audio.begin() + (from - m_base), m_audio.begin() + (to - m_base));
        u.start_s = static_cast<double>(e.begin) / RATE;
        u.end_s = static_cast<double>(e.sample) / RATE;
        if (m_streaming) {
            stream(step);  // all it has not had yet (the stream goes on to now: a little more quiet)
            u.streamed = true;
            m_streaming = false;
        }
        step.utterance = std::move(u);
    }

    Vad m_vad;
    std::vector<int16_t> m_audio;  // the stream from m_base on
    int64_t m_base = 0;
    bool m_streaming = false;      // the recogniser hears the utterance in progress
    int64_t m_fed = 0;             // ... and has had it up to here
};

}  // namespace

std::unique_ptr<SpeechDetector> make_speech_detector(const VadConfig& config) {
    return std::make_unique<VadDetector>(config);
}

}  // namespace os1::voice
