// os1 tokenize: text on stdin -> token ids with a model's tokenizer.
#include <cstdio>
#include <iostream>
#include <iterator>

#include "command.h"
#include "core/args.h"
#include "engine/engine.h"

namespace os1::cli {
namespace {

// A piece shown between quotes, with control bytes and bad UTF-8 escaped.
std::string shown_piece(std::string_view piece) {
    std::string clean = engine::sanitize_utf8(piece);
    std::string out = "'";
    if (clean != piece) {
        for (unsigned char c : piece) {
            char buf[8];
            if (c < 0x20 || c >= 0x7F || c == '\'' || c == '\\') {
                std::snprintf(buf, sizeof buf, "\\x%02X", c);
                out += buf;
            } else {
                out += static_cast<char>(c);
            }
        }
        return out + "'";
    }
    for (char c : clean) {
        if (c == '\n') out += "\\n";
        else if (c == '\t') out += "\\t";
        else if (c == '\r') out += "\\r";
        else if (c == '\'') out += "\\'";
        else if (c == '\\') out += "\\\\";
        else out += c;
    }
    return out + "'";
}

int tokenize(std::span<const std::string> args) {
    ArgParser parser("os1 tokenize", "Print the token ids of the text on stdin, using a GGUF model's tokenizer.");
    std::string model;
    bool no_bos = false, pieces = false, no_special = false;
    parser.option("model", 'm', "FILE", "GGUF model (or vocabulary-only GGUF) file", &model, true);
    parser.flag("no-bos", 0, "do not add the beginning-of-sequence token", &no_bos);
    parser.flag("pieces", 0, "print one token per line: id and its text", &pieces);
    parser.flag("no-special", 0, "treat text like <|im_start|> as plain text, not control tokens", &no_special);
    parser.epilog("One trailing newline of the input is dropped (so `echo text | os1 tokenize` works).\n"
                  "Example: echo 'Hello world' | os1 tokenize -m model.gguf --pieces");
    return run_parsed(parser, args, [&] {
        auto file = engine::GgufFile::open(model);
        if (!file) return report_error(file.error());
        auto tok = engine::Tokenizer::from_gguf(**file);
        if (!tok) return report_error(tok.error().context(model));
        std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
        if (!text.empty() && text.back() == '\n') text.pop_back();
        bool add_bos = !no_bos && (*tok)->add_bos_default();
        auto ids = (*tok)->encode(text, add_bos, !no_special);
        if (pieces) {
            for (int32_t id : ids) std::printf("%d\t%s\n", id, shown_piece((*tok)->token_to_piece(id)).c_str());
            return 0;
        }
        std::string line;
        for (size_t i = 0; i < ids.size(); ++i) {
            if (i) line += ' ';
            line += std::to_string(ids[i]);
        }
        std::printf("%s\n", line.c_str());
        return 0;
    });
}

OS1_COMMAND("tokenize", "print the token ids of text on stdin with a model's tokenizer", tokenize);

}  // namespace
}  // namespace os1::cli
