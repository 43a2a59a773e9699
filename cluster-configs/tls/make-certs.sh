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
mkdir -p "$OUT"
cd "$OUT"

if [[ ! -f ca.p12 ]]; then
  keytool -genkeypair -alias ca -dname "CN=Anvil Test CA" -keyalg RSA -keysize 2048 -validity "$DAYS" \
    -ext bc:c -ext ku:c=keyCertSign,cRLSign -keystore ca.p12 -storetype PKCS12 -storepass "$PASS" 2>/dev/null
fi
keytool -exportcert -alias ca -keystore ca.p12 -storepass "$PASS" -rfc -file ca.pem 2>/dev/null
rm -f trust.p12
keytool -importcert -noprompt -alias ca -file ca.pem -keystore trust.p12 -storetype PKCS12 -storepass "$PASS" 2>/dev/null

for n in "${NODES[@]}"; do
  rm -f "$n.p12" "$n.csr" "$n.pem"
  keytool -genkeypair -alias node -dname "CN=$n, O=Anvil" -keyalg RSA -keysize 2048 -validity "$DAYS" \
    -keystore "$n.p12" -storetype PKCS12 -storepass "$PASS" 2>/dev/null
  keytool -certreq -alias node -keystore "$n.p12" -storepass "$PASS" -file "$n.csr" 2>/dev/null
  keytool -gencert -alias ca -keystore ca.p12 -storepass "$PASS" -infile "$n.csr" -outfile "$n.pem" -rfc \
    -validity "$DAYS" -ext ku:c=digitalSignature,keyEncipherment -ext eku=serverAuth,clientAuth -ext "san=$SAN" 2>/dev/null
  # The chain: CA first, then the signed certificate replaces the self-signed one under the same alias.
  keytool -importcert -noprompt -alias ca -file ca.pem -keystore "$n.p12" -storepass "$PASS" 2>/dev/null
  keytool -importcert -noprompt -alias node -file "$n.pem" -keystore "$n.p12" -storepass "$PASS" 2>/dev/null
  rm -f "$n.csr"
  echo "made $OUT/$n.p12 (signed by $OUT/ca.pem)"
done
