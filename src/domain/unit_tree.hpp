// The unit hierarchy as access control and queries need it: ancestors for permission targets,
// subtrees and predecessors for filters and scopes. Built from the units of the store.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "domain/model.hpp"

namespace doithoai {

class UnitTree {
 public:
  explicit UnitTree(const std::vector<Unit>& units);

  bool contains(const std::string& code) const { return units_.count(code) != 0; }
  const Unit* find(const std::string& code) const;
  // The unit and its ancestors, nearest first.
  std::vector<std::string> path(const std::string& code) const;
  // The unit and everything below it.
  std::vector<std::string> subtree(const std::string& code) const;
  // The subtree, plus the subtrees of every unit merged into it (recursively): what a report
  // or a filter on today's unit rolls up after a merger.
  std::vector<std::string> rollup(const std::string& code) const;

 private:
  std::unordered_map<std::string, Unit> units_;
  std::unordered_map<std::string, std::vector<std::string>> children_;
};

}  // namespace doithoai
