// The text policy (core/text.h) at memory's door: every episode that
// Memory::add_episode(s) stores is valid UTF-8 in all its text fields, and
// its text is bounded, so nothing read back later (search, export, recall
// into a chat turn, JSON) can meet a broken byte sequence.
#pragma once

#include <cstddef>

#include "core/result.h"
#include "memory/memory.h"

namespace os1::memory {

// Larger than a chat message (MAX_MESSAGE_BYTES): imported mail can be long.
// Importers that want to skip one over-long item rather than fail a batch
// check it with check_size before adding.
constexpr size_t MAX_EPISODE_BYTES = 1024 * 1024;

// The episode with speaker, text, session and external id repaired to valid
// UTF-8; Error::out_of_range when the text is longer than MAX_EPISODE_BYTES.
Result<Episode> accept_episode(const Episode& episode);

}  // namespace os1::memory
