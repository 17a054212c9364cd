// The default of Recognizer's streaming (audio.h): the audio is kept as it
// comes and recognised whole at the end, for recognisers that cannot decode
// as they go.
#include "voice/audio.h"

namespace os1::voice {

Result<void> Recognizer::begin_stream() {
    m_stream = Pcm{};
    return {};
}

Result<void> Recognizer::feed_stream(std::span<const int16_t> samples) {
    m_stream.samples.insert(m_stream.samples.end(), samples.begin(), samples.end());
    return {};
}

Result<Transcript> Recognizer::finish_stream() {
    Pcm audio = std::move(m_stream);
    m_stream = Pcm{};
    return recognize(audio);
}

void Recognizer::cancel_stream() { m_stream = Pcm{}; }

}  // namespace os1::voice
