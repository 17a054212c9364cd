// Her voice heard back (issue 16): `os1 speak TEXT -o F.wav` then
// `os1 transcribe F.wav --json`, the real commands of a given os1 binary,
// on two sets of 20 sentences, word error rate per sentence and in total.
//
//   build/bench/voice_roundtrip [--os1 build/apps/os1/os1] [--set round-trip|held-out|both|dev]
//                               [--voice NAME] [--rate R] [--asr pocketsphinx|whisper|auto]
//
// "round-trip" is the list the figure was first measured on
// (bench/voice_latency.cpp had it); "held-out" is 20 sentences written
// afterwards and used for nothing else: no setting of the recogniser, the
// voice-activity detector or the text normalisation was chosen on either
// (those were chosen on the kit's clips and on bench/data/voice_dev_sentences.txt).
// "dev" is bench/data/voice_dev_sentences.txt, the sentences settings are
// chosen on (with the kit's clips). Both sides are normalised the same way (voice_wer_text.h: case,
// punctuation, numbers and contractions spelled out). Runs with
// OS1_HOME set to a temporary folder, so no installed Whisper model is used
// unless --asr says so.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/json.h"
#include "voice_sentences.h"
#include "voice_wer_text.h"

using namespace os1;

namespace {

std::string shell_quoted(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// The command's standard output (empty when it failed).
std::string run(const std::string& command, int* status) {
    std::string out;
    FILE* p = popen(command.c_str(), "r");
    if (!p) return out;
    char buf[4096];
    for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
    *status = pclose(p);
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    std::string os1 = "build/apps/os1/os1", set = "both", voice, rate, asr = "pocketsphinx";
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
        if (a == "--os1") os1 = next();
        else if (a == "--set") set = next();
        else if (a == "--voice") voice = next();
        else if (a == "--rate") rate = next();
        else if (a == "--asr") asr = next();
        else {
            std::fprintf(stderr, "voice_roundtrip: unknown argument %s (see the top of bench/voice_roundtrip.cpp)\n", a.c_str());
            return 2;
        }
    }
    const auto home = std::filesystem::temp_directory_path() / ("os1-roundtrip-" + std::to_string(::getpid()));
    std::filesystem::create_directories(home);
    ::setenv("OS1_HOME", home.c_str(), 1);
    const auto wav = home / "said.wav";
    std::string speak_opts;
    if (!voice.empty()) speak_opts += " --voice " + shell_quoted(voice);
    if (!rate.empty()) speak_opts += " --rate " + shell_quoted(rate);

    std::vector<std::pair<std::string, const std::vector<std::string>*>> sets;
    if (set == "round-trip" || set == "both") sets.push_back({"round-trip", &bench::ROUND_TRIP_SENTENCES});
    if (set == "held-out" || set == "both") sets.push_back({"held-out", &bench::HELD_OUT_SENTENCES});
    std::vector<std::string> dev;
    if (set == "dev") {
        std::ifstream in(std::string(OS1_SOURCE_DIR) + "/bench/data/voice_dev_sentences.txt");
        for (std::string line; std::getline(in, line);)
            if (!line.empty()) dev.push_back(line);
        sets.push_back({"dev", &dev});
    }
    if (sets.empty() || sets.back().second->empty()) {
        std::fprintf(stderr, "voice_roundtrip: no sentences for --set %s\n", set.c_str());
        return 2;
    }
    std::printf("os1: %s%s%s\n", os1.c_str(), voice.empty() ? "" : ", voice ", voice.c_str());
    int all_errors = 0, all_words = 0;
    for (const auto& [name, sentences] : sets) {
        int errors = 0, words = 0;
        for (const auto& sentence : *sentences) {
            int status = 0;
            run(shell_quoted(os1) + " speak" + speak_opts + " " + shell_quoted(sentence) + " -o " + shell_quoted(wav.string()) + " 2>/dev/null", &status);
            std::string heard;
            if (status == 0) {
                const std::string out = run(shell_quoted(os1) + " transcribe --json --asr " + shell_quoted(asr) + " " + shell_quoted(wav.string()) + " 2>/dev/null", &status);
                auto j = parse_json(out, "os1 transcribe's output");
                if (status == 0 && j && j->contains("text")) heard = (*j)["text"].get<std::string>();
                else heard = "(transcribe failed)";
            } else {
                heard = "(speak failed)";
            }
            const auto ref = bench::normalise_words(sentence), hyp = bench::normalise_words(heard);
            const int e = bench::word_errors(ref, hyp);
            errors += e;
            words += static_cast<int>(ref.size());
            std::printf("  %-9s %2d/%-2zu %-56s -> %s\n", name.c_str(), e, ref.size(), sentence.c_str(), heard.c_str());
        }
        std::printf("%s: WER %.1f%% (%d / %d words, %zu sentences)\n", name.c_str(), 100.0 * errors / std::max(1, words),
                    errors, words, sentences->size());
        all_errors += errors;
        all_words += words;
    }
    if (sets.size() > 1)
        std::printf("both: WER %.1f%% (%d / %d words)\n", 100.0 * all_errors / std::max(1, all_words), all_errors, all_words);
    std::filesystem::remove_all(home);
    return 0;
}
