# Shared by the apk and apt-get stand-ins of cloud-run-agent's test images (apk.sh, apt-get.sh;
# built by test/infra/stand-in-packages.ts). POSIX sh: it runs under busybox ash and dash.
#
# The "repository" is baked into the image, since RUN steps in CI have no network: $PKG_REPO/INDEX
# lists "name version" lines; $PKG_REPO/<name>.tar holds a package's files (paths relative to /)
# and $PKG_REPO/<name>.list the same paths, one a line. Installing extracts the tar and copies the
# list to $PKG_DB/<name>, which is how the stand-ins know what is installed.

PKG_REPO=/usr/share/stand-in-pkg
PKG_DB=/var/lib/stand-in-pkg/installed

# Prints the version of package $1 in index $2 (the repository's by default); fails if it has none.
pkg_version() {
  [ -r "${2:-$PKG_REPO/INDEX}" ] || return 1
  awk -v name="$1" '$1 == name { print $2; found = 1 } END { exit !found }' "${2:-$PKG_REPO/INDEX}"
}

pkg_installed() {
  [ -e "$PKG_DB/$1" ]
}

# The installed packages, one a line.
pkg_list_installed() {
  ls "$PKG_DB"
}

# A package name without a version constraint: git=2.45.2-r0, git>2, git~2 and git@edge are git.
pkg_strip_version() {
  name=${1%%[=<>~]*}
  echo "${name%%@*}"
}

pkg_install() {
  tar -xf "$PKG_REPO/$1.tar" -C / && cp "$PKG_REPO/$1.list" "$PKG_DB/$1"
}

# Removes package $1's files that no other installed package lists, then its directories, deepest
# first, as far as they are empty.
pkg_remove() {
  list=$(mktemp)
  mv "$PKG_DB/$1" "$list"
  while read -r path; do
    if [ -d "/$path" ] && [ ! -L "/$path" ]; then continue; fi
    if grep -qxF "$path" "$PKG_DB"/* 2>/dev/null; then continue; fi
    rm -f "/$path"
  done <"$list"
  sort -r "$list" | while read -r path; do
    if [ -d "/$path" ] && [ ! -L "/$path" ]; then rmdir "/$path" 2>/dev/null || true; fi
  done
  rm -f "$list"
}
