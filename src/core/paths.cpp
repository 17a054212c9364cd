#include "core/paths.h"

#include <cstdlib>
#include <system_error>

#include "core/files.h"

#ifndef OS1_SOURCE_DIR
#define OS1_SOURCE_DIR "."
#endif

namespace os1 {

namespace fs = std::filesystem;

Result<Paths> Paths::resolve() {
    return resolve_with([](const char* name) -> std::optional<std::string> {
        const char* v = std::getenv(name);
        if (!v || !*v) return std::nullopt;
        return std::string(v);
    });
}

Result<Paths> Paths::resolve_with(const Getenv& getenv) {
    Paths p;
    if (auto home = getenv("OS1_HOME")) {
        fs::path root = fs::absolute(*home);
        p.from_os1_home = true;
        p.config_dir = root;
        p.config_file = root / "config.toml";
        p.data_dir = root / "data";
        p.models_dir = root / "models";
        p.cache_dir = root / "cache";
    } else {
        auto home_env = getenv("HOME");
        if (!home_env)
            return Error::invalid("neither OS1_HOME nor HOME is set; set OS1_HOME to the folder where os1 keeps its data");
        fs::path home_path = *home_env;
        auto xdg = [&](const char* name, fs::path fallback) {
            auto v = getenv(name);
            // XDG says relative paths are invalid and must be ignored.
            if (v && fs::path(*v).is_absolute()) return fs::path(*v);
            return fallback;
        };
        p.config_dir = xdg("XDG_CONFIG_HOME", home_path / ".config") / "os1";
        p.config_file = p.config_dir / "config.toml";
        p.data_dir = xdg("XDG_DATA_HOME", home_path / ".local" / "share") / "os1";
        p.models_dir = p.data_dir / "models";
        p.cache_dir = xdg("XDG_CACHE_HOME", home_path / ".cache") / "os1";
    }
    p.database = p.data_dir / "os1.db";
    return p;
}

Result<void> Paths::ensure() const {
    // Private from the first moment: each folder is 0700 as it is made, and
    // what an older os1 left readable to others (0644 files, 0755 folders)
    // is tightened here, on every start.
    // The config folder may be OS1_HOME itself, a folder the person chose:
    // only it and the config file are os1's, not whatever else is there.
    for (const auto& dir : {config_dir, data_dir, models_dir, cache_dir}) TRY(ensure_private_dir(dir));
    TRY(make_private(config_file));
    for (const auto& dir : {data_dir, models_dir, cache_dir}) TRY(make_private_tree(dir));
    return ok();
}

fs::path shared_dir() {
    if (const char* v = std::getenv("OS1_SHARED"); v && *v) {
        if (fs::is_directory(v)) return v;
        return {};
    }
    std::error_code ec;
    for (fs::path candidate : {fs::path(OS1_SOURCE_DIR) / ".." / "shared", fs::path("..") / "shared"}) {
        if (fs::is_directory(candidate, ec)) return fs::weakly_canonical(candidate, ec);
    }
    return {};
}

}  // namespace os1
