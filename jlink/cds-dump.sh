#!/bin/sh
# Writes the app image's class-data-sharing archive (AppCDS), lib/app/ddpm-explorer.jsa: the
# JDK, JavaFX and app classes the window needs, pre-parsed and pre-verified, mapped at launch
# instead of loaded one by one (about a second less before the window appears).
#   cds-dump.sh APP_IMAGE_DIR
# Run by the build (mvn -Pdist package) and by the .deb's postinst: the archive records the
# jar's absolute path, so it must be written where the app is installed. If it is missing or
# does not match, the JVM silently starts without it.
set -e
app=$(cd "$1" && pwd -P)
lib="$app/lib/app"
# the launcher's own JVM options (module exports and the like), but not the archive itself
opts=$(sed -n 's/^java-options=//p' "$lib/ddpm-explorer.cfg" | grep -v -e 'SharedArchiveFile' -e '^-Djpackage' | tr '\n' ' ')
rm -f "$lib/ddpm-explorer.jsa"
# shellcheck disable=SC2086 # the options are separate words
"$app/lib/runtime/bin/java" -Xshare:dump -XX:SharedClassListFile="$lib/app.classlist" \
  -XX:SharedArchiveFile="$lib/ddpm-explorer.jsa" $opts -cp "$lib/ddpm-explorer.jar" > "${CDS_LOG:-/dev/null}" 2>&1
test -s "$lib/ddpm-explorer.jsa"
