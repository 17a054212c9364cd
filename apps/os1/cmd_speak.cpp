// os1 speak: text to a WAV file in her voice (no sound card needed).
#include <cstdio>
#include <iostream>
#include <iterator>
#include <string>

#include "command.h"
#include "core/args.h"
#include "core/text.h"
#include "voice/voice.h"

namespace os1::cli {
namespace {

int speak(std::span<const std::string> args) {
    ArgParser parser("os1 speak", "Say TEXT in her voice and write it to a WAV file (16-bit mono).");
    std::string out, voice_name;
    double rate = 1.0;
    bool from_stdin = false;
    std::vector<std::string> words;
    parser.option("out", 'o', "FILE", "the WAV file to write", &out, /*required=*/true);
    parser.option("voice", 0, "NAME", "which voice: flite:slt (the default), flite:awb, flite:rms, flite:kal16, "
                  "espeak-ng:en-us+f3, ...", &voice_name);
    parser.option("rate", 0, "X", "speaking speed, 1 = normal (0.5 to 2)", &rate);
    parser.flag("stdin", 0, "read the text from standard input", &from_stdin);
    parser.rest("TEXT", "what to say (several words are joined with spaces)", &words);
    parser.epilog(
        "Text is spoken as written; control characters and markup are skipped, invalid UTF-8 is repaired,\n"
        "and text longer than 64 KB is refused. Prints the voice, the length and the file.\n"
        "Examples:\n"
        "  os1 speak \"Good morning, Theodore.\" -o morning.wav\n"
        "  os1 speak --voice espeak-ng:en+f2 \"Hello.\" -o hello.wav\n"
        "  os1 speak --stdin -o letter.wav < letter.txt");
    return run_parsed(parser, args, [&] {
        std::string text;
        if (from_stdin == !words.empty()) {
            std::fprintf(stderr, "os1 speak: give either TEXT or --stdin (see 'os1 speak --help')\n");
            return 2;
        }
        if (from_stdin) {
            text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
        } else {
            for (size_t i = 0; i < words.size(); ++i) text += (i ? " " : "") + words[i];
        }
        auto spoken = voice::speak_to_wav({.text = text, .file = out, .voice = voice_name, .rate = rate});
        if (!spoken) return report_error(spoken.error());
        std::printf("%s: %.2f s at %d Hz (%s) in %.0f ms\n", for_terminal(out).c_str(), spoken->seconds,
                    spoken->sample_rate, spoken->voice.c_str(), spoken->synth_ms);
        return 0;
    });
}

OS1_COMMAND("speak", "say a text in her voice into a WAV file", speak);

}  // namespace
}  // namespace os1::cli
