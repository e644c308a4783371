#!/usr/bin/env bash
# clang-format (no changes allowed) and clang-tidy over the project's own sources.
set -euo pipefail
build_dir=${1:-build}
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'bench/*.cpp')
echo "lint: clang-format on ${#files[@]} files"
clang-format --dry-run -Werror "${files[@]}"
# clang-tidy 14 cannot parse the C++20 coroutines of Boost.Asio with libstdc++ 12 (it lacks
# __cpp_impl_coroutine), so the one Beast translation unit is left to the compiler's warnings.
mapfile -t units < <(git ls-files 'src/*.cpp' | grep -v '^src/http/server.cpp$')
echo "lint: clang-tidy on ${#units[@]} files"
if command -v run-clang-tidy >/dev/null 2>&1; then
  run-clang-tidy -quiet -p "$build_dir" -j "$(nproc)" "${units[@]}" >/tmp/doithoai-tidy.log 2>&1 || {
    grep -E "error|warning" /tmp/doithoai-tidy.log | head -50; exit 1; }
else
  clang-tidy -quiet -p "$build_dir" "${units[@]}"
fi
echo "lint: clean"
