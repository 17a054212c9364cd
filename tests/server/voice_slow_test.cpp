// A spoken conversation over /api/voice, end to end: a clip from the kit
// sent as the web app sends the microphone while push-to-talk is held
// ("press", 20 ms frames of 16 kHz PCM, "end") is heard, answered through the
// person's companion (the none brain) and spoken back as audio; speaking
// over her ("interrupt") silences her, and only what was said is stored.
// Slow: the recogniser loads (about a second) and her voice plays in real time.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>
#include <sstream>

#include "voice/audio.h"
#include "voice/tts_select.h"
#include "voice_support.h"

namespace os1::test {
namespace {

bool model_installed() {
    if (const char* v = std::getenv("OS1_POCKETSPHINX_MODEL"); v && *v) return std::filesystem::is_directory(v);
    return std::filesystem::is_directory("/usr/share/pocketsphinx/model/en-us");
}

std::set<std::string> words_of(std::string text) {
    for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::set<std::string> out;
    std::istringstream in(text);
    for (std::string w; in >> w;) out.insert(w);
    return out;
}

// Push-to-talk: "press", the clip in 20 ms frames, a little silence, "end".
void speak(VoiceClient& c, const voice::Pcm& clip) {
    ASSERT_TRUE(c.send({{"type", "press"}}));
    std::vector<int16_t> samples = clip.samples;
    samples.resize(samples.size() + 3200, 0);
    for (size_t i = 0; i < samples.size(); i += 320) {
        const size_t n = std::min<size_t>(320, samples.size() - i);
        ASSERT_TRUE(c.send_pcm(std::span<const int16_t>(samples.data() + i, n)));
    }
    ASSERT_TRUE(c.send({{"type", "end"}}));
}

double audio_seconds(const std::vector<VoiceMessage>& ms, bool* loud = nullptr) {
    size_t bytes = 0;
    for (const auto& m : ms) {
        if (!m.binary) continue;
        bytes += m.bytes.size();
        for (size_t i = 0; loud && i + 1 < m.bytes.size(); i += 2) {
            const int16_t s = static_cast<int16_t>(static_cast<uint8_t>(m.bytes[i]) | (static_cast<uint8_t>(m.bytes[i + 1]) << 8));
            if (std::abs(s) > 1000) *loud = true;
        }
    }
    return static_cast<double>(bytes) / 2 / 16000;
}

const VoiceMessage* first(const std::vector<VoiceMessage>& ms, const std::string& type) {
    for (const auto& m : ms)
        if (m.type() == type) return &m;
    return nullptr;
}

TEST(VoiceConversation, AClipIsHeardAnsweredSpokenAndStoppedWhenSpokenOver) {
    OS1_REQUIRE_SHARED(kit);
    if (!model_installed()) GTEST_SKIP() << "pocketsphinx-en-us is not installed (scripts/setup installs it)";
    auto clip = voice::read_wav(kit / "data/speech/librispeech-arm-mlek/i_tell_you.wav");
    ASSERT_TRUE(clip) << clip.error().message;
    TestServer s;
    s.add_user("sam", "correct horse battery");
    auto who = s.login("sam", "correct horse battery");
    auto c = open_voice(s, who);
    ASSERT_EQ(c->start()->type(), "ready");

    // Heard, answered (the reply streams as text), spoken (audio comes).
    speak(*c, *clip);
    std::vector<VoiceMessage> got;
    while (audio_seconds(got) < 0.6) {
        auto m = c->read(std::chrono::seconds(120));
        std::string seen;
        for (const auto& x : got) seen += x.type() + " ";
        ASSERT_TRUE(m) << "no reply came; got: " << seen;
        ASSERT_NE(m->type(), "error") << dump_json(m->json);
        got.push_back(*m);
    }
    ASSERT_TRUE(first(got, "speech")) << "the speech was not detected";
    const auto* heard = first(got, "heard");
    ASSERT_TRUE(heard);
    const std::string text = heard->json["text"];
    const auto said = words_of(text), truth = words_of("I tell you it is not poison she cried");
    const auto common = std::count_if(said.begin(), said.end(), [&](const std::string& w) { return truth.count(w) > 0; });
    EXPECT_GE(common, 3) << "heard: " << text;
    ASSERT_TRUE(first(got, "sentence"));
    bool loud = false;
    audio_seconds(got, &loud);
    EXPECT_TRUE(loud) << "her voice came back silent";

    // Spoken over: silenced at once, the turn cancelled, and what is stored
    // is what she had said, not the whole reply she was writing.
    ASSERT_TRUE(c->send({{"type", "interrupt"}}));
    auto rest = c->until("done", std::chrono::seconds(120));
    got.insert(got.end(), rest.begin(), rest.end());
    std::string written;
    for (const auto& m : got)
        if (m.type() == "token") written += m.json["text"].get<std::string>();
    ASSERT_TRUE(first(rest, "stop")) << "she was not silenced";
    EXPECT_TRUE(first(rest, "barge_in"));
    const auto* done = first(rest, "done");
    ASSERT_TRUE(done) << "the turn did not end";
    EXPECT_EQ(done->json["finish"], "cancelled");
    const std::string stored = done->json["reply"];
    EXPECT_LT(stored.size(), written.size()) << "stored: " << stored << "\nwritten: " << written;

    auto history = s.get("/api/history?limit=10", who).json()["messages"];
    ASSERT_GE(history.size(), 1u);
    EXPECT_EQ(history[0]["role"], "user");
    EXPECT_EQ(history[0]["text"], text);  // the person's words as heard
    if (!stored.empty()) {
        ASSERT_EQ(history.size(), 2u);
        EXPECT_EQ(history[1]["text"], stored);
    }
}

// A question asked in writing, answered aloud: the voice socket joins the
// chat screen's conversation (its "hello"), so the spoken yes sets the
// reminder the chat proposed. The person's "Yes, please." is flite's awb.
TEST(VoiceConversation, ASpokenYesAnswersAQuestionAskedInTheChat) {
    if (!model_installed()) GTEST_SKIP() << "pocketsphinx-en-us is not installed (scripts/setup installs it)";
    auto awb = voice::open_voice("flite:awb");
    ASSERT_TRUE(awb) << awb.error().message;
    auto yes = (*awb)->synthesize("Yes, please.");
    ASSERT_TRUE(yes) << yes.error().message;
    voice::Pcm said = voice::resample(*yes, 16000);
    said.samples.insert(said.samples.begin(), 4800, 0);
    TestServer s;
    s.add_user("sam", "correct horse battery");
    auto who = s.login("sam", "correct horse battery");

    auto chat = open_chat(s, who);
    ASSERT_TRUE(chat->send(R"({"type":"hello"})"));
    const std::string id = (*chat->read())["conversation"];
    const Json asked = chat->say("r1", "remind me to call Rachel on Sunday at 5");
    ASSERT_EQ(asked["type"], "done") << dump_json(asked);
    EXPECT_TRUE(s.get("/api/reminders", who).json()["reminders"].empty()) << "nothing is set before the yes";

    auto c = open_voice(s, who);
    ASSERT_TRUE(c->send({{"type", "start"}, {"format", "s16le"}, {"rate", 16000}, {"channels", 1}, {"conversation", id}}));
    auto ready = c->read();
    ASSERT_TRUE(ready);
    ASSERT_EQ(ready->json["conversation"], id);
    speak(*c, said);
    auto got = c->until("done", std::chrono::seconds(120));
    const auto* heard = first(got, "heard");
    ASSERT_TRUE(heard) << "nothing was heard";
    ASSERT_TRUE(first(got, "done")) << "heard \"" << heard->json["text"].get<std::string>() << "\" but no reply";
    auto reminders = s.get("/api/reminders", who).json()["reminders"];
    ASSERT_EQ(reminders.size(), 1u) << "heard \"" << heard->json["text"].get<std::string>() << "\"";
    EXPECT_EQ(reminders[0]["text"], "call Rachel");
}

}  // namespace
}  // namespace os1::test
