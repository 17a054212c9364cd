// Walking a mail source. Files are read whole (bounded by the limits) and
// parsed one by one; the walk never follows symbolic links out of the tree.
#include "skills/mail/sources.h"

#include <algorithm>
#include <system_error>
#include <vector>

#include "core/files.h"
#include "core/text.h"
#include "skills/mail/parse.h"

namespace os1::mail {
namespace fs = std::filesystem;
namespace {

constexpr uint64_t MAX_MBOX_BYTES = 1ull << 30;
constexpr size_t MAX_FILES = 200000;
constexpr int MAX_DEPTH = 16;

struct Walker {
    const ParseLimits& limits;
    const std::function<void(SourceItem&&)>& each;
    SourceCounts counts;

    void reject(std::string where, std::string reason) {
        ++counts.rejected;
        each(SourceItem{std::move(where), std::nullopt, std::move(reason)});
    }

    void parsed(std::string where, std::string_view raw) {
        auto msg = parse_message(raw, limits);
        if (!msg) return reject(std::move(where), msg.error().message);
        ++counts.messages;
        each(SourceItem{std::move(where), msg.release_value(), {}});
    }

    void file(const fs::path& path) {
        if (++counts.files > MAX_FILES) return;
        std::error_code ec;
        uint64_t size = fs::file_size(path, ec);
        std::string where = path.string();
        if (ec) return reject(where, "cannot read: " + ec.message());
        if (size == 0) return reject(where, "empty file");
        if (size > MAX_MBOX_BYTES)
            return reject(where, str("the file is ", format_size(size), "; at most ", format_size(MAX_MBOX_BYTES), " is read"));
        auto data = read_file(path);
        if (!data) return reject(where, data.error().message);
        if (looks_like_mbox(*data)) {
            size_t n = 0;
            split_mbox(*data, [&](const MboxEntry& entry) {
                ++n;
                parsed(str(where, "#", n, " (line ", entry.line, ")"), entry.raw);
            });
            if (n == 0) reject(where, "an mbox file with no messages");
            return;
        }
        if (size > limits.max_bytes)
            return reject(where, str("the message is ", format_size(size), "; a message may be at most ", format_size(limits.max_bytes)));
        parsed(where, *data);
    }

    void folder(const fs::path& dir, int depth) {
        if (depth > MAX_DEPTH) return reject(dir.string(), str("folders nested more than ", MAX_DEPTH, " deep"));
        entries(dir, depth, is_maildir(dir));
    }

    // Files first, then sub-folders (a Maildir's tmp/ is skipped: it holds
    // deliveries still being written; cur/, new/ and nested folders are read).
    void entries(const fs::path& dir, int depth, bool maildir) {
        std::vector<fs::path> files, dirs;
        std::error_code ec;
        fs::directory_iterator it(dir, ec), end;
        if (ec) return reject(dir.string(), "cannot read the folder: " + ec.message());
        for (; it != end && files.size() + dirs.size() < MAX_FILES; it.increment(ec)) {
            if (ec) break;
            const fs::path& p = it->path();
            std::string name = p.filename().string();
            if (name.empty() || name[0] == '.') continue;
            std::error_code e2;
            if (it->is_symlink(e2)) continue;
            if (it->is_directory(e2)) {
                if (!(maildir && name == "tmp")) dirs.push_back(p);
            } else if (it->is_regular_file(e2)) {
                files.push_back(p);
            }
        }
        std::sort(files.begin(), files.end());
        std::sort(dirs.begin(), dirs.end());
        for (const auto& f : files) file(f);
        for (const auto& d : dirs) folder(d, depth + 1);
    }
};

}  // namespace

bool is_maildir(const fs::path& dir) {
    std::error_code ec;
    return fs::is_directory(dir / "cur", ec) || fs::is_directory(dir / "new", ec);
}

Result<SourceCounts> read_mail_source(const fs::path& path, const ParseLimits& limits,
                                      const std::function<void(SourceItem&&)>& each) {
    std::error_code ec;
    auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) return Error::not_found(path.string(), ": no such file or folder");
    Walker walker{limits, each, {}};
    if (fs::is_directory(status)) walker.folder(path, 0);
    else if (fs::is_regular_file(status)) walker.file(path);
    else return Error::invalid(path.string(), ": not a file or a folder");
    return walker.counts;
}

}  // namespace os1::mail
