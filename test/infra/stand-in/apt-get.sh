#!/bin/sh
# apt-get stand-in for cloud-run-agent's Debian-shaped test image (test/infra/debian-base.ts). It
# installs from the package repository baked into the image (lib.sh) and implements what
# Dockerfiles use, with apt's messages and exit statuses:
#   apt-get update   apt-get install [-y] [--no-install-recommends] PKG...
#   apt-get remove|purge PKG...   apt-get clean|autoclean|autoremove (nothing to do)
# As on a real node:24-slim, whose package lists are deleted, `install` knows no package until
# `update` has copied the index to /var/lib/apt/lists (and `rm -rf /var/lib/apt/lists/*` forgets it).
# shellcheck source-path=SCRIPTDIR source=lib.sh
. /usr/share/stand-in-pkg/lib.sh

LISTS=/var/lib/apt/lists
PACKAGES=$LISTS/stand-in_Packages

# apt's words when it cannot take its lock as a non-root user; $1 is the lock file.
require_root() {
  [ "$(id -u)" = 0 ] && return
  echo "E: Could not open lock file $1 - open (13: Permission denied)" >&2
  case "$1" in
  $LISTS/*) echo "E: Unable to lock directory $LISTS/" >&2 ;;
  *) echo "E: Unable to acquire the dpkg frontend lock ($1), are you root?" >&2 ;;
  esac
  exit 100
}

reading_state() {
  echo 'Reading package lists...'
  echo 'Building dependency tree...'
  echo 'Reading state information...'
}

# Fails with apt's message, listing every name the downloaded lists do not have.
require_known() {
  unknown=0
  for name in "$@"; do
    if ! pkg_version "$name" "$PACKAGES" >/dev/null; then
      echo "E: Unable to locate package $name" >&2
      unknown=1
    fi
  done
  [ $unknown = 0 ] || exit 100
}

cmd_update() {
  require_root $LISTS/lock
  echo "Get:1 file:$PKG_REPO stand-in InRelease"
  mkdir -p $LISTS
  cp "$PKG_REPO/INDEX" "$PACKAGES"
  echo 'Reading package lists...'
}

cmd_install() {
  require_root /var/lib/dpkg/lock-frontend
  reading_state
  require_known "$@"
  new=''
  for name in "$@"; do
    if pkg_installed "$name"; then
      echo "$name is already the newest version ($(pkg_version "$name"))."
    else
      case " $new " in *" $name "*) ;; *) new="$new $name" ;; esac
    fi
  done
  count=$(echo "$new" | wc -w)
  if [ "$count" -gt 0 ]; then
    echo 'The following NEW packages will be installed:'
    echo " $new"
  fi
  echo "0 upgraded, $count newly installed, 0 to remove and 0 not upgraded."
  for name in $new; do
    echo "Unpacking $name ($(pkg_version "$name")) ..."
    pkg_install "$name" || exit 100
    echo "Setting up $name ($(pkg_version "$name")) ..."
  done
}

cmd_remove() {
  require_root /var/lib/dpkg/lock-frontend
  reading_state
  gone=''
  for name in "$@"; do
    if pkg_installed "$name"; then
      gone="$gone $name"
    else
      require_known "$name" # installed packages are known without the lists, others are not
      echo "Package '$name' is not installed, so not removed"
    fi
  done
  if [ -n "$gone" ]; then
    echo 'The following packages will be REMOVED:'
    echo " $gone"
  fi
  echo "0 upgraded, 0 newly installed, $(echo "$gone" | wc -w) to remove and 0 not upgraded."
  for name in $gone; do
    echo "Removing $name ($(pkg_version "$name")) ..."
    pkg_remove "$name"
  done
}

command=''
names=''
while [ $# -gt 0 ]; do
  case "$1" in
  -y | --yes | --assume-yes | -q | -qq | --quiet | --no-install-recommends | --no-install-suggests) ;;
  --fix-missing | -f | --fix-broken | --purge | --auto-remove | --autoremove | --reinstall) ;;
  -o)
    shift # -o Key=Value: apt configuration, nothing the stand-in uses
    ;;
  -o*) ;;
  -*)
    echo "E: Command line option '$1' is not understood by the apt-get stand-in (cloud-run-agent test image)" >&2
    exit 100
    ;;
  *) if [ -z "$command" ]; then command=$1; else names="$names $(pkg_strip_version "$1")"; fi ;;
  esac
  shift
done
# shellcheck disable=SC2086 # package names have no spaces: split them into arguments
set -- $names

case "$command" in
update) cmd_update ;;
install) cmd_install "$@" ;;
remove | purge) cmd_remove "$@" ;;
clean | autoclean | autoremove) require_root /var/lib/dpkg/lock-frontend ;;
'')
  echo 'E: No operation given (the apt-get stand-in implements update, install, remove, purge, clean)' >&2
  exit 100
  ;;
*)
  echo "E: Invalid operation $command" >&2
  exit 100
  ;;
esac
