// The audio seam of the voice conversation: where her ears and mouth meet
// the world. A sound card (ALSA, audio_io_alsa.cpp) for real use; WAV files
// for tests, benchmarks and machines without one: a source that plays a
// file in (optionally at real-time pace) and a sink that records what she
// says, sample-aligned with the input (the loop writes one frame out for
// every frame in), so a test can read off when she spoke and when she
// stopped.
//
//   auto in = TRY(WavFileIn::open("question.wav", 16000));
//   WavFileOut out("reply.wav", 16000);
//   ... the loop reads in.read(frame), writes out.write(frame) ...
//   TRY(out.close());                                       // the WAV is written
//
// Thread safety: one thread reads and writes a stream (the loop's).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "voice/audio.h"

namespace os1::voice {

class AudioIn {
public:
    virtual ~AudioIn() = default;
    virtual int rate() const = 0;
    // Fills `frame` with the next samples and returns how many (fewer only
    // at the end; 0: the input ended). A device blocks until they are there.
    virtual Result<size_t> read(std::span<int16_t> frame) = 0;
    virtual std::string describe() const = 0;
};

class AudioOut {
public:
    virtual ~AudioOut() = default;
    virtual int rate() const = 0;
    // Queues samples to play (a device blocks while its buffer is full).
    virtual Result<void> write(std::span<const int16_t> samples) = 0;
    // Silence now: what is queued and not yet played is dropped (barge-in).
    virtual void stop() = 0;
    // Plays out what is queued and closes (a file is written).
    virtual Result<void> close() = 0;
    virtual std::string describe() const = 0;
};

// A WAV file played in, resampled to `rate`. With `pace` (a real clock),
// read() returns each frame no sooner than it would arrive from a
// microphone started at the first read, so latencies measured through the
// seam are real; without it the file is read as fast as asked.
class WavFileIn final : public AudioIn {
public:
    static Result<std::unique_ptr<WavFileIn>> open(const std::filesystem::path& file, int rate, const Clock* pace = nullptr);
    WavFileIn(Pcm pcm, std::string name, const Clock* pace = nullptr);
    int rate() const override { return m_pcm.rate; }
    Result<size_t> read(std::span<int16_t> frame) override;
    std::string describe() const override { return m_name; }
    double seconds() const { return m_pcm.seconds(); }

private:
    Pcm m_pcm;
    std::string m_name;
    const Clock* m_pace;
    size_t m_pos = 0;
    int64_t m_start_ns = -1;
};

// Records what is written, at `rate`; close() writes a 16-bit mono WAV
// (an empty `file`: kept in memory only, for tests). stop() drops nothing:
// a file has no queue, every frame written is at its place in time.
class WavFileOut final : public AudioOut {
public:
    WavFileOut(std::filesystem::path file, int rate);
    int rate() const override { return m_pcm.rate; }
    Result<void> write(std::span<const int16_t> samples) override;
    void stop() override { m_stops++; }
    Result<void> close() override;
    std::string describe() const override { return m_file.empty() ? "memory" : m_file.string(); }
    const Pcm& recorded() const { return m_pcm; }
    int stops() const { return m_stops; }

private:
    std::filesystem::path m_file;
    Pcm m_pcm;
    int m_stops = 0;
    bool m_closed = false;
};

// The sound card through ALSA ("default" or a device like "hw:1,0" /
// "plughw:1"). Error::not_found with what to do (use --in/--out) when
// there is none.
Result<std::unique_ptr<AudioIn>> open_alsa_in(const std::string& device, int rate);
Result<std::unique_ptr<AudioOut>> open_alsa_out(const std::string& device, int rate);

}  // namespace os1::voice
