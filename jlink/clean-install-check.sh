#!/usr/bin/env bash
# Installs the .deb on a clean Debian 12 (a minimal debootstrap chroot: no JDK, no Maven, no X
# libraries until the package pulls them in) and runs it there: headless commands, sampling
# from the bundled model (the engine's natives unpack on first use), and the GUI on an X display
# of the host. Needs root, debootstrap and network access to a Debian mirror.
#   jlink/clean-install-check.sh DEB [CHROOT_DIR]
set -euo pipefail
deb=$(realpath "$1")
root=${2:-/tmp/ddpm-clean-root}
if [[ ! -x "$root/bin/sh" ]]; then
  debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >/dev/null
fi
mount -t proc proc "$root/proc"; mount --bind /sys "$root/sys"; mount --bind /dev "$root/dev"
mkdir -p "$root/tmp/.X11-unix"; mount --bind /tmp/.X11-unix "$root/tmp/.X11-unix"
cleanup() { for m in tmp/.X11-unix dev sys proc; do umount -l "$root/$m" 2>/dev/null || true; done; }
trap cleanup EXIT
cp "$deb" "$root/tmp/app.deb"
in_root() { chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"; }
in_root sh -c 'command -v java mvn && { echo "not a clean system: java or mvn present"; exit 1; } || true'
# the menu entry's tools look for the desktop's menu folders (as on a desktop system)
in_root mkdir -p /usr/share/desktop-directories /etc/xdg/menus /usr/share/applications
in_root sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq /tmp/app.deb >/tmp/apt.log 2>&1 || { tail -20 /tmp/apt.log; exit 1; }'
echo "installed: $(in_root dpkg-query -W -f='${Package} ${Version} ${Status}' ddpm-explorer)"
in_root test -s /opt/ddpm-explorer/lib/app/ddpm-explorer.jsa && echo "CDS archive written by postinst"
in_root /opt/ddpm-explorer/bin/ddpm-explorer schedule --type cosine --steps 4
in_root /opt/ddpm-explorer/bin/ddpm-explorer sample --model pretrained --sampler ddim --steps 10 --count 4 --seed 1 --out /tmp/s --grid /tmp/s/grid.png
in_root sh -c 'ls /tmp/s | wc -l'
if [[ -n "${DISPLAY:-}" ]]; then
  in_root sh -c "DISPLAY=$DISPLAY /opt/ddpm-explorer/bin/ddpm-explorer >/tmp/gui.log 2>&1 & echo \$! > /tmp/gui.pid"
  sleep "${GUI_WAIT:-15}"
  if xdotool search --onlyvisible --name "DDPM Explorer" >/dev/null; then echo "GUI window is up"; else echo "no GUI window"; in_root cat /tmp/gui.log; fi
  [[ -n "${SHOT:-}" ]] && import -window root "$SHOT"
  kill "$(cat "$root/tmp/gui.pid")" 2>/dev/null || true
fi
