#!/usr/bin/env bash
# Serves a build of the handbook on your laptop with the shipped nginx config (deploy/nginx.conf),
# rendered for that build, exactly as the container image does but without root or Docker.
#
#   Usage, from the repository root:  labs/self-hosting/serve-local.sh [dist dir] [base path]
#   Defaults: dist, /handbook/. PORT (default 8080) and WORK_DIR (default /tmp/handbook-nginx) too.
#   Stop it with Ctrl-C.
set -euo pipefail

dist="${1:-dist}"
base="${2:-/handbook/}"
port="${PORT:-8080}"
work="${WORK_DIR:-/tmp/handbook-nginx}"

[ -f "$dist/index.html" ] || { echo "no build in $dist: run the build first" >&2; exit 1; }
# Debian puts nginx in /usr/sbin, which is not on a normal user's PATH.
nginx="$(command -v nginx || true)"
if [ -z "$nginx" ] && [ -x /usr/sbin/nginx ]; then nginx=/usr/sbin/nginx; fi
[ -n "$nginx" ] || { echo "nginx is not installed (Debian/Ubuntu: sudo apt-get install -y nginx)" >&2; exit 1; }
dist="$(cd "$dist" && pwd)"

# The work folder is recreated on every run; refuse to delete anything that is not an earlier one.
if [ -e "$work" ] && [ ! -f "$work/nginx.conf" ]; then
  echo "$work exists and is not an earlier run's folder: set WORK_DIR to a new path" >&2
  exit 1
fi
rm -rf "$work"

# The CSP and the base path come from this build: render the config the image would get.
mkdir -p "$work/html" "$work/temp"
node scripts/render-nginx.mjs "$dist" "$base" "$work/conf.d"

# The image copies the build to <root><base path>; a symbolic link does the same here.
if [ "$base" = "/" ]; then
  rmdir "$work/html"
  ln -s "$dist" "$work/html"
else
  target="$work/html${base%/}"
  mkdir -p "$(dirname "$target")"
  ln -s "$dist" "$target"
fi

# Three lines differ from the image: the listen address, the web root and where the include lives.
sed -e "s|listen 8080;|listen 127.0.0.1:${port};|" \
    -e "s|root /usr/share/nginx/html;|root ${work}/html;|" \
    -e "s|/etc/nginx/conf.d/|${work}/conf.d/|g" \
    "$work/conf.d/default.conf" > "$work/conf.d/default.conf.local"
mv "$work/conf.d/default.conf.local" "$work/conf.d/default.conf"

# nginx's mime.types sits in a different place on Debian, Fedora and Homebrew.
for types in /etc/nginx/mime.types /opt/homebrew/etc/nginx/mime.types /usr/local/etc/nginx/mime.types; do
  if [ -f "$types" ]; then cp "$types" "$work/mime.types"; break; fi
done
[ -f "$work/mime.types" ] || { echo "cannot find nginx's mime.types" >&2; exit 1; }

cp "$(dirname "$0")/nginx-local.conf" "$work/nginx.conf"
"$nginx" -t -q -e stderr -p "$work" -c "$work/nginx.conf"
echo "serving $dist at http://localhost:${port}${base} (Ctrl-C stops nginx)"
exec "$nginx" -e stderr -p "$work" -c "$work/nginx.conf" -g 'daemon off;'
