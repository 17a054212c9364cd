// The voice loop's worker (see loop.h): one utterance answered —
// recognised, checked (words? confidence? the wake phrase?), the turn run
// through the Talker with every completed sentence synthesised and queued
// at once, and what was heard handed back to be stored.
#include <cctype>

#include "core/log.h"
#include "core/strings.h"
#include "voice/loop_shared.h"
#include "voice/sentences.h"

namespace os1::voice {

namespace {

std::vector<std::string> plain_words(std::string_view text) {
    std::vector<std::string> words;
    std::string word;
    for (char c : text) {
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '\'' || static_cast<unsigned char>(c) >= 0x80) {
            word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        } else if (!word.empty()) {
            words.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty()) words.push_back(std::move(word));
    return words;
}

}  // namespace

bool starts_with_wake_phrase(std::string_view transcript, std::string_view wake_phrase, std::string* rest) {
    const auto phrase = plain_words(wake_phrase);
    const auto words = plain_words(transcript);
    if (phrase.empty()) return false;
    const std::string& name = phrase.back();
    static const std::vector<std::string> GREETINGS = {"hey", "hi", "hello", "okay", "ok", "hay", "a", "oh"};
    for (size_t i = 0; i < words.size() && i < 3; i++) {
        if (words[i] == name) {
            if (rest) {
                rest->clear();
                for (size_t k = i + 1; k < words.size(); k++) *rest += (rest->empty() ? "" : " ") + words[k];
            }
            return true;
        }
        if (std::find(GREETINGS.begin(), GREETINGS.end(), words[i]) == GREETINGS.end() &&
            std::find(phrase.begin(), phrase.end(), words[i]) == phrase.end())
            return false;
    }
    return false;
}

void VoiceLoop::Shared::start_job(Utterance utterance) {  // under the lock
    if (worker.joinable()) worker.join();  // Done already: returns at once
    state = WorkerState::Running;
    cancel = false;
    barged = false;
    said.clear();
    permits = 0;
    exchange = SpokenExchange{};
    exchange->speech_start_s = utterance.start_s;
    exchange->speech_end_s = utterance.end_s;
    exchange->ended_s = now_s;
    worker = std::thread([this, u = std::move(utterance)]() mutable { job(std::move(u)); });
}

bool VoiceLoop::Shared::wait_permit() {
    std::unique_lock lock(m);
    if (!options.simulate) return !cancel.load();
    while (permits == 0 && !cancel.load()) {
        state = WorkerState::WaitPermit;
        cv.notify_all();
        cv.wait(lock);
    }
    state = WorkerState::Running;
    if (cancel.load()) return false;
    permits--;
    return true;
}

void VoiceLoop::Shared::wait_playback() {
    std::unique_lock lock(m);
    while (!queue.empty() && !barged) {
        state = WorkerState::WaitPlayback;
        cv.notify_all();
        cv.wait(lock);
    }
    state = WorkerState::Running;
}

void VoiceLoop::Shared::enqueue(const std::string& text, bool reply) {
    auto pcm = parts.voice.synthesize(text);
    if (!pcm) {
        log::warn("could not speak a sentence: ", pcm.error().message);
        return;
    }
    Pcm out = resample(*pcm, parts.out.rate());
    std::lock_guard lock(m);
    if (reply && barged) return;  // interrupted: she says no more of it
    if (out.samples.empty()) return;
    if (reply && exchange && exchange->first_sentence_s < 0) exchange->first_sentence_s = stage_s();
    queue.push_back(Chunk{std::move(out.samples), text, reply, 0});
}

void VoiceLoop::Shared::job(Utterance utterance) {
    auto finish = [&] {
        std::lock_guard lock(m);
        turn_running = false;
        state = WorkerState::Done;
        cv.notify_all();
    };
    // Heard while it was spoken (the transcript is ready once the last of
    // the search is done), or recognised now.
    Result<Transcript> heard = utterance.heard.valid() ? utterance.heard.get() : parts.recognizer.recognize(utterance.audio);
    std::string text;
    double confidence = 0;
    {
        std::lock_guard lock(m);
        if (!heard) {
            event({LoopEvent::Kind::Failed, 0, "could not recognise speech: " + heard.error().message});
        } else {
            exchange->heard_s = stage_s();
            text = trim(heard->text);
            confidence = heard->confidence;
            exchange->heard = text;
            exchange->confidence = confidence;
            if (text.empty()) event({LoopEvent::Kind::Ignored, 0, "no words"});
            else event({LoopEvent::Kind::Heard, 0, text, confidence});
        }
    }
    if (!heard || text.empty()) return finish();

    // The wake phrase, when there is one: she answers what begins with it,
    // then listens without it while the conversation goes on.
    if (!options.wake_phrase.empty()) {
        bool go = true;
        std::string rest;
        {
            std::lock_guard lock(m);
            if (awake && utterance.start_s - last_speech_s > options.wake_timeout_s) awake = false;
            if (!awake) {
                if (starts_with_wake_phrase(text, options.wake_phrase, &rest)) {
                    awake = true;
                    text = rest;
                } else {
                    event({LoopEvent::Kind::Ignored, 0, "waiting for \"" + options.wake_phrase + "\""});
                    go = false;
                }
            }
            if (go) last_speech_s = utterance.end_s;
        }
        if (!go) return finish();
        if (text.empty()) {
            enqueue("Yes?", false);
            return finish();
        }
    }

    if (confidence < options.min_confidence) {  // not guessed at: asked again
        {
            std::lock_guard lock(m);
            event({LoopEvent::Kind::Repeat, 0, text, confidence});
        }
        enqueue(options.repeat_prompt, false);
        return finish();
    }

    {
        std::lock_guard lock(m);
        turn_running = true;
    }
    SentenceSplitter splitter;
    companion::SpokenTurn spoken;
    spoken.audio_s = utterance.audio.seconds();
    spoken.confidence = confidence;
    spoken.recognizer = std::string(parts.recognizer.name());
    spoken.heard = [&](std::string_view) {
        if (!cancel.load()) {
            if (std::string rest = splitter.finish(); !rest.empty()) enqueue(rest, true);
            wait_playback();
        }
        std::lock_guard lock(m);
        return said;
    };
    auto on_token = [&](std::string_view piece) {
        if (!wait_permit()) return false;
        {
            std::lock_guard lock(m);
            if (exchange->first_piece_s < 0) exchange->first_piece_s = stage_s();
        }
        for (const auto& sentence : splitter.feed(piece)) enqueue(sentence, true);
        return !cancel.load();
    };
    auto result = parts.talker.talk(text, on_token, &cancel, spoken);
    bool failed = false;
    {
        std::lock_guard lock(m);
        if (result) {
            exchange->said = result->reply;
            exchange->finish = result->finish;
            exchange->user_id = result->user_id;
            exchange->reply_id = result->reply_id;
            event({LoopEvent::Kind::Replied, 0, result->reply});
        } else {
            failed = true;
            exchange->finish = brain::FinishReason::Error;
            event({LoopEvent::Kind::Failed, 0, result.error().message});
        }
        turn_running = false;
    }
    if (failed && !cancel.load()) enqueue(options.failure_reply, false);
    finish();
}

}  // namespace os1::voice
