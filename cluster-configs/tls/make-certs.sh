#!/usr/bin/env bash
# make-certs.sh: a test CA and node certificates for Anvil's mutual TLS (keytool only, ships with every JDK).
#
#   make-certs.sh OUT_DIR [NODE ...]      (default OUT_DIR: certs next to this script; default NODE: node)
#
# Writes into OUT_DIR:
#   ca.p12      the CA key pair (keep it away from the nodes)
#   ca.pem      the CA certificate
#   trust.p12   trust store holding only the CA certificate (every node and client uses it)
#   NODE.p12    per node: its key and a certificate signed by the CA (serverAuth + clientAuth, SAN 127.0.0.1/localhost)
# Store password: $ANVIL_TLS_PASSWORD (default changeit). Certificates are valid for $ANVIL_TLS_DAYS days (default 365).
set -euo pipefail

OUT="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/certs}"
shift || true
NODES=("$@")
[[ ${#NODES[@]} -eq 0 ]] && NODES=(node)
PASS="${ANVIL_TLS_PASSWORD:-changeit}"
DAYS="${ANVIL_TLS_DAYS:-365}"
SAN="${ANVIL_TLS_SAN:-ip:127.0.0.1,dns:localhost}"

command -v keytool >/dev/null || { echo "make-certs.sh: keytool not found (install a JDK)" >&2; exit 1; }
# keytool is a short-lived JVM per call: start it the cheap way.
kt() {
  local out
  if ! out="$(keytool -J-XX:TieredStopAtLevel=1 -J-XX:+UseSerialGC -J-Xshare:auto "$@" 2>&1)"; then
    echo "make-certs.sh: keytool $1 failed: $out" >&2
    return 1
  fi
}
mkdir -p "$OUT"
cd "$OUT"

if [[ ! -f ca.p12 ]]; then
  kt -genkeypair -alias ca -dname "CN=Anvil Test CA" -keyalg RSA -keysize 2048 -validity "$DAYS" \
    -ext bc:c -ext ku:c=keyCertSign,cRLSign -keystore ca.p12 -storetype PKCS12 -storepass "$PASS"
fi
kt -exportcert -alias ca -keystore ca.p12 -storepass "$PASS" -rfc -file ca.pem
rm -f trust.p12
kt -importcert -noprompt -alias ca -file ca.pem -keystore trust.p12 -storetype PKCS12 -storepass "$PASS"

for n in "${NODES[@]}"; do
  rm -f "$n.p12" "$n.csr" "$n.pem"
  kt -genkeypair -alias node -dname "CN=$n, O=Anvil" -keyalg RSA -keysize 2048 -validity "$DAYS" \
    -keystore "$n.p12" -storetype PKCS12 -storepass "$PASS"
  kt -certreq -alias node -keystore "$n.p12" -storepass "$PASS" -file "$n.csr"
  kt -gencert -alias ca -keystore ca.p12 -storepass "$PASS" -infile "$n.csr" -outfile "$n.pem" -rfc \
    -validity "$DAYS" -ext ku:c=digitalSignature,keyEncipherment -ext eku=serverAuth,clientAuth -ext "san=$SAN"
  # The chain: CA first, then the signed certificate replaces the self-signed one under the same alias.
  kt -importcert -noprompt -alias ca -file ca.pem -keystore "$n.p12" -storepass "$PASS"
  kt -importcert -noprompt -alias node -file "$n.pem" -keystore "$n.p12" -storepass "$PASS"
  rm -f "$n.csr"
  echo "made $OUT/$n.p12 (signed by $OUT/ca.pem)"
done
