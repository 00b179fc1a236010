# Shared by the scripts in this folder: where r1tune keeps what it downloads and builds.
# The cache lives outside the repository so that a fresh clone on the same machine reuses it.
R1TUNE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
R1TUNE_CACHE="${R1TUNE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/r1tune}"

# Reads KEY=VALUE lines from a lock file into the environment.
load_lock() {
  # shellcheck disable=SC1090
  source "$1"
}

say() { printf '[r1tune] %s\n' "$*" >&2; }
die() { printf '[r1tune] error: %s\n' "$*" >&2; exit 1; }
