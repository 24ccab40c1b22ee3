#!/usr/bin/env bash
# Refreshes web/api-docs/ from the npm package swagger-ui-dist. Usage: scripts/update_swagger_ui.sh VERSION
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:?usage: scripts/update_swagger_ui.sh VERSION}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack "swagger-ui-dist@$version" >/dev/null && tar xzf swagger-ui-dist-*.tgz)
for f in swagger-ui-bundle.js swagger-ui.css LICENSE NOTICE swagger-ui-bundle.js.LICENSE.txt; do
  cp "$tmp/package/$f" web/api-docs/
done
sed -i -e 's|^//# sourceMappingURL=.*$||' -e 's|^/\*# sourceMappingURL=.*\*/$||' \
  web/api-docs/swagger-ui-bundle.js web/api-docs/swagger-ui.css
sed -i "s|\`swagger-ui-dist\` \*\*[^*]*\*\*|\`swagger-ui-dist\` **$version**|" web/api-docs/README.md
echo "web/api-docs: swagger-ui-dist $version"
