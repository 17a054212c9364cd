#include "core/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

namespace os1 {

namespace fs = std::filesystem;

std::string errno_text(int err) { return std::strerror(err); }

Result<std::string> read_file(const fs::path& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int err = errno;
        if (err == ENOENT) return Error::not_found("'", path.string(), "' does not exist");
        return Error::io("cannot open '", path.string(), "': ", errno_text(err));
    }
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        ::close(fd);
        return Error::invalid("'", path.string(), "' is a folder, not a file");
    }
    std::string out;
    char buf[1 << 16];
    while (true) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            int err = errno;
            ::close(fd);
            return Error::io("cannot read '", path.string(), "': ", errno_text(err));
        }
        if (n == 0) break;
        out.append(buf, static_cast<size_t>(n));
    }
    ::close(fd);
    return out;
}

Result<void> ensure_dir(const fs::path& path) {
    std::error_code ec;
    fs::create_directories(path, ec);
    if (ec) return Error::io("cannot create folder '", path.string(), "': ", ec.message());
    return ok();
}

Result<void> ensure_private_dir(const fs::path& path) {
    TRY(ensure_dir(path));
    return make_private(path);
}

Result<void> make_private(const fs::path& path) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
        if (errno == ENOENT) return ok();
        return Error::io("cannot read the permissions of '", path.string(), "': ", errno_text(errno));
    }
    mode_t want;
    if (S_ISDIR(st.st_mode)) want = 0700;
    else if (S_ISREG(st.st_mode)) want = 0600;
    else return ok();
    if ((st.st_mode & 07777) == want) return ok();
    // Tighten only: a file we do not own (a shared model, say) is left as it is.
    if (st.st_uid != ::geteuid()) return ok();
    if (::chmod(path.c_str(), want) != 0 && errno != ENOENT)
        return Error::io("cannot make '", path.string(), "' private: ", errno_text(errno));
    return ok();
}

Result<void> make_private_tree(const fs::path& root) {
    TRY(make_private(root));
    std::error_code ec;
    if (!fs::is_directory(fs::symlink_status(root, ec))) return ok();
    for (fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end; !ec && it != end;
         it.increment(ec))
        TRY(make_private(it->path()));
    return ok();
}

Result<void> write_file_atomic(const fs::path& path, std::string_view data) {
    fs::path dir = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    TRY(ensure_dir(dir));
    std::random_device rd;
    std::string name = ".";
    name.append(path.filename().string()).append(".tmp").append(std::to_string(rd()));
    fs::path tmp = dir / name;
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return Error::io("cannot write '", path.string(), "': ", errno_text(errno));
    auto fail = [&](int err) -> Error {
        ::close(fd);
        ::unlink(tmp.c_str());
        return Error::io("cannot write '", path.string(), "': ", errno_text(err), " (the old file is unchanged)");
    };
    size_t done = 0;
    while (done < data.size()) {
        ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return fail(errno);
        }
        done += static_cast<size_t>(n);
    }
    if (::fsync(fd) != 0) return fail(errno);
    if (::close(fd) != 0) {
        int err = errno;
        ::unlink(tmp.c_str());
        return Error::io("cannot write '", path.string(), "': ", errno_text(err));
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        int err = errno;
        ::unlink(tmp.c_str());
        return Error::io("cannot replace '", path.string(), "': ", errno_text(err));
    }
    int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
    return ok();
}

}  // namespace os1
