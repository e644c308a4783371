#include "report/zip.hpp"

#include <zip.h>

#include <cstdio>
#include <memory>

namespace doithoai::report::detail {

namespace {

Error zip_failure(std::string_view what, zip_error_t* error) {
  return internal_error(std::string("Không tạo được tệp nén (")
                            .append(what)
                            .append("): ")
                            .append(error != nullptr ? zip_error_strerror(error) : "?"));
}

struct SourceFree {
  void operator()(zip_source_t* s) const { zip_source_free(s); }
};

}  // namespace

Expected<std::string> zip_parts(const std::vector<std::pair<std::string, std::string>>& parts) {
  zip_error_t error;
  zip_error_init(&error);
  std::unique_ptr<zip_source_t, SourceFree> buffer(zip_source_buffer_create(nullptr, 0, 0, &error));
  if (!buffer) return zip_failure("buffer", &error);
  zip_t* archive = zip_open_from_source(buffer.get(), ZIP_TRUNCATE, &error);
  if (archive == nullptr) return zip_failure("open", &error);
  // The archive now holds a reference to the buffer; keep one for reading it back.
  zip_source_keep(buffer.get());
  for (const auto& [name, bytes] : parts) {
    zip_source_t* part = zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
    if (part == nullptr || zip_file_add(archive, name.c_str(), part, ZIP_FL_ENC_UTF_8) < 0) {
      if (part != nullptr) zip_source_free(part);
      auto e = zip_failure(name, zip_get_error(archive));
      zip_discard(archive);
      return e;
    }
  }
  if (zip_close(archive) < 0) {
    auto e = zip_failure("close", zip_get_error(archive));
    zip_discard(archive);
    return e;
  }
  if (zip_source_open(buffer.get()) < 0) return zip_failure("read", zip_source_error(buffer.get()));
  std::string out;
  char chunk[65536];
  for (;;) {
    const zip_int64_t n = zip_source_read(buffer.get(), chunk, sizeof chunk);
    if (n < 0) {
      zip_source_close(buffer.get());
      return zip_failure("read", zip_source_error(buffer.get()));
    }
    if (n == 0) break;
    out.append(chunk, static_cast<std::size_t>(n));
  }
  zip_source_close(buffer.get());
  return out;
}

std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char ch : s) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        // Control characters other than tab and newline are not allowed in XML 1.0.
        if (static_cast<unsigned char>(ch) < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') {
          out += ' ';
        } else {
          out += ch;
        }
    }
  }
  return out;
}

}  // namespace doithoai::report::detail
