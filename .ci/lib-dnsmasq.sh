# Shared by the DNS end-to-end scripts (sourced, not run): a throwaway dnsmasq serving
# example.test on 127.0.0.1:$PORT with no upstream, and a check of `lookout once`.
# Needs LOOKOUT and PORT set by the caller.

if ! command -v dnsmasq >/dev/null 2>&1; then
  apt-get install -y dnsmasq-base >/dev/null
fi

work=$(mktemp -d)
dns_pid=""
stop_dns() {
  if [ -n "$dns_pid" ]; then
    kill "$dns_pid" 2>/dev/null || true
    wait "$dns_pid" 2>/dev/null || true
    dns_pid=""
  fi
}
trap 'stop_dns; rm -rf "$work"' EXIT

# run_dnsmasq RECORD_OPTION...: serve example.test with these dnsmasq record options, wait for it.
run_dnsmasq() {
  : >"$work/dnsmasq.log"
  dnsmasq --keep-in-foreground --log-facility=- --conf-file=/dev/null --pid-file= \
    --port="$PORT" --listen-address=127.0.0.1 --bind-interfaces \
    --no-resolv --no-hosts --local=/example.test/ \
    "$@" >>"$work/dnsmasq.log" 2>&1 &
  dns_pid=$!
  for _ in $(seq 1 50); do
    grep -q "cleared cache" "$work/dnsmasq.log" && return 0
    kill -0 "$dns_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "dnsmasq did not start:" >&2
  cat "$work/dnsmasq.log" >&2
  exit 1
}

# expect_once CONFIG EXIT_CODE [TEXT]: `lookout once` exits with EXIT_CODE and prints TEXT.
expect_once() {
  local code=0
  $LOOKOUT once -c "$1" >"$work/out.txt" 2>&1 || code=$?
  if [ "$code" != "$2" ] || { [ -n "${3:-}" ] && ! grep -qF -- "$3" "$work/out.txt"; }; then
    echo "FAIL: lookout once -c $1: exit $code (wanted $2)${3:+, output must contain: $3}" >&2
    cat "$work/out.txt" >&2
    exit 1
  fi
}
