#!/usr/bin/env bash
# End-to-end check of what a user installs, on loopback only (run as root on Debian, after
# `mvn -B verify` made agent/target/lookout-<version>/ and its .tar.gz):
# - the tarball runs from anywhere, through a symlink, with the tuned JVM options, which
#   JAVA_OPTS / LOOKOUT_JAVA_OPTS override;
# - the Debian package (packaging/deb/build-deb.sh) installs /opt/lookout, /usr/bin/lookout, the
#   unit, /etc/lookout/lookout.yaml as a conffile (root:lookout 0640) and /var/lib/lookout;
# - as the unit's user (setpriv, uid and gid lookout, no other groups) `lookout check` reads the
#   installed config; a user outside the group cannot;
# - `lookout once` from the package: https with a private CA (TLS 1.3), a tls check, a dns check
#   against dnsmasq, names from /etc/hosts; exit 0;
# - `lookout run` from the package on its runtime: native epoll, no JFR module, logback from an
#   XML file given in LOOKOUT_JAVA_OPTS, /healthz and /metrics, SIGTERM exits 0;
# - the Docker image's HEALTHCHECK script (curl, the port from the config) against that agent;
# - where systemd runs: systemctl start, /healthz, a refused reload, stop (else it says why not);
# - `dpkg -r` keeps the config and the state.
set -euo pipefail
trap 'echo "$0: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
cd "$(dirname "$0")/.."

dist=$(ls -d "$PWD"/agent/target/lookout-*/ 2>/dev/null | head -1)
dist=${dist%/}
[ -x "$dist/bin/lookout" ] || { echo "no distribution in agent/target: run mvn -B verify first" >&2; exit 1; }
version=${dist##*/lookout-}
command -v dnsmasq >/dev/null || apt-get install -y -qq dnsmasq-base >/dev/null
command -v openssl >/dev/null || apt-get install -y -qq openssl >/dev/null

LOOKOUT=/usr/bin/lookout
PORT=${DNS_PORT:-15354}
. .ci/lib-dnsmasq.sh # sets $work, run_dnsmasq, stop_dns, expect_once; removes $work on exit
chmod 0755 "$work"
pids=()
had_etc=no
[ -e /etc/lookout ] && had_etc=yes
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  stop_dns
  rm -rf "$work"
}
trap cleanup EXIT

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local limit=$1 what=$2; shift 2
  for _ in $(seq 1 $((limit * 10))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  echo "timed out waiting for: $what" >&2
  return 1
}
fail() { echo "FAIL: $*" >&2; exit 1; }

# --- The tarball: unpacked elsewhere, started through a symlink, options baked in and overridable.
mkdir -p "$work/unpacked" "$work/bin"
tar -C "$work/unpacked" -xzf "$dist.tar.gz"
ln -s "$work/unpacked/lookout-$version/bin/lookout" "$work/bin/lookout"
"$work/bin/lookout" --version | grep -qxF "lookout $version" || fail "the unpacked tarball's lookout --version"
flags=$(LOOKOUT_JAVA_OPTS=-XX:+PrintFlagsFinal "$work/bin/lookout" --version)
grep -Eq 'bool UseSerialGC += true' <<<"$flags" || fail "the launcher does not select the serial GC"
grep -Eq 'intx TieredStopAtLevel += 1 ' <<<"$flags" || fail "the launcher does not limit the JIT to C1"
flags=$(JAVA_OPTS=-XX:TieredStopAtLevel=4 LOOKOUT_JAVA_OPTS="-XX:ReservedCodeCacheSize=32m -XX:+PrintFlagsFinal" \
  "$work/bin/lookout" --version)
grep -Eq 'intx TieredStopAtLevel += 4 ' <<<"$flags" || fail "JAVA_OPTS does not override the launcher's options"
grep -Eq 'uintx ReservedCodeCacheSize += 33554432 ' <<<"$flags" || fail "LOOKOUT_JAVA_OPTS does not override"
if "$dist/runtime/bin/java" --list-modules | grep -q '^jdk.jfr@'; then fail "the runtime contains jdk.jfr"; fi
echo "e2e-package: the tarball runs from $work/bin/lookout; the tuned JVM options apply and can be overridden"

# --- The class-data archive: made by the build for the build's tree, left out of the tarball
# (its paths are the build's), made where the tarball was unpacked by lib/make-cds, and used:
# -Xshare:on makes a JVM that cannot map it fail instead of running without it.
[ -s "$dist/lib/lookout.jsa" ] || fail "the build made no class-data archive in $dist/lib"
LOOKOUT_JAVA_OPTS=-Xshare:on "$dist/bin/lookout" --version >/dev/null \
  || fail "the build tree's launcher cannot use its class-data archive"
unpacked="$work/unpacked/lookout-$version"
[ ! -e "$unpacked/lib/lookout.jsa" ] || fail "the tarball carries the build's class-data archive"
"$unpacked/lib/make-cds" >"$work/make-cds.txt" 2>&1 || { cat "$work/make-cds.txt" >&2; fail "lib/make-cds"; }
LOOKOUT_JAVA_OPTS=-Xshare:on "$work/bin/lookout" --version | grep -qxF "lookout $version" \
  || fail "the unpacked tarball's launcher cannot use the archive lib/make-cds made"
echo "e2e-package: class-data archive: $(cat "$work/make-cds.txt")"

# --- The Debian package.
deb=$(packaging/deb/build-deb.sh "$dist" "$dist/..")
echo "e2e-package: built $deb ($(du -m "$deb" | cut -f1) MiB)"
DEBIAN_FRONTEND=noninteractive dpkg -i --force-confold "$deb" >"$work/dpkg.log" 2>&1 \
  || { cat "$work/dpkg.log" >&2; fail "dpkg -i"; }
for f in /opt/lookout/bin/lookout /opt/lookout/runtime/bin/java /lib/systemd/system/lookout.service; do
  [ -x "$f" ] || [ -f "$f" ] || fail "the package did not install $f"
done
[ "$(readlink /usr/bin/lookout)" = /opt/lookout/bin/lookout ] || fail "/usr/bin/lookout is not the launcher"
dpkg-query --showformat='${Conffiles}\n' --show lookout | grep -q ' /etc/lookout/lookout.yaml ' \
  || fail "/etc/lookout/lookout.yaml is not a conffile"
[ "$(stat -c '%U:%G %a' /etc/lookout/lookout.yaml)" = "root:lookout 640" ] \
  || fail "/etc/lookout/lookout.yaml is $(stat -c '%U:%G %a' /etc/lookout/lookout.yaml), not root:lookout 640"
[ "$(stat -c '%U:%G' /var/lib/lookout)" = "lookout:lookout" ] || fail "/var/lib/lookout is not the service's"
[ "$(id -u lookout)" -lt 1000 ] || fail "the user lookout is not a system user"
LOOKOUT_JAVA_OPTS=-Xshare:on lookout --version >/dev/null \
  || fail "postinst made no class-data archive /opt/lookout can use"
echo "e2e-package: dpkg -i installed /opt/lookout, /usr/bin/lookout, the unit, the conffile and /var/lib/lookout"

# --- The installed config as the unit reads it: uid and gid lookout, no supplementary groups.
as_lookout() { setpriv --reuid=lookout --regid=lookout --clear-groups -- "$@"; }
(cd / && as_lookout lookout check -c /etc/lookout/lookout.yaml) >"$work/check.txt" 2>&1 \
  || { cat "$work/check.txt" >&2; fail "lookout check as the user lookout"; }
(cd / && as_lookout lookout check) >"$work/check.txt" 2>&1 \
  || { cat "$work/check.txt" >&2; fail "lookout check (default path) as the user lookout"; }
code=0
(cd / && setpriv --reuid=nobody --regid=nogroup --clear-groups -- lookout check -c /etc/lookout/lookout.yaml) \
  >"$work/check.txt" 2>&1 || code=$?
[ "$code" = 2 ] || { cat "$work/check.txt" >&2; fail "a user outside the group lookout read the config (exit $code)"; }
printf 'targets:\n  - {name: broken, htp: {}}\n' >"$work/broken.yaml"
code=0
lookout check -c "$work/broken.yaml" >/dev/null 2>&1 || code=$?
[ "$code" = 2 ] || fail "lookout check passed a broken file (exit $code): ExecReload would not refuse it"
echo "e2e-package: as uid/gid lookout (setpriv, no other groups) lookout check reads /etc/lookout/lookout.yaml;" \
  "nobody cannot; a broken file is exit 2"

# --- TLS, DNS and name resolution from the installed runtime: `lookout once`.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Lookout CI CA" \
  -keyout "$work/ca.key" -out "$work/ca.pem" >/dev/null 2>&1
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=localhost" \
  -keyout "$work/server.key" -out "$work/server.csr" >/dev/null 2>&1
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >"$work/ext.cnf"
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial \
  -days 2 -extfile "$work/ext.cnf" -out "$work/server.pem" >/dev/null 2>&1
cat >"$work/https.py" <<'PY'
import http.server, ssl, sys
class Ok(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"ok\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.minimum_version = ssl.TLSVersion.TLSv1_3
ctx.load_cert_chain(sys.argv[2], sys.argv[3])
server = http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Ok)
server.socket = ctx.wrap_socket(server.socket, server_side=True)
server.serve_forever()
PY
python3 "$work/https.py" 19443 "$work/server.pem" "$work/server.key" >"$work/https.log" 2>&1 &
pids+=($!)
wait_for 10 "the https server" curl -sf --cacert "$work/ca.pem" https://127.0.0.1:19443/
run_dnsmasq --host-record=app.example.test,203.0.113.10

cat >"$work/once.yaml" <<YAML
agent: {listen: 127.0.0.1:19475, state_dir: $work/state, labels: {env: ci}}
defaults: {interval: 1s, timeout: 5s}
targets:
  - name: https-by-name
    http: {url: "https://localhost:19443/", ca_file: $work/ca.pem}
    expect: {status: [200], body_contains: "ok"}
  - name: https-by-ip
    http: {url: "https://127.0.0.1:19443/", ca_file: $work/ca.pem}
    expect: {status: [200]}
  - name: tls-cert
    tls: {host: localhost, port: 19443, ca_file: $work/ca.pem}
    expect: {days_left_above: 0}
  - name: dns-record
    dns: {name: app.example.test, resolvers: ["127.0.0.1:$PORT"], types: [A], timeout: 2s, retries: 0}
    expect: {A: [203.0.113.10]}
YAML
expect_once "$work/once.yaml" 0 "4 targets, 4 passed"
echo "e2e-package: lookout once from the package: https (TLS 1.3, private CA), tls, dns via dnsmasq, exit 0"

# --- `lookout run` from the package: epoll, logback from an XML file, endpoints, SIGTERM.
cat >"$work/logback.xml" <<XML
<configuration>
  <appender name="file" class="ch.qos.logback.core.FileAppender">
    <file>$work/agent-logback.log</file>
    <encoder><pattern>CI %level %logger{0} %msg%n</pattern></encoder>
  </appender>
  <root level="INFO"><appender-ref ref="file"/></root>
</configuration>
XML
LOOKOUT_JAVA_OPTS="-Dlogback.configurationFile=$work/logback.xml" lookout run -c "$work/once.yaml" \
  >"$work/run.log" 2>&1 &
agent=$!
pids+=($agent)
wait_for 30 "the agent's /readyz" curl -sf http://127.0.0.1:19475/readyz
wait_for 20 "all four targets up in /metrics" sh -c \
  '[ "$(curl -s http://127.0.0.1:19475/metrics | grep -c "^lookout_probe_success{.*} 1.0")" -ge 4 ]'
grep -q 'libnetty_transport_native_epoll' "/proc/$agent/maps" || fail "the agent does not use native epoll"
wait_for 10 "logback's file appender" grep -q '^CI INFO' "$work/agent-logback.log"
grep -qxF -- "-XX:+UseSerialGC" <(tr '\0' '\n' <"/proc/$agent/cmdline") || fail "run without the tuned options"
LOOKOUT_CONFIG="$work/once.yaml" packaging/docker/healthcheck || fail "the Docker HEALTHCHECK against a live agent"
kill -TERM "$agent"
code=0
wait "$agent" || code=$?
[ "$code" = 0 ] || { cat "$work/run.log" >&2; fail "SIGTERM: exit $code"; }
if LOOKOUT_CONFIG="$work/once.yaml" packaging/docker/healthcheck 2>/dev/null; then
  fail "the Docker HEALTHCHECK passes with no agent running"
fi
echo "e2e-package: lookout run from the package: native epoll, no JFR, logback.xml via LOOKOUT_JAVA_OPTS," \
  "4 targets up, the Docker HEALTHCHECK script passes (and fails once it stops), SIGTERM exit 0"

# --- The unit, where systemd runs it.
state=$(systemctl is-system-running 2>/dev/null || true)
if [ "$state" = running ] || [ "$state" = degraded ]; then
  systemctl daemon-reload
  systemctl start lookout
  wait_for 30 "the service's /healthz" curl -sf http://127.0.0.1:9464/healthz
  systemctl is-active -q lookout || fail "lookout.service is not active"
  cp /etc/lookout/lookout.yaml "$work/good.yaml"
  printf 'targets:\n  - {name: broken, htp: {}}\n' >/etc/lookout/lookout.yaml
  if systemctl reload lookout 2>/dev/null; then fail "systemctl reload accepted an invalid config"; fi
  cp "$work/good.yaml" /etc/lookout/lookout.yaml
  curl -sf http://127.0.0.1:9464/healthz >/dev/null || fail "the agent stopped after a refused reload"
  systemctl reload lookout
  systemctl stop lookout
  echo "e2e-package: systemctl start lookout, /healthz answers, a broken config fails systemctl reload, stop"
else
  pid1=$(ps -o comm= -p 1 2>/dev/null || echo unknown)
  echo "e2e-package: NOT RUN: the unit itself (systemctl start, /healthz, reload): systemd is not" \
    "running here (systemctl is-system-running: ${state:-no answer}; PID 1 is $pid1)"
fi

# --- Removal keeps the config and the state.
mkdir -p /var/lib/lookout/outbox
DEBIAN_FRONTEND=noninteractive dpkg -r lookout >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log" >&2; fail "dpkg -r"; }
[ ! -e /opt/lookout ] && [ ! -e /usr/bin/lookout ] || fail "dpkg -r left /opt/lookout or /usr/bin/lookout"
[ -f /etc/lookout/lookout.yaml ] || fail "dpkg -r removed /etc/lookout/lookout.yaml"
[ -d /var/lib/lookout/outbox ] || fail "dpkg -r removed the state in /var/lib/lookout"
echo "e2e-package: dpkg -r removed /opt/lookout and kept /etc/lookout/lookout.yaml and /var/lib/lookout"
if [ "$had_etc" = no ]; then
  dpkg -P lookout >/dev/null 2>&1
  [ ! -e /etc/lookout/lookout.yaml ] && [ ! -e /var/lib/lookout ] || fail "dpkg -P left config or state"
  echo "e2e-package: dpkg -P removed them (this machine had no /etc/lookout before)"
fi
echo "e2e-package: ok"
