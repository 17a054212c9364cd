// The Talkers of the voice loop (loop.h, voice.h): the front door, and a
// Companion for tests and benchmarks.
#include "voice/voice.h"

namespace os1::voice {

Result<companion::TurnResult> HomeTalker::talk(std::string_view text, const brain::TokenCallback& on_token,
                                               const brain::CancelFlag* cancel, const companion::SpokenTurn& spoken) {
    return m_home.say(text, on_token, cancel, &spoken);
}

std::string HomeTalker::companion_name() const { return m_home.setup().persona.name; }

Result<companion::TurnResult> CompanionTalker::talk(std::string_view text, const brain::TokenCallback& on_token,
                                                    const brain::CancelFlag* cancel,
                                                    const companion::SpokenTurn& spoken) {
    return m_companion.turn(text, on_token, cancel, &spoken);
}

std::string CompanionTalker::companion_name() const { return m_companion.setup().persona.name; }

}  // namespace os1::voice
