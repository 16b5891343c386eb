#!/usr/bin/env bash
# Copies seed inputs for each fuzz target into fuzz/corpus/<target>/ at run time (make fuzz).
# The corpora are never committed (.gitignore): ../shared fixtures stay out of this repository.
set -euo pipefail
cd "$(dirname "$0")/.."
C=fuzz/corpus
mkdir -p $C/{saml_decode,saml_analyze,xml_parse,saml_cert,engine_message,webauthn_cbor,clock_date,links,c14n,dsig_verify}
shared=../shared/saml-fixtures
n=0
seed() { # seed TARGET FILE: copy under a content name, so reruns do not duplicate
  local h; h=$(sha1sum "$2" | cut -c1-16); cp -f "$2" "$C/$1/seed-$h"; n=$((n+1));
}
while IFS= read -r -d '' f; do
  case "$f" in *.md|*LICENSE*|*.pem) continue;; esac
  seed saml_decode "$f"; seed saml_analyze "$f"
  case "$f" in *.xml) seed xml_parse "$f";; esac
done < <(find tests/fixtures/saml "$shared" -type f -print0 2>/dev/null)
# The XML parser also gets every decoded message the analyzer sees: the fixtures' plain XML.
for f in tests/fixtures/saml/*.xml; do seed xml_parse "$f"; seed dsig_verify "$f"; done
# Canonicalization: the c14n vectors and the signed fixtures.
for f in tests/fixtures/saml/c14n/*.xml tests/fixtures/saml/*.xml; do seed c14n "$f"; done
for f in "$shared"/node-saml/signatures/*/*.xml; do [ -f "$f" ] && seed dsig_verify "$f"; done
for f in tests/fixtures/saml/certs/*.b64; do
  tmp=$(mktemp); base64 -d < "$f" > "$tmp" && seed saml_cert "$tmp"; rm -f "$tmp"
done
for f in tests/fixtures/webauthn/*.b64; do
  tmp=$(mktemp); tr -d ' \n' < "$f" | base64 -d > "$tmp" 2>/dev/null || true
  [ -s "$tmp" ] && seed webauthn_cbor "$tmp"; rm -f "$tmp"
done
i=0
for d in "Sun, 06 Nov 1994 08:49:37 GMT" "Sunday, 06-Nov-94 08:49:37 GMT" "Sun Nov  6 08:49:37 1994" "Thu, 01 Jan 1970 00:00:00 GMT" "0" "86400"; do
  printf '%s' "$d" > "$C/clock_date/inline-$i"; i=$((i+1))
done
i=0
for l in "#/selfcheck?case=ABC-123&areas=saml,clock" "#/saml" "#/clock?x=%41%zz" "#/checks/saml.signature.wrapping" "#/"; do
  printf '%s' "$l" > "$C/links/inline-$i"; i=$((i+1))
done
echo "fuzz seeds: $n files copied into $C/"
