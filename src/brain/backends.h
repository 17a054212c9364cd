// Internal: the constructors make_brain dispatches to. Not for callers.
#pragma once

#include <memory>

#include "brain/brain.h"

namespace os1::brain {

std::unique_ptr<Brain> make_none_brain(const BrainConfig& config);
Result<std::unique_ptr<Brain>> make_openai_brain(const BrainConfig& config);
// Defined in local_brain.cpp when the engine is built; otherwise a stub
// that says the local engine is not part of this build.
Result<std::unique_ptr<Brain>> make_local_brain(const BrainConfig& config);

}  // namespace os1::brain
