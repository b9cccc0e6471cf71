#!/usr/bin/env bash
# `npm test`: every check CI runs, in order, each under a header, then one `N passed, N failed` line.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

passed=0
failed=0
build_ok=false
browser_ok=false

header() {
  printf '\n==> %s\n' "$1"
}

# Runs one step and counts it; a failing step does not stop the ones after it.
step() {
  local name=$1
  shift
  header "$name"
  if "$@"; then
    passed=$((passed + 1))
    return 0
  fi
  echo "FAILED: $name"
  failed=$((failed + 1))
  return 1
}

ensure_browser() {
  if [ -x /usr/bin/chromium ]; then
    echo "using /usr/bin/chromium"
  elif command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
  else
    npx playwright install chromium
  fi
}

step lint npm run lint || true
step typecheck npm run typecheck || true
step "unit tests" npm run test:unit || true
step build npm run build && build_ok=true
step browser ensure_browser && browser_ok=true
for suite in e2e reliability; do
  if $build_ok && $browser_ok; then
    step "$suite tests" npm run "test:$suite" || true
  else
    header "$suite tests"
    echo "SKIPPED: needs a successful build and a browser"
    failed=$((failed + 1))
  fi
done

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
