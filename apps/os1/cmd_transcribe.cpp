// os1 transcribe: the words in a recording (speech in, issue 16). Works on
// files alone, so it needs no sound card.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "command.h"
#include "core/args.h"
#include "voice/transcribe.h"

namespace os1::cli {
namespace {

int transcribe(std::span<const std::string> args) {
    ArgParser parser("os1 transcribe", "Write down what is said in a WAV recording (offline: Whisper or pocketsphinx).");
    std::string file, asr = "auto", model, audio_ctx = "0", language = "en";
    bool json = false;
    int threads = 1;
    parser.positional("FILE.wav", "the recording: any common WAV (8..32-bit PCM or float, any rate, any channels)",
                      &file);
    parser.flag("json", 'j',
                "print one JSON object: text, words (word, start, end, confidence), confidence, duration, asr", &json);
    parser.option("asr", 0, "NAME",
                  "the recogniser: whisper, pocketsphinx, or auto (the default: Whisper when a Whisper model is "
                  "installed, else pocketsphinx)",
                  &asr);
    parser.option("model", 'm', "FILE.bin", "Whisper's model file (default: the installed one; implies --asr whisper)",
                  &model);
    parser.option("threads", 't', "N",
                  "pocketsphinx: decode up to N utterances at once; Whisper: N threads per utterance (1..8, default 1)",
                  &threads);
    parser.option("audio-ctx", 0, "N|fit",
                  "Whisper's encoder positions per window: 0 = the full 30 s window (the default), fit = sized to "
                  "each utterance (faster on short ones), N = N positions of 20 ms (1..1500)",
                  &audio_ctx);
    parser.option("language", 'l', "CODE|auto",
                  "the language spoken, for Whisper: en (the default), de, fr, es, ... or auto (detected; "
                  "multilingual models only, not *.en)",
                  &language);
    parser.epilog(
        "Prints the text (an empty line when nobody speaks). Silence, noise and music give no words;\n"
        "Whisper drops what it judges silence (no_speech_prob in --json, with language and language_prob).\n"
        "Whisper needs a model: 'os1 pull whisper-base.en' (or 'os1 pull ggml-base.en.bin' for a file you have).\n"
        "pocketsphinx needs the Debian packages pocketsphinx-en-us (the model) and libpocketsphinx3.\n"
        "Examples:\n"
        "  os1 transcribe note.wav\n"
        "  os1 transcribe --json --asr whisper interview.wav\n"
        "  os1 transcribe --json --language auto --audio-ctx fit message.wav");
    return run_parsed(parser, args, [&] {
        if (!model.empty() && asr == "auto") asr = "whisper";
        if (asr != "pocketsphinx" && asr != "whisper" && asr != "auto") {
            std::fprintf(stderr, "os1 transcribe: unknown recogniser '%s' (available: whisper, pocketsphinx, auto)\n",
                         asr.c_str());
            return 2;
        }
        if (!model.empty() && asr != "whisper") {
            std::fprintf(stderr, "os1 transcribe: --model is Whisper's; it does not go with --asr %s\n", asr.c_str());
            return 2;
        }
        if (threads < 1 || threads > 8) {
            std::fprintf(stderr, "os1 transcribe: --threads must be 1..8, not %d\n", threads);
            return 2;
        }
        int n_ctx = 0;
        if (audio_ctx == "fit") n_ctx = -1;
        else {
            char* end = nullptr;
            const long v = std::strtol(audio_ctx.c_str(), &end, 10);
            if (audio_ctx.empty() || *end != '\0' || v < 0 || v > 1500) {
                std::fprintf(stderr, "os1 transcribe: --audio-ctx takes 0 (full window), fit or 1..1500, not '%s'\n",
                             audio_ctx.c_str());
                return 2;
            }
            n_ctx = static_cast<int>(v);
        }
        if ((n_ctx != 0 || language != "en") && asr == "pocketsphinx") {
            std::fprintf(stderr, "os1 transcribe: --audio-ctx and --language are Whisper's; not for --asr pocketsphinx\n");
            return 2;
        }
        voice::TranscribeOptions options;
        options.whisper_audio_ctx = n_ctx;
        options.whisper_language = language;
        options.asr = asr;
        options.threads = threads;
        options.whisper_model = model;
        auto audio = voice::read_wav(file);
        if (!audio) return report_error(audio.error());
        auto transcriber = voice::Transcriber::make(options);
        if (!transcriber) return report_error(transcriber.error());
        auto said = (*transcriber)->run(*audio);
        if (!said) return report_error(said.error());
        std::string out = json ? voice::transcript_json(*said, (*transcriber)->asr().name) : said->text;
        out += '\n';
        std::fwrite(out.data(), 1, out.size(), stdout);
        std::fflush(stdout);
        return 0;
    });
}

OS1_COMMAND("transcribe", "write down what is said in a WAV recording (text, word times, confidence)", transcribe);

}  // namespace
}  // namespace os1::cli
