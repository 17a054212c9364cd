// A small TOML reader/writer for os1's own files (config.toml, setup
// answers). Supports the parts people write by hand: [tables] and
// [dotted.tables], bare/quoted/dotted keys, basic and literal strings
// (incl. """multi-line"""), integers, floats, booleans, single- or
// multi-line arrays of scalars, and # comments. Not supported (clear error):
// arrays of tables, inline tables, dates.
//
// Keys are flattened: [brain] model = "x" is stored as "brain.model".
// Errors name the source and the line: "config.toml:7: expected '='".
// Limits (a damaged or hostile file is an error, never a crash): at most
// MAX_TOML_BYTES of text and MAX_TOML_DEPTH levels of nesting; invalid
// UTF-8 is read as U+FFFD (core/text.h); input echoed in errors is capped.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace os1 {

struct TomlValue {
    enum class Type { String, Integer, Float, Bool, Array };
    Type type = Type::String;
    std::string string;
    int64_t integer = 0;
    double number = 0.0;
    bool boolean = false;
    std::vector<TomlValue> array;

    static TomlValue of(std::string s) { TomlValue v; v.type = Type::String; v.string = std::move(s); return v; }
    static TomlValue of(const char* s) { return of(std::string(s)); }
    static TomlValue of(int64_t i) { TomlValue v; v.type = Type::Integer; v.integer = i; return v; }
    static TomlValue of(int i) { return of(static_cast<int64_t>(i)); }
    static TomlValue of(double d) { TomlValue v; v.type = Type::Float; v.number = d; return v; }
    static TomlValue of(bool b) { TomlValue v; v.type = Type::Bool; v.boolean = b; return v; }
    static TomlValue of(std::vector<std::string> items);

    // The value as text (numbers and booleans formatted, arrays joined by ", ").
    std::string as_text() const;
};

using TomlTable = std::map<std::string, TomlValue>;  // flattened "a.b.c" -> value

constexpr size_t MAX_TOML_BYTES = 1024 * 1024;  // os1's files are a few KB
constexpr int MAX_TOML_DEPTH = 32;

// `source` names the text in error messages (usually the file path).
Result<TomlTable> parse_toml(std::string_view text, std::string_view source);

// Writes a flattened table back as TOML, grouped by table.
std::string write_toml(const TomlTable& table);

// Quotes a string as a TOML basic string.
std::string toml_quote(std::string_view s);

}  // namespace os1
