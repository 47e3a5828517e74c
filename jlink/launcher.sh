#!/bin/sh
# DDPM Explorer's launcher (bin/ddpm-explorer of the app image): the GUI with no arguments, a
# headless command otherwise. It starts the bundled runtime with the JVM options of
# lib/app/ddpm-explorer.cfg, which jpackage wrote. It replaces jpackage's native launcher,
# which asks rpm and dpkg on every start whether it was installed from a package
# ("dpkg -S" reads the whole package database: about 0.4 s of each launch on this machine).
self=$(readlink -f "$0")
app=$(dirname "$(dirname "$self")")
lib="$app/lib/app"
# one option per line in the .cfg; $APPDIR is the folder of the .cfg (as jpackage defines it)
opts=$(sed -n "s#^java-options=##p" "$lib/ddpm-explorer.cfg" | sed "s#\\\$APPDIR#$lib#g")
# The class-data-sharing archive (jlink/cds-dump.sh): the one beside the jar (the .deb's postinst
# writes it there), else one in the user's cache, named after the jar's path, size and time
# stamp. The first start of the GUI without one writes it in the background, at low priority, for
# the next starts; until it exists (or if it does not match) the JVM starts without sharing.
cds="$lib/ddpm-explorer.jsa"
if [ ! -f "$cds" ]; then
  jar="$lib/ddpm-explorer.jar"
  key=$(printf '%s %s' "$jar" "$(stat -c '%s %Y' "$jar" 2>/dev/null)" | cksum | cut -d ' ' -f 1)
  cache="${XDG_CACHE_HOME:-$HOME/.cache}/ddpm-explorer"
  cds="$cache/cds-$key.jsa"
  if [ $# -eq 0 ] && [ ! -f "$cds" ] && [ -z "$DDPM_NO_CDS_DUMP" ] && mkdir -p "$cache" 2>/dev/null; then
    (nice -n 19 sh "$lib/cds-dump.sh" "$app" "$cds" </dev/null >/dev/null 2>&1 &)
  fi
fi
opts="$opts -XX:SharedArchiveFile=$cds"
# glibc malloc: one arena, freed memory kept (oneDNN's per-call buffers are then reused instead of
# being mapped and page-faulted in again; see Launcher.MALLOC_ENV and docs/benchmarks.md, section 'Malloc settings')
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-1}"
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-4294967296}"
export MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-4294967296}"
# shellcheck disable=SC2086 # the options are separate words and hold no spaces
exec "$app/lib/runtime/bin/java" $opts -cp "$lib/ddpm-explorer.jar" org.ddpmexplorer.app.Launcher "$@"
