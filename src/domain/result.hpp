// Expected<T>: the value of an operation or the Error that stopped it. Expected failures (bad
// input, not found, conflicts, refusals) travel as values across module boundaries; exceptions
// are kept for bugs and fatal start-up errors.
#pragma once

#include <cassert>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace doithoai {

// What kind of failure this is. The API maps each kind to one HTTP status (api/errors.cpp);
// the CLI prints the message and exits non-zero.
enum class ErrorKind {
  bad_request,        // 400: malformed syntax (JSON, UTF-8, query string)
  unauthorized,       // 401: no or bad credentials
  forbidden,          // 403: authenticated but not allowed (permissions, CSRF)
  not_found,          // 404
  conflict,           // 409: wrong state, duplicate, stale version
  too_large,          // 413
  unsupported_media,  // 415
  invalid,            // 422: well-formed but wrong values
  rate_limited,       // 429
  unavailable,        // 503: overloaded or shutting down
  internal,           // 500: a bug or an I/O failure
};

struct Error {
  ErrorKind kind = ErrorKind::internal;
  std::string code;     // stable machine code, e.g. "unknown_field"
  std::string message;  // Vietnamese, for people
  std::string field;    // the input field at fault, or empty

  static Error make(ErrorKind k, std::string code, std::string message, std::string field = {}) {
    return Error{k, std::move(code), std::move(message), std::move(field)};
  }
};

inline Error invalid(std::string code, std::string message, std::string field = {}) {
  return Error::make(ErrorKind::invalid, std::move(code), std::move(message), std::move(field));
}
inline Error not_found(std::string code, std::string message, std::string field = {}) {
  return Error::make(ErrorKind::not_found, std::move(code), std::move(message), std::move(field));
}
inline Error conflict(std::string code, std::string message, std::string field = {}) {
  return Error::make(ErrorKind::conflict, std::move(code), std::move(message), std::move(field));
}
inline Error internal_error(std::string message) {
  return Error::make(ErrorKind::internal, "internal", std::move(message));
}

template <typename T>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Expected(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const& {
    assert(!ok());
    return std::get<1>(v_);
  }
  Error&& error() && {
    assert(!ok());
    return std::get<1>(std::move(v_));
  }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Expected<void> {
 public:
  Expected() = default;
  Expected(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  void value() const { assert(ok_); }
  const Error& error() const& {
    assert(!ok_);
    return error_;
  }
  Error&& error() && {
    assert(!ok_);
    return std::move(error_);
  }

 private:
  Error error_;
  bool ok_ = true;
};

}  // namespace doithoai

// TRY(expr): evaluates an Expected; returns its Error from the enclosing function, or yields the
// value. (A GNU statement expression, supported by g++ and clang.)
#define TRY(expr)                                                 \
  ({                                                              \
    auto&& try_result_ = (expr);                                  \
    if (!try_result_.ok()) return std::move(try_result_).error(); \
    std::move(try_result_).value();                               \
  })
