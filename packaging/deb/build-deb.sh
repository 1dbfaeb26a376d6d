#!/usr/bin/env bash
# Builds the Debian package from the distribution the Maven build made:
#   packaging/deb/build-deb.sh agent/target/lookout-<version> OUT_DIR   -> OUT_DIR/lookout_<v>_amd64.deb
# /opt/lookout (the distribution), /usr/bin/lookout, /lib/systemd/system/lookout.service and
# /etc/lookout/lookout.yaml (a conffile); postinst adds the user lookout and /var/lib/lookout.
# Needs only dpkg-deb (in dpkg, on every Debian), run as any user.
set -euo pipefail
trap 'echo "$0: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

dist=$(cd "$1" && pwd)
out=$(mkdir -p "$2" && cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
name=$(basename "$dist")
version=${name#lookout-}
debversion=${version//-/\~}   # 0.1.0-SNAPSHOT sorts before 0.1.0 as 0.1.0~SNAPSHOT

root=$(mktemp -d)
chmod 0755 "$root"
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/opt" "$root/usr/bin" "$root/lib/systemd/system" "$root/etc/lookout" \
  "$root/usr/share/doc/lookout" "$root/DEBIAN"
cp -a "$dist" "$root/opt/lookout"
# The build's class-data archive holds the build's paths: postinst makes one for /opt/lookout.
rm -f "$root/opt/lookout/lib/lookout.jsa" "$root/opt/lookout/lib/lookout.jsa.jar"
ln -s /opt/lookout/bin/lookout "$root/usr/bin/lookout"
install -m 0644 "$dist/systemd/lookout.service" "$root/lib/systemd/system/lookout.service"
install -m 0640 "$here/lookout.yaml" "$root/etc/lookout/lookout.yaml"
{
  echo "Lookout $version: the libraries and the Java runtime it bundles, and their licences, are"
  echo "listed in /opt/lookout/THIRD-PARTY.txt (files in /opt/lookout/licences and"
  echo "/opt/lookout/runtime/legal)."
} >"$root/usr/share/doc/lookout/copyright"

size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$debversion/" -e "s/@SIZE@/$size/" "$here/control" >"$root/DEBIAN/control"
install -m 0644 "$here/conffiles" "$root/DEBIAN/conffiles"
for s in postinst prerm postrm; do install -m 0755 "$here/$s" "$root/DEBIAN/$s"; done

deb="$out/lookout_${debversion}_amd64.deb"
dpkg-deb --root-owner-group -Zgzip --build "$root" "$deb" >/dev/null
echo "$deb"
