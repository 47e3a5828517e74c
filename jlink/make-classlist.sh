#!/usr/bin/env bash
# Regenerates jlink/app.classlist, the classes the AppCDS archive holds (see cds-dump.sh): the
# built app image is started in a virtual display and the classes it loads in its first
# seconds (the window, the hidden tabs, the bundled model) are recorded. Rerun after large UI
# changes; classes that no longer exist are skipped by the dump with a warning.
#   jlink/make-classlist.sh [APP_IMAGE_DIR] [SECONDS]     (needs xvfb-run)
set -euo pipefail
cd "$(dirname "$0")/.."
app=$(cd "${1:-target/dist/ddpm-explorer}" && pwd -P)
secs=${2:-15}
opts=$(sed -n 's/^java-options=//p' "$app/lib/app/ddpm-explorer.cfg" | grep -v -e 'SharedArchiveFile' | tr '\n' ' ')
out=$(mktemp)
# shellcheck disable=SC2086
timeout "$secs" xvfb-run -a -s "-screen 0 1600x1000x24" "$app/lib/runtime/bin/java" $opts \
  -XX:DumpLoadedClassList="$out" -cp "$app/lib/app/ddpm-explorer.jar" org.ddpmexplorer.app.Launcher >/dev/null 2>&1 || true
# generated proxies and hidden classes cannot be archived from a list
grep -v -e '^jdk/proxy' -e '\$\$Lambda' "$out" > jlink/app.classlist
rm -f "$out"
echo "jlink/app.classlist: $(grep -vc '^#' jlink/app.classlist) classes"
