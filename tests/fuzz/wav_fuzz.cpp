// libFuzzer target for the WAV reader (os1 transcribe's input, uploads):
// any bytes give audio or an Error with a message, never a crash or an
// allocation the file's size does not justify; audio read can be written
// as a WAV and read back to the same samples.
#include <cstdint>
#include <cstdlib>
#include <span>

#include "voice/wav.h"

using namespace os1;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto pcm = voice::parse_wav(std::span(data, size), "fuzz.wav");
    if (!pcm) {
        if (pcm.error().message.empty()) std::abort();
        return 0;
    }
    // Every frame holds at least one byte of the file.
    if (pcm->samples.size() > size) std::abort();
    std::string written = voice::wav_bytes(*pcm);
    auto again = voice::parse_wav(std::span(reinterpret_cast<const uint8_t*>(written.data()), written.size()), "again.wav");
    if (!again || again->samples != pcm->samples || again->rate != pcm->rate) std::abort();
    return 0;
}
