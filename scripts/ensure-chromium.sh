#!/usr/bin/env bash
# Debian's Chromium for the editor screenshots (test/e2e/editorScreenshots.test.ts), driven by
# playwright-core. Playwright's own browser download is not used: this machine reaches only the
# npm registry and Debian's packages. Prints the browser path; exits 0 when it is usable.
set -euo pipefail
browser="${SUPPORT_COORD_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$browser" ]; then
  if [ "$(id -u)" = "0" ]; then apt=(apt-get); elif command -v sudo >/dev/null; then apt=(sudo -n apt-get); else
    echo "ensure-chromium: $browser is missing and apt-get needs root; install Debian's chromium package" >&2; exit 1
  fi
  echo "ensure-chromium: installing Debian's chromium package (about a minute)" >&2
  DEBIAN_FRONTEND=noninteractive "${apt[@]}" update -qq >&2
  DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq --no-install-recommends chromium >&2
fi
"$browser" --version >&2
echo "$browser"
