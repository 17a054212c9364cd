// WAV files as the audio seam (see audio_io.h).
#include "voice/audio_io.h"

#include <algorithm>
#include <thread>

namespace os1::voice {

Result<std::unique_ptr<WavFileIn>> WavFileIn::open(const std::filesystem::path& file, int rate, const Clock* pace) {
    Pcm pcm = TRY(read_wav(file));
    return std::make_unique<WavFileIn>(resample(pcm, rate), file.string(), pace);
}

WavFileIn::WavFileIn(Pcm pcm, std::string name, const Clock* pace)
    : m_pcm(std::move(pcm)), m_name(std::move(name)), m_pace(pace) {}

Result<size_t> WavFileIn::read(std::span<int16_t> frame) {
    const size_t n = std::min(frame.size(), m_pcm.samples.size() - m_pos);
    if (n == 0) return size_t{0};
    if (m_pace) {
        // A microphone hands a frame over once it has been heard in full.
        if (m_start_ns < 0) m_start_ns = m_pace->mono_ns();
        const int64_t due = m_start_ns + static_cast<int64_t>((m_pos + n) * 1'000'000'000.0 / m_pcm.rate);
        const int64_t wait = due - m_pace->mono_ns();
        if (wait > 0) std::this_thread::sleep_for(std::chrono::nanoseconds(wait));
    }
    std::copy_n(m_pcm.samples.begin() + static_cast<long>(m_pos), n, frame.begin());
    m_pos += n;
    return n;
}

WavFileOut::WavFileOut(std::filesystem::path file, int rate) : m_file(std::move(file)) { m_pcm.rate = rate; }

Result<void> WavFileOut::write(std::span<const int16_t> samples) {
    if (m_closed) return Error::internal("a recording was written after it was closed");
    m_pcm.samples.insert(m_pcm.samples.end(), samples.begin(), samples.end());
    return ok();
}

Result<void> WavFileOut::close() {
    if (m_closed) return ok();
    m_closed = true;
    if (m_file.empty()) return ok();
    return write_wav(m_file, m_pcm);
}

}  // namespace os1::voice
