// Home's private state for a conversation: paths, the owner's files,
// config, memory, the brain, the perceiver and the persona, opened in one
// call with errors a person can act on. Not a public header: front ends and
// benchmarks open a Home (home.h); tests/cli Layering.* refuse this include
// outside src/companion.
#pragma once

#include <memory>

#include "brain/brain.h"
#include "companion/owner_files.h"
#include "companion/perceive.h"
#include "core/config.h"
#include "core/paths.h"
#include "memory/memory.h"
#include "persona/persona.h"

namespace os1::companion {

struct Session {
    Paths paths;
    OwnerFiles files;  // persona.toml, chat_history, saved KV states (owner_files.h)
    Config config;
    std::unique_ptr<memory::Memory> memory;
    std::unique_ptr<brain::Brain> brain;
    std::unique_ptr<Perceiver> perceiver;
    persona::Setup setup;  // empty when the two have not met yet
};

// Opens the session. A brain that cannot be built is an error unless
// `brain_optional`, in which case the none brain stands in (with the
// reason logged as a warning).
// `owner`: whose memory and files the session reads and writes
// (memory::MemoryOptions::owner, owner_files.h).
Result<Session> open_session(const brain::BrainFlags& flags, bool brain_optional = false,
                             const std::string& owner = memory::MemoryOptions{}.owner);

// When a chat ends: saves the brain's working memory (the local brain's KV
// state, under the owner's cache/kv) so the next start need not read the persona and
// recent turns again. Failures are logged, never fatal.
void end_session(Session& s);

}  // namespace os1::companion
