// Writing JSON straight into a string, for the responses that carry many items (the matter
// list): no document tree, no allocation per key. Keys are written in the order given; the
// callers keep them in the sorted order nlohmann::json gives the rest of the API.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/date.hpp"

namespace doithoai::api {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& begin_object() {
    separate();
    out_ += '{';
    comma_ = false;
    return *this;
  }
  JsonWriter& end_object() {
    out_ += '}';
    comma_ = true;
    return *this;
  }
  JsonWriter& begin_array() {
    separate();
    out_ += '[';
    comma_ = false;
    return *this;
  }
  JsonWriter& end_array() {
    out_ += ']';
    comma_ = true;
    return *this;
  }
  // The key of the next value, in an object.
  JsonWriter& key(std::string_view k) {
    separate();
    quoted(k);
    out_ += ':';
    comma_ = false;
    return *this;
  }
  JsonWriter& str(std::string_view s) {
    separate();
    quoted(s);
    comma_ = true;
    return *this;
  }
  // An empty string is written as null (an optional code or name not set).
  JsonWriter& str_or_null(std::string_view s) { return s.empty() ? null() : str(s); }
  JsonWriter& date_or_null(const std::optional<Date>& d) { return d ? str(d->iso()) : null(); }
  JsonWriter& num(std::int64_t n) {
    separate();
    out_ += std::to_string(n);
    comma_ = true;
    return *this;
  }
  JsonWriter& boolean(bool b) {
    separate();
    out_ += b ? "true" : "false";
    comma_ = true;
    return *this;
  }
  JsonWriter& null() {
    separate();
    out_ += "null";
    comma_ = true;
    return *this;
  }

 private:
  void separate() {
    if (comma_) out_ += ',';
  }
  // Escapes as nlohmann::json does: the quote, the backslash and control characters; UTF-8
  // passes through (text is checked to be valid UTF-8 when it enters).
  void quoted(std::string_view s);

  std::string& out_;
  bool comma_ = false;
};

}  // namespace doithoai::api
