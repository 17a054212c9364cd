// flite backend (see tts_flite.h). flite's own API is C; its voices are
// registered once per process and kept (flite has no way to free a voice
// registered by name cheaply, and there are five).
#include "voice/tts_flite.h"

#include <map>
#include <mutex>

#include "voice/speak_text.h"

extern "C" {
#include <flite/flite.h>
cst_voice* register_cmu_us_slt(const char* voxdir);
cst_voice* register_cmu_us_awb(const char* voxdir);
cst_voice* register_cmu_us_kal(const char* voxdir);
cst_voice* register_cmu_us_kal16(const char* voxdir);
cst_voice* register_cmu_us_rms(const char* voxdir);
}

namespace os1::voice {

namespace {

using Register = cst_voice* (*)(const char*);

struct Known {
    const char* name;
    Register make;
};
constexpr Known KNOWN[] = {
    {"slt", register_cmu_us_slt}, {"awb", register_cmu_us_awb}, {"kal", register_cmu_us_kal},
    {"kal16", register_cmu_us_kal16}, {"rms", register_cmu_us_rms},
};

std::mutex& flite_mutex() {  // guards flite itself and `registered`
    static std::mutex m;
    return m;
}
std::map<std::string, cst_voice*>& registered() {
    static std::map<std::string, cst_voice*> voices;
    return voices;
}

class FliteVoice final : public Voice {
public:
    FliteVoice(std::string name, cst_voice* voice, int rate, double speed)
        : m_name("flite:" + name), m_voice(voice), m_rate(rate), m_speed(speed) {}

    std::string_view name() const override { return m_name; }

    Result<Pcm> synthesize(std::string_view text) override {
        return synthesize_pieces(text, /*ascii_only=*/true, m_rate, [&](const std::string& sentence) -> Result<Pcm> {
            std::lock_guard lock(flite_mutex());
            flite_feat_set_float(m_voice->features, "duration_stretch", static_cast<float>(1.0 / m_speed));
            cst_wave* wave = flite_text_to_wave(sentence.c_str(), m_voice);
            if (!wave) return Error::internal("flite could not speak a sentence");
            Pcm pcm;
            pcm.rate = wave->sample_rate;
            if (wave->num_channels == 1 && wave->num_samples > 0)
                pcm.samples.assign(wave->samples, wave->samples + wave->num_samples);
            delete_wave(wave);
            return pcm;
        });
    }

private:
    std::string m_name;
    cst_voice* m_voice;  // owned by flite, registered for the process
    int m_rate;
    double m_speed;
};

}  // namespace

std::vector<std::string> flite_voice_names() {
    std::vector<std::string> names;
    for (const auto& k : KNOWN) names.emplace_back(k.name);
    return names;
}

Result<std::unique_ptr<Voice>> open_flite_voice(std::string_view name, double rate) {
    if (name.empty()) name = FLITE_DEFAULT_VOICE;
    if (name.rfind("cmu_us_", 0) == 0) name.remove_prefix(7);
    const Known* known = nullptr;
    for (const auto& k : KNOWN)
        if (name == k.name) known = &k;
    if (!known) {
        std::string list;
        for (const auto& n : flite_voice_names()) list += (list.empty() ? "" : ", ") + n;
        return Error::not_found("flite has no voice ", std::string(name), " (there are: ", list, ")");
    }
    if (!(rate >= 0.5 && rate <= 2.0)) return Error::invalid("a speaking rate must be between 0.5 and 2 (got ", rate, ")");
    cst_voice* voice = nullptr;
    {
        std::lock_guard lock(flite_mutex());
        static const bool initialised = (flite_init(), true);
        (void)initialised;
        auto& voices = registered();
        if (auto it = voices.find(known->name); it != voices.end()) voice = it->second;
        else voice = voices[known->name] = known->make(nullptr);
    }
    if (!voice) return Error::internal("flite could not load its voice ", known->name);
    // The voice's rate: what it gives for a word (kal speaks at 8 kHz).
    std::lock_guard lock(flite_mutex());
    cst_wave* probe = flite_text_to_wave("a", voice);
    const int sample_rate = probe ? probe->sample_rate : 16000;
    if (probe) delete_wave(probe);
    return std::unique_ptr<Voice>(std::make_unique<FliteVoice>(known->name, voice, sample_rate, rate));
}

}  // namespace os1::voice
