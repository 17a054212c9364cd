// Reading mail from where a person keeps it: a Maildir (cur/, new/ and
// nested folders; tmp/ holds deliveries in progress and is skipped; a missing new/ or tmp/
// is normal), an mbox file, one message file (.eml or a Maildir file), or a
// folder of those (walked recursively, hidden files skipped). Each message
// found is parsed (parse.h) and handed to `each` with where it came from,
// or with the reason it was rejected: one bad file never stops the rest.
//
// Bounds: files over the message size limit (mbox files: 1 GiB) are
// rejected without being read; at most 200,000 files and 16 folder levels.
// Errors: the path does not exist or cannot be read at all.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "core/result.h"
#include "skills/mail/message.h"

namespace os1::mail {

struct SourceItem {
    std::string where;                  // "path/to/file" or "path/to/mbox#3 (line 120)"
    std::optional<MailMessage> message; // parsed, or
    std::string reason;                 // why it was rejected
};

struct SourceCounts {
    size_t files = 0;     // files looked at
    size_t messages = 0;  // parsed
    size_t rejected = 0;
};

Result<SourceCounts> read_mail_source(const std::filesystem::path& path, const ParseLimits& limits,
                                      const std::function<void(SourceItem&&)>& each);

// Whether a folder is a Maildir (it has cur/ or new/).
bool is_maildir(const std::filesystem::path& dir);

}  // namespace os1::mail
