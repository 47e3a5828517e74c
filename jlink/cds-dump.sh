#!/bin/sh
# Writes a class-data-sharing archive (AppCDS) for the app image: the JDK, JavaFX and app
# classes a launch needs (jlink/app.classlist), pre-parsed and pre-verified, mapped at launch
# instead of loaded one by one (0.3 to 0.8 s less before the window appears).
#   cds-dump.sh APP_IMAGE_DIR [ARCHIVE]     (ARCHIVE: APP_IMAGE_DIR/lib/app/ddpm-explorer.jsa)
# The app image ships without one (it is 56 MB): the .deb's postinst writes it where the
# package installs, and bin/ddpm-explorer writes one into the user's cache on the first start of
# the GUI (jlink/launcher.sh). The archive records the jar's absolute path and time stamp; if it
# is missing or does not match, the JVM silently starts without it.
set -e
app=$(cd "$1" && pwd -P)
lib="$app/lib/app"
out=${2:-$lib/ddpm-explorer.jsa}
# the launcher's own JVM options (module exports and the like), but not the archive itself
opts=$(sed -n 's/^java-options=//p' "$lib/ddpm-explorer.cfg" | grep -v -e 'SharedArchiveFile' -e '^-Djpackage' | tr '\n' ' ')
tmp="$out.$$.tmp"
trap 'rm -f "$tmp"' EXIT
# shellcheck disable=SC2086 # the options are separate words
"$app/lib/runtime/bin/java" -Xshare:dump -XX:SharedClassListFile="$lib/app.classlist" \
  -XX:SharedArchiveFile="$tmp" $opts -cp "$lib/ddpm-explorer.jar" > "${CDS_LOG:-/dev/null}" 2>&1
test -s "$tmp"
# in one step: a launch never maps a half-written archive
mv -f "$tmp" "$out"
