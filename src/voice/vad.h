// Voice-activity detection: where a person speaks in a 16 kHz mono stream.
//
//   voice::Vad vad;
//   for (auto chunk : microphone)                    // any chunk size
//       for (auto e : vad.feed(chunk))
//           if (e.kind == VadEvent::Kind::Start) stop_talking();      // barge-in
//           else if (e.kind == VadEvent::Kind::End) recognise(e.begin, e.sample);
//   for (auto e : vad.finish()) ...                  // end of the stream
//
// Each 10 ms frame (25 ms window) is judged speech-like from its level over
// an adaptive noise floor, the share of its energy in the speech band, its
// spectral flatness (noise is flat) and its peakiness (a tone is one peak).
// A few speech-like frames in a row start an utterance (Start, quickly, for
// barge-in); a hangover of quiet frames ends it. At the end the utterance
// is checked as a whole: long enough, and changing the way speech changes
// (a held musical note or a hum does not). One that fails is Cancelled, so
// noise, music and silence produce no utterance.
//
// Thread safety: one Vad per stream, used from one thread.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "voice/audio.h"

namespace os1::voice {

struct VadConfig {
    int rate = 16000;               // the stream's rate; only 16000 is supported
    double margin_db = 9.0;         // a frame must be this far above the noise floor
    double min_band_share = 0.1;    // ... have this share of its energy in 200..4000 Hz
    double max_peak_share = 0.92;   // ... and no three bins of the band holding more (a tone)
    double min_level_db = -55.0;    // ... and at least this loud (dBFS)
    int start_frames = 4;           // speech-like frames out of the last 6 that start an utterance
    int hangover_frames = 45;       // quiet frames (10 ms each) that end it
    int min_speech_frames = 12;     // an utterance needs this many speech-like frames
    double min_change_db = 3.0;     // ... and a median spectral change (50 ms apart) of this much
    double min_swing_db = 10.0;     // ... and its level must swing this much (loud vs quiet tenth)
    int max_utterance_frames = 3000;  // 30 s: a longer one is ended and a new one begun
    // Her own voice coming back from a loudspeaker (echo; playing()):
    // while she plays, a frame is speech-like only when it is louder than
    // her voice can be at the microphone (the loudest of her last
    // `echo_window_frames` of output, plus the echo's loss) by
    // `echo_margin_db`. The loss is learned while she speaks and nobody
    // else does (the loud edge of microphone minus output), starting from
    // `echo_loss_db`, never under `echo_loss_min_db`.
    bool echo_gate = true;
    int echo_window_frames = 40;     // 400 ms: the path's delay and the room's tail
    double echo_margin_db = 6.0;
    double echo_loss_db = -6.0;
    double echo_loss_min_db = -45.0;
};

struct VadEvent {
    enum class Kind {
        Start,   // speech began at `sample` (an onset: stop talking, listen)
        End,     // the utterance [begin, sample) was speech
        Cancel,  // the utterance begun at `begin` was not speech after all
    };
    Kind kind = Kind::Start;
    int64_t sample = 0;  // stream position of the event (samples since the first fed)
    int64_t begin = 0;   // End/Cancel: where the utterance began
};

// What the detector measured for one frame (for tests and tuning).
struct VadFrame {
    double level_db = 0;     // dBFS of the window
    double floor_db = 0;     // the noise floor at that time
    double band_share = 0;   // energy share in 200..4000 Hz
    double flatness = 0;     // geometric / arithmetic mean of the band's power, 0..1
    double peak_share = 0;   // the strongest bin's share of the band's power
    double change_db = 0;    // mean spectral change against 50 ms earlier
    double echo_db = -200;   // the loudest her voice can be here (-200: she is quiet)
    bool speech_like = false;
};

class Vad {
public:
    explicit Vad(VadConfig config = {});

    // Feeds samples; returns the events they complete, in order.
    std::vector<VadEvent> feed(std::span<const int16_t> samples);
    // Ends the stream: an utterance still open is ended (or cancelled).
    std::vector<VadEvent> finish();
    // What she plays now (any length, 16 kHz), right after the samples fed
    // so far: her echo is not speech (VadConfig::echo_gate).
    void playing(std::span<const int16_t> samples);
    double echo_loss_db() const { return m_echo_loss_db; }

    bool in_speech() const { return m_in_speech; }
    int64_t position() const { return m_position; }
    // Every frame's measures so far, when recording was asked for.
    void record_frames(bool on) { m_record = on; }
    const std::vector<VadFrame>& frames() const { return m_frames; }

private:
    static constexpr int FRAME = 160;   // 10 ms hop at 16 kHz
    static constexpr int WINDOW = 400;  // 25 ms
    static constexpr int N_FFT = 512;
    static constexpr int N_BANDS = 20;  // grouped bins for the change measure
    static constexpr int LAG = 5;       // frames between compared spectra

    VadFrame analyse(const int16_t* window, int64_t frame_start);
    double playback_db(int64_t frame_start);  // the loudest she played near this frame
    void step(const VadFrame& frame, int64_t frame_start, std::vector<VadEvent>& out);
    void close(int64_t end, std::vector<VadEvent>& out);

    VadConfig m_config;
    std::vector<int16_t> m_pending;              // (< WINDOW + FRAME) samples not yet framed
    int64_t m_position = 0;                      // samples fed
    int64_t m_next_frame = 0;                    // stream position of the next frame's start
    double m_floor_db = 0;
    bool m_floor_set = false;
    std::array<std::array<float, N_BANDS>, LAG> m_history{};  // (LAG, N_BANDS) band levels, ring
    int m_history_n = 0;
    uint32_t m_recent = 0;                       // speech-like bits of the last frames
    int64_t m_recent_starts[6] = {};             // their start positions
    bool m_in_speech = false;
    int64_t m_begin = 0;                         // utterance start
    int64_t m_last_speech_end = 0;               // end of its last speech-like frame
    int m_quiet_run = 0;
    int m_utterance_frames = 0;
    int m_speech_frames = 0;
    std::vector<float> m_changes;                // change_db of the utterance's speech-like frames
    std::vector<float> m_levels;                 // level_db of all its frames
    bool m_record = false;
    std::vector<VadFrame> m_frames;
    std::vector<float> m_window_fn;              // (WINDOW) Hann
    struct Played {
        int64_t position;  // the input position when it was played
        float level_db;    // its level, dBFS (10 ms)
    };
    std::vector<Played> m_played;                // her output, the last echo window of it
    double m_echo_loss_db = 0;
};

// The utterances of a whole 16 kHz clip, [begin, end) in samples.
struct Segment {
    int64_t begin = 0, end = 0;
};
std::vector<Segment> find_speech(const Pcm& pcm, const VadConfig& config = {});

}  // namespace os1::voice
