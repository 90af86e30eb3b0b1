#!/usr/bin/env bash
# Builds FerretDB (a MongoDB-compatible server on SQLite) for the storage integration tests.
# Prints the binary's path on stdout; everything else goes to stderr. Idempotent and fast when
# the right version is already installed.
#
# Why not `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2`: go install looks the
# module up in the proxy's version list to check for deprecation, and that listing endpoint is
# forbidden here. `go get` of an exact version in a throw-away module only fetches that version.
# Why vendoring: FerretDB's build/version package panics unless build/version/version.txt exists
# (its release tooling generates it), the module cache is read-only and `go build -overlay`
# refuses to replace files in it, so the file is added to a vendored copy in a temp directory.
# Nothing here is kept except the binary.
set -euo pipefail

VERSION="${FERRETDB_VERSION:-v1.24.2}"
INSTALL_DIR="${FERRETDB_INSTALL_DIR:-$HOME/.cache/firstline/bin}"
DEST="$INSTALL_DIR/ferretdb"

if [[ -x "$DEST" ]] && "$DEST" --version 2>/dev/null | grep -qx "version: $VERSION"; then
  echo "$DEST"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  echo "install-ferretdb: Go is not installed; FerretDB cannot be built" >&2
  exit 1
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/ferretdb-build.XXXXXX")"
trap 'chmod -R u+w "$WORK" 2>/dev/null || true; rm -rf "$WORK"' EXIT

export GOFLAGS=-mod=mod GOTOOLCHAIN=local GOWORK=off CGO_ENABLED=0
cd "$WORK"
{
  echo "install-ferretdb: building FerretDB $VERSION in $WORK (takes about a minute)"
  go mod init firstline.local/ferretdb-build
  go get "github.com/FerretDB/FerretDB@$VERSION"
  printf '//go:build tools\n\npackage tools\n\nimport _ "github.com/FerretDB/FerretDB/cmd/ferretdb"\n' >tools.go
  go mod tidy
  go mod vendor
  echo "$VERSION" >vendor/github.com/FerretDB/FerretDB/build/version/version.txt
  mkdir -p "$INSTALL_DIR"
  GOFLAGS=-mod=vendor go build -trimpath -buildvcs=false -o "$DEST.tmp" github.com/FerretDB/FerretDB/cmd/ferretdb
  mv -f "$DEST.tmp" "$DEST"
} >&2

"$DEST" --version | grep -qx "version: $VERSION"
echo "$DEST"
