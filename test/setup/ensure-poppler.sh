#!/usr/bin/env bash
# The document tests extract the text of generated PDFs with pdftotext (Debian's poppler-utils):
# install it when it is missing. Nothing to do when pdftotext is already on the machine.
set -euo pipefail
command -v pdftotext >/dev/null 2>&1 && exit 0
[ -x /usr/bin/pdftotext ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "pdftotext is missing: install it (apt-get install poppler-utils)" >&2
  exit 1
fi
echo "installing poppler-utils (Debian package)…" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends poppler-utils >/dev/null
