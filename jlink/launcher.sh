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
# glibc malloc: one arena, freed memory kept (oneDNN's per-call buffers are then reused instead of
# being mapped and page-faulted in again; see Launcher.MALLOC_ENV and docs/benchmarks.md, section 'Malloc settings')
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-1}"
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-4294967296}"
export MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-4294967296}"
# shellcheck disable=SC2086 # the options are separate words and hold no spaces
exec "$app/lib/runtime/bin/java" $opts -cp "$lib/ddpm-explorer.jar" org.ddpmexplorer.app.Launcher "$@"
