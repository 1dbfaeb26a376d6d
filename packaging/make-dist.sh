#!/usr/bin/env bash
# Builds the runnable distribution from the shaded jar (run by Maven in agent's `package` phase):
#   agent/target/lookout-<version>/     bin/lookout, lib/lookout.jar, runtime/ (jlink), config
#                                       examples, the systemd unit, THIRD-PARTY.txt, licences/
#   agent/target/lookout-<version>.tar.gz
#
#   make-dist.sh VERSION TARGET_DIR JAVA_HOME LOCAL_REPOSITORY RUNTIME_CLASSPATH
#
# The runtime holds the modules `jdeps` finds in the jar, minus the ones only unused code paths
# need, plus the providers that are looked up by name at run time and that jdeps cannot see.
set -euo pipefail
trap 'echo "$0: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

version=$1 target=$2 jdk=$3 repo=$4 classpath=$5
root=$(cd "$(dirname "$0")/.." && pwd)
name=lookout-$version
out=$target/$name
jar=$target/lookout.jar
started=$(date +%s%N)

rm -rf "$out" "$target/$name.tar.gz"
mkdir -p "$out/bin" "$out/lib" "$out/licences"

# Licence notices, in parallel with jdeps and jlink (see ThirdParty.java).
"$jdk/bin/java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC "$root/packaging/ThirdParty.java" \
  "$out" "$repo" "$version" "$classpath" &
notices=$!

# The runtime's modules. jdeps on the jar (run alongside jlink, below) must find nothing outside
# this list but the modules that only code Lookout never reaches needs:
#   java.compiler  Vert.x's compiling class loader for Java-source verticles
#   java.desktop   java.beans, for SnakeYAML's JavaBean mapping and a Micrometer binder
#                  (and jakarta.activation's AWT data flavours: mail content handlers the
#                  mail_delivery check never calls; it reads headers only)
#   java.sql       Micrometer's database table binder
#   jdk.jfr        Netty's buffer events, switched off at start (io.netty.jfr.enabled=false)
# Some are looked up by name at run time, so jdeps cannot see them:
#   jdk.crypto.ec  elliptic-curve key exchange and signatures for TLS (SunEC)
#   jdk.naming.dns JNDI's DNS provider, dnsjava's last resort to find the system's resolvers
#   java.xml       logback's XML configuration, when a logback file is given
#   java.security.sasl  Angus Mail (IMAP/SMTP AUTH), in the pom for the mail delivery check
# (jdk.localedata is not needed: messages are English and formats use Locale.ROOT.)
# .ci/e2e-package.sh runs the agent on the result: TLS, DNS, epoll, logback, reload.
modules=java.base,java.naming,java.net.http,java.security.sasl,java.xml,jdk.crypto.ec,jdk.management,jdk.naming.dns,jdk.unsupported
unused="java.compiler java.desktop java.sql jdk.jfr"
"$jdk/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 17 "$jar" \
  >"$target/jdeps-modules.txt" &
jdeps=$!

"$jdk/bin/jlink" --add-modules "$modules" --output "$out/runtime" \
  --strip-debug --no-man-pages --no-header-files --compress=2 --generate-cds-archive >/dev/null
# The archive for heaps over 32 GiB (no compressed oops) is 11 MiB a small agent never maps.
rm -f "$out/runtime/lib/server/classes_nocoops.jsa"

wait "$jdeps"
missing=$(tr ',' '\n' <"$target/jdeps-modules.txt" \
  | grep -vxF -f <(tr ', ' '\n\n' <<<"$modules $unused") || true)
if [ -n "$missing" ]; then
  echo "make-dist: jdeps finds modules the runtime leaves out: $missing." >&2
  echo "  Add them to 'modules' in $0 (or to 'unused', saying why)." >&2
  exit 1
fi

# A JDK packaged by Debian keeps these as symlinks into /etc, and jlink leaves them out: without
# cacerts every certificate would be untrusted. Copy the build JDK's files (as a JDK tarball does).
for f in cacerts blocked.certs public_suffix_list.dat default.policy; do
  if [ ! -e "$out/runtime/lib/security/$f" ] && [ -e "$jdk/lib/security/$f" ]; then
    cp -L "$jdk/lib/security/$f" "$out/runtime/lib/security/$f"
  fi
done
[ -s "$out/runtime/lib/security/cacerts" ] || { echo "make-dist: no cacerts in $jdk" >&2; exit 1; }

install -m 0644 "$jar" "$out/lib/lookout.jar"
install -m 0755 "$root/packaging/bin/lookout" "$out/bin/lookout"
install -m 0755 "$root/packaging/bin/make-cds" "$out/lib/make-cds"
cp -r "$root/config-examples" "$out/config-examples"
mkdir -p "$out/systemd"
install -m 0644 "$root/systemd/lookout.service" "$out/systemd/lookout.service"
install -m 0644 "$root/README.md" "$out/README.md"

# The class-data archive for this tree (lib/make-cds: a few seconds of the agent), alongside the
# rest.
"$out/lib/make-cds" >"$target/make-cds.txt" 2>&1 &
cds=$!

wait "$notices" || { echo "make-dist: the licence notices failed" >&2; exit 1; }

# The tarball goes wherever its user unpacks it: without the class-data archive, which is only
# good where it was made (lib/make-cds makes one there). The archive made here serves this tree
# (the README's run command) and the benchmark.
tar -C "$target" --exclude="$name/lib/lookout.jsa" --exclude="$name/lib/lookout.jsa.jar" \
  -cf - "$name" | gzip -1 >"$target/$name.tar.gz"
wait "$cds" || { cat "$target/make-cds.txt" >&2; echo "make-dist: lib/make-cds failed" >&2; exit 1; }
cat "$target/make-cds.txt"

"$out/bin/lookout" --version | grep -qxF "lookout $version" \
  || { echo "make-dist: $out/bin/lookout --version does not say lookout $version" >&2; exit 1; }
ms=$((($(date +%s%N) - started) / 1000000))
times >"$target/make-dist-times.txt" # the script's and its children's user and system CPU time
cpu=$(tail -1 "$target/make-dist-times.txt")
echo "make-dist: $out ($(du -sm "$out" | cut -f1) MiB) and $name.tar.gz" \
  "($(du -m "$target/$name.tar.gz" | cut -f1) MiB) in $ms ms (CPU: $cpu)"
