// A tiny blocking HTTP/1.1 client for tests, over POSIX sockets (no Beast, no Asio).
//
//   HttpClient client(port);                       // connects to 127.0.0.1:port (throws)
//   auto r = client.request("GET", "/healthz", {{"Authorization", "Bearer x"}});
//   r.status; r.header("etag"); r.body;
//
// The connection is kept alive between requests when the server allows it, and reopened when
// the server closed it. Raw mode (send_raw / send_slowly / read_response / wait_closed) sends
// arbitrary bytes, for malformed-request and timeout tests. Every wait is bounded by timeout()
// (30 s by default); a failure to connect, a timeout or a broken response throws HttpError.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace doithoai::testsupport {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

class HttpError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct HttpResponse {
  int status = 0;
  std::string reason;
  HttpHeaders headers;  // names in lower case, in the order received
  std::string body;

  // The first value of a header (any case for `name`), or "" when absent.
  std::string header(std::string_view name) const {
    const std::string lower = to_lower(name);
    for (const auto& [k, v] : headers) {
      if (k == lower) return v;
    }
    return {};
  }
  bool has_header(std::string_view name) const {
    const std::string lower = to_lower(name);
    for (const auto& [k, v] : headers) {
      if (k == lower) return true;
    }
    return false;
  }
  std::vector<std::string> header_values(std::string_view name) const {
    const std::string lower = to_lower(name);
    std::vector<std::string> values;
    for (const auto& [k, v] : headers) {
      if (k == lower) values.push_back(v);
    }
    return values;
  }

  static std::string to_lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    }
    return out;
  }
};

class HttpClient {
 public:
  explicit HttpClient(unsigned short port, std::string host = "127.0.0.1")
      : host_(std::move(host)), port_(port) {
    connect();
  }
  ~HttpClient() { close(); }
  HttpClient(HttpClient&& other) noexcept { *this = std::move(other); }
  HttpClient& operator=(HttpClient&& other) noexcept {
    if (this != &other) {
      close();
      host_ = std::move(other.host_);
      port_ = other.port_;
      fd_ = std::exchange(other.fd_, -1);
      in_ = std::move(other.in_);
      timeout_ = other.timeout_;
      connections_ = other.connections_;
      requests_on_connection_ = other.requests_on_connection_;
    }
    return *this;
  }
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  void set_timeout(std::chrono::milliseconds t) { timeout_ = t; }
  std::chrono::milliseconds timeout() const { return timeout_; }
  bool is_open() const { return fd_ >= 0; }
  // How many TCP connections this client has opened (1 + reconnections).
  int connections_opened() const { return connections_; }

  // Sends one request and reads its response. Adds Host, and Content-Length when there is a
  // body (or the method usually has one). Reopens the connection if the server closed it.
  HttpResponse request(std::string_view method, std::string_view target,
                       const HttpHeaders& headers = {}, std::string_view body = {}) {
    const std::string wire = format_request(method, target, headers, body);
    const bool head = method == "HEAD";
    if (fd_ < 0) connect();
    const bool reused = requests_on_connection_ > 0;
    try {
      return exchange(wire, head);
    } catch (const StaleConnection&) {
      if (!reused) throw HttpError("connection closed before a response");
      // The server closed a kept-alive connection meanwhile: retry once on a new one.
      close();
      connect();
      try {
        return exchange(wire, head);
      } catch (const StaleConnection&) {
        throw HttpError("connection closed before a response");
      }
    }
  }
  HttpResponse get(std::string_view target, const HttpHeaders& headers = {}) {
    return request("GET", target, headers);
  }

  // The bytes of a request as this client sends them.
  std::string format_request(std::string_view method, std::string_view target,
                             const HttpHeaders& headers, std::string_view body) const {
    std::string wire;
    wire.reserve(128 + body.size());
    wire.append(method).append(" ").append(target).append(" HTTP/1.1\r\n");
    bool has_host = false, has_length = false;
    for (const auto& [k, v] : headers) {
      const auto lower = HttpResponse::to_lower(k);
      has_host |= lower == "host";
      has_length |= lower == "content-length" || lower == "transfer-encoding";
      wire.append(k).append(": ").append(v).append("\r\n");
    }
    if (!has_host)
      wire.append("Host: ").append(host_).append(":").append(std::to_string(port_)).append("\r\n");
    if (!has_length &&
        (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH")) {
      wire.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
    }
    wire.append("\r\n").append(body);
    return wire;
  }

  // Raw mode -----------------------------------------------------------------------------------

  // Sends bytes as they are. Returns false if the server had closed or reset the connection.
  bool send_raw(std::string_view bytes) {
    if (fd_ < 0) connect();
    return send_all(bytes);
  }
  // Sends the bytes in pieces of `piece` bytes with a pause between them.
  bool send_slowly(std::string_view bytes, std::chrono::milliseconds pause, std::size_t piece = 1) {
    if (fd_ < 0) connect();
    for (std::size_t i = 0; i < bytes.size(); i += piece) {
      if (!send_all(bytes.substr(i, piece))) return false;
      if (i + piece < bytes.size()) std::this_thread::sleep_for(pause);
    }
    return true;
  }
  // Reads one response (after send_raw). head_request: the response has no body.
  HttpResponse read_response(bool head_request = false) {
    try {
      return read_one(head_request);
    } catch (const StaleConnection&) {
      throw HttpError("connection closed before a response");
    }
  }
  // Waits until the server closes the connection (EOF or reset); discards what arrives.
  // Returns false if it is still open after `within`.
  bool wait_closed(std::chrono::milliseconds within) {
    if (fd_ < 0) return true;
    const auto deadline = std::chrono::steady_clock::now() + within;
    in_.clear();
    char buf[4096];
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      pollfd p{fd_, POLLIN, 0};
      const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
      if (ready < 0 && errno == EINTR) continue;
      if (ready <= 0) return false;
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        close();
        return true;
      }
    }
  }

  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    in_.clear();
    requests_on_connection_ = 0;
  }

 private:
  struct StaleConnection {};  // closed before any byte of a response

  void connect() {
    close();
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw HttpError("socket: " + std::string(std::strerror(errno)));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port_);
    if (::inet_pton(AF_INET, host_.c_str(), &addr.sin_addr) != 1) {
      close();
      throw HttpError("bad address " + host_);
    }
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      const std::string error = std::strerror(errno);
      close();
      throw HttpError("connect to " + host_ + ":" + std::to_string(port_) + ": " + error);
    }
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ++connections_;
  }

  HttpResponse exchange(const std::string& wire, bool head) {
    // A send may fail because the server already answered (413) and closed: read anyway.
    send_all(wire);
    ++requests_on_connection_;
    auto response = read_one(head);
    if (HttpResponse::to_lower(response.header("connection")) == "close") close();
    return response;
  }

  bool send_all(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // Appends more bytes to in_; false on EOF or reset.
  bool fill(std::chrono::steady_clock::time_point deadline) {
    char buf[16384];
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) throw HttpError("timed out waiting for the response");
      pollfd p{fd_, POLLIN, 0};
      const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
      if (ready < 0 && errno == EINTR) continue;
      if (ready == 0) throw HttpError("timed out waiting for the response");
      if (ready < 0) return false;
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      in_.append(buf, static_cast<std::size_t>(n));
      return true;
    }
  }

  HttpResponse read_one(bool head) {
    if (fd_ < 0) throw HttpError("not connected");
    const auto deadline = std::chrono::steady_clock::now() + timeout_;
    for (;;) {  // skips interim 1xx responses
      std::size_t end;
      while ((end = in_.find("\r\n\r\n")) == std::string::npos) {
        const bool had_bytes = !in_.empty();
        if (!fill(deadline)) {
          close();
          if (had_bytes) throw HttpError("connection closed inside a response header");
          throw StaleConnection{};
        }
      }
      HttpResponse r;
      parse_head(std::string_view(in_).substr(0, end), r);
      in_.erase(0, end + 4);
      if (r.status >= 100 && r.status < 200) continue;
      const bool no_body = head || r.status == 204 || r.status == 304;
      if (no_body) return r;
      const auto te = HttpResponse::to_lower(r.header("transfer-encoding"));
      if (te.find("chunked") != std::string::npos) {
        read_chunked(r, deadline);
      } else if (r.has_header("content-length")) {
        const auto length = static_cast<std::size_t>(std::stoull(r.header("content-length")));
        while (in_.size() < length) {
          if (!fill(deadline)) {
            close();
            throw HttpError("connection closed inside a response body");
          }
        }
        r.body = in_.substr(0, length);
        in_.erase(0, length);
      } else {
        while (fill(deadline)) {
        }
        r.body = std::move(in_);
        close();
      }
      return r;
    }
  }

  void read_chunked(HttpResponse& r, std::chrono::steady_clock::time_point deadline) {
    auto need_line = [&]() -> std::string {
      std::size_t eol;
      while ((eol = in_.find("\r\n")) == std::string::npos) {
        if (!fill(deadline)) {
          close();
          throw HttpError("connection closed inside a chunked body");
        }
      }
      std::string line = in_.substr(0, eol);
      in_.erase(0, eol + 2);
      return line;
    };
    for (;;) {
      const std::string size_line = need_line();
      const std::size_t size = std::stoul(size_line, nullptr, 16);
      if (size == 0) {
        while (!need_line().empty()) {  // trailers
        }
        return;
      }
      while (in_.size() < size + 2) {
        if (!fill(deadline)) {
          close();
          throw HttpError("connection closed inside a chunk");
        }
      }
      r.body.append(in_, 0, size);
      in_.erase(0, size + 2);
    }
  }

  static void parse_head(std::string_view head, HttpResponse& r) {
    auto eol = head.find("\r\n");
    const std::string_view status_line = head.substr(0, eol);
    // "HTTP/1.1 200 OK"
    const auto sp1 = status_line.find(' ');
    if (status_line.substr(0, 5) != "HTTP/" || sp1 == std::string_view::npos) {
      throw HttpError("bad status line: " + std::string(status_line));
    }
    const auto sp2 = status_line.find(' ', sp1 + 1);
    r.status = std::stoi(std::string(status_line.substr(sp1 + 1, sp2 - sp1 - 1)));
    if (sp2 != std::string_view::npos) r.reason = std::string(status_line.substr(sp2 + 1));
    while (eol != std::string_view::npos) {
      head.remove_prefix(eol + 2);
      eol = head.find("\r\n");
      const std::string_view line = head.substr(0, eol);
      const auto colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
        value.remove_prefix(1);
      while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
        value.remove_suffix(1);
      r.headers.emplace_back(HttpResponse::to_lower(line.substr(0, colon)), std::string(value));
    }
  }

  std::string host_;
  unsigned short port_ = 0;
  int fd_ = -1;
  std::string in_;  // received and not yet consumed
  std::chrono::milliseconds timeout_{30000};
  int connections_ = 0;
  int requests_on_connection_ = 0;
};

}  // namespace doithoai::testsupport
