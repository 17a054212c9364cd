// Sample-rate conversion with libsoxr at its high quality setting: a
// band-limited (linear-phase, steep low-pass) resampler, so a 44.1 or 48 kHz
// recording becomes 16 kHz for recognition without aliasing the highs into
// the speech band. Converted in float, rounded back to 16 bits once.
#include <soxr.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/log.h"
#include "voice/audio.h"

namespace os1::voice {

Pcm resample(const Pcm& pcm, int rate) {
    if (rate == pcm.rate || rate <= 0 || pcm.rate <= 0 || pcm.samples.empty()) {
        Pcm same = pcm;
        if (rate > 0 && pcm.samples.empty()) same.rate = rate;
        return same;
    }
    std::vector<float> in(pcm.samples.size());  // (n_in)
    for (size_t i = 0; i < in.size(); ++i) in[i] = pcm.samples[i] / 32768.0f;
    double ratio = static_cast<double>(rate) / pcm.rate;
    size_t n_out = static_cast<size_t>(std::llround(static_cast<double>(in.size()) * ratio));
    std::vector<float> out(n_out + 16);  // (n_out), slack for rounding
    size_t done = 0;
    soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
    soxr_quality_spec_t quality = soxr_quality_spec(SOXR_HQ, 0);
    soxr_error_t err = soxr_oneshot(pcm.rate, rate, 1, in.data(), in.size(), nullptr, out.data(), out.size(),
                                    &done, &io, &quality, nullptr);
    Pcm result;
    result.rate = rate;
    if (err) {
        // Only bad parameters or no memory get here; both are our bugs.
        log::error("resampling ", pcm.rate, " -> ", rate, " Hz failed: ", err);
        return result;
    }
    done = std::min(done, n_out);
    result.samples.resize(done);
    for (size_t i = 0; i < done; ++i)
        result.samples[i] = static_cast<int16_t>(std::clamp(std::lround(out[i] * 32768.0f), -32768L, 32767L));
    return result;
}

}  // namespace os1::voice
