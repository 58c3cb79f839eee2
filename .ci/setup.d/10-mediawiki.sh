#!/usr/bin/env bash
# A real MediaWiki for tests/mwlocal.py (the wiki face, site import, dumps): Debian's mediawiki
# package (1.39, with Cite, ParserFunctions, TemplateData, Interwiki bundled) and the PHP modules
# it needs on SQLite. Idempotent: apt-get does nothing when the packages are there.
# Developers: sudo apt-get install mediawiki php-cli php-sqlite3 php-mbstring php-intl php-xml
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
PKGS="mediawiki php-cli php-sqlite3 php-mbstring php-intl php-xml"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  apt-get install -y -qq --no-install-recommends $missing
fi
php -m | grep -i '^pdo_sqlite$' > /dev/null
test -f /usr/share/mediawiki/maintenance/install.php
