#!/usr/bin/env bash
# The shipped web-server configurations, for real: docs/deploy/ with its paths
# substituted, served by Debian's nginx and apache2 on 127.0.0.1, checked by
# tests/hosting/check.py. The servers are stopped on exit, whatever happens.
#
#   tests/hosting/run.sh PUBLIC_DIR
#
# PUBLIC_DIR: the sample site built with --base-url …/cchc/ --compress.
# Needs: nginx, libnginx-mod-http-brotli-static, apache2, python3 brotli.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$(pwd)
OUT=$(cd "${1:?usage: tests/hosting/run.sh PUBLIC_DIR}" && pwd)
DEPLOY=$REPO/docs/deploy
NGINX_PORT=${NGINX_PORT:-18080}
APACHE_PORT=${APACHE_PORT:-18081}
HTACCESS_PORT=${HTACCESS_PORT:-18082}
WORK=$(mktemp -d)
chmod 755 "$WORK"

stop() {
  [ -f "$WORK/nginx/nginx.pid" ] && kill "$(cat "$WORK/nginx/nginx.pid")" 2>/dev/null || true
  [ -f "$WORK/apache/httpd.pid" ] && kill "$(cat "$WORK/apache/httpd.pid")" 2>/dev/null || true
  sleep 1
}
trap stop EXIT

# The site as published: /var/www/cchc/ of the configurations.
mkdir -p "$WORK/www" "$WORK/ht" "$WORK/nginx" "$WORK/apache"
cp -a "$OUT" "$WORK/www/cchc"
cp -a "$OUT" "$WORK/ht/cchc"
cp "$DEPLOY/htaccess" "$WORK/ht/cchc/.htaccess"
chmod -R a+rX "$WORK"

# --- nginx: nginx-cchc.conf in a server block of its own -----------------
for f in headers types; do cp "$DEPLOY/nginx-$f.conf" "$WORK/nginx/loa-$f.conf"; done
sed -e "s#snippets/loa-#$WORK/nginx/loa-#g" -e "s#root /var/www;#root $WORK/www;#" "$DEPLOY/nginx-cchc.conf" > "$WORK/nginx/cchc.conf"
sed -e "s#snippets/loa-#$WORK/nginx/loa-#g" -e "s#root /var/www/cchc;#root $WORK/www/cchc;#" \
    -e "s#listen 80;#listen 127.0.0.1:$((NGINX_PORT + 10));#" -e "/listen \[::\]:80;/d" "$DEPLOY/nginx-server.conf" > "$WORK/nginx/server.conf"
cat > "$WORK/nginx/nginx.conf" <<CONF
load_module /usr/lib/nginx/modules/ngx_http_brotli_static_module.so;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx/tmp;
    proxy_temp_path $WORK/nginx/tmp;
    fastcgi_temp_path $WORK/nginx/tmp;
    uwsgi_temp_path $WORK/nginx/tmp;
    scgi_temp_path $WORK/nginx/tmp;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        server_name localhost;
        include $WORK/nginx/cchc.conf;
    }
    include $WORK/nginx/server.conf;
}
CONF
echo "nginx -t (nginx-cchc.conf and nginx-server.conf)"
nginx -t -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx/"
nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx/"

# --- Apache: apache-vhost.conf + apache-rules.conf, and the .htaccess -----
MODULES=/usr/lib/apache2/modules
sed -e "s#/var/www/cchc#$WORK/www/cchc#g" "$DEPLOY/apache-rules.conf" > "$WORK/apache/loa-rules.conf"
sed -e "s#<VirtualHost \*:80>#<VirtualHost *:$APACHE_PORT>#" -e "s#/var/www/cchc#$WORK/www/cchc#g" \
    -e "s#/var/www/html#$WORK/www#" -e "s#/etc/apache2/loa-rules.conf#$WORK/apache/loa-rules.conf#" \
    "$DEPLOY/apache-vhost.conf" > "$WORK/apache/vhost.conf"
cat > "$WORK/apache/httpd.conf" <<CONF
ServerRoot $WORK/apache
DefaultRuntimeDir $WORK/apache
PidFile $WORK/apache/httpd.pid
ErrorLog $WORK/apache/error.log
LogLevel warn
ServerName localhost
User www-data
Group www-data
LoadModule mpm_event_module $MODULES/mod_mpm_event.so
LoadModule authz_core_module $MODULES/mod_authz_core.so
LoadModule mime_module $MODULES/mod_mime.so
LoadModule dir_module $MODULES/mod_dir.so
LoadModule alias_module $MODULES/mod_alias.so
LoadModule rewrite_module $MODULES/mod_rewrite.so
LoadModule headers_module $MODULES/mod_headers.so
LoadModule filter_module $MODULES/mod_filter.so
LoadModule deflate_module $MODULES/mod_deflate.so
TypesConfig /etc/mime.types
# As Debian's deflate.conf: on-the-fly compression stays on; the shipped
# rules must keep it off the precompressed files.
AddOutputFilterByType DEFLATE text/html text/plain text/xml text/css text/javascript application/javascript application/rss+xml application/xml
Listen 127.0.0.1:$APACHE_PORT
Listen 127.0.0.1:$HTACCESS_PORT
<Directory />
    AllowOverride None
    Require all denied
</Directory>
Include $WORK/apache/vhost.conf
<VirtualHost *:$HTACCESS_PORT>
    DocumentRoot $WORK/ht
    <Directory $WORK/ht>
        Require all granted
        AllowOverride All
    </Directory>
</VirtualHost>
CONF
echo "apachectl -t (apache-vhost.conf, apache-rules.conf, htaccess)"
apachectl -f "$WORK/apache/httpd.conf" -t
apache2 -f "$WORK/apache/httpd.conf" -k start

for port in "$NGINX_PORT" "$APACHE_PORT" "$HTACCESS_PORT"; do
  for _ in $(seq 50); do
    if python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null; then break; fi
    sleep 0.1
  done
done

status=0
python3 tests/hosting/check.py "$OUT" /cchc/ \
  nginx=http://127.0.0.1:$NGINX_PORT \
  apache-vhost=http://127.0.0.1:$APACHE_PORT \
  apache-htaccess=http://127.0.0.1:$HTACCESS_PORT || status=$?
if [ "$status" != 0 ]; then
  echo "--- nginx error log"; cat "$WORK/nginx/error.log" || true
  echo "--- apache error log"; cat "$WORK/apache/error.log" || true
fi
exit "$status"
