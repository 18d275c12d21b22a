#!/usr/bin/env bash
# The browser tests drive Debian's chromium (Playwright's own browser builds are not downloaded).
# Finds it, or installs it with apt-get when running as root, or fails saying what to do.
set -euo pipefail

find_chromium() {
  for candidate in "${CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

if found=$(find_chromium); then
  echo "chromium: $found ($("$found" --version 2>/dev/null | head -1))"
  exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "chromium is missing: installing Debian's chromium with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  if apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null; then
    if found=$(find_chromium); then
      echo "chromium: $found"
      exit 0
    fi
  fi
  echo "ERROR: apt-get could not install chromium, which the console's browser tests need." >&2
  exit 1
fi

echo "ERROR: the console's browser tests need Chromium: install Debian's package (apt-get install chromium)" \
  "or set CHROMIUM to a Chromium executable. Nothing was found at /usr/bin/chromium." >&2
exit 1
