#!/usr/bin/env bash
# Downloads GreenMail standalone (a real SMTP + IMAP server in one jar, for the e-mail tests) from
# Maven Central into ~/.cache/firstline/ and checks it against Maven Central's SHA-1. Prints the
# jar's path on stdout; everything else goes to stderr. Idempotent: an intact jar is kept.
set -euo pipefail

VERSION="${GREENMAIL_VERSION:-2.1.13}"
INSTALL_DIR="${GREENMAIL_INSTALL_DIR:-$HOME/.cache/firstline}"
JAR="greenmail-standalone-$VERSION.jar"
DEST="$INSTALL_DIR/$JAR"
URL="https://repo1.maven.org/maven2/com/icegreen/greenmail-standalone/$VERSION/$JAR"

if ! command -v java >/dev/null 2>&1; then
  echo "install-greenmail: Java (11 or later) is not installed; GreenMail cannot run" >&2
  exit 1
fi

if [[ -s "$DEST" && -s "$DEST.sha1" ]] && [[ "$(sha1sum "$DEST" | cut -d' ' -f1)" == "$(cat "$DEST.sha1")" ]]; then
  echo "$DEST"
  exit 0
fi

mkdir -p "$INSTALL_DIR"
echo "install-greenmail: downloading GreenMail $VERSION from Maven Central" >&2
curl -fsSL --retry 3 -o "$DEST.tmp" "$URL"
expected="$(curl -fsSL --retry 3 "$URL.sha1" | cut -c1-40)"
actual="$(sha1sum "$DEST.tmp" | cut -d' ' -f1)"
if [[ "$expected" != "$actual" ]]; then
  rm -f "$DEST.tmp"
  echo "install-greenmail: checksum mismatch for $JAR (expected $expected, got $actual)" >&2
  exit 1
fi
mv -f "$DEST.tmp" "$DEST"
echo "$expected" >"$DEST.sha1"
echo "$DEST"
