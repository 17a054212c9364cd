// os1 voice: talk with her aloud. Microphone and speaker through ALSA, or
// WAV files (--in, --out) on machines without a sound card; what is heard
// and said is printed as it happens.
#include <csignal>
#include <cstdio>
#include <string>

#include "command.h"
#include "companion/home.h"
#include "core/args.h"
#include "core/json.h"
#include "core/text.h"
#include "voice/voice.h"

namespace os1::cli {
namespace {

std::atomic<bool> g_stop{false};
void on_sigint(int) { g_stop = true; }

int voice_mode(std::span<const std::string> args) {
    ArgParser parser("os1 voice", "Talk with her aloud: she listens, answers sentence by sentence, and stops when you speak.");
    brain::BrainFlags flags;
    std::string in, out, device = "default", voice_name, wake, asr = "auto";
    double min_confidence = 0.3;
    bool no_barge_in = false, realtime = false, json = false;
    parser.option("in", 'i', "FILE.wav", "listen to this WAV file instead of the microphone", &in);
    parser.option("out", 'o', "FILE.wav", "record her voice into this WAV file instead of the speaker", &out);
    parser.option("device", 'd', "NAME", "the ALSA device (default; hw:1,0; plughw:1)", &device);
    parser.option("voice", 0, "NAME", "her voice (the persona's, else flite:slt; see 'os1 speak --help')", &voice_name);
    parser.option("asr", 0, "NAME",
                  "her ears: auto (Whisper when a Whisper model is installed, else pocketsphinx), whisper, pocketsphinx",
                  &asr);
    parser.option("wake", 0, "PHRASE", "answer only after this phrase (\"hey Samantha\"), then without it", &wake);
    parser.option("min-confidence", 0, "X", "below this recognition confidence (0..1) she asks you to repeat", &min_confidence);
    parser.flag("no-barge-in", 0, "keep talking when you speak (for a speaker the microphone hears)", &no_barge_in);
    parser.flag("realtime", 0, "play --in at the pace of a microphone", &realtime);
    parser.flag("json", 0, "print each event as one JSON line", &json);
    brain::add_brain_flags(parser, &flags);
    parser.epilog(
        "Speak; when you pause she answers. Speak while she talks and she stops, and what she had said\n"
        "is what is remembered. Ctrl-C leaves. Use headphones: without echo cancellation her own voice\n"
        "from a speaker sounds like you interrupting (or pass --no-barge-in).\n"
        "Without a sound card: os1 voice --in question.wav --out reply.wav (the recording lines up with\n"
        "the input, sample for sample).");
    return run_parsed(parser, args, [&] {
        if (!(min_confidence >= 0 && min_confidence <= 1)) {
            std::fprintf(stderr, "os1 voice: --min-confidence is between 0 and 1\n");
            return 2;
        }
        auto opened = companion::Home::open();
        if (!opened) return report_error(opened.error());
        auto& home = **opened;
        if (auto woke = home.wake(flags, /*brain_optional=*/true); !woke) return report_error(woke.error());
        if (home.setup().empty()) {
            std::fprintf(stderr, "os1: we haven't met yet; run 'os1 setup' (going on with a temporary persona)\n");
            home.use_temporary_setup();
        }
        if (auto r = home.start_conversation({}); !r) return report_error(r.error());
        const std::string name = for_terminal(home.setup().persona.name);

        voice::ConverseOptions options;
        options.in_file = in;
        options.out_file = out;
        options.device = device;
        options.voice = voice_name;
        options.asr = asr;
        options.realtime = realtime;
        options.loop.wake_phrase = wake;
        options.loop.min_confidence = min_confidence;
        options.loop.barge_in = !no_barge_in;
        std::signal(SIGINT, on_sigint);
        if (in.empty() && !json) std::fprintf(stderr, "Listening (Ctrl-C to leave)...\n");
        auto report = voice::converse(
            home, options,
            [&](const voice::LoopEvent& e) {
                if (json) {
                    Json j{{"event", std::string(voice::event_kind_name(e.kind))}, {"t", e.t_s}, {"text", e.text}};
                    if (e.kind == voice::LoopEvent::Kind::Heard || e.kind == voice::LoopEvent::Kind::Repeat)
                        j["confidence"] = e.confidence;
                    std::printf("%s\n", dump_json(j).c_str());
                } else if (e.kind == voice::LoopEvent::Kind::Heard) {
                    std::printf("you: %s\n", for_terminal(e.text).c_str());
                } else if (e.kind == voice::LoopEvent::Kind::Sentence) {
                    std::printf("%s: %s\n", name.c_str(), for_terminal(e.text).c_str());
                } else if (e.kind == voice::LoopEvent::Kind::BargeIn) {
                    std::printf("(interrupted)\n");
                } else if (e.kind == voice::LoopEvent::Kind::Repeat) {
                    std::printf("(not sure I heard \"%s\"; asked again)\n", for_terminal(e.text).c_str());
                } else if (e.kind == voice::LoopEvent::Kind::Failed) {
                    std::fprintf(stderr, "os1 voice: %s\n", for_terminal(e.text).c_str());
                }
                std::fflush(stdout);
            },
            &g_stop);
        home.end_conversation();
        if (!report) return report_error(report.error());
        return 0;
    });
}

OS1_COMMAND("voice", "talk aloud: microphone and speaker (or --in/--out WAV files), barge-in", voice_mode);

}  // namespace
}  // namespace os1::cli
