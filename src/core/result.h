// Result<T>: a value or an Error. Our code does not throw; errors travel as
// values and TRY(expr) propagates them (house style, see STYLE.md).
//
//   Result<Model> load(std::string_view path) {
//       auto file = TRY(MappedFile::open(path));   // returns the Error early
//       ...
//   }
//
// Thread safety: plain values, no shared state.
#pragma once

#include <cassert>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace os1 {

enum class ErrorCode {
    Invalid,      // bad input a person can fix (malformed file, bad argument)
    NotFound,     // a file, model, record that is not there
    Io,           // the operating system said no (disk full, permission)
    Corrupt,      // stored data that fails its own checks
    Unsupported,  // well-formed but not something we handle (yet)
    OutOfRange,   // a limit was hit (context length, counts)
    Network,      // a remote peer failed or was unreachable
    Cancelled,    // the person stopped it
    Internal,     // our own bug
};

std::string_view error_code_name(ErrorCode code);

// Concatenates anything that streams: str("layer ", i, " of ", n).
template <typename... Args>
std::string str(const Args&... args) {
    std::ostringstream out;
    (out << ... << args);
    return out.str();
}

struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string message;

    template <typename... Args>
    static Error make(ErrorCode code, const Args&... args) { return Error{code, str(args...)}; }
    template <typename... Args>
    static Error invalid(const Args&... args) { return make(ErrorCode::Invalid, args...); }
    template <typename... Args>
    static Error not_found(const Args&... args) { return make(ErrorCode::NotFound, args...); }
    template <typename... Args>
    static Error io(const Args&... args) { return make(ErrorCode::Io, args...); }
    template <typename... Args>
    static Error corrupt(const Args&... args) { return make(ErrorCode::Corrupt, args...); }
    template <typename... Args>
    static Error unsupported(const Args&... args) { return make(ErrorCode::Unsupported, args...); }
    template <typename... Args>
    static Error out_of_range(const Args&... args) { return make(ErrorCode::OutOfRange, args...); }
    template <typename... Args>
    static Error network(const Args&... args) { return make(ErrorCode::Network, args...); }
    template <typename... Args>
    static Error internal(const Args&... args) { return make(ErrorCode::Internal, args...); }

    // "what: message": adds context while an error travels up.
    Error context(std::string_view what) const { return Error{code, str(what, ": ", message)}; }
};

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_data(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : m_data(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { assert(ok()); return std::get<0>(m_data); }
    const T& value() const& { assert(ok()); return std::get<0>(m_data); }
    T&& value() && { assert(ok()); return std::get<0>(std::move(m_data)); }
    T release_value() { assert(ok()); return std::get<0>(std::move(m_data)); }
    T value_or(T fallback) const& { return ok() ? std::get<0>(m_data) : std::move(fallback); }

    const Error& error() const& { assert(!ok()); return std::get<1>(m_data); }
    Error&& error() && { assert(!ok()); return std::get<1>(std::move(m_data)); }
    Error release_error() { assert(!ok()); return std::get<1>(std::move(m_data)); }

    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }

private:
    std::variant<T, Error> m_data;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)), m_failed(true) {}

    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    void release_value() {}
    const Error& error() const& { assert(m_failed); return m_error; }
    Error&& error() && { assert(m_failed); return std::move(m_error); }
    Error release_error() { assert(m_failed); return std::move(m_error); }

private:
    Error m_error;
    bool m_failed = false;
};

inline Result<void> ok() { return {}; }

}  // namespace os1

// Evaluates a Result expression; on error returns the Error from the current
// function, otherwise yields the value (GNU statement expression, as in
// SerenityOS's TRY).
#define TRY(expr)                                          \
    ({                                                     \
        auto _os1_try_result = (expr);                     \
        if (!_os1_try_result.ok())                         \
            return _os1_try_result.release_error();        \
        _os1_try_result.release_value();                   \
    })
