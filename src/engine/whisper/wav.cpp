// A small RIFF/WAVE reader for Whisper's input: 16 kHz PCM (8/16/24/32-bit
// integer or 32-bit float), channels averaged to mono, samples scaled to
// [-1, 1) (s16 / 32768, as whisper.cpp's examples read them). Other rates
// are an error that says to resample (the voice module's resampler does).
#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>

#include "engine/whisper.h"

namespace os1::engine {
namespace {

uint32_t u32(const uint8_t* p) { return p[0] | p[1] << 8 | p[2] << 16 | uint32_t(p[3]) << 24; }
uint16_t u16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | p[1] << 8); }

}  // namespace

Result<std::vector<float>> whisper_read_wav(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error::not_found("cannot open ", path.string(), " — check the path");
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return whisper_parse_wav(bytes, path.filename().string());
}

Result<std::vector<float>> whisper_parse_wav(std::span<const uint8_t> b, const std::string& name) {
    if (b.size() < 12 || std::memcmp(b.data(), "RIFF", 4) != 0 || std::memcmp(b.data() + 8, "WAVE", 4) != 0)
        return Error::invalid(name, " is not a WAV file (no RIFF/WAVE header)");
    size_t pos = 12;
    int format = 0, channels = 0, bits = 0;
    uint32_t rate = 0;
    std::span<const uint8_t> data;
    bool have_fmt = false, have_data = false;
    while (pos + 8 <= b.size() && !have_data) {
        const uint32_t len = u32(b.data() + pos + 4);
        const uint8_t* body = b.data() + pos + 8;
        const size_t avail = b.size() - pos - 8;
        if (std::memcmp(b.data() + pos, "fmt ", 4) == 0) {
            if (len < 16 || len > avail) return Error::invalid(name, ": its fmt chunk is truncated");
            format = u16(body);
            channels = u16(body + 2);
            rate = u32(body + 4);
            bits = u16(body + 14);
            if (format == 0xFFFE && len >= 26) format = u16(body + 24);  // WAVE_FORMAT_EXTENSIBLE: the sub-format
            have_fmt = true;
        } else if (std::memcmp(b.data() + pos, "data", 4) == 0) {
            data = std::span<const uint8_t>(body, std::min<size_t>(len, avail));  // a streamed file may claim more
            have_data = true;
        }
        if (len > avail) break;
        pos += 8 + len + (len & 1);
    }
    if (!have_fmt || !have_data) return Error::invalid(name, ": no ", have_fmt ? "data" : "fmt", " chunk");
    const bool pcm = format == 1 && (bits == 8 || bits == 16 || bits == 24 || bits == 32);
    const bool flt = format == 3 && bits == 32;
    if (!pcm && !flt) return Error::unsupported(name, ": WAV format ", format, " with ", bits, "-bit samples (PCM or float 32 expected)");
    if (channels < 1 || channels > 64) return Error::invalid(name, ": ", channels, " channels");
    if (rate != WhisperModel::SAMPLE_RATE)
        return Error::unsupported(name, " is sampled at ", rate, " Hz; Whisper takes 16000 Hz (resample it first)");
    const size_t bps = static_cast<size_t>(bits / 8);
    const size_t n = data.size() / (bps * channels);
    std::vector<float> out(n);
    for (size_t i = 0; i < n; i++) {
        double sum = 0.0;
        for (int c = 0; c < channels; c++) {
            const uint8_t* p = data.data() + (i * channels + c) * bps;
            double v = 0.0;
            if (flt) { float f; std::memcpy(&f, p, 4); v = f; }
            else if (bits == 8) v = (p[0] - 128) / 128.0;
            else if (bits == 16) v = static_cast<int16_t>(u16(p)) / 32768.0;
            else if (bits == 24) v = static_cast<int32_t>(uint32_t(p[0]) << 8 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 24) / 2147483648.0;
            else v = static_cast<int32_t>(u32(p)) / 2147483648.0;
            sum += v;
        }
        out[i] = static_cast<float>(sum / channels);
    }
    return out;
}

}  // namespace os1::engine
