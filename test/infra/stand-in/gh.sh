#!/bin/sh
# GitHub CLI stand-in, in the github-cli (Alpine) and gh (Debian) packages of cloud-run-agent's
# test images. Debian 12 has a gh package (2.23), but the tests could not use it for real: they
# have no network and no GitHub. So this script answers --version, and fails clearly otherwise.
case "${1:-}" in
--version | version)
  echo "gh version 0.0.0-stand-in (cloud-run-agent test image)"
  echo "https://github.com/cli/cli/releases/latest"
  exit 0
  ;;
esac
echo "gh: this is a stand-in without GitHub access (cloud-run-agent test image): gh $* is not implemented" >&2
exit 1
