// os1's configuration: ~/.config/os1/config.toml (or $OS1_HOME/config.toml)
// with environment overrides. A key "brain.model" is overridden by the
// environment variable OS1_BRAIN_MODEL (upper case, dots become '_').
//
// A missing file is an empty config; a malformed one is an error naming the
// file and line. Thread safety: const methods may be called from any thread.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "core/toml.h"

namespace os1 {

class Config {
public:
    Config() = default;

    static Result<Config> load(const std::filesystem::path& path);
    static Result<Config> parse(std::string_view text, std::string_view source);

    // The environment variable that overrides `key`: "brain.model" -> "OS1_BRAIN_MODEL".
    static std::string env_name(std::string_view key);

    std::optional<std::string> get(std::string_view key) const;  // any type, as text
    std::string get_string(std::string_view key, std::string_view fallback = "") const;
    // Numbers and booleans that fail to parse are errors, not silent defaults.
    Result<int64_t> get_int(std::string_view key, int64_t fallback) const;
    Result<double> get_double(std::string_view key, double fallback) const;
    Result<bool> get_bool(std::string_view key, bool fallback) const;

    void set(const std::string& key, TomlValue value);
    bool erase(const std::string& key);
    const TomlTable& table() const { return m_table; }
    std::string to_toml() const { return write_toml(m_table); }
    // Writes atomically (see files.h).
    Result<void> save(const std::filesystem::path& path) const;

    // Tests replace the environment lookup.
    void set_env_lookup(std::function<std::optional<std::string>(const std::string&)> lookup) { m_env = std::move(lookup); }

private:
    std::optional<std::string> env(std::string_view key) const;

    TomlTable m_table;
    std::filesystem::path m_source;
    std::function<std::optional<std::string>(const std::string&)> m_env;
};

}  // namespace os1
