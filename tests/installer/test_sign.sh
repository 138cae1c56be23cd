#!/usr/bin/env bash
# Code signing: the packaging steps sign the binaries and the MSI with a throw-away certificate, the
# signatures verify, the password never appears in a command line, and signing without a certificate fails.
# usage: test_sign.sh PACKAGE.cmake STAGE WXS WIXL HAVE_TRAY WORKDIR BINARY...
set -u
pkg=$1 stage=$2 wxs=$3 wixl=$4 have_tray=$5 work=$6
shift 6
binaries=("$@")
fails=0
check() {
    local what=$1
    shift
    if "$@"; then echo "ok: $what"; else echo "FAILED: $what"; fails=$((fails + 1)); fi
}
for tool in openssl osslsigncode msiextract; do
    command -v $tool >/dev/null || { echo "skip: $tool is not installed"; exit 77; }
done
rm -rf "$work"
mkdir -p "$work/stage" "$work/extract"
cd "$work" || exit 1

# A throw-away certificate whose key is protected by a password kept in a file.
openssl rand -hex 16 >pass.txt
openssl req -x509 -newkey rsa:2048 -sha256 -days 2 -subj "/CN=ConnectAs test signing" \
    -keyout key.pem -out cert.pem -passout file:pass.txt >openssl.log 2>&1 || { cat openssl.log; exit 1; }
password=$(cat pass.txt)
# osslsigncode through a wrapper that records its arguments (what ps would show).
real=$(command -v osslsigncode)
printf '#!/bin/sh\necho "$@" >>"%s/args.log"\nexec "%s" "$@"\n' "$work" "$real" >osslsigncode-wrapper
chmod +x osslsigncode-wrapper

signenv=(env CONNECTAS_SIGN_CERT="$work/cert.pem" CONNECTAS_SIGN_KEY="$work/key.pem"
         CONNECTAS_SIGN_PASS_FILE="$work/pass.txt" CONNECTAS_OSSLSIGNCODE="$work/osslsigncode-wrapper")
files=$(IFS='|'; echo "${binaries[*]}")
check "staging signs the binaries" "${signenv[@]}" cmake -DSTEP=stage -DSTAGE="$work/stage" "-DFILES=$files" -DSIGN=ON -P "$pkg"
for f in README.md LICENSE app.ico; do
    [ -f "$stage/$f" ] && cp "$stage/$f" "$work/stage/"
done
check "the MSI is built and signed" "${signenv[@]}" cmake -DSTEP=msi -DSTAGE="$work/stage" -DWXS="$wxs" -DWIXL="$wixl" \
    -DSCOPE=user -DVERSION=9.9.9 -DHAVE_TRAY="$have_tray" -DOUT="$work/signed.msi" -DSIGN=ON -P "$pkg"

verify() { # verify FILE: signed by our certificate
    osslsigncode verify -CAfile "$work/cert.pem" -in "$1" >"$work/verify.log" 2>&1 &&
        grep -q "ConnectAs test signing" "$work/verify.log"
}
for b in "${binaries[@]}"; do
    name=$(basename "$b")
    check "$name: signature verifies" verify "$work/stage/$name"
    check "$name: the build's own copy stays unsigned (verify fails there)" bash -c '! osslsigncode verify -in "$1" >/dev/null 2>&1' _ "$b"
done
check "signed.msi: signature verifies" verify "$work/signed.msi"
msiextract -C "$work/extract" "$work/signed.msi" >/dev/null 2>&1
exe=$(find "$work/extract" -name connectas.exe | head -n 1)
check "the MSI carries the signed connectas.exe" verify "$exe"

check "osslsigncode read the password from the file" grep -q -- "-readpass $work/pass.txt" args.log
check "the password never was an argument" bash -c '! grep -qF -- "$1" args.log' _ "$password"

# Signing asked for without a certificate fails with a sentence naming the variables.
env -u CONNECTAS_SIGN_CERT -u CONNECTAS_SIGN_KEY -u CONNECTAS_SIGN_PKCS12 \
    cmake -DSTEP=sign -DIN="${binaries[0]}" -DOUT="$work/nocert.exe" -P "$pkg" >nocert.log 2>&1
rc=$?
check "signing without a certificate fails" test $rc -ne 0
check "… and says which variables to set" grep -q CONNECTAS_SIGN_CERT nocert.log
rm -f "$work/key.pem" "$work/pass.txt" # the throw-away secrets
exit $fails
