#!/bin/sh
# apk stand-in for cloud-run-agent's Alpine-shaped test image (test/infra/alpine-base.ts). It
# installs from the package repository baked into the image (lib.sh) and implements what
# Dockerfiles use, with apk's messages and exit statuses:
#   apk add [--no-cache] [--update|-U] [--virtual|-t NAME] PKG...   apk del PKG...
#   apk update   apk upgrade (nothing to upgrade)   apk info [-e] [PKG...]
# As in apk, /etc/apk/world lists what was asked for (a --virtual NAME stands for its packages)
# and add/del then install or purge whatever the world needs or no longer needs.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. /usr/share/stand-in-pkg/lib.sh

WORLD=/etc/apk/world
VIRTUALS=/var/lib/stand-in-pkg/virtual # one file per virtual package, listing its packages

require_root() {
  [ "$(id -u)" = 0 ] && return
  echo 'ERROR: Unable to lock database: Permission denied' >&2
  echo 'ERROR: Failed to open apk database: Permission denied' >&2
  exit 99
}

# Progress output, which --quiet silences.
say() {
  [ -n "$quiet" ] || echo "$@"
}

fetch_index() {
  say "fetch file://$PKG_REPO/INDEX (stand-in for the Alpine repositories)"
}

# The packages the world needs: its names, with each virtual one replaced by its packages.
required() {
  while read -r name; do
    if [ -f "$VIRTUALS/$name" ]; then cat "$VIRTUALS/$name"; else echo "$name"; fi
  done <"$WORLD" | sort -u
}

# Installs what the world needs and purges what it no longer does, numbering the steps as apk does.
apply_world() {
  needed=$(required)
  installs=''
  for name in $needed; do pkg_installed "$name" || installs="$installs $name"; done
  purges=''
  for name in $(pkg_list_installed); do
    echo "$needed" | grep -qxF "$name" || purges="$purges $name"
  done
  total=$(echo "$installs $purges" | wc -w)
  step=0
  for name in $purges; do
    step=$((step + 1))
    say "($step/$total) Purging $name ($(pkg_version "$name"))"
    pkg_remove "$name"
  done
  for name in $installs; do
    step=$((step + 1))
    say "($step/$total) Installing $name ($(pkg_version "$name"))"
    pkg_install "$name" || exit 1
  done
  say "OK: $(pkg_list_installed | wc -l) packages installed (stand-in apk)"
}

add_to_world() {
  grep -qxF "$1" "$WORLD" || echo "$1" >>"$WORLD"
}

cmd_add() {
  missing=''
  for name in "$@"; do pkg_version "$name" >/dev/null || missing="$missing $name"; done
  if [ -n "$missing" ]; then
    echo 'ERROR: unable to select packages:' >&2
    for name in $missing; do
      echo "  $name (no such package):" >&2
      echo "    required by: ${virtual:-world}[$name]" >&2
    done
    exit 1
  fi
  if [ -n "$virtual" ]; then
    mkdir -p "$VIRTUALS"
    printf '%s\n' "$@" >"$VIRTUALS/$virtual"
    add_to_world "$virtual"
  else
    for name in "$@"; do add_to_world "$name"; done
  fi
  apply_world
}

cmd_del() {
  for name in "$@"; do
    if ! grep -qxF "$name" "$WORLD"; then
      echo "WARNING: $name is not in the world (stand-in apk)" >&2
      continue
    fi
    grep -vxF "$name" "$WORLD" >"$WORLD.new" || true
    mv "$WORLD.new" "$WORLD"
    rm -f "$VIRTUALS/$name"
  done
  apply_world
}

cmd_info() {
  if [ -n "$installed_only" ]; then
    status=0
    for name in "$@"; do if pkg_installed "$name"; then echo "$name"; else status=1; fi; done
    exit $status
  fi
  if [ $# -eq 0 ]; then pkg_list_installed; else for name in "$@"; do echo "$name-$(pkg_version "$name")"; done; fi
}

command=''
virtual=''
update=''
quiet=''
installed_only=''
names=''
while [ $# -gt 0 ]; do
  case "$1" in
  --update | -U | --update-cache) update=1 ;;
  --no-cache) update=1 ;; # apk fetches the indexes afresh when it may not cache them
  --quiet | -q) quiet=1 ;;
  --no-progress | --verbose | -v | --upgrade | -u | --latest | -l | --allow-untrusted) ;;
  --virtual | -t)
    [ $# -ge 2 ] || { echo "apk: $1 needs a name" >&2 && exit 1; }
    virtual=$2
    shift
    ;;
  --virtual=*) virtual=${1#--virtual=} ;;
  -e | --installed) installed_only=1 ;;
  --version | -V)
    echo 'apk-tools 2.14 stand-in (cloud-run-agent test image), compiled for x86_64.'
    exit 0
    ;;
  -*)
    echo "apk (stand-in): unsupported option $1" >&2
    exit 1
    ;;
  *) if [ -z "$command" ]; then command=$1; else names="$names $(pkg_strip_version "$1")"; fi ;;
  esac
  shift
done
# shellcheck disable=SC2086 # package names have no spaces: split them into arguments
set -- $names

case "$command" in
add)
  [ $# -gt 0 ] || { echo 'apk add: no packages given' >&2 && exit 1; }
  require_root
  if [ -n "$update" ]; then fetch_index; fi
  cmd_add "$@"
  ;;
del)
  require_root
  cmd_del "$@"
  ;;
update)
  require_root
  fetch_index
  echo "v3.22 stand-in [file://$PKG_REPO]"
  echo "OK: $(wc -l <"$PKG_REPO/INDEX") distinct packages available"
  ;;
upgrade)
  require_root
  if [ -n "$update" ]; then fetch_index; fi
  echo "OK: $(pkg_list_installed | wc -l) packages installed (stand-in apk)"
  ;;
info) cmd_info "$@" ;;
*)
  echo "apk (stand-in): unknown command '$command'; it implements add, del, update, upgrade and info" >&2
  exit 1
  ;;
esac
