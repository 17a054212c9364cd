// `os1 asr-logits` as the conformance checks call it: the kit's f16 model on
// sine440.wav, files of the contract's shapes, the greedy ids printed; bad
// input is an error with a message.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.h"

namespace fs = std::filesystem;

TEST(WhisperCli, AsrLogitsWritesTheContractsFiles) {
    OS1_REQUIRE_SHARED(shared);
    const fs::path kit = shared / "conformance" / "whisper";
    os1::test::TempDir dir;
    const fs::path mel = dir.path() / "mel.f32", enc = dir.path() / "enc.f32", logits = dir.path() / "logits.f32";
    const auto r = os1::test::run_os1("asr-logits -m " + (kit / "syn-whisper-f16.bin").string() + " --wav " +
                                          (kit / "sine440.wav").string() + " --steps 3 --mel " + mel.string() +
                                          " --encoder " + enc.string() + " --logits " + logits.string() + " -t 2",
                                      dir.path());
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_EQ(r.out, "19661 35614 17225\n");  // the reference's first three greedy ids
    EXPECT_EQ(fs::file_size(mel), size_t(80) * 3500 * 4);
    EXPECT_EQ(fs::file_size(enc), size_t(1500) * 32 * 4);
    EXPECT_EQ(fs::file_size(logits), size_t(3) * 51865 * 4);
}

TEST(WhisperCli, AsrLogitsExplainsBadInput) {
    os1::test::TempDir dir;
    const fs::path junk = dir.path() / "junk.bin";
    std::ofstream(junk) << "not a model at all";
    const auto missing = os1::test::run_os1("asr-logits -m " + (dir.path() / "nope.bin").string() + " --wav x.wav", dir.path());
    EXPECT_EQ(missing.status, 1);
    // A real WAV (written here) with a file that is no model.
    const fs::path wav = dir.path() / "a.wav";
    {
        std::ofstream w(wav, std::ios::binary);
        const char hdr[] = "RIFF\x28\0\0\0WAVEfmt \x10\0\0\0\x01\0\x01\0\x80\x3e\0\0\0\x7d\0\0\x02\0\x10\0data\x04\0\0\0";
        w.write(hdr, sizeof(hdr) - 1);
        w.write("\0\0\0\0", 4);
    }
    const auto bad_model = os1::test::run_os1("asr-logits -m " + junk.string() + " --wav " + wav.string(), dir.path());
    EXPECT_EQ(bad_model.status, 1);
    const auto bad_steps = os1::test::run_os1("asr-logits -m " + junk.string() + " --wav " + wav.string() + " --steps 0", dir.path());
    EXPECT_EQ(bad_steps.status, 1);

    const auto noargs = os1::test::run_os1("asr-logits", dir.path());
    EXPECT_EQ(noargs.status, 2);
}
