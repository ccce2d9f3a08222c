# Shared set-up for scripts/build, scripts/test and scripts/serve (sourced, not run).
#
# Idempotent: Debian packages are installed only when missing, and the virtual
# environment is reinstalled only when a lock file or pyproject.toml changed, so a
# second run takes a second or two.

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"
# Material prints a long notice about MkDocs 2.0 on every build; the project pins mkdocs<2.
export NO_MKDOCS_2_WARNING=1

say() { printf '%s\n' "decision-press: $*" >&2; }

# Install Debian packages that are not installed yet (WeasyPrint's Pango, test tools).
ensure_debian_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing Debian packages: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { say "need root (or sudo) to install: ${missing[*]}"; exit 1; }
    sudo="sudo"
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Create .venv if missing and install a lock file (hash-checked) plus the package itself.
ensure_venv() {
  local lock="$1"
  local stamp_file="$VENV/.decision-press-$(basename "$lock").sha256" stamp
  if [ ! -x "$VENV/bin/python" ]; then
    command -v python3 >/dev/null || { say "python3 (3.11 or newer) is required"; exit 1; }
    python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
      || { say "Python 3.11 or newer is required (found $(python3 --version))"; exit 1; }
    say "creating the virtual environment in .venv"
    python3 -m venv "$VENV"
  fi
  stamp="$(cat "$lock" pyproject.toml | sha256sum | cut -d' ' -f1)"
  if [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$stamp" ]; then
    return 0
  fi
  say "installing locked dependencies from $(basename "$lock")"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --require-hashes -r "$lock"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-deps -e .

  echo "$stamp" > "$stamp_file"
}

# Install the independent checkers of package-lock.json (Nu Html Checker, pa11y, Lighthouse)
# into node_modules/ with npm ci, only when the lock changed. Their install scripts are not run:
# puppeteer's would download a browser and vnu-jar's a Java runtime; the tests use Debian's.
ensure_node_tools() {
  local stamp_file="$ROOT/node_modules/.decision-press-package-lock.sha256" stamp
  stamp="$(sha256sum package-lock.json | cut -d' ' -f1)"
  if [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$stamp" ]; then
    return 0
  fi
  command -v npm >/dev/null || ensure_debian_packages nodejs npm
  say "installing the checkers from package-lock.json"
  PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
  echo "$stamp" > "$stamp_file"
}

# What WeasyPrint needs from the system (fonts are bundled in assets/fonts/).
RUNTIME_DEBS=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libfontconfig1 shared-mime-info)
# What the tests need besides: Debian's Chromium (never a browser download), PDF tools, and
# Java for the Nu Html Checker.
TEST_DEBS=(chromium poppler-utils qpdf default-jre-headless)
