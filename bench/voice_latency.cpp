// Her voice's speed (issue 16): TTS real-time factor on 1 and 2 threads;
// end of speech → first audio sample of her reply, through the real VAD
// with the input played at real-time pace into the loop (the none brain
// through the front door, and a scripted brain that streams its first
// sentence at once); barge-in → silence. Prints one table.
//
//   build/bench/voice_latency [--now] [--reps N] [--no-tts] [--no-barge]
//
// The person's speech is flite's awb voice (a real speech signal for the
// VAD). The latencies are measured with a recogniser that knows what was
// said (the loop's own latency) and with pocketsphinx (what a person
// waits), each before and after in the same run: "whole" recognises the
// utterance at its end after 350 ms of quiet (the loop before issue 16's
// second pass), "streamed" hears it while it is spoken and ends it after
// 300 ms (now). The round trip (os1 speak → os1 transcribe) is
// bench/voice_roundtrip.cpp.
#include <algorithm>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "companion/home.h"
#include "companion/scripted_brain.h"
#include "core/clock.h"
#include "persona/interview.h"
#include "voice/tts_select.h"
#include "voice/voice.h"

using namespace os1;
using namespace os1::voice;

namespace {

const std::vector<std::string> SENTENCES = {
    "Good morning, Theodore. Did you sleep well?",
    "I read the letter you wrote to your sister, and I think it is lovely.",
    "You have a meeting with Paul at three o'clock this afternoon.",
    "It sounds like the day was harder than you expected.",
    "Would you like me to remind you to call your mother tomorrow?",
    "The sea was grey and the wind was cold, but we walked for hours.",
    "I'm not sure I understood that. Could you say it another way?",
    "Thank you for telling me. I'll remember that.",
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Real-time factor of `name` with `threads` synthesising in parallel.
double tts_rtf(const std::string& name, int threads) {
    std::vector<double> audio(threads, 0);
    std::vector<std::thread> pool;
    const auto t0 = std::chrono::steady_clock::now();
    for (int t = 0; t < threads; t++) {
        pool.emplace_back([&, t] {
            auto voice = open_voice(name);
            if (!voice) return;
            for (int round = 0; round < 2; round++)
                for (const auto& s : SENTENCES)
                    if (auto pcm = (*voice)->synthesize(s)) audio[t] += pcm->seconds();
        });
    }
    for (auto& th : pool) th.join();
    double total = 0;
    for (double a : audio) total += a;
    return total > 0 ? seconds_since(t0) / total : -1;
}

class KnownRecognizer final : public Recognizer {
public:
    std::vector<std::string> texts;
    size_t next = 0;
    std::string_view name() const override { return "scripted"; }
    Result<Transcript> recognize(const Pcm& audio) override {
        Transcript t;
        t.audio_s = audio.seconds();
        t.text = next < texts.size() ? texts[next++] : "hello";
        t.confidence = 0.9;
        return t;
    }
};

// The person's side: utterances of awb's voice with `gap_s` of silence after each.
Pcm person_saying(const std::vector<std::string>& lines, double gap_s, std::vector<double>* starts) {
    auto awb = open_voice("flite:awb");
    Pcm pcm;
    pcm.rate = 16000;
    pcm.samples.assign(8000, 0);
    for (const auto& line : lines) {
        Pcm said = resample(awb ? (*awb)->synthesize(line).value_or({}) : Pcm{}, 16000);
        if (starts) starts->push_back(static_cast<double>(pcm.samples.size()) / 16000);
        pcm.samples.insert(pcm.samples.end(), said.samples.begin(), said.samples.end());
        pcm.samples.insert(pcm.samples.end(), static_cast<size_t>(gap_s * 16000), 0);
    }
    return pcm;
}

struct Latency {
    std::vector<double> first_audio_ms, silence_ms;
    // Where the time went, each from the end of speech: the detector's end
    // (hangover), the transcript, the brain's first piece, the first
    // sentence synthesised and queued.
    std::vector<double> ended_ms, heard_ms, piece_ms, sentence_ms;
};

// How the loop hears: the whole utterance at its end after 350 ms of
// quiet (before issue 16's second pass), streamed and ended after 300 ms
// with `os1 transcribe`'s decoder settings (the second pass), or with the
// conversation's own (POCKETSPHINX_LIVE: now).
struct Hearing {
    bool stream = true;
    int hangover_frames = 30;
    bool live = true;
    const char* name() const {
        return !stream ? "whole at the end, 350 ms" : live ? "streamed, 300 ms, live settings" : "streamed, 300 ms, transcribe's settings";
    }
};
const Hearing BEFORE{false, 35, false}, STREAMED{true, 30, false}, NOW{true, 30, true};

Latency run(Talker& talker, const Pcm& input, const std::vector<std::string>& texts, const std::vector<double>& onsets,
            Recognizer* real = nullptr, Hearing hearing = NOW) {
    WavFileIn in(input, "bench", &SystemClock::instance());
    WavFileOut out("", 16000);
    VadConfig vad = loop_vad_config();
    vad.hangover_frames = hearing.hangover_frames;
    auto detector = make_speech_detector(vad);
    KnownRecognizer asr;
    asr.texts = texts;
    auto voice = open_voice("");
    if (!voice) {
        std::fprintf(stderr, "no voice: %s\n", voice.error().message.c_str());
        std::exit(1);
    }
    LoopOptions options;
    options.stream = hearing.stream;
    VoiceLoop loop({in, out, *detector, real ? *real : asr, **voice, talker, SystemClock::instance()}, options);
    auto report = loop.run();
    Latency l;
    if (!report) {
        std::fprintf(stderr, "the loop failed: %s\n", report.error().message.c_str());
        return l;
    }
    for (const auto& x : report->exchanges) {
        if (x.first_audio_s > 0) {
            l.first_audio_ms.push_back(1000 * (x.first_audio_s - x.speech_end_s));
            auto stage = [&](double at, std::vector<double>& into) {
                if (at >= 0) into.push_back(1000 * (at - x.speech_end_s));
            };
            stage(x.ended_s, l.ended_ms);
            stage(x.heard_s, l.heard_ms);
            stage(x.first_piece_s, l.piece_ms);
            stage(x.first_sentence_s, l.sentence_ms);
        }
        if (x.silenced_s > 0) {
            // From the true onset of the speech that interrupted her.
            double onset = -1;
            for (double o : onsets)
                if (o <= x.silenced_s && o > x.speech_end_s) onset = o;
            if (onset > 0) l.silence_ms.push_back(1000 * (x.silenced_s - onset));
        }
    }
    return l;
}

double median(std::vector<double> v) {
    if (v.empty()) return -1;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

std::string stats(std::vector<double> v) {
    if (v.empty()) return "n/a";
    std::sort(v.begin(), v.end());
    char buf[96];
    std::snprintf(buf, sizeof buf, "median %.0f, max %.0f (n=%zu)", v[v.size() / 2], v.back(), v.size());
    return buf;
}

// One row: the first audio's figure, then where its time went (medians).
void row(const std::string& what, const Latency& l) {
    std::printf("| end of speech → first audio, %s | %s ms | %.0f / %.0f / %.0f / %.0f |\n", what.c_str(),
                stats(l.first_audio_ms).c_str(), median(l.ended_ms), median(l.heard_ms), median(l.piece_ms),
                median(l.sentence_ms));
    std::fflush(stdout);
}

// The rows of one brain: the loop with a recogniser that knows the words,
// then with pocketsphinx, before and now (or now alone).
struct Plan {
    bool before = true;  // also the rows of the hearings before
    int reps = 2;        // pocketsphinx runs of each hearing
};

void rows_for(const char* brain, Talker& talker, const Pcm& input, const std::vector<std::string>& questions, Plan plan) {
    std::vector<Hearing> hearings;
    if (plan.before) hearings = {BEFORE, STREAMED};
    hearings.push_back(NOW);
    for (Hearing h : {BEFORE, NOW})
        if (plan.before || h.stream) row(std::string(brain) + ", recogniser known, " + (h.stream ? "streamed, 300 ms" : h.name()),
                                         run(talker, input, questions, {}, nullptr, h));
    // A recogniser for each hearing (a streamed one keeps pocketsphinx's running normalisation).
    std::vector<std::unique_ptr<Recognizer>> ears;
    for (Hearing h : hearings) {
        auto r = open_recognizer("auto", h.live);
        if (!r) {
            std::fprintf(stderr, "no recogniser: %s\n", r.error().message.c_str());
            return;
        }
        ears.push_back(std::move(*r));
    }
    // Each recogniser hears one utterance first (its model paged in), then
    // the runs take turns, so the hearings share the machine's load; a
    // row pools a hearing's runs.
    for (auto& r : ears) {
        Pcm warm = input;
        warm.samples.resize(std::min<size_t>(warm.samples.size(), 4 * 16000));
        (void)r->recognize(warm);
    }
    std::vector<Latency> pooled(hearings.size());
    for (int rep = 0; rep < plan.reps; rep++)
        for (size_t i = 0; i < hearings.size(); i++) {
            Latency l = run(talker, input, questions, {}, ears[i].get(), hearings[i]);
            auto add = [](std::vector<double>& to, const std::vector<double>& from) { to.insert(to.end(), from.begin(), from.end()); };
            add(pooled[i].first_audio_ms, l.first_audio_ms);
            add(pooled[i].ended_ms, l.ended_ms);
            add(pooled[i].heard_ms, l.heard_ms);
            add(pooled[i].piece_ms, l.piece_ms);
            add(pooled[i].sentence_ms, l.sentence_ms);
        }
    for (size_t i = 0; i < hearings.size(); i++)
        row(std::string(brain) + ", " + std::string(ears[i]->name()) + ", " + hearings[i].name(), pooled[i]);
}

}  // namespace

int main(int argc, char** argv) {
    Plan plan;
    bool tts = true, barge = true;
    for (int i = 1; i < argc; i++) {
        const std::string a = argv[i];
        if (a == "--now") plan.before = false;
        else if (a == "--reps" && i + 1 < argc) plan.reps = std::max(1, std::atoi(argv[++i]));
        else if (a == "--no-tts") tts = false;
        else if (a == "--no-barge") barge = false;
        else {
            std::fprintf(stderr, "voice_latency: unknown argument %s (--now, --reps N, --no-tts, --no-barge)\n", a.c_str());
            return 2;
        }
    }
    std::printf("| measure | figure | stages: detector end / transcript / first piece / first sentence queued (ms after the end of speech, medians) |\n|---|---|---|\n");
    if (tts)
        for (const std::string name : {"flite:slt", "espeak-ng:en-us+f3"})
            for (int threads : {1, 2}) std::printf("| TTS real-time factor, %s, %d thread%s | %.3f | |\n", name.c_str(), threads,
                                                   threads > 1 ? "s" : "", tts_rtf(name, threads));

    const std::vector<std::string> questions = {"What is the weather like today?", "My sister Amy moved to Oslo.",
                                                "Can you tell me a story about the sea?", "I start the new job on Monday.",
                                                "How are you feeling this evening?"};
    const Pcm input = person_saying(questions, 6.0, nullptr);

    // The none brain through the front door, in a fresh home.
    const auto home_dir = std::filesystem::temp_directory_path() / ("os1-voice-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(home_dir);
    ::setenv("OS1_HOME", home_dir.c_str(), 1);
    {
        auto home = companion::Home::open();
        if (!home || !(*home)->wake({.brain = "none"}, true)) return 1;
        (*home)->use_temporary_setup();
        if (!(*home)->start_conversation({})) return 1;
        HomeTalker talker(**home);
        rows_for("none brain", talker, input, questions, plan);
    }
    std::filesystem::remove_all(home_dir);

    // A scripted brain streaming its first sentence at once (a companion on a temporary database).
    const auto db_dir = std::filesystem::temp_directory_path() / ("os1-voice-bench-db-" + std::to_string(::getpid()));
    std::filesystem::create_directories(db_dir);
    {
        auto memory = memory::Memory::open_at(db_dir / "os1.db");
        if (!memory) return 1;
        companion::ScriptedBrain brain;
        for (int i = 0; i < 200; i++)
            brain.replies.push_back("I hear you. Tell me more about it, I would like to know how it went and how you felt.");
        companion::FixedPerceiver perceiver;
        auto setup = persona::build_setup({{"you.name", "Theo"}}, {}, false, SystemClock::instance().wall_ms());
        companion::Companion companion(setup, **memory, brain, perceiver, SystemClock::instance(), {.session = "bench"});
        CompanionTalker talker(companion);
        rows_for("scripted brain", talker, input, questions, plan);
        if (!barge) {
            std::filesystem::remove_all(db_dir);
            return 0;
        }

        // Barge-in: each question is followed, 1.5 s into her long reply, by the person speaking again.
        brain.replies.clear();
        std::string story;
        for (int i = 0; i < 10; i++) story += "Once there was a lighthouse keeper who loved the sea very much. ";
        for (int i = 0; i < 12; i++) brain.replies.push_back(i % 2 ? "Yes?" : story);
        std::vector<std::string> lines, texts;
        for (const auto& q : questions) {
            lines.push_back(q);
            lines.push_back("Wait, stop.");
            texts.push_back(q);
            texts.push_back("wait stop");
        }
        std::vector<double> starts;
        Pcm barge_input;
        {
            // Question, 2 s pause (she starts her story), then "wait, stop", then a long pause.
            auto awb = open_voice("flite:awb");
            barge_input.rate = 16000;
            barge_input.samples.assign(8000, 0);
            for (size_t i = 0; i < lines.size(); i++) {
                Pcm said = resample(awb ? (*awb)->synthesize(lines[i]).value_or({}) : Pcm{}, 16000);
                // The true onset: the first loud sample (flite begins with a pause).
                size_t lead = 0;
                while (lead < said.samples.size() && std::abs(said.samples[lead]) < 1000) lead++;
                starts.push_back(static_cast<double>(barge_input.samples.size() + lead) / 16000);
                barge_input.samples.insert(barge_input.samples.end(), said.samples.begin(), said.samples.end());
                barge_input.samples.insert(barge_input.samples.end(), static_cast<size_t>((i % 2 ? 4.0 : 2.0) * 16000), 0);
            }
        }
        auto b = run(talker, barge_input, texts, starts);
        std::printf("| barge-in: their speech onset → her silence | %s ms | |\n", stats(b.silence_ms).c_str());
    }
    std::filesystem::remove_all(db_dir);
    return 0;
}
