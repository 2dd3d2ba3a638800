#!/usr/bin/env bash
# Lighthouse on one page of every kind the default theme writes.
#
#   tests/lighthouse/kinds.sh PUBLIC_DIR BASE_URL [SHOTS_DIR]
#
# `site-audit lighthouse` audits at most 10 pages, chosen as the home page and
# one page per top-level folder, so article pages, leaflets, taxonomy terms,
# activities and paginated lists are rarely among them. This script copies the
# built site once per group of page kinds, keeps only the home page and that
# group's pages as HTML (every stylesheet, script, picture and index stays),
# and runs `site-audit lighthouse` on each copy. It fails when any page
# scores under site-audit's minimums. Not in .ci/run: Lighthouse takes about
# ten seconds a page and its performance score needs an idle machine.
set -euo pipefail
public=$(cd "$1" && pwd)
base_url=$2
shots=${3:-${TMPDIR:-/tmp}/loa-lighthouse}
audit=${SITE_AUDIT:-$(cd "$(dirname "$0")/../.." && pwd)/../shared/tools/site-audit/site-audit}
base_path=/${base_url#*://*/}
[ "$base_path" = "//" ] && base_path=/

first() { (cd "$public" && find . -path "$1" -name index.html | LC_ALL=C sort | head -1 | sed 's|^\./||'); }
article=$(cd "$public" && find . -mindepth 3 -name index.html -path './tin-tuc/*' ! -path '*/to-roi/*' ! -path '*/trang/*' | LC_ALL=C sort | head -1 | sed 's|^\./||')
groups=(
  "$article $(first '*/to-roi/*') $(first './linh-vuc/*/*') $(first './chu-de/*/*') $(first './don-vi/*/*')"
  "lich/index.html $(first './lich/*/*') tim-kiem/index.html $(first '*/trang/2/*') linh-vuc/index.html"
)
status=0
for i in "${!groups[@]}"; do
  copy=$(mktemp -d)
  cp -a "$public/." "$copy/"
  keep="index.html ${groups[$i]}"
  # Every page not kept is removed, so site-audit's sample is exactly these.
  (cd "$copy" && find . -name '*.html' | sed 's|^\./||' | while read -r page; do
     case " $keep " in *" $page "*) ;; *) rm "$page" ;; esac
   done)
  echo "== group $((i + 1)): $keep"
  "$audit" lighthouse "$copy" --base-url "$base_url" --base-path "$base_path" --pages 10 --shots "$shots/group-$((i + 1))" || status=1
  rm -rf "$copy"
done
exit $status
