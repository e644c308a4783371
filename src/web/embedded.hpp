// The files of src/web/templates/ and src/web/messages.tsv, compiled into the binary by
// cmake/embed.cmake.
#pragma once

#include <span>
#include <string_view>

namespace doithoai::web {

struct EmbeddedFile {
  std::string_view name;  // "templates/home.mustache", "messages.tsv"
  std::string_view content;
};

std::span<const EmbeddedFile> embedded_files();

}  // namespace doithoai::web
