// os1 asr-logits: Whisper's intermediate values for a WAV file, for
// comparing the engine with whisper.cpp (the reference kit's
// conformance/whisper). Writes raw little-endian float32: the log-mel
// (n_mels, n_frames), the encoder output (n_audio_ctx, n_audio_state) and
// the raw logits of N greedy steps (N, n_vocab) after the prompt sot, en,
// transcribe, notimestamps; prints the N greedy ids (after Whisper's
// filter) on stdout, space-separated.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "command.h"
#include "core/args.h"
#include "core/files.h"
#include "engine/whisper.h"

namespace os1::cli {
namespace {

Result<void> write_f32(const std::string& path, std::span<const float> values) {
    if (path.empty()) return ok();
    return write_file_atomic(path, std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float)));
}

int asr_logits(std::span<const std::string> args) {
    ArgParser parser("os1 asr-logits", "Whisper's log-mel, encoder output and greedy logits for a 16 kHz WAV file.");
    std::string model_path, wav_path, mel_out, enc_out, logits_out, mel_in;
    int steps = 8, threads = 0;
    parser.option("model", 'm', "FILE", "ggml Whisper model (ggml-*.bin)", &model_path, /*required=*/true);
    parser.option("wav", 0, "FILE", "16 kHz WAV file", &wav_path, true);
    parser.option("steps", 0, "N", "greedy steps (default 8)", &steps);
    parser.option("mel", 0, "OUT.f32", "write the log-mel (n_mels, n_frames)", &mel_out);
    parser.option("encoder", 0, "OUT.f32", "write the encoder output (n_audio_ctx, n_audio_state)", &enc_out);
    parser.option("logits", 0, "OUT.f32", "write the raw logits (N, n_vocab)", &logits_out);
    parser.option("mel-in", 0, "FILE.f32", "encode this log-mel (n_mels, n_frames) instead of the WAV's own", &mel_in);
    parser.option("threads", 't', "N", "worker threads (default: all cores)", &threads);
    return run_parsed(parser, args, [&]() -> int {
        if (steps < 1) return report_error(Error::invalid("--steps must be at least 1"));
        auto pcm = engine::whisper_read_wav(wav_path);
        if (!pcm) return report_error(pcm.error());
        auto model = engine::WhisperModel::load(model_path, {.n_threads = threads});
        if (!model) return report_error(model.error());
        engine::LogMel mel = (*model)->log_mel(*pcm);
        if (!mel_in.empty()) {
            auto bytes = read_file(mel_in);
            if (!bytes) return report_error(bytes.error());
            if (bytes->size() % (4 * static_cast<size_t>(mel.n_mels)) != 0 || bytes->empty())
                return report_error(Error::invalid(mel_in, " is not a (", mel.n_mels, ", n_frames) float32 log-mel"));
            mel.n_frames = static_cast<int>(bytes->size() / 4 / static_cast<size_t>(mel.n_mels));
            mel.data.resize(bytes->size() / 4);
            std::memcpy(mel.data.data(), bytes->data(), bytes->size());
        }
        if (auto w = write_f32(mel_out, mel.data); !w) return report_error(w.error());
        auto state = (*model)->new_state();
        if (!state) return report_error(state.error());
        if (auto e = (*state)->encode(mel); !e) return report_error(e.error());
        if (auto w = write_f32(enc_out, (*state)->encoder_output()); !w) return report_error(w.error());

        // Exactly N steps, as the reference does: step 0 after the prompt,
        // step k after feeding greedy[k-1] alone (end-of-text included).
        std::vector<float> logits, filtered;
        std::vector<int32_t> ids;
        const engine::WhisperDecodeOptions options{};
        auto step = (*state)->decode(engine::whisper_prompt(**model, options));
        for (int k = 0; k < steps && step; k++) {
            logits.insert(logits.end(), step->begin(), step->end());
            filtered.assign(step->begin(), step->end());
            engine::whisper_filter_logits(**model, filtered, k == 0, options);
            ids.push_back(engine::whisper_argmax(filtered));
            if (k + 1 < steps) step = (*state)->decode(std::span<const int32_t>(&ids.back(), 1));
        }
        if (!step) return report_error(step.error());
        if (auto w = write_f32(logits_out, logits); !w) return report_error(w.error());
        std::string line;
        for (int32_t id : ids) line += (line.empty() ? "" : " ") + std::to_string(id);
        std::printf("%s\n", line.c_str());
        return 0;
    });
}

OS1_COMMAND("asr-logits", "Whisper's log-mel, encoder output and greedy logits for a WAV file (conformance)", asr_logits);

}  // namespace
}  // namespace os1::cli
