// Where saved KV states live, and forgetting them. The local brain writes
// one file per model (<fingerprint>.kv, see local_brain.cpp); forgetting a
// memory deletes them all, because a state holds the conversation's tokens.
// Each forget also writes a new random mark (FORGET_MARK) in the folder: a
// chat open in another window compares it with the mark it saw at start
// and does not save its state, which still holds the forgotten words.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <random>
#include <system_error>
#include <vector>

#include "brain/brain.h"
#include "core/files.h"

namespace os1::brain {

namespace {

// Overwrites the file with zeros (and syncs) before it is unlinked, as
// memory overwrites the pages it frees: the words are not left in free
// blocks for an undelete tool. (A copy-on-write or flash translation layer
// may still keep old blocks; full-disk encryption is the real answer.)
Result<void> overwrite_and_remove(const std::filesystem::path& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > 0) {
        int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
        if (fd >= 0) {
            std::vector<char> zeros(std::min<uintmax_t>(size, 1 << 20), 0);
            uintmax_t done = 0;
            while (done < size) {
                ssize_t n = ::write(fd, zeros.data(), static_cast<size_t>(std::min<uintmax_t>(zeros.size(), size - done)));
                if (n < 0 && errno == EINTR) continue;
                if (n <= 0) break;
                done += static_cast<uintmax_t>(n);
            }
            ::fsync(fd);
            ::close(fd);
        }
    }
    if (!std::filesystem::remove(path, ec) && ec)
        return Error::io("cannot delete '", path.string(), "': ", ec.message());
    return ok();
}

}  // namespace

std::filesystem::path kv_state_dir(const Paths& paths) { return paths.cache_dir / "kv"; }

std::string forget_mark(const std::filesystem::path& dir) {
    if (dir.empty()) return {};
    auto mark = read_file(dir / FORGET_MARK);
    return mark ? *mark : std::string();
}

Result<int> forget_saved_states(const std::filesystem::path& dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (dir.empty()) return 0;
    // The mark first: a chat that saves between here and the deletions
    // below has its file deleted, one that saves later sees the new mark.
    fs::create_directories(dir, ec);
    if (ec) return Error::io("cannot create '", dir.string(), "': ", ec.message());
    std::random_device rd;
    char mark[40];
    std::snprintf(mark, sizeof mark, "%08x%08x%08x%08x\n", rd(), rd(), rd(), rd());
    TRY(write_file_atomic(dir / FORGET_MARK, mark));
    int removed = 0;
    std::vector<fs::path> doomed;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        // "<hex>.kv", and write_file_atomic's ".<hex>.kv.tmp<N>" left by a crash.
        if (it->path().extension() == ".kv" || (name.starts_with(".") && name.find(".kv.tmp") != std::string::npos))
            doomed.push_back(it->path());
    }
    if (ec) return Error::io("cannot list '", dir.string(), "': ", ec.message());
    for (const auto& p : doomed) {
        TRY(overwrite_and_remove(p));
        removed++;
    }
    return removed;
}

}  // namespace os1::brain
