#include "memory/accept.h"

#include "core/text.h"

namespace os1::memory {

Result<Episode> accept_episode(const Episode& episode) {
    Episode out = episode;
    out.text = TRY(accept_text(episode.text, MAX_EPISODE_BYTES, "a memory"));
    out.speaker = repair_utf8(episode.speaker);
    out.session = repair_utf8(episode.session);
    out.external_id = repair_utf8(episode.external_id);
    return out;
}

}  // namespace os1::memory
