// Reads the parts of an in-memory zip (XLSX, DOCX) back for the tests, and pulls simple facts
// out of their XML.
#pragma once

#include <zip.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

namespace doithoai::report::test {

inline std::vector<std::string> zip_names(const std::string& bytes) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* za = zip_open_from_source(src, ZIP_RDONLY, &error);
  if (za == nullptr) {
    zip_source_free(src);
    throw std::runtime_error("not a zip archive");
  }
  std::vector<std::string> names;
  for (zip_int64_t i = 0; i < zip_get_num_entries(za, 0); ++i) {
    names.emplace_back(zip_get_name(za, static_cast<zip_uint64_t>(i), ZIP_FL_ENC_UTF_8));
  }
  zip_close(za);
  return names;
}

inline std::string zip_entry(const std::string& bytes, const std::string& name) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* za = zip_open_from_source(src, ZIP_RDONLY, &error);
  if (za == nullptr) {
    zip_source_free(src);
    throw std::runtime_error("not a zip archive");
  }
  zip_file_t* f = zip_fopen(za, name.c_str(), 0);
  if (f == nullptr) {
    zip_close(za);
    throw std::runtime_error("no entry " + name);
  }
  std::string out;
  char buf[8192];
  for (zip_int64_t n; (n = zip_fread(f, buf, sizeof buf)) > 0;) {
    out.append(buf, static_cast<std::size_t>(n));
  }
  zip_fclose(f);
  zip_close(za);
  return out;
}

// Every match of group 1 of a pattern, in order.
inline std::vector<std::string> all_of(const std::string& text, const std::string& pattern) {
  std::vector<std::string> out;
  const std::regex re(pattern);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator();
       ++it) {
    out.push_back((*it)[1].str());
  }
  return out;
}

// The shared strings of an XLSX, in index order.
inline std::vector<std::string> shared_strings(const std::string& xlsx) {
  return all_of(zip_entry(xlsx, "xl/sharedStrings.xml"), R"(<si><t[^>]*>([^<]*)</t></si>)");
}

// The text of the cells of one row of a sheet ("A3", "B3", ...), shared strings resolved.
inline std::vector<std::string> row_texts(const std::string& xlsx, const std::string& sheet_xml,
                                          int row) {
  const auto strings = shared_strings(xlsx);
  const std::string sheet = zip_entry(xlsx, sheet_xml);
  std::vector<std::string> out;
  const std::regex cell(R"(<c r="[A-Z]+)" + std::to_string(row) +
                        R"("([^>]*)>(?:<f>[^<]*</f>)?<v>([^<]*)</v></c>)");
  for (auto it = std::sregex_iterator(sheet.begin(), sheet.end(), cell);
       it != std::sregex_iterator(); ++it) {
    const auto& m = *it;
    const bool shared = m[1].str().find("t=\"s\"") != std::string::npos;
    out.push_back(shared ? strings.at(std::stoul(m[2].str())) : m[2].str());
  }
  return out;
}

// Runs a command and returns its standard output.
inline std::string run(const std::string& command) {
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  if (p == nullptr) throw std::runtime_error("cannot run " + command);
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  ::pclose(p);
  return out;
}

inline std::filesystem::path write_temp(const std::string& bytes, const std::string& name) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("doithoai-report-" + std::to_string(::getpid()) + "-" + name);
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

}  // namespace doithoai::report::test
