// Whisper's real-time factor on random-weight models of the public shapes
// (tiny, base, small; engine_tools/whisper_synth.h): for one window, the
// log-mel, the encoder, the prompt and N greedy tokens, on 1 and 2 threads;
// the window is the full 30 s one (audio ctx 0) or sized to the audio
// (fit: whisper_fit_audio_ctx, what voice mode uses) or N positions.
// RTF = (mel + encode + prompt + N tokens) / audio seconds (< 1 is faster
// than real time). Prints one table, medians of --runs runs: wall clock, and
// the process's CPU time (all threads), which a shared machine's other load
// does not inflate.
//
//   whisper_rtf [--shape tiny|base|small] [--type f16|q8_0|q5_0|q4_0|f32]
//               [--threads 1,2] [--tokens 32] [--runs 3] [--wav FILE]
//               [--seconds 11] [--audio-ctx 0,fit]
//               [--write MODEL.bin]   (also writes the model, for whisper.cpp)
//
// Without --wav the audio is --seconds of a chirp (11 s: jfk.wav's length).
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "engine/whisper.h"
#include "engine_tools/whisper_synth.h"

using namespace os1::engine;

namespace {

double now_ms() {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// CPU time of the whole process (all threads), in ms: on a shared machine
// the wall clock also counts other people's work.
double cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return 1e3 * static_cast<double>(ts.tv_sec) + 1e-6 * static_cast<double>(ts.tv_nsec);
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    std::string shape = "tiny", type = "f16", threads_list = "1,2", wav, write, ctx_list = "0";
    int tokens = 32, runs = 3;
    double seconds = 11;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i], v = argv[i + 1];
        if (k == "--shape") shape = v;
        else if (k == "--type") type = v;
        else if (k == "--threads") threads_list = v;
        else if (k == "--tokens") tokens = std::atoi(v.c_str());
        else if (k == "--runs") runs = std::max(1, std::atoi(v.c_str()));
        else if (k == "--wav") wav = v;
        else if (k == "--write") write = v;
        else if (k == "--seconds") seconds = std::atof(v.c_str());
        else if (k == "--audio-ctx") ctx_list = v;
        else {
            std::fprintf(stderr, "unknown option %s\n", k.c_str());
            return 2;
        }
    }
    auto hp = whisper_synth_shape(shape);
    if (!hp) return std::fprintf(stderr, "%s\n", hp.error().message.c_str()), 2;
    auto bytes = whisper_synth({.hp = *hp, .type = type});
    if (!bytes) return std::fprintf(stderr, "%s\n", bytes.error().message.c_str()), 2;
    if (!write.empty()) std::ofstream(write, std::ios::binary).write(reinterpret_cast<const char*>(bytes->data()), bytes->size());

    std::vector<float> pcm;
    if (!wav.empty()) {
        auto r = whisper_read_wav(wav);
        if (!r) return std::fprintf(stderr, "%s\n", r.error().message.c_str()), 2;
        pcm = std::move(*r);
    } else {
        pcm.resize(static_cast<size_t>(std::max(0.1, seconds) * 16000));
        for (size_t i = 0; i < pcm.size(); i++) {
            const double t = double(i) / 16000;
            pcm[i] = static_cast<float>(0.3 * std::sin(2 * M_PI * (200 + 150 * t) * t));
        }
    }
    const double audio_s = double(pcm.size()) / 16000;

    std::printf("whisper_rtf: %s (%s), %.1f s of audio, %d tokens, median of %d runs, ISA %s\n", shape.c_str(),
                type.c_str(), audio_s, tokens, runs, kernels_isa_name().data());
    std::printf("| threads | audio ctx | mel ms | encode ms | prompt ms | ms/token | total ms | RTF | CPU: mel | encode | ms/token | total |\n"
                "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    auto split = [](const std::string& list) {
        std::vector<std::string> out;
        for (size_t pos = 0; pos <= list.size();) {
            const size_t comma = std::min(list.find(',', pos), list.size());
            out.push_back(list.substr(pos, comma - pos));
            pos = comma + 1;
        }
        return out;
    };
    for (const std::string& threads_s : split(threads_list))
    for (const std::string& ctx_s : split(ctx_list)) {
        const int nt = std::atoi(threads_s.c_str());
        if (nt < 1) continue;
        auto model = WhisperModel::from_memory(*bytes, {.n_threads = nt});
        if (!model) return std::fprintf(stderr, "%s\n", model.error().message.c_str()), 1;
        auto state = (*model)->new_state(nt);
        if (!state) return 1;
        const int n_ctx = ctx_s == "fit" ? whisper_fit_audio_ctx(**model, (*model)->log_mel(pcm).n_frames_audio)
                                         : std::atoi(ctx_s.c_str());
        std::vector<double> mel_ms, enc_ms, prompt_ms, tok_ms, total_ms, cpu, cpu_mel, cpu_enc, cpu_tok;
        for (int r = 0; r < runs; r++) {
            const double c0 = cpu_ms();
            const double t0 = now_ms();
            const LogMel mel = (*model)->log_mel(pcm);
            const double t1 = now_ms(), c1 = cpu_ms();
            if (auto e = (*state)->encode(mel, 0, n_ctx); !e) return std::fprintf(stderr, "%s\n", e.error().message.c_str()), 1;
            const double t2 = now_ms(), c2 = cpu_ms();
            double t3 = 0, c3 = 0;
            int n = 0;
            auto ids = whisper_greedy(**state, {.max_tokens = tokens}, [&](const WhisperGreedyStep&) {
                if (n++ == 0) t3 = now_ms(), c3 = cpu_ms();
                return true;
            });
            const double t4 = now_ms(), c4 = cpu_ms();
            if (!ids) return 1;
            mel_ms.push_back(t1 - t0);
            enc_ms.push_back(t2 - t1);
            prompt_ms.push_back(t3 - t2);
            tok_ms.push_back((t4 - t3) / std::max<size_t>(1, ids->size() - 1));
            total_ms.push_back(t4 - t0);
            cpu.push_back(c4 - c0);
            cpu_mel.push_back(c1 - c0);
            cpu_enc.push_back(c2 - c1);
            cpu_tok.push_back((c4 - c3) / std::max<size_t>(1, ids->size() - 1));
        }
        const double total = median(total_ms);
        std::printf("| %d | %d | %.0f | %.0f | %.1f | %.2f | %.0f | %.3f | %.0f | %.0f | %.2f | %.0f |\n", nt,
                    (*state)->audio_ctx(), median(mel_ms),
                    median(enc_ms), median(prompt_ms), median(tok_ms), total, total / 1000 / audio_s, median(cpu_mel),
                    median(cpu_enc), median(cpu_tok), median(cpu));
    }
    return 0;
}
