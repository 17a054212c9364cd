// `os1 pull PATH`: a GGUF already on disk, copied into the models folder.
// The file is checked as GGUF first (magic, version, metadata and tensor
// table, through the engine's reader), so nothing that cannot load is
// installed; the copy goes to a hidden temporary file (0600, like the other
// private files) that is synced and renamed into place, so a crash or
// Ctrl-C leaves no half model. The source is never moved or changed.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <vector>

#include "models/catalog.h"
#include "models/model_info.h"
#include "models/whisper_models.h"

namespace os1::models {

namespace fs = std::filesystem;

Result<void> check_gguf(const fs::path& path) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return Error::not_found("'", path.string(), "' is not a file");
    auto summary = read_gguf_summary(path);
    if (!summary) return Error::invalid("'", path.string(), "' is not a usable GGUF model: ", summary.error().message);
    return ok();
}

Result<LocalInstall> install_local_model(const LocalInstallRequest& req) {
    const fs::path& source = req.source;
    // A Whisper speech model (ggml .bin) is checked as one and keeps .bin.
    const bool whisper = is_whisper_file(source);
    if (whisper) TRY(check_whisper(source));
    else TRY(check_gguf(source));
    std::error_code ec;
    std::string name = req.file_name.empty() ? source.filename().string() : req.file_name;
    if (name.find('/') != std::string::npos || name.empty() || name[0] == '.')
        return Error::invalid("'", name, "' is not a plain file name");
    const char* extension = whisper ? ".bin" : ".gguf";
    if (!name.ends_with(extension)) name += extension;
    fs::create_directories(req.models_dir, ec);
    if (ec) return Error::io("cannot create '", req.models_dir.string(), "': ", ec.message());
    LocalInstall out;
    out.path = req.models_dir / name;
    if (fs::equivalent(source, out.path, ec)) {
        out.already_installed = true;
        out.bytes = fs::file_size(out.path, ec);
        return out;
    }
    if (fs::exists(out.path, ec) && !req.force) {
        out.already_installed = true;
        out.bytes = fs::file_size(out.path, ec);
        return out;
    }

    int in = ::open(source.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0) return Error::io("cannot read '", source.string(), "': ", std::strerror(errno));
    const fs::path tmp = req.models_dir / ("." + name + ".copy");
    int outfd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (outfd < 0) {
        ::close(in);
        return Error::io("cannot write '", tmp.string(), "': ", std::strerror(errno));
    }
    auto fail = [&](Error e) -> Result<LocalInstall> {
        ::close(in);
        ::close(outfd);
        fs::remove(tmp, ec);
        return e;
    };
    DownloadProgress p;
    p.total = fs::file_size(source, ec);
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<char> buf(8 << 20);
    for (;;) {
        if (req.cancel && req.cancel->load()) return fail(Error{ErrorCode::Cancelled, "the copy was stopped; nothing was installed"});
        ssize_t n = ::read(in, buf.data(), buf.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return fail(Error::io("cannot read '", source.string(), "': ", std::strerror(errno)));
        if (n == 0) break;
        for (ssize_t off = 0; off < n;) {
            ssize_t w = ::write(outfd, buf.data() + off, static_cast<size_t>(n - off));
            if (w < 0 && errno == EINTR) continue;
            if (w <= 0) return fail(Error::io("cannot write '", tmp.string(), "': ", std::strerror(errno)));
            off += w;
        }
        p.done += static_cast<uint64_t>(n);
        double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        p.bytes_per_s = s > 0 ? static_cast<double>(p.done) / s : 0;
        if (req.progress) req.progress(p);
    }
    if (::fsync(outfd) != 0) return fail(Error::io("cannot sync '", tmp.string(), "': ", std::strerror(errno)));
    ::close(in);
    ::close(outfd);
    p.finished = true;
    if (req.progress) req.progress(p);
    fs::rename(tmp, out.path, ec);
    if (ec) {
        fs::remove(tmp, ec);
        return Error::io("cannot install '", out.path.string(), "': ", ec.message());
    }
    out.bytes = p.done;
    return out;
}

}  // namespace os1::models
