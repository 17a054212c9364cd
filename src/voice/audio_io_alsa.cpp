// The sound card through ALSA (see audio_io.h). 16-bit mono at the rate
// asked for; "default" and "plughw:" devices convert for us. Periods of
// 20 ms, a buffer of 8: the microphone tolerates a loop that is busy for
// 160 ms, and stop() drops what is queued for the speaker at once.
#include <alsa/asoundlib.h>

#include "voice/audio_io.h"

namespace os1::voice {

namespace {

constexpr snd_pcm_uframes_t PERIOD_MS = 20;
constexpr unsigned PERIODS = 8;

Error alsa_error(const std::string& device, bool capture, int err) {
    return Error::not_found("no ", capture ? "microphone" : "speaker", " at ALSA device \"", device, "\" (", snd_strerror(err),
                            "); without a sound card use --in FILE.wav and --out FILE.wav");
}

Result<snd_pcm_t*> open_pcm(const std::string& device, bool capture, int rate) {
    snd_pcm_t* pcm = nullptr;
    int err = snd_pcm_open(&pcm, device.c_str(), capture ? SND_PCM_STREAM_CAPTURE : SND_PCM_STREAM_PLAYBACK, 0);
    if (err < 0) return alsa_error(device, capture, err);
    const unsigned latency_us = static_cast<unsigned>(PERIOD_MS * PERIODS * 1000);
    err = snd_pcm_set_params(pcm, SND_PCM_FORMAT_S16_LE, SND_PCM_ACCESS_RW_INTERLEAVED, 1, static_cast<unsigned>(rate),
                             /*soft_resample=*/1, latency_us);
    if (err < 0) {
        snd_pcm_close(pcm);
        return Error::unsupported("the ALSA device \"", device, "\" cannot do 16-bit mono at ", rate, " Hz (",
                                  snd_strerror(err), "); try --device plughw:0 or default");
    }
    return pcm;
}

class AlsaIn final : public AudioIn {
public:
    AlsaIn(snd_pcm_t* pcm, std::string device, int rate) : m_pcm(pcm), m_device(std::move(device)), m_rate(rate) {}
    ~AlsaIn() override { snd_pcm_close(m_pcm); }
    int rate() const override { return m_rate; }
    std::string describe() const override { return "microphone " + m_device; }

    Result<size_t> read(std::span<int16_t> frame) override {
        size_t got = 0;
        while (got < frame.size()) {
            snd_pcm_sframes_t n = snd_pcm_readi(m_pcm, frame.data() + got, frame.size() - got);
            if (n == -EAGAIN || n == -EINTR) continue;
            if (n < 0) {  // an overrun (the loop was slow): recover and go on
                if (snd_pcm_recover(m_pcm, static_cast<int>(n), /*silent=*/1) < 0)
                    return Error::io("the microphone stopped: ", snd_strerror(static_cast<int>(n)));
                continue;
            }
            got += static_cast<size_t>(n);
        }
        return got;
    }

private:
    snd_pcm_t* m_pcm;
    std::string m_device;
    int m_rate;
};

class AlsaOut final : public AudioOut {
public:
    AlsaOut(snd_pcm_t* pcm, std::string device, int rate) : m_pcm(pcm), m_device(std::move(device)), m_rate(rate) {}
    ~AlsaOut() override { snd_pcm_close(m_pcm); }
    int rate() const override { return m_rate; }
    std::string describe() const override { return "speaker " + m_device; }

    Result<void> write(std::span<const int16_t> samples) override {
        size_t done = 0;
        while (done < samples.size()) {
            snd_pcm_sframes_t n = snd_pcm_writei(m_pcm, samples.data() + done, samples.size() - done);
            if (n == -EAGAIN || n == -EINTR) continue;
            if (n < 0) {  // an underrun: nothing was queued for a moment
                if (snd_pcm_recover(m_pcm, static_cast<int>(n), /*silent=*/1) < 0)
                    return Error::io("the speaker stopped: ", snd_strerror(static_cast<int>(n)));
                continue;
            }
            done += static_cast<size_t>(n);
        }
        return ok();
    }

    void stop() override {
        snd_pcm_drop(m_pcm);  // what is queued goes now
        snd_pcm_prepare(m_pcm);
    }

    Result<void> close() override {
        snd_pcm_drain(m_pcm);
        return ok();
    }

private:
    snd_pcm_t* m_pcm;
    std::string m_device;
    int m_rate;
};

}  // namespace

Result<std::unique_ptr<AudioIn>> open_alsa_in(const std::string& device, int rate) {
    snd_pcm_t* pcm = TRY(open_pcm(device, true, rate));
    return std::unique_ptr<AudioIn>(std::make_unique<AlsaIn>(pcm, device, rate));
}

Result<std::unique_ptr<AudioOut>> open_alsa_out(const std::string& device, int rate) {
    snd_pcm_t* pcm = TRY(open_pcm(device, false, rate));
    return std::unique_ptr<AudioOut>(std::make_unique<AlsaOut>(pcm, device, rate));
}

}  // namespace os1::voice
