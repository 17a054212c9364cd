// `os1 run` and `os1 logits` as a person uses them, on stories260K.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "engine_tools/conformance.h"
#include "engine/engine.h"
#include "engine/text/tokenizer.h"
#include "test_support.h"

using namespace os1;
using namespace os1::engine;
using namespace os1::test;

TEST(RunCli, GreedyContinuationMatchesLlamaCpp) {
    OS1_REQUIRE_SHARED(shared);
    const auto model_path = shared / "models" / "stories260K.gguf";
    auto ref = load_reference_case(model_path, shared / "conformance" / "engine" / "ref").release_value();
    auto model = Model::load(model_path).release_value();
    const Tokenizer& tok = model->tokenizer();
    // The reference prompt as text ("Once upon a time, there was a little
    // girl named Lily. ..."); it must tokenize back to the same ids.
    const std::string prompt = tok.decode(ref.prompt);
    ASSERT_EQ(prompt.rfind("Once upon a time", 0), 0u) << prompt;
    ASSERT_EQ(tok.encode(prompt, true), ref.prompt);

    TempDir home;
    const std::string cmd = "run -m " + model_path.string() + " -p '" + prompt + "' -n 64 --temp 0";
    auto ids = run_os1(cmd + " --ids", home.path());
    ASSERT_EQ(ids.status, 0) << ids.out;
    std::istringstream in(ids.out);
    std::vector<int32_t> got;
    int32_t id;
    while (in >> id) got.push_back(id);
    EXPECT_EQ(got, ref.greedy);

    auto text = run_os1(cmd, home.path());
    ASSERT_EQ(text.status, 0) << text.out;
    // decode() drops the first token's space prefix; a continuation keeps it.
    std::string want;
    for (int32_t g : ref.greedy) want += tok.token_to_piece(g);
    EXPECT_EQ(text.out, want + "\n");
}

TEST(RunCli, OnceUponATime) {
    OS1_REQUIRE_SHARED(shared);
    TempDir home;
    auto r = run_os1("run -m " + (shared / "models" / "stories260K.gguf").string() +
                         " -p 'Once upon a time' -n 64 --temp 0",
                     home.path());
    ASSERT_EQ(r.status, 0) << r.out;
    // Our greedy continuation (its first 20 tokens are also the reference
    // prompt's, which llama.cpp produced).
    EXPECT_EQ(r.out,
              ", there was a little girl named Lily. She loved to play outside in the park. One day, she saw a big, "
              "red ball. She wanted to play with it, but it was too high.\nLily's mom said\n");
}

TEST(RunCli, SeededSamplingIsReproducible) {
    OS1_REQUIRE_SHARED(shared);
    TempDir home;
    auto cmd = "run -m " + (shared / "models" / "stories260K.gguf").string() + " -p 'Once upon a time' -n 24 --temp 1 --seed ";
    auto a = run_os1(cmd + "5", home.path());
    auto b = run_os1(cmd + "5", home.path());
    ASSERT_EQ(a.status, 0) << a.out;
    EXPECT_EQ(a.out, b.out);
    EXPECT_GT(a.out.size(), 10u);
}

TEST(RunCli, StopStringIsNotPrinted) {
    OS1_REQUIRE_SHARED(shared);
    TempDir home;
    auto r = run_os1("run -m " + (shared / "models" / "stories260K.gguf").string() +
                         " -p 'Once upon a time' -n 64 --temp 0 --stop Lily",
                     home.path());
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_EQ(r.out, ", there was a little girl named \n");  // "Lily" and everything after it held back
    // "\\n" in --stop is a newline: the first line only.
    auto line = run_os1("run -m " + (shared / "models" / "stories260K.gguf").string() +
                            " -p 'Once upon a time' -n 64 --temp 0 --stop '\\n'",
                        home.path());
    ASSERT_EQ(line.status, 0) << line.out;
    EXPECT_EQ(line.out, ", there was a little girl named Lily. She loved to play outside in the park. One day, she saw a big, "
                        "red ball. She wanted to play with it, but it was too high.\n");
}

TEST(RunCli, BrokenModelFilesAreClearErrors) {
    OS1_REQUIRE_SHARED(shared);
    TempDir home;
    std::string bytes;
    {
        std::ifstream in(shared / "models" / "stories260K.gguf", std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    std::ofstream(home / "cut.gguf", std::ios::binary) << bytes.substr(0, bytes.size() / 3);
    auto cut = run_os1("run -m " + (home / "cut.gguf").string() + " -p hi", home.path());
    EXPECT_EQ(cut.status, 1) << cut.out;
    EXPECT_NE(cut.out.find("os1: cannot load model"), std::string::npos) << cut.out;
    EXPECT_NE(cut.out.find("cut.gguf"), std::string::npos) << cut.out;

    std::ofstream(home / "junk.gguf", std::ios::binary) << "GGUF but then nonsense";
    auto junk = run_os1("run -m " + (home / "junk.gguf").string() + " -p hi", home.path());
    EXPECT_EQ(junk.status, 1) << junk.out;
    EXPECT_NE(junk.out.find("junk.gguf"), std::string::npos) << junk.out;

    auto missing = run_os1("run -m " + (home / "absent.gguf").string() + " -p hi", home.path());
    EXPECT_EQ(missing.status, 1);
    EXPECT_NE(missing.out.find("does not exist"), std::string::npos) << missing.out;

    auto usage = run_os1("run -p hi", home.path());
    EXPECT_EQ(usage.status, 2) << usage.out;
}

TEST(RunCli, PromptLongerThanContextSaysSo) {
    OS1_REQUIRE_SHARED(shared);
    TempDir home;
    auto r = run_os1("run -m " + (shared / "models" / "stories260K.gguf").string() +
                         " -c 4 -p 'Once upon a time there was a dog'",
                     home.path());
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_NE(r.out.find("tokens but the context holds 4"), std::string::npos) << r.out;
}

TEST(LogitsCli, WritesLlamaCppComparableLogits) {
    OS1_REQUIRE_SHARED(shared);
    const auto model_path = shared / "models" / "stories260K.gguf";
    auto ref = load_reference_case(model_path, shared / "conformance" / "engine" / "ref").release_value();
    std::string ids;
    for (int32_t id : ref.prompt) ids += (ids.empty() ? "" : " ") + std::to_string(id);
    TempDir home;
    auto out = home / "out.f32";
    auto r = run_os1("logits -m " + model_path.string() + " --tokens '" + ids + "' -o " + out.string(), home.path());
    ASSERT_EQ(r.status, 0) << r.out;
    std::ifstream a(out, std::ios::binary), b(ref.logits, std::ios::binary);
    std::vector<float> ours(ref.prompt.size() * 512), theirs(ours.size());
    a.read(reinterpret_cast<char*>(ours.data()), static_cast<std::streamsize>(ours.size() * 4));
    b.read(reinterpret_cast<char*>(theirs.data()), static_cast<std::streamsize>(theirs.size() * 4));
    ASSERT_TRUE(a && b);
    EXPECT_EQ(std::filesystem::file_size(out), ours.size() * 4);
    double diff = 0, norm = 0;
    for (size_t i = 0; i < ours.size(); i++) {
        diff += (ours[i] - theirs[i]) * (ours[i] - theirs[i]);
        norm += theirs[i] * theirs[i];
    }
    EXPECT_LT(std::sqrt(diff / norm), 1e-3);

    auto bad = run_os1("logits -m " + model_path.string() + " --tokens '1 x' -o " + out.string(), home.path());
    EXPECT_EQ(bad.status, 1);
    EXPECT_NE(bad.out.find("'x' is not a token id"), std::string::npos) << bad.out;
    auto oov = run_os1("logits -m " + model_path.string() + " --tokens '1 9999' -o " + out.string(), home.path());
    EXPECT_EQ(oov.status, 1);
    EXPECT_NE(oov.out.find("outside the vocabulary"), std::string::npos) << oov.out;
}
