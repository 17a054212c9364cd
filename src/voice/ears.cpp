// Her ears (ears.h): the recogniser's stream, decoded on its own thread.
#include "voice/ears.h"

#include <optional>

namespace os1::voice {

Ears::~Ears() {
    {
        std::lock_guard lock(m_mutex);
        m_quit = true;
        m_cv.notify_all();
    }
    if (m_thread.joinable()) m_thread.join();
}

void Ears::post(Command c) {
    std::lock_guard lock(m_mutex);
    if (!m_thread.joinable()) m_thread = std::thread([this] { run(); });
    m_commands.push_back(std::move(c));
    m_cv.notify_all();
}

void Ears::begin() { post({Command::Kind::Begin, {}, {}}); }

void Ears::feed(std::span<const int16_t> samples) {
    if (!samples.empty()) post({Command::Kind::Feed, std::vector<int16_t>(samples.begin(), samples.end()), {}});
}

std::shared_future<Result<Transcript>> Ears::end() {
    Command c{Command::Kind::End, {}, {}};
    auto heard = c.heard.get_future().share();
    post(std::move(c));
    return heard;
}

void Ears::cancel() { post({Command::Kind::Cancel, {}, {}}); }

void Ears::run() {
    bool open = false;                // a stream is under way
    std::optional<Error> failed;      // ... and what went wrong in it
    for (;;) {
        Command c;
        bool quitting = false;
        {
            std::unique_lock lock(m_mutex);
            m_cv.wait(lock, [&] { return m_quit || !m_commands.empty(); });
            if (m_commands.empty()) break;  // quit, all heard
            c = std::move(m_commands.front());
            m_commands.pop_front();
            quitting = m_quit;
        }
        if (quitting) {  // stopping: a transcript still waited for is answered, nothing more is heard
            if (c.kind == Command::Kind::End) c.heard.set_value(Error::internal("the conversation stopped before it was heard"));
            continue;
        }
        switch (c.kind) {
        case Command::Kind::Begin:
            if (open) m_recognizer.cancel_stream();
            failed.reset();
            open = true;
            if (auto r = m_recognizer.begin_stream(); !r) failed = r.error();
            break;
        case Command::Kind::Feed:
            if (open && !failed)
                if (auto r = m_recognizer.feed_stream(c.audio); !r) failed = r.error();
            break;
        case Command::Kind::End:
            if (!open) {
                c.heard.set_value(Transcript{});
            } else if (failed) {
                m_recognizer.cancel_stream();
                c.heard.set_value(*failed);
            } else {
                c.heard.set_value(m_recognizer.finish_stream());
            }
            open = false;
            failed.reset();
            break;
        case Command::Kind::Cancel:
            if (open) m_recognizer.cancel_stream();
            open = false;
            failed.reset();
            break;
        }
    }
    if (open) m_recognizer.cancel_stream();
}

}  // namespace os1::voice
