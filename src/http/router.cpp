// A segment trie: each node has literal children (looked up by hash) and at most one
// placeholder child. Matching prefers literals and backtracks into placeholders, so
// "/units/mergers" beats "/units/{code}" while "/units/31" still reaches the latter.
#include "http/router.hpp"

#include <array>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

namespace doithoai::http {

namespace {

constexpr std::size_t kMaxParams = 16;

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    return std::hash<std::string_view>{}(s);
  }
};

struct Endpoint {
  std::string method;
  Handler handler;
  AsyncHandler async_handler;
  RouteOptions options;
  std::string pattern;
  std::vector<std::string> param_names;  // in order of the placeholders
};

struct Node {
  std::unordered_map<std::string, std::unique_ptr<Node>, StringHash, std::equal_to<>> literals;
  std::unique_ptr<Node> param;
  std::vector<std::unique_ptr<Endpoint>> endpoints;  // routes that end here, one per method

  const Endpoint* find(std::string_view method) const {
    for (const auto& e : endpoints) {
      if (e->method == method) return e.get();
    }
    return nullptr;
  }
};

// Splits "/a/b/c" into "a", "b", "c" one at a time; "/" has no segments, "/a/" ends with "".
class Segments {
 public:
  explicit Segments(std::string_view path) : rest_(path.substr(1)), done_(path.size() <= 1) {}
  bool next(std::string_view& segment) {
    if (done_) return false;
    const auto slash = rest_.find('/');
    if (slash == std::string_view::npos) {
      segment = rest_;
      done_ = true;
    } else {
      segment = rest_.substr(0, slash);
      rest_ = rest_.substr(slash + 1);
    }
    return true;
  }

 private:
  std::string_view rest_;
  bool done_;
};

struct Search {
  std::string_view method;
  std::array<std::string_view, kMaxParams> values{};
  const Endpoint* found = nullptr;
  std::size_t found_params = 0;
  std::vector<const Node*> path_nodes;  // terminal nodes reached by the path (for Allow)
};

const Endpoint* endpoint_for(const Node& node, std::string_view method) {
  if (const auto* e = node.find(method)) return e;
  if (method == "HEAD") return node.find("GET");
  return nullptr;
}

// Depth-first, literals before the placeholder. `path` is what remains after a '/'; `at_end`
// says that no segment remains.
bool search(const Node& node, std::string_view path, bool at_end, std::size_t depth, Search& s) {
  if (at_end) {
    if (node.endpoints.empty()) return false;
    if (const auto* e = endpoint_for(node, s.method)) {
      s.found = e;
      s.found_params = depth;
      return true;
    }
    s.path_nodes.push_back(&node);
    return false;
  }
  const auto slash = path.find('/');
  const std::string_view segment = path.substr(0, slash);
  const bool last = slash == std::string_view::npos;
  const std::string_view rest = last ? std::string_view{} : path.substr(slash + 1);
  if (const auto it = node.literals.find(segment); it != node.literals.end()) {
    if (search(*it->second, rest, last, depth, s)) return true;
  }
  if (node.param && !segment.empty() && depth < kMaxParams) {
    s.values[depth] = segment;
    if (search(*node.param, rest, last, depth + 1, s)) return true;
  }
  return false;
}

}  // namespace

struct Router::Impl {
  Node root;
  Handler fallback;
};

Router::Router() : impl_(std::make_unique<Impl>()) {}
Router::~Router() = default;

void Router::add(std::string method, std::string pattern, Handler handler, RouteOptions options) {
  if (!handler) throw std::invalid_argument("route needs a handler: " + pattern);
  insert(std::move(method), std::move(pattern), std::move(handler), {}, options);
}

void Router::post_async(std::string pattern, AsyncHandler h) {
  if (!h) throw std::invalid_argument("route needs a handler: " + pattern);
  insert("POST", std::move(pattern), {}, std::move(h), RouteOptions{});
}

void Router::insert(std::string method, std::string pattern, Handler handler, AsyncHandler async,
                    RouteOptions options) {
  if (pattern.empty() || pattern.front() != '/') {
    throw std::invalid_argument("route pattern must start with '/': " + pattern);
  }
  if (method.empty()) throw std::invalid_argument("route needs a method: " + pattern);
  Node* node = &impl_->root;
  std::vector<std::string> names;
  Segments segments(pattern);
  for (std::string_view segment; segments.next(segment);) {
    if (segment.size() >= 2 && segment.front() == '{' && segment.back() == '}') {
      const auto name = segment.substr(1, segment.size() - 2);
      if (name.empty() || name.find_first_of("{}/") != std::string_view::npos) {
        throw std::invalid_argument("bad placeholder in route " + pattern);
      }
      if (names.size() == kMaxParams) throw std::invalid_argument("too many placeholders");
      names.emplace_back(name);
      if (!node->param) node->param = std::make_unique<Node>();
      node = node->param.get();
    } else {
      if (segment.find_first_of("{}") != std::string_view::npos) {
        throw std::invalid_argument("bad placeholder in route " + pattern);
      }
      auto& child = node->literals[std::string(segment)];
      if (!child) child = std::make_unique<Node>();
      node = child.get();
    }
  }
  if (node->find(method)) throw std::logic_error("duplicate route " + method + " " + pattern);
  node->endpoints.push_back(
      std::make_unique<Endpoint>(Endpoint{std::move(method), std::move(handler), std::move(async),
                                          options, std::move(pattern), std::move(names)}));
}

Match Router::match(std::string_view method, std::string_view path) const {
  Match m;
  if (path.empty() || path.front() != '/') return m;
  Search s;
  s.method = method;
  const bool root = path.size() == 1;
  if (search(impl_->root, root ? std::string_view{} : path.substr(1), root, 0, s)) {
    const Endpoint& e = *s.found;
    if (e.async_handler) {
      m.async_handler = &e.async_handler;
    } else {
      m.handler = &e.handler;
    }
    m.options = e.options;
    m.pattern = e.pattern;
    m.params.reserve(s.found_params);
    for (std::size_t i = 0; i < s.found_params && i < e.param_names.size(); ++i) {
      m.params.emplace_back(e.param_names[i], std::string(s.values[i]));
    }
    return m;
  }
  for (const Node* node : s.path_nodes) {
    for (const auto& e : node->endpoints) {
      auto add = [&m](const std::string& name) {
        for (const auto& existing : m.allowed_methods) {
          if (existing == name) return;
        }
        m.allowed_methods.push_back(name);
      };
      add(e->method);
      if (e->method == "GET") add("HEAD");
    }
  }
  if (m.allowed_methods.empty() && impl_->fallback && (method == "GET" || method == "HEAD") &&
      !path.starts_with("/api/") && !path.starts_with("/static/")) {
    m.handler = &impl_->fallback;
    m.pattern = "(not found)";
  }
  return m;
}

void Router::fallback(Handler h) {
  impl_->fallback = std::move(h);
}

}  // namespace doithoai::http
