// The deterministic fact extractor: first-person statements ("my sister
// Amy", "I'm scared of heights", "I moved to Oslo", "I run every morning")
// become Facts with a slot key, so a later statement about the same slot can
// supersede an earlier one. No model needed; a brain may add more.
//
// Keys: single-valued slots ("relation:mother", "lives_in", "job", "name",
// "age", "favorite:<thing>") hold one current value; multi-valued ones
// carry the object in the key ("pref:hiking", "fear:heights",
// "relation:sister:amy") and supersede only when the polarity flips
// (like -> dislike) or the same key is restated.
#pragma once

#include <string>
#include <vector>

#include "memory/memory.h"

namespace os1::memory {

// Facts about `subject` in one message (sources and ids left empty).
std::vector<Fact> extract_facts(const std::string& subject, const std::string& text, int64_t time_ms,
                                const std::optional<Affect>& affect);

// Whether a key names a slot with one current value.
bool single_valued(const std::string& key);

}  // namespace os1::memory
