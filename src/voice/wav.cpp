// WAV in and out. Files come from anywhere (a phone's recorder, a browser
// upload, a damaged download), so every header field is checked before it
// is used, and every size is checked against the bytes really present.
#include "voice/wav.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>
#include <string>
#include <system_error>

#include "core/files.h"

namespace os1::voice {
namespace {

constexpr uint16_t FORMAT_PCM = 0x0001;
constexpr uint16_t FORMAT_FLOAT = 0x0003;
constexpr uint16_t FORMAT_ALAW = 0x0006;
constexpr uint16_t FORMAT_MULAW = 0x0007;
constexpr uint16_t FORMAT_EXTENSIBLE = 0xFFFE;
// The tail shared by every KSDATAFORMAT_SUBTYPE GUID (bytes 2..15; the first
// two bytes hold the plain format tag).
constexpr uint8_t SUBTYPE_TAIL[14] = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80,
                                      0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71};

uint16_t le16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }
uint32_t le32(const uint8_t* p) {
    return static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) |
           (static_cast<uint32_t>(p[2]) << 16) | (static_cast<uint32_t>(p[3]) << 24);
}

struct Format {
    uint16_t tag = 0;        // PCM or FLOAT after unwrapping EXTENSIBLE
    int channels = 0;
    int rate = 0;
    int block_align = 0;     // bytes per frame
    int bits = 0;            // container bits per sample
};

std::string tag_name(uint16_t tag) {
    switch (tag) {
    case FORMAT_ALAW: return "A-law";
    case FORMAT_MULAW: return "mu-law";
    case 0x0002: return "Microsoft ADPCM";
    case 0x0011: return "IMA ADPCM";
    case 0x0055: return "MP3";
    default: return str("format tag 0x", std::hex, tag);
    }
}

Result<Format> parse_fmt(std::span<const uint8_t> body, std::string_view name) {
    if (body.size() < 16)
        return Error::corrupt(name, ": the WAV format chunk is ", body.size(), " bytes, shorter than 16");
    Format f;
    f.tag = le16(&body[0]);
    f.channels = le16(&body[2]);
    uint32_t rate = le32(&body[4]);
    f.block_align = le16(&body[12]);
    f.bits = le16(&body[14]);
    if (f.tag == FORMAT_EXTENSIBLE) {
        if (body.size() < 40)
            return Error::corrupt(name, ": the WAV format chunk says EXTENSIBLE but is ", body.size(),
                                  " bytes, shorter than 40");
        const uint8_t* guid = &body[24];
        if (std::memcmp(guid + 2, SUBTYPE_TAIL, sizeof SUBTYPE_TAIL) != 0)
            return Error::unsupported(name, ": an EXTENSIBLE WAV with an unknown sub-format");
        f.tag = le16(guid);
    }
    if (f.tag != FORMAT_PCM && f.tag != FORMAT_FLOAT)
        return Error::unsupported(name, ": ", tag_name(f.tag),
                                  " audio is not supported; convert it to PCM WAV (e.g. sox in.wav -e signed -b 16 out.wav)");
    if (f.channels < 1 || f.channels > WAV_MAX_CHANNELS)
        return Error::out_of_range(name, ": the WAV header says ", f.channels, " channels (1..",
                                   WAV_MAX_CHANNELS, " are accepted)");
    if (rate < WAV_MIN_RATE || rate > WAV_MAX_RATE)
        return Error::out_of_range(name, ": the WAV header says ", rate, " samples per second (",
                                   WAV_MIN_RATE, "..", WAV_MAX_RATE, " are accepted)");
    f.rate = static_cast<int>(rate);
    bool pcm_ok = f.tag == FORMAT_PCM && f.bits >= 8 && f.bits <= 32;
    bool float_ok = f.tag == FORMAT_FLOAT && (f.bits == 32 || f.bits == 64);
    if (!pcm_ok && !float_ok)
        return Error::unsupported(name, ": ", f.bits, "-bit ", f.tag == FORMAT_PCM ? "PCM" : "float",
                                  " samples are not supported (PCM 8..32, float 32/64)");
    // Samples are stored in whole bytes; a 12- or 20-bit sample sits
    // left-justified in 2 or 3 bytes, so the container size is what counts.
    int bytes = (f.bits + 7) / 8;
    if (f.block_align != f.channels * bytes)
        return Error::corrupt(name, ": the WAV header's block size ", f.block_align, " does not match ",
                              f.channels, " channels of ", bytes, " bytes");
    f.bits = bytes * 8;
    return f;
}

// One sample in 16-bit units (double, so mixing channels loses nothing).
double sample_at(const uint8_t* p, const Format& f) {
    if (f.tag == FORMAT_FLOAT) {
        double v;
        if (f.bits == 32) {
            float x;
            std::memcpy(&x, p, 4);
            v = x;
        } else {
            std::memcpy(&v, p, 8);
        }
        if (!std::isfinite(v)) return 0.0;
        return std::clamp(v, -1.0, 1.0) * 32768.0;
    }
    switch (f.bits) {
    case 8: return (static_cast<int>(p[0]) - 128) * 256.0;
    case 16: return static_cast<int16_t>(le16(p));
    case 24: {
        int32_t v = static_cast<int32_t>((static_cast<uint32_t>(p[0]) << 8) | (static_cast<uint32_t>(p[1]) << 16) |
                                         (static_cast<uint32_t>(p[2]) << 24));
        return v / 65536.0;
    }
    default: return static_cast<int32_t>(le32(p)) / 65536.0;
    }
}

int16_t to_int16(double v) {
    return static_cast<int16_t>(std::clamp(std::lround(v), -32768L, 32767L));
}

}  // namespace

Result<Pcm> parse_wav(std::span<const uint8_t> bytes, std::string_view name) {
    if (bytes.empty()) return Error::invalid(name, ": the file is empty, not a WAV file");
    if (bytes.size() > WAV_MAX_BYTES)
        return Error::out_of_range(name, ": ", bytes.size(), " bytes is more than the ", WAV_MAX_BYTES >> 20,
                                   " MiB a WAV file may have here");
    if (bytes.size() >= 4 && (std::memcmp(bytes.data(), "RF64", 4) == 0 || std::memcmp(bytes.data(), "BW64", 4) == 0))
        return Error::unsupported(name, ": RF64 WAV files are not supported; convert to a plain WAV");
    if (bytes.size() < 12 || std::memcmp(bytes.data(), "RIFF", 4) != 0 || std::memcmp(bytes.data() + 8, "WAVE", 4) != 0)
        return Error::invalid(name, ": not a WAV file (no RIFF/WAVE header)");

    std::optional<Format> format;
    std::span<const uint8_t> data;
    bool have_data = false;
    size_t pos = 12;
    while (pos + 8 <= bytes.size()) {
        const uint8_t* head = bytes.data() + pos;
        uint32_t size = le32(head + 4);
        size_t body_at = pos + 8;
        size_t left = bytes.size() - body_at;
        bool is_data = std::memcmp(head, "data", 4) == 0;
        if (size > left) {
            // Recorders that stream (arecord to a pipe, a crashed writer)
            // leave the data size as 0xFFFFFFFF: the audio is the rest.
            if (is_data && size == 0xFFFFFFFFu) {
                size = static_cast<uint32_t>(left);
            } else {
                return Error::corrupt(name, ": truncated: the '", std::string(reinterpret_cast<const char*>(head), 4),
                                      "' chunk says ", size, " bytes but only ", left, " follow");
            }
        }
        std::span<const uint8_t> body = bytes.subspan(body_at, size);
        if (std::memcmp(head, "fmt ", 4) == 0) {
            if (format) return Error::corrupt(name, ": the WAV file has two format chunks");
            format = TRY(parse_fmt(body, name));
        } else if (is_data) {
            if (!format) return Error::corrupt(name, ": the WAV audio comes before its format chunk");
            if (!have_data) data = body;  // a second data chunk is ignored
            have_data = true;
        }
        pos = body_at + size + (size & 1);  // chunks are padded to even sizes
    }
    if (!format) return Error::corrupt(name, ": the WAV file has no format chunk");
    if (!have_data) return Error::corrupt(name, ": the WAV file has no audio (no data chunk)");

    const Format& f = *format;
    size_t frames = data.size() / static_cast<size_t>(f.block_align);
    Pcm pcm;
    pcm.rate = f.rate;
    pcm.samples.resize(frames);
    int bytes_per_sample = f.bits / 8;
    for (size_t i = 0; i < frames; ++i) {
        const uint8_t* frame = data.data() + i * static_cast<size_t>(f.block_align);
        if (f.channels == 1) {
            pcm.samples[i] = to_int16(sample_at(frame, f));
            continue;
        }
        double sum = 0;
        for (int c = 0; c < f.channels; ++c) sum += sample_at(frame + c * bytes_per_sample, f);
        pcm.samples[i] = to_int16(sum / f.channels);
    }
    return pcm;
}

std::string wav_bytes(const Pcm& pcm) {
    auto put16 = [](std::string& s, uint16_t v) {
        s.push_back(static_cast<char>(v & 0xFF));
        s.push_back(static_cast<char>(v >> 8));
    };
    auto put32 = [&](std::string& s, uint32_t v) {
        put16(s, static_cast<uint16_t>(v & 0xFFFF));
        put16(s, static_cast<uint16_t>(v >> 16));
    };
    uint32_t data_bytes = static_cast<uint32_t>(pcm.samples.size() * 2);
    std::string out;
    out.reserve(44 + data_bytes);
    out += "RIFF";
    put32(out, 36 + data_bytes);
    out += "WAVEfmt ";
    put32(out, 16);
    put16(out, FORMAT_PCM);
    put16(out, 1);                                    // mono
    put32(out, static_cast<uint32_t>(pcm.rate));
    put32(out, static_cast<uint32_t>(pcm.rate) * 2);  // bytes per second
    put16(out, 2);                                    // block align
    put16(out, 16);                                   // bits
    out += "data";
    put32(out, data_bytes);
    for (int16_t s : pcm.samples) put16(out, static_cast<uint16_t>(s));
    return out;
}

Result<Pcm> read_wav(const std::filesystem::path& file) {
    std::error_code ec;
    auto size = std::filesystem::file_size(file, ec);
    if (ec) {
        if (!std::filesystem::exists(file)) return Error::not_found(file.string(), ": no such file");
        return Error::io(file.string(), ": ", ec.message());
    }
    if (size > WAV_MAX_BYTES)
        return Error::out_of_range(file.string(), ": ", size, " bytes is more than the ", WAV_MAX_BYTES >> 20,
                                   " MiB a WAV file may have here");
    auto text = TRY(read_file(file));
    return parse_wav(std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()), file.string());
}

Result<void> write_wav(const std::filesystem::path& file, const Pcm& pcm) {
    if (pcm.rate < WAV_MIN_RATE || pcm.rate > WAV_MAX_RATE)
        return Error::invalid(file.string(), ": cannot write audio at ", pcm.rate, " samples per second");
    if (pcm.samples.size() > (WAV_MAX_BYTES - 44) / 2)
        return Error::out_of_range(file.string(), ": ", pcm.samples.size(), " samples is too long for one WAV file");
    auto written = write_file_atomic(file, wav_bytes(pcm));
    if (!written.ok()) return written.error().context(str("writing ", file.string()));
    return ok();
}

}  // namespace os1::voice
