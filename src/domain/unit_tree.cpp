#include "domain/unit_tree.hpp"

#include <set>

namespace doithoai {

UnitTree::UnitTree(const std::vector<Unit>& units) {
  for (const auto& u : units) {
    units_.emplace(u.code, u);
    if (u.parent_code) children_[*u.parent_code].push_back(u.code);
  }
}

const Unit* UnitTree::find(const std::string& code) const {
  const auto it = units_.find(code);
  return it == units_.end() ? nullptr : &it->second;
}

std::vector<std::string> UnitTree::path(const std::string& code) const {
  std::vector<std::string> out;
  const Unit* u = find(code);
  // The depth bound guards against a cycle in bad data.
  while (u != nullptr && out.size() < 16) {
    out.push_back(u->code);
    u = u->parent_code ? find(*u->parent_code) : nullptr;
  }
  return out;
}

const std::vector<std::string>& UnitTree::children(const std::string& code) const {
  static const std::vector<std::string> kNone;
  const auto it = children_.find(code);
  return it == children_.end() ? kNone : it->second;
}

std::vector<std::string> UnitTree::subtree(const std::string& code) const {
  std::vector<std::string> out;
  if (!contains(code)) return out;
  std::vector<std::string> stack{code};
  std::set<std::string> seen;
  while (!stack.empty()) {
    auto c = std::move(stack.back());
    stack.pop_back();
    if (!seen.insert(c).second) continue;
    out.push_back(c);
    const auto it = children_.find(c);
    if (it != children_.end()) stack.insert(stack.end(), it->second.begin(), it->second.end());
  }
  return out;
}

std::vector<std::string> UnitTree::rollup(const std::string& code) const {
  std::set<std::string> all;
  std::vector<std::string> roots{code};
  while (!roots.empty()) {
    const auto root = std::move(roots.back());
    roots.pop_back();
    for (const auto& c : subtree(root)) {
      if (!all.insert(c).second) continue;
      if (const Unit* u = find(c)) {
        roots.insert(roots.end(), u->predecessor_codes.begin(), u->predecessor_codes.end());
      }
    }
  }
  return {all.begin(), all.end()};
}

}  // namespace doithoai
