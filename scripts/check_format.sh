#!/usr/bin/env bash
# Fails when a tracked C++ file is not formatted with the pinned clang-format-14 (fmt's lint.yml).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang-format-14 >/dev/null || { echo "clang-format-14 missing (scripts/setup.sh)"; exit 1; }
bad=()
while IFS= read -r file; do
  clang-format-14 --dry-run -Werror "$file" >/dev/null 2>&1 || bad+=("$file")
done < <(git ls-files '*.cpp' '*.hpp' 2>/dev/null || find src tests bench -name '*.[ch]pp')
if [ ${#bad[@]} -gt 0 ]; then
  printf 'not formatted (run clang-format-14 -i): %s\n' "${bad[@]}"
  exit 1
fi
echo "format: clean"
