#include "core/args.h"

#include <gtest/gtest.h>

#include "core/cpu.h"
#include "core/json.h"

using namespace os1;

TEST(Args, ParsesOptionsFlagsAndPositionals) {
    ArgParser p("os1 run", "Generate.");
    std::string model, prompt;
    int n = 128;
    double temp = 0.8;
    bool ids = false;
    std::string query;
    p.option("model", 'm', "FILE", "model", &model, true);
    p.option("prompt", 'p', "TEXT", "prompt", &prompt);
    p.option("n-predict", 'n', "N", "tokens", &n);
    p.option("temp", 0, "T", "temperature", &temp);
    p.flag("ids", 0, "print ids", &ids);
    p.positional("QUERY", "what", &query, false);
    std::vector<std::string> args = {"-m", "x.gguf", "--prompt=hi there", "-n16", "--temp", "0.2", "--ids", "q"};
    auto r = p.parse(args);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(model, "x.gguf");
    EXPECT_EQ(prompt, "hi there");
    EXPECT_EQ(n, 16);
    EXPECT_DOUBLE_EQ(temp, 0.2);
    EXPECT_TRUE(ids);
    EXPECT_EQ(query, "q");
}

TEST(Args, BadUsageGivesOneLineReason) {
    auto parse = [](std::vector<std::string> args) {
        ArgParser p("os1 x", "X.");
        std::string model;
        int n = 0;
        p.option("model", 'm', "FILE", "model", &model, true);
        p.option("n", 'n', "N", "count", &n);
        return p.parse(args);
    };
    auto expect = [&](std::vector<std::string> args, std::string needle) {
        auto r = parse(args);
        ASSERT_FALSE(r.ok());
        EXPECT_NE(r.error().message.find(needle), std::string::npos) << r.error().message;
        EXPECT_EQ(r.error().message.find('\n'), std::string::npos);
    };
    expect({"-m", "a", "--tmep"}, "unknown option \"--tmep\"");
    expect({}, "missing required option --model");
    expect({"-m"}, "needs a value");
    expect({"-m", "a", "-n", "lots"}, "expects a whole number");
    expect({"-m", "a", "extra"}, "unexpected argument \"extra\"");
}

TEST(Args, HelpListsOptions) {
    ArgParser p("os1 memory search", "Search memories.");
    std::string q;
    int k = 10;
    p.positional("QUERY", "what to look for", &q);
    p.option("k", 'k', "K", "number of hits", &k);
    auto h = p.help();
    EXPECT_NE(h.find("usage: os1 memory search [options] QUERY"), std::string::npos) << h;
    EXPECT_NE(h.find("-k, --k K"), std::string::npos) << h;
    std::vector<std::string> args = {"--help"};
    testing::internal::CaptureStdout();
    auto r = p.parse(args);
    auto out = testing::internal::GetCapturedStdout();
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, ParseOutcome::HelpShown);
    EXPECT_EQ(out, h);
}

TEST(Json, MalformedIsAnErrorWithPosition) {
    auto ok_doc = parse_json(R"({"a": [1, 2]})");
    ASSERT_TRUE(ok_doc.ok());
    EXPECT_EQ((*ok_doc)["a"][1], 2);
    auto bad = parse_json("{\"a\": ", "line 3");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("line 3"), std::string::npos);
}

TEST(Cpu, FeaturesAreConsistent) {
    const auto& f = cpu_features();
    if (f.avx2) {
        EXPECT_TRUE(f.avx);
    }
    if (f.avx512_vnni) {
        EXPECT_TRUE(f.avx512f);
    }
    EXPECT_FALSE(f.summary().empty());
}
