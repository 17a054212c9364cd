// Where os1 keeps things. XDG by default; OS1_HOME relocates everything
// (config, data, models, cache) under one folder — tests use it for
// isolation, people use it for a portable install.
//
//   OS1_HOME set:   config  $OS1_HOME/config.toml
//                   data    $OS1_HOME/data/        (os1.db, ...)
//                   models  $OS1_HOME/models/
//                   cache   $OS1_HOME/cache/
//   otherwise:      config  ${XDG_CONFIG_HOME:-~/.config}/os1/config.toml
//                   data    ${XDG_DATA_HOME:-~/.local/share}/os1/
//                   models  <data>/models/
//                   cache   ${XDG_CACHE_HOME:-~/.cache}/os1/
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "core/result.h"

namespace os1 {

struct Paths {
    std::filesystem::path config_file;
    std::filesystem::path config_dir;
    std::filesystem::path data_dir;
    std::filesystem::path models_dir;
    std::filesystem::path cache_dir;
    std::filesystem::path database;  // data_dir / "os1.db"
    bool from_os1_home = false;

    // Resolves from the process environment.
    static Result<Paths> resolve();
    // Resolves from a given environment lookup (tests inject one).
    using Getenv = std::function<std::optional<std::string>(const char*)>;
    static Result<Paths> resolve_with(const Getenv& getenv);

    // Creates config, data, models and cache folders, 0700 (OS1_HOME itself
    // is config_dir, so it is 0700 too), and makes the config file and
    // everything under data, models and cache private (files 0600, folders
    // 0700), also what an older os1 left readable: they hold a person's words.
    Result<void> ensure() const;
};

// The reference kit (../shared): $OS1_SHARED, else <source>/../shared, else
// ../shared from the working directory. Empty when none exists.
std::filesystem::path shared_dir();

}  // namespace os1
