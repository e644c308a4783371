// The unit hierarchy: ancestors for permission targets, subtrees and predecessors for filters,
// scopes and report roll-ups. Pure: built from the units the store holds, rebuilt by the
// caller when reference data changes.
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
  // The units directly below, ended ones included.
  const std::vector<std::string>& children(const std::string& code) const;
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
