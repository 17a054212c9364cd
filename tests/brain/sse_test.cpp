#include "net/sse.h"

#include <gtest/gtest.h>

#include <random>

namespace os1::brain {

using namespace os1::net;  // the SSE parser (src/net)
namespace {

std::vector<SseEvent> parse_in_pieces(std::string_view text, const std::vector<size_t>& cuts) {
    SseParser p;
    std::vector<SseEvent> out;
    auto sink = [&](const SseEvent& e) { out.push_back(e); return true; };
    size_t prev = 0;
    for (size_t c : cuts) {
        EXPECT_TRUE(p.feed(text.substr(prev, c - prev), sink).ok());
        prev = c;
    }
    EXPECT_TRUE(p.feed(text.substr(prev), sink).ok());
    (void)p.finish(sink);
    return out;
}

std::vector<SseEvent> parse_whole(std::string_view text) { return parse_in_pieces(text, {}); }

TEST(Sse, ParsesDataEventsAndSkipsComments) {
    auto ev = parse_whole(": keep-alive\n\ndata: one\n\n:comment\ndata: two\ndata: lines\n\nevent: ping\ndata: x\n\n");
    ASSERT_EQ(ev.size(), 3u);
    EXPECT_EQ(ev[0].data, "one");
    EXPECT_EQ(ev[0].event, "message");
    EXPECT_EQ(ev[1].data, "two\nlines");
    EXPECT_EQ(ev[2].event, "ping");
}

TEST(Sse, CrlfAndCrLineEndings) {
    auto a = parse_whole("data: a\r\n\r\ndata: b\r\rdata: c\n\n");
    ASSERT_EQ(a.size(), 3u);
    EXPECT_EQ(a[0].data, "a");
    EXPECT_EQ(a[1].data, "b");
    EXPECT_EQ(a[2].data, "c");
}

TEST(Sse, EverySplitPointGivesTheSameEvents) {
    std::string text = "data: {\"x\": \"h\u00e9llo\"}\r\n\r\n: c\r\ndata:no-space\r\n\r\ndata: [DONE]\r\n\r\n";
    auto whole = parse_whole(text);
    ASSERT_EQ(whole.size(), 3u);
    EXPECT_EQ(whole[1].data, "no-space");
    for (size_t i = 0; i <= text.size(); i++) {
        for (size_t j = i; j <= text.size(); j += 3) {
            auto ev = parse_in_pieces(text, {i, j});
            ASSERT_EQ(ev.size(), whole.size()) << "cut at " << i << "," << j;
            for (size_t k = 0; k < ev.size(); k++) EXPECT_EQ(ev[k].data, whole[k].data);
        }
    }
}

TEST(Sse, ByteAtATime) {
    std::string text = "data: a\r\n\r\ndata: b\n\n";
    std::vector<size_t> cuts;
    for (size_t i = 1; i < text.size(); i++) cuts.push_back(i);
    auto ev = parse_in_pieces(text, cuts);
    ASSERT_EQ(ev.size(), 2u);
    EXPECT_EQ(ev[1].data, "b");
}

TEST(Sse, GarbageIsIgnoredNotFatal) {
    auto ev = parse_whole("HTTP garbage\nretry: 10\nid: 7\n\x01\x02\xff\ndata: ok\n\nnonsense: yes\n\n");
    ASSERT_EQ(ev.size(), 1u);
    EXPECT_EQ(ev[0].data, "ok");
    EXPECT_EQ(ev[0].id, "7");
}

TEST(Sse, FinalEventWithoutBlankLineIsDispatchedAtEnd) {
    auto ev = parse_whole("data: [DONE]");
    ASSERT_EQ(ev.size(), 1u);
    EXPECT_EQ(ev[0].data, "[DONE]");
}

TEST(Sse, OverlongLineIsAnError) {
    SseParser p;
    std::string big(SseParser::MAX_LINE / 2 + 10, 'x');
    auto sink = [](const SseEvent&) { return true; };
    EXPECT_TRUE(p.feed(big, sink).ok());
    auto r = p.feed(big, sink);
    EXPECT_FALSE(r.ok());
}

TEST(Sse, EndlessDataLinesWithoutBlankLineAreCutOff) {
    SseParser p(/*max_line=*/1000, /*max_event=*/10000);
    int events = 0;
    auto sink = [&](const SseEvent&) { events++; return true; };
    std::string line = "data: " + std::string(90, 'x') + "\n";
    Result<bool> r = true;
    int fed = 0;
    while (r.ok() && fed < 1000) {
        r = p.feed(line, sink);
        fed++;
    }
    ASSERT_FALSE(r.ok());
    EXPECT_LT(fed, 120);  // stops near 10000 bytes, not at the end of the input
    EXPECT_NE(r.error().message.find("blank line"), std::string::npos) << r.error().message;
    EXPECT_EQ(events, 0);
    EXPECT_FALSE(p.feed("\n", sink).ok());  // stays failed
    EXPECT_FALSE(p.finish(sink).ok());
}

TEST(Sse, OverlongLineInOneChunkIsAnErrorToo) {
    SseParser p(/*max_line=*/100, /*max_event=*/1000);
    auto sink = [](const SseEvent&) { return true; };
    EXPECT_FALSE(p.feed("data: " + std::string(200, 'y') + "\n\n", sink).ok());
}

TEST(Sse, EventsUnderTheCapStillFlow) {
    SseParser p(/*max_line=*/100, /*max_event=*/300);
    int events = 0;
    auto sink = [&](const SseEvent& e) { events++; EXPECT_EQ(e.data.size(), 80u * 3 + 2); return true; };
    std::string ev = "data: " + std::string(80, 'a') + "\ndata: " + std::string(80, 'b') + "\ndata: " +
                     std::string(80, 'c') + "\n\n";
    for (int i = 0; i < 100; i++) ASSERT_TRUE(p.feed(ev, sink).ok());
    EXPECT_EQ(events, 100);
}

TEST(Sse, RandomBytesNeverCrash) {
    std::mt19937 rng(42);
    for (int round = 0; round < 200; round++) {
        std::string s(rng() % 300, '\0');
        for (auto& c : s) c = "data: \r\n:{}x"[rng() % 13];
        SseParser p;
        auto sink = [](const SseEvent& e) {
            (void)parse_stream_chunk(e.data);
            return true;
        };
        EXPECT_TRUE(p.feed(s, sink).ok());
        (void)p.finish(sink);
    }
}

TEST(StreamChunk, ParsesDeltaFinishUsageAndDone) {
    auto c = parse_stream_chunk(R"({"choices":[{"delta":{"content":"Hi"},"finish_reason":null}]})");
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(c->content, "Hi");
    EXPECT_TRUE(c->finish_reason.empty());
    c = parse_stream_chunk(R"({"choices":[{"delta":{},"finish_reason":"length"}],"usage":{"prompt_tokens":12,"completion_tokens":5}})");
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(c->finish_reason, "length");
    EXPECT_EQ(c->prompt_tokens.value_or(-1), 12);
    EXPECT_EQ(c->completion_tokens.value_or(-1), 5);
    c = parse_stream_chunk(" [DONE] ");
    ASSERT_TRUE(c.ok());
    EXPECT_TRUE(c->done);
}

TEST(StreamChunk, ErrorsAndGarbage) {
    auto c = parse_stream_chunk(R"({"error":{"message":"context too long","type":"x"}})");
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(c->error, "context too long");
    EXPECT_FALSE(parse_stream_chunk("{not json").ok());
    EXPECT_FALSE(parse_stream_chunk("[1,2]").ok());
    c = parse_stream_chunk(R"({"choices":"weird"})");  // wrong shapes are tolerated, not crashes
    ASSERT_TRUE(c.ok());
    EXPECT_TRUE(c->content.empty());
    c = parse_stream_chunk(R"({"choices":[{"delta":{"content":42}}]})");
    ASSERT_TRUE(c.ok());
    EXPECT_TRUE(c->content.empty());
}

// A server's error nested a megabyte deep: writing it back into the
// message (dump_json recurses) overflowed the stack. Refused as garbage.
TEST(StreamChunk, AnErrorNestedAMegabyteDeepIsRefusedNotACrash) {
    const std::string deep = std::string(500'000, '[') + std::string(500'000, ']');
    EXPECT_FALSE(parse_stream_chunk("{\"error\":{\"detail\":" + deep + "}}").ok());
    const std::string body = "{\"error\":{\"detail\":" + deep + "}}";
    EXPECT_LE(error_body_message(body).size(), 400u);
}

TEST(ErrorBody, ExtractsTheHumanPart) {
    EXPECT_EQ(error_body_message(R"({"error":{"message":"Invalid API key"}})"), "Invalid API key");
    EXPECT_EQ(error_body_message(R"({"error":"model 'x' not found"})"), "model 'x' not found");
    EXPECT_EQ(error_body_message(R"({"detail":"Not Found"})"), "Not Found");
    EXPECT_EQ(error_body_message("plain text\n"), "plain text");
}

}  // namespace
}  // namespace os1::brain
