// os1 affect: the emotions in a text, as one JSON object per text.
#include <cstdio>
#include <iostream>
#include <string>

#include "command.h"
#include "companion/home.h"
#include "core/args.h"

namespace os1::cli {
namespace {

int affect(std::span<const std::string> args) {
    ArgParser parser("os1 affect", "Recognise emotion in text: GoEmotions (28 labels), Ekman (7), valence, arousal.");
    bool batch = false;
    std::string model_file;
    std::vector<std::string> words;
    parser.flag("batch", 'b', "read one text per line on stdin, write one JSON object per line, in order", &batch);
    parser.option("model", 0, "FILE", "use this weights file instead of the built-in model", &model_file);
    parser.rest("TEXT", "the text to analyse (several words are joined with spaces)", &words);
    parser.epilog(
        "Prints {\"emotions\": {28 labels: probability}, \"predicted\": [...], \"ekman\": {7 labels: probability},\n"
        "\"ekman_predicted\": [...], \"valence\": -1..1, \"arousal\": 0..1}; a message crisis care would answer\n"
        "also has \"crisis\": \"self_harm\"|\"danger\"|\"medical\", and reads as sadness or fear.\n"
        "Examples:\n"
        "  os1 affect \"I can't believe you remembered my birthday!\"\n"
        "  printf 'so happy\\nnot happy\\n' | os1 affect --batch");
    return run_parsed(parser, args, [&] {
        if (batch == !words.empty()) {
            std::fprintf(stderr, "os1 affect: give either TEXT or --batch (see 'os1 affect --help')\n");
            return 2;
        }
        auto reader = companion::EmotionReader::open(model_file);
        if (!reader) return report_error(reader.error());
        auto emit = [&](std::string_view text) {
            std::string line = (*reader)->json(text);
            line += '\n';
            std::fwrite(line.data(), 1, line.size(), stdout);
        };
        if (!batch) {
            std::string text;
            for (size_t i = 0; i < words.size(); ++i) text += (i ? " " : "") + words[i];
            emit(text);
            return 0;
        }
        std::string line;
        while (std::getline(std::cin, line)) {
            if (!line.empty() && line.back() == '\r') line.pop_back();
            emit(line);
        }
        std::fflush(stdout);
        return 0;
    });
}

OS1_COMMAND("affect", "recognise emotion in text (GoEmotions 28, Ekman 7, valence, arousal) as JSON", affect);

}  // namespace
}  // namespace os1::cli
