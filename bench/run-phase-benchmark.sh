#!/usr/bin/env bash
# Lookout's http phases next to curl's (time_connect, time_appconnect, time_total; median of
# BENCH_RUNS, default 20) for the same request on loopback. Against nginx when it is installed
# (apt-get install nginx-light: TLS 1.3 with session tickets, as in production), else against a
# Vert.x HTTPS server with TLS 1.3 only. Prints numbers; asserts nothing.
# Usage: bench/run-phase-benchmark.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl agent test-compile
cpfile=$(mktemp)
mvn -B -q -pl agent dependency:build-classpath -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=test
cp="agent/target/test-classes:agent/target/classes:$(cat "$cpfile")"
props=()
if command -v nginx >/dev/null; then
  dir=$(mktemp -d)
  trap '[ -f "$dir/nginx.pid" ] && kill "$(cat "$dir/nginx.pid")"; rm -rf "$dir"' EXIT
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/key.pem" -out "$dir/cert.pem" -days 2 \
    -subj "/CN=api.bazaar.test" -addext "subjectAltName=DNS:api.bazaar.test" 2>/dev/null
  http=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  https=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  cat >"$dir/nginx.conf" <<CONF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $dir/body; proxy_temp_path $dir/proxy; fastcgi_temp_path $dir/fcgi;
  uwsgi_temp_path $dir/uwsgi; scgi_temp_path $dir/scgi;
  server { listen 127.0.0.1:$http; location / { return 200 "ok\n"; } }
  server {
    listen 127.0.0.1:$https ssl;
    ssl_certificate $dir/cert.pem; ssl_certificate_key $dir/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    location / { return 200 "ok\n"; }
  }
}
CONF
  nginx -c "$dir/nginx.conf"
  props=(-Dbench.url="https://api.bazaar.test:$https/" -Dbench.plainUrl="http://api.bazaar.test:$http/"
    -Dbench.ca="$dir/cert.pem" -Dbench.connectTo=127.0.0.1)
fi
java ${BENCH_JAVA_OPTS:-} -Dbench.runs="${BENCH_RUNS:-20}" "${props[@]}" \
  -Dlogback.configurationFile=agent/src/test/resources/logback-test.xml \
  -cp "$cp" dev.lookout.bench.PhaseBenchmark
