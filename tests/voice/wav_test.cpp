// WAV reading and writing: every common layout decodes to the same mono
// 16-bit sound, and damaged or hostile headers get a clear error.
#include <cmath>
#include <cstring>
#include <fstream>
#include <numbers>

#include "core/files.h"
#include "test_support.h"
#include "voice/audio.h"
#include "voice/wav.h"

namespace os1::voice {
namespace {

// Little-endian WAV image builder for arbitrary (also hostile) headers.
struct WavImage {
    std::string bytes;
    void u16(uint32_t v) { bytes.push_back(char(v & 0xFF)); bytes.push_back(char((v >> 8) & 0xFF)); }
    void u32(uint32_t v) { u16(v & 0xFFFF); u16(v >> 16); }
    void tag(const char* t) { bytes.append(t, 4); }
};

std::string make_wav(uint16_t format, int channels, int rate, int bits, const std::string& data,
                     uint32_t data_size_override = 0, bool extensible = false) {
    WavImage w;
    w.tag("RIFF");
    w.u32(0);  // fixed below
    w.tag("WAVE");
    w.tag("fmt ");
    w.u32(extensible ? 40 : 16);
    w.u16(extensible ? 0xFFFE : format);
    w.u16(channels);
    w.u32(rate);
    int block = channels * ((bits + 7) / 8);
    w.u32(rate * block);
    w.u16(block);
    w.u16(bits);
    if (extensible) {
        w.u16(22);
        w.u16(bits);       // valid bits
        w.u32(0x3);        // channel mask
        w.u16(format);     // GUID: the format tag, then the fixed tail
        const unsigned char tail[14] = {0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xAA, 0, 0x38, 0x9B, 0x71};
        w.bytes.append(reinterpret_cast<const char*>(tail), 14);
    }
    w.tag("LIST");  // an unrelated chunk of odd size, padded
    w.u32(3);
    w.bytes += "abc";
    w.bytes.push_back('\0');
    w.tag("data");
    w.u32(data_size_override ? data_size_override : static_cast<uint32_t>(data.size()));
    w.bytes += data;
    uint32_t riff = static_cast<uint32_t>(w.bytes.size() - 8);
    std::memcpy(&w.bytes[4], &riff, 4);
    return w.bytes;
}

Result<Pcm> parse(const std::string& bytes) {
    return parse_wav(std::span(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()), "test.wav");
}

// A 440 Hz tone at half scale, as doubles in [-1, 1).
std::vector<double> tone(int n, int rate) {
    std::vector<double> v(n);
    for (int i = 0; i < n; ++i) v[i] = 0.5 * std::sin(2 * std::numbers::pi * 440.0 * i / rate);
    return v;
}

std::string encode(const std::vector<double>& v, int channels, int bits, bool is_float) {
    std::string out;
    for (double x : v) {
        for (int c = 0; c < channels; ++c) {
            if (is_float && bits == 32) {
                float f = static_cast<float>(x);
                out.append(reinterpret_cast<const char*>(&f), 4);
            } else if (is_float) {
                out.append(reinterpret_cast<const char*>(&x), 8);
            } else if (bits == 8) {
                out.push_back(static_cast<char>(static_cast<uint8_t>(std::lround(x * 127) + 128)));
            } else {
                int64_t full = std::llround(x * std::ldexp(1.0, bits - 1));
                for (int b = 0; b < bits / 8; ++b) out.push_back(static_cast<char>((full >> (8 * b)) & 0xFF));
            }
        }
    }
    return out;
}

void expect_tone(const Pcm& pcm, const std::vector<double>& v, int rate, double tolerance) {
    ASSERT_EQ(pcm.rate, rate);
    ASSERT_EQ(pcm.samples.size(), v.size());
    for (size_t i = 0; i < v.size(); ++i) ASSERT_NEAR(pcm.samples[i], v[i] * 32768.0, tolerance) << "sample " << i;
}

TEST(Wav, EveryCommonLayoutDecodesToTheSameSound) {
    auto v = tone(800, 22050);
    struct Case { uint16_t format; int bits; int channels; bool ext; double tol; };
    const Case cases[] = {
        {1, 16, 1, false, 1.0},  {1, 8, 1, false, 300.0}, {1, 24, 1, false, 1.0}, {1, 32, 1, false, 1.0},
        {3, 32, 1, false, 1.0},  {3, 64, 1, false, 1.0},  {1, 16, 2, false, 1.0}, {1, 24, 6, true, 1.0},
        {3, 32, 2, true, 1.0},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(testing::Message() << "format " << c.format << " bits " << c.bits << " channels " << c.channels);
        auto pcm = parse(make_wav(c.format, c.channels, 22050, c.bits, encode(v, c.channels, c.bits, c.format == 3),
                                  0, c.ext));
        ASSERT_TRUE(pcm.ok()) << pcm.error().message;
        expect_tone(*pcm, v, 22050, c.tol);
    }
}

TEST(Wav, ChannelsAreMixedDownByAveraging) {
    // Left at +0.5, right at -0.25: the mono mix is +0.125.
    std::string data;
    for (int i = 0; i < 10; ++i) {
        int16_t l = 16384, r = -8192;
        data.append(reinterpret_cast<const char*>(&l), 2);
        data.append(reinterpret_cast<const char*>(&r), 2);
    }
    auto pcm = parse(make_wav(1, 2, 16000, 16, data));
    ASSERT_TRUE(pcm.ok()) << pcm.error().message;
    ASSERT_EQ(pcm->samples.size(), 10u);
    for (int16_t s : pcm->samples) EXPECT_EQ(s, 4096);
}

TEST(Wav, FloatOutOfRangeAndNanAreClampedNotWrapped) {
    std::vector<float> f = {2.0f, -3.0f, std::nanf(""), 0.25f};
    std::string data(reinterpret_cast<const char*>(f.data()), f.size() * 4);
    auto pcm = parse(make_wav(3, 1, 16000, 32, data));
    ASSERT_TRUE(pcm.ok()) << pcm.error().message;
    EXPECT_EQ(pcm->samples, (std::vector<int16_t>{32767, -32768, 0, 8192}));
}

TEST(Wav, WriteThenReadGivesTheSameSamples) {
    test::TempDir dir;
    Pcm pcm;
    pcm.rate = 16000;
    for (int i = 0; i < 1000; ++i) pcm.samples.push_back(static_cast<int16_t>((i * 977) % 65536 - 32768));
    ASSERT_TRUE(write_wav(dir / "a.wav", pcm).ok());
    auto back = read_wav(dir / "a.wav");
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->rate, 16000);
    EXPECT_EQ(back->samples, pcm.samples);
    // No temporary file is left beside it.
    int files = 0;
    for (auto& e : std::filesystem::directory_iterator(dir.path())) files += e.is_regular_file();
    EXPECT_EQ(files, 1);
}

TEST(Wav, StreamedDataSizeReadsTheRestOfTheFile) {
    std::string data(200, '\0');
    auto pcm = parse(make_wav(1, 1, 16000, 16, data, 0xFFFFFFFFu));
    ASSERT_TRUE(pcm.ok()) << pcm.error().message;
    EXPECT_EQ(pcm->samples.size(), 100u);
}

TEST(Wav, TheKitClipsRead) {
    OS1_REQUIRE_SHARED(kit);
    auto jfk = read_wav(kit / "data/speech/whisper.cpp/jfk.wav");
    ASSERT_TRUE(jfk.ok()) << jfk.error().message;
    EXPECT_EQ(jfk->rate, 16000);
    EXPECT_NEAR(jfk->seconds(), 11.0, 0.01);
    auto lj = read_wav(kit / "data/speech/ljspeech-speechbrain/LJ050-0131.wav");
    ASSERT_TRUE(lj.ok()) << lj.error().message;
    EXPECT_EQ(lj->rate, 22050);
    EXPECT_NEAR(lj->seconds(), 7.66, 0.01);
}

// ---- hostile input -------------------------------------------------------

void expect_error(const Result<Pcm>& r, ErrorCode code, const std::string& words) {
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, code) << r.error().message;
    EXPECT_NE(r.error().message.find(words), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("test.wav"), std::string::npos) << r.error().message;
}

TEST(WavHostile, EmptyAndNonWavFilesAreRefused) {
    expect_error(parse(""), ErrorCode::Invalid, "empty");
    expect_error(parse("RIFF"), ErrorCode::Invalid, "not a WAV");
    expect_error(parse("hello, this is a text file, not audio"), ErrorCode::Invalid, "not a WAV");
    expect_error(parse(std::string("RF64\xff\xff\xff\xffWAVE", 12)), ErrorCode::Unsupported, "RF64");
}

TEST(WavHostile, TruncatedFilesAreRefusedAtEveryLength) {
    std::string good = make_wav(1, 1, 16000, 16, std::string(64, '\1'));
    ASSERT_TRUE(parse(good).ok());
    for (size_t n = 0; n < good.size(); ++n) {
        auto r = parse(good.substr(0, n));
        EXPECT_FALSE(r.ok()) << "a file cut at " << n << " bytes was accepted";
    }
}

TEST(WavHostile, ADataSizeBeyondTheFileIsTruncation) {
    expect_error(parse(make_wav(1, 1, 16000, 16, std::string(10, '\0'), 4000000000u)), ErrorCode::Corrupt,
                 "truncated");
}

TEST(WavHostile, AbsurdHeaderFieldsAreRefused) {
    std::string d(64, '\0');
    expect_error(parse(make_wav(1, 0, 16000, 16, d)), ErrorCode::OutOfRange, "channels");
    expect_error(parse(make_wav(1, 65535, 16000, 16, d)), ErrorCode::OutOfRange, "channels");
    expect_error(parse(make_wav(1, 1, 0, 16, d)), ErrorCode::OutOfRange, "samples per second");
    expect_error(parse(make_wav(1, 1, 400000000, 16, d)), ErrorCode::OutOfRange, "samples per second");
    expect_error(parse(make_wav(1, 1, 16000, 0, d)), ErrorCode::Unsupported, "bit");
    expect_error(parse(make_wav(1, 1, 16000, 48, d)), ErrorCode::Unsupported, "bit");
    expect_error(parse(make_wav(3, 1, 16000, 16, d)), ErrorCode::Unsupported, "float");
    expect_error(parse(make_wav(0x55, 1, 16000, 16, d)), ErrorCode::Unsupported, "MP3");
    expect_error(parse(make_wav(7, 1, 8000, 8, d)), ErrorCode::Unsupported, "mu-law");
    // A block size that disagrees with channels x width.
    std::string bad = make_wav(1, 2, 16000, 16, d);
    bad[32] = 3;  // block align
    expect_error(parse(bad), ErrorCode::Corrupt, "block size");
}

TEST(WavHostile, MissingChunksAreNamed) {
    WavImage w;
    w.tag("RIFF"); w.u32(4); w.tag("WAVE");
    expect_error(parse(w.bytes), ErrorCode::Corrupt, "no format chunk");
    std::string no_data = make_wav(1, 1, 16000, 16, "");
    no_data = no_data.substr(0, no_data.size() - 8);  // drop the data chunk's header
    expect_error(parse(no_data), ErrorCode::Corrupt, "no audio");
    WavImage early;
    early.tag("RIFF"); early.u32(12); early.tag("WAVE"); early.tag("data"); early.u32(0);
    expect_error(parse(early.bytes), ErrorCode::Corrupt, "before its format");
}

TEST(WavHostile, ZeroLengthAudioIsAnEmptyClipNotAnError) {
    auto r = parse(make_wav(1, 1, 16000, 16, ""));
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_TRUE(r->samples.empty());
    EXPECT_EQ(r->seconds(), 0.0);
}

TEST(WavHostile, RandomBytesNeverCrash) {
    std::mt19937 rng(7);
    std::string base = make_wav(1, 2, 16000, 16, std::string(40, '\2'), 0, true);
    for (int trial = 0; trial < 3000; ++trial) {
        std::string b = base;
        int flips = 1 + static_cast<int>(rng() % 6);
        for (int f = 0; f < flips; ++f) b[rng() % b.size()] = static_cast<char>(rng());
        auto r = parse(b);
        if (r.ok()) EXPECT_LE(r->samples.size(), b.size());
        else EXPECT_FALSE(r.error().message.empty());
    }
}

TEST(WavHostile, MissingFileIsNotFound) {
    test::TempDir dir;
    auto r = read_wav(dir / "nope.wav");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::NotFound);
    EXPECT_NE(r.error().message.find("nope.wav"), std::string::npos);
}

TEST(WavHostile, WritingWhereNoFileCanBeFailsAndSaysWhere) {
    test::TempDir dir;
    std::ofstream(dir / "plain") << "a file, not a folder";
    Pcm pcm;
    pcm.samples.assign(10, 0);
    auto r = write_wav(dir / "plain/a.wav", pcm);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("a.wav"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace os1::voice
