// Speech in: word error rate of os1's transcription on the kit's clips
// (../shared/data/speech/transcripts.tsv), per clip and in total, beside
// Debian's pocketsphinx_continuous when its output is given (bench/voice_wer.sh
// runs it), and the recogniser's real-time factor on 1 and 2 threads.
//
//   build/bench/voice_wer [--baseline FILE.tsv] [--flag -lw=8 ...] [--untuned]
//                         [--no-segment] [--no-normalise] [--rtf] [--slice tune|held-out]
//                         [--asr pocketsphinx|whisper|auto] [--model ggml-*.bin] [--threads N]
//                         [--stream [--prime S]] [--live]
//
// --stream: each utterance the VAD finds is fed to the recogniser in 20 ms
// pieces as the voice loop feeds it while the person speaks (Recognizer's
// streaming, audio.h), one decoder for all clips, as in a conversation;
// --prime S: the seconds that set each stream's cepstral mean (0: the
// decoder's running mean, carried from clip to clip).
//
// --live: the voice conversation's decoder settings (POCKETSPHINX_LIVE,
// what open_recognizer uses), before any --flag.
//
// --asr whisper takes the installed Whisper model (or --model FILE); the
// default is pocketsphinx, as before.
//
// Every third clip (rows 3, 6, 9, ... of transcripts.tsv) is held out: the
// decoder settings were chosen on the others, and both slices are reported.
// Clips whose transcript is "None" have no reference and are listed only.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "voice/asr_pocketsphinx.h"
#include "voice/transcribe.h"
#include "voice/vad.h"
#include "voice_wer_text.h"

using namespace os1;

namespace {

struct Clip {
    std::string path, reference;
    bool held_out = false;
};

std::vector<Clip> read_clips(const std::string& kit) {
    std::ifstream in(kit + "/transcripts.tsv");
    std::vector<Clip> clips;
    std::string line;
    std::getline(in, line);  // header
    for (int row = 0; std::getline(in, line); ++row) {
        std::vector<std::string> cols;
        std::stringstream ss(line);
        for (std::string c; std::getline(ss, c, '\t');) cols.push_back(c);
        if (cols.size() < 6) continue;
        clips.push_back({cols[0], cols[5] == "None" ? "" : cols[5], row % 3 == 2});
    }
    return clips;
}

std::map<std::string, std::string> read_baseline(const std::string& file) {
    std::map<std::string, std::string> out;
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) {
        auto tab = line.find('\t');
        if (tab != std::string::npos) out[line.substr(0, tab)] = line.substr(tab + 1);
    }
    return out;
}

struct Tally {
    int words = 0, ours = 0, base = 0;
    void add(int w, int o, int b) { words += w; ours += o; base += b; }
};

// CPU seconds of the whole process (all threads): on a shared, loaded
// machine the wall clock measures the neighbours as much as the decoder.
double process_cpu_s() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

double pct(int errors, int words) { return words ? 100.0 * errors / words : 0.0; }

// The clip heard as the voice loop hears it: each utterance the VAD finds
// (200 ms before, 250 ms after, as transcribe.cpp pads them) fed in 20 ms
// pieces while it is "spoken", the transcript taken at its end.
Result<voice::Transcript> streamed(voice::Transcriber& t, const voice::Pcm& audio) {
    const voice::Pcm pcm = voice::resample(audio, 16000);
    const auto n = static_cast<int64_t>(pcm.samples.size());
    voice::Transcript out;
    out.audio_s = pcm.seconds();
    for (const auto& s : voice::find_speech(pcm)) {
        const int64_t from = std::max<int64_t>(0, s.begin - 3200), to = std::min(n, s.end + 4000);
        TRY(t.begin_stream());
        for (int64_t i = from; i < to; i += 320)
            TRY(t.feed_stream(std::span<const int16_t>(pcm.samples.data() + i, static_cast<size_t>(std::min<int64_t>(320, to - i)))));
        auto part = TRY(t.finish_stream());
        if (!part.text.empty()) out.text += (out.text.empty() ? "" : " ") + part.text;
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    std::string kit = std::string(OS1_SHARED_DIR) + "/data/speech", baseline_file, only_slice;
    voice::TranscribeOptions options;
    bool rtf = false, stream = false;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
        if (a == "--kit") kit = next();
        else if (a == "--baseline") baseline_file = next();
        else if (a == "--flag") {
            std::string f = next();
            auto eq = f.find('=');
            if (eq == std::string::npos) { std::fprintf(stderr, "--flag wants -name=value\n"); return 2; }
            options.asr_flags.push_back({f.substr(0, eq), f.substr(eq + 1)});
        } else if (a == "--untuned") options.tuned = false;
        else if (a == "--no-segment") options.segment = false;
        else if (a == "--no-normalise") options.normalise = false;
        else if (a == "--rtf") rtf = true;
        else if (a == "--stream") stream = true;
        else if (a == "--live") options.asr_flags.insert(options.asr_flags.begin(), voice::POCKETSPHINX_LIVE.begin(), voice::POCKETSPHINX_LIVE.end());
        else if (a == "--prime") options.stream_prime_s = std::atof(next().c_str());
        else if (a == "--slice") only_slice = next();
        else if (a == "--asr") options.asr = next();
        else if (a == "--model") options.whisper_model = next(), options.asr = "whisper";
        else if (a == "--threads") options.threads = std::atoi(next().c_str());
        else { std::fprintf(stderr, "voice_wer: unknown argument %s (see the comment at the top of bench/voice_wer.cpp)\n", a.c_str()); return 2; }
    }
    auto clips = read_clips(kit);
    if (clips.empty()) { std::fprintf(stderr, "voice_wer: no clips in %s/transcripts.tsv\n", kit.c_str()); return 1; }
    auto baseline = baseline_file.empty() ? std::map<std::string, std::string>{} : read_baseline(baseline_file);
    const bool have_base = !baseline.empty();

    auto t0 = std::chrono::steady_clock::now();
    auto made = voice::Transcriber::make(options);
    if (!made) { std::fprintf(stderr, "voice_wer: %s\n", made.error().message.c_str()); return 1; }
    auto& transcriber = *made;
    double load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("recogniser: %s%s%s\n", transcriber->asr().name.c_str(), transcriber->asr().model.empty() ? "" : " ",
                transcriber->asr().model.string().c_str());

    std::printf("%-44s %-8s %5s %8s %8s   %s\n", "clip", "slice", "words", "os1 WER", have_base ? "base WER" : "", "os1 | baseline");
    Tally tune, held;
    double audio_s = 0, decode_s = 0, decode_cpu_s = 0;
    std::vector<voice::Pcm> all_audio;
    for (const auto& clip : clips) {
        const char* slice = clip.held_out ? "held-out" : "tune";
        if (!only_slice.empty() && only_slice != slice) continue;
        auto audio = voice::read_wav(kit + "/" + clip.path);
        if (!audio) { std::fprintf(stderr, "voice_wer: %s\n", audio.error().message.c_str()); return 1; }
        auto start = std::chrono::steady_clock::now();
        double cpu0 = process_cpu_s();
        auto said = stream ? streamed(*transcriber, *audio) : transcriber->run(*audio);
        decode_cpu_s += process_cpu_s() - cpu0;
        decode_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        audio_s += audio->seconds();
        all_audio.push_back(voice::resample(*audio, 16000));
        if (!said) { std::fprintf(stderr, "voice_wer: %s: %s\n", clip.path.c_str(), said.error().message.c_str()); return 1; }
        auto ref = bench::normalise_words(clip.reference);
        auto hyp = bench::normalise_words(said->text);
        std::string base_text = baseline.count(clip.path) ? baseline[clip.path] : "";
        auto base = bench::normalise_words(base_text);
        if (ref.empty()) {
            std::printf("%-44s %-8s %5s %8s %8s   %s | %s\n", clip.path.c_str(), slice, "-", "-", "-", said->text.c_str(),
                        base_text.c_str());
            continue;
        }
        int ours = bench::word_errors(ref, hyp), theirs = bench::word_errors(ref, base);
        (clip.held_out ? held : tune).add(static_cast<int>(ref.size()), ours, theirs);
        char base_wer[16] = "";
        if (have_base) std::snprintf(base_wer, sizeof base_wer, "%7.1f%%", pct(theirs, static_cast<int>(ref.size())));
        std::printf("%-44s %-8s %5zu %7.1f%% %8s   %s | %s\n", clip.path.c_str(), slice, ref.size(),
                    pct(ours, static_cast<int>(ref.size())), base_wer, said->text.c_str(), base_text.c_str());
    }
    Tally total;
    total.add(tune.words + held.words, tune.ours + held.ours, tune.base + held.base);
    for (auto [name, t] : {std::pair{"tune", tune}, std::pair{"held-out", held}, std::pair{"total", total}}) {
        if (!t.words) continue;
        std::printf("%-44s %-8s %5d %7.1f%%", "TOTAL", name, t.words, pct(t.ours, t.words));
        if (have_base)
            std::printf(" %7.1f%%   relative to the baseline: %+.1f%%", pct(t.base, t.words),
                        t.base ? 100.0 * (t.ours - t.base) / t.base : 0.0);
        std::printf("\n");
    }
    std::printf("model load %.2f s; decoding %.1f s of audio took %.1f s wall, %.1f s CPU (real-time factor %.2f wall, "
                "%.2f CPU; %d thread(s), clip by clip)\n",
                load_s, audio_s, decode_s, decode_cpu_s, audio_s > 0 ? decode_s / audio_s : 0.0,
                audio_s > 0 ? decode_cpu_s / audio_s : 0.0, options.threads);

    if (rtf) {
        // All clips joined by half a second of silence: one long recording
        // with many utterances, decoded on 1 and on 2 threads.
        voice::Pcm joined;
        for (const auto& p : all_audio) {
            joined.samples.insert(joined.samples.end(), p.samples.begin(), p.samples.end());
            joined.samples.insert(joined.samples.end(), 8000, 0);
        }
        for (int threads : {1, 2}) {
            auto opts = options;
            opts.threads = threads;
            auto t = voice::Transcriber::make(opts);
            if (!t) { std::fprintf(stderr, "voice_wer: %s\n", t.error().message.c_str()); return 1; }
            auto start = std::chrono::steady_clock::now();
            double cpu0 = process_cpu_s();
            auto said = (*t)->run(joined);
            double cpu = process_cpu_s() - cpu0;
            double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            if (!said) { std::fprintf(stderr, "voice_wer: %s\n", said.error().message.c_str()); return 1; }
            std::printf("real-time factor, %d thread%s: %.1f s of audio in %.1f s wall = %.2f, %.1f s CPU = %.2f (%zu words)\n",
                        threads, threads == 1 ? "" : "s", joined.seconds(), s, s / joined.seconds(), cpu,
                        cpu / joined.seconds(), said->words.size());
        }
    }
    return 0;
}
