#!/usr/bin/env bash
# A full shop flow with curl against a running Online Boutique (real one from start.sh, or any URL given):
# home (9 products) → product OLJCESPC7Z → add to cart (twice: quantities add up) → cart → checkout with the
# cart page's default form values → set currency. Exits non-zero on the first unexpected answer.
#   bash scripts/fidelity/boutique/smoke.sh [http://127.0.0.1:PORT/]
# Not part of `npm test`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
URL="${1:-$(cat "$OB_RUN/frontend.url" 2>/dev/null || true)}"
[[ -n "$URL" ]] || ob_die "no URL given and no $OB_RUN/frontend.url (start.sh not run?)"
URL="${URL%/}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
JAR="$TMP/cookies"
fail() { echo "FAIL: $*" >&2; exit 1; }
req() { # req <label> <expected status> <curl args…>   → body in $TMP/body, headers in $TMP/head
  local label="$1" want="$2" got
  shift 2
  got="$(curl -sS -b "$JAR" -c "$JAR" -D "$TMP/head" -o "$TMP/body" -w '%{http_code}' --max-time 20 "$@")"
  printf '%-34s %s  %6s bytes' "$label" "$got" "$(wc -c <"$TMP/body")"
  local loc
  loc="$(sed -nE 's/^[Ll]ocation: *([^\r]*)\r?$/\1/p' "$TMP/head")"
  [[ -n "$loc" ]] && printf '  → %s' "$loc"
  echo
  [[ "$got" == "$want" ]] || { head -c 600 "$TMP/body" >&2; fail "$label: status $got, expected $want"; }
}

req "GET /" 200 "$URL/"
n="$(grep -oE 'href="/product/[A-Z0-9]+"' "$TMP/body" | sort -u | wc -l)"
echo "  products on home: $n"
[[ "$n" == 9 ]] || fail "expected 9 products on the home page"
grep -q 'shop_session-id' "$JAR" || fail "no shop_session-id cookie"

req "GET /product/OLJCESPC7Z" 200 "$URL/product/OLJCESPC7Z"
grep -q 'Sunglasses' "$TMP/body" || fail "product page does not name Sunglasses"

req "POST /cart (OLJCESPC7Z x1)" 302 -X POST -d product_id=OLJCESPC7Z -d quantity=1 "$URL/cart"
req "POST /cart (OLJCESPC7Z x2)" 302 -X POST -d product_id=OLJCESPC7Z -d quantity=2 "$URL/cart"
req "GET /cart" 200 "$URL/cart"
grep -qE 'Quantity: 3' "$TMP/body" || fail "cart does not show quantity 3 (AddItem must add up quantities)"
echo "  cart shows 'Quantity: 3'"

year=$(($(date +%Y) + 1))
req "POST /cart/checkout" 200 -X POST \
  --data-urlencode email=someone@example.com --data-urlencode "street_address=1600 Amphitheatre Parkway" \
  --data-urlencode zip_code=94043 --data-urlencode "city=Mountain View" --data-urlencode state=CA \
  --data-urlencode "country=United States" --data-urlencode credit_card_number=4432801561520454 \
  --data-urlencode credit_card_expiration_month=1 --data-urlencode credit_card_expiration_year=$year \
  --data-urlencode credit_card_cvv=672 "$URL/cart/checkout"
order="$(grep -oE '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}' "$TMP/body" | head -1 || true)"
grep -qi 'order' "$TMP/body" && [[ -n "$order" ]] || fail "no order confirmation id on the checkout page"
echo "  order id: $order"
req "GET /cart (after checkout)" 200 "$URL/cart"
grep -q 'Quantity: 3' "$TMP/body" && fail "cart not emptied after checkout"

req "POST /setCurrency EUR" 302 -X POST -d currency_code=EUR -H "Referer: $URL/product/OLJCESPC7Z" "$URL/setCurrency"
req "GET /product/OLJCESPC7Z (EUR)" 200 "$URL/product/OLJCESPC7Z"
grep -q '€' "$TMP/body" || fail "price not shown in EUR"
echo "  price in EUR: $(grep -oE '€[0-9.,]+' "$TMP/body" | head -1)"
echo "smoke: all steps passed against $URL"
