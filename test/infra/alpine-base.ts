// An Alpine-shaped stand-in for node:24-alpine, built without Docker Hub or an Alpine mirror (CI
// reaches neither): a deterministic root filesystem (rootfs.ts) fed to `docker import`
// (imported-image.ts). It has what Dockerfiles and agent skills written for Upstream's Alpine image
// rely on: /etc/os-release with ID=alpine and /etc/alpine-release, /bin/sh = busybox ash, no bash,
// git, curl or jq (node:24-alpine has none), node 24 at /usr/local/bin/node (no npm), a `node` user
// and group 1000 with home /home/node, root as the default user, and a working /sbin/apk that
// installs git, bash, curl, jq, ca-certificates, openssh-client, ripgrep and github-cli from a
// repository baked into the image (stand-in-packages.ts): RUN steps in CI have no network.
//
// What it is not: its binaries are this Debian machine's, linked against glibc (the glibc libraries
// sit in /lib/x86_64-linux-gnu). Only the marks of musl are there, so that libc detection says musl
// as on real Alpine: /lib/ld-musl-x86_64.so.1, a symlink to the glibc loader, and Alpine's
// /usr/bin/ldd script (musl-utils), which runs that loader with --list and so works. npm 11 decides
// by that script's content, so an npm in this image would pick -musl optional packages, whose
// native modules this glibc node could not load. node itself still reports glibc (process.report's
// glibcVersionRuntime).
import { importOnce, once, oncePerKey, pushByDigest } from './imported-image.ts';
import { addBaseLayout, addBusyboxApplets, copyLibraries, findNode24, Rootfs } from './rootfs.ts';
import { addPackageManager } from './stand-in-packages.ts';

const ALPINE_VERSION = '3.22.0';
const GLIBC_LOADER = 'lib64/ld-linux-x86-64.so.2';
// Debian's busybox has applets Alpine's lacks; a package-manager check must not find dpkg or rpm.
const NOT_ON_ALPINE = ['dpkg', 'dpkg-deb', 'rpm', 'rpm2cpio'];
const PATH_ENV = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'; // as in node:24-alpine
// No USER: root is the default user, as in the official image.
const CHANGES = [`ENV PATH=${PATH_ENV}`, 'CMD ["node"]'];

const OS_RELEASE = `NAME="Alpine Linux"
ID=alpine
VERSION_ID=${ALPINE_VERSION}
PRETTY_NAME="Alpine Linux v${ALPINE_VERSION.split('.').slice(0, 2).join('.')} (cloud-run-agent stand-in)"
HOME_URL="https://alpinelinux.org/"
`;
// apk itself ignores these (stand-in/apk.sh installs from the baked repository); they are here for
// Dockerfiles that edit them, e.g. `sed -i s/dl-cdn.alpinelinux.org/.../ /etc/apk/repositories`.
const REPOSITORIES = `https://dl-cdn.alpinelinux.org/alpine/v3.22/main
https://dl-cdn.alpinelinux.org/alpine/v3.22/community
`;

function addEtc(fs: Rootfs): void {
  fs.write('etc/os-release', OS_RELEASE);
  fs.write('etc/alpine-release', `${ALPINE_VERSION}\n`);
  // As the official image creates it: adduser -u 1000 -G node -s /bin/sh -D node.
  fs.write('etc/passwd', 'root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000::/home/node:/bin/sh\n');
  fs.write('etc/group', 'root:x:0:root\nnode:x:1000:node\n');
  fs.write('etc/nsswitch.conf', 'passwd: files\ngroup: files\nhosts: files dns\n'); // for glibc
  fs.write('etc/apk/repositories', REPOSITORIES);
  fs.write('etc/apk/world', '');
}

async function rootfs(): Promise<Buffer> {
  const node = await findNode24();
  const fs = new Rootfs();
  addBaseLayout(fs);
  await fs.copy('usr/local/bin/node', node);
  await copyLibraries(fs, [node]);
  if (!fs.has(GLIBC_LOADER)) throw new Error(`node does not load ${GLIBC_LOADER}: update alpine-base.ts`);
  fs.symlink('lib/ld-musl-x86_64.so.1', `/${GLIBC_LOADER}`); // the marks of musl (see the top)
  fs.write('usr/bin/ldd', '#!/bin/sh\nexec /lib/ld-musl-x86_64.so.1 --list "$@"\n', 0o755);
  await addBusyboxApplets(fs, NOT_ON_ALPINE); // bin/sh is busybox's ash, as on Alpine
  addEtc(fs);
  await addPackageManager(fs, 'alpine');
  return fs.tar();
}

/** The local tag of the Alpine stand-in (`cra-alpine-base:<key>`), imported when this engine lacks it. */
export const localAlpineBase = once(() =>
  importOnce({ repository: 'cra-alpine-base', changes: CHANGES, rootfs }),
);

const pushAlpineBase = oncePerKey(async (registryHost: string) =>
  pushByDigest(await localAlpineBase(), `${registryHost}/library/node:24-alpine`),
);

/**
 * The Alpine stand-in for node:24-alpine: pushed to the registry at `registryHost`
 * (`127.0.0.1:PORT`) and named by digest there, `<registryHost>/library/node@sha256:...`; without a
 * registry, its local tag, usable in `FROM` for builds on the same engine.
 */
export function ensureAlpineBase(registryHost?: string): Promise<string> {
  return registryHost ? pushAlpineBase(registryHost) : localAlpineBase();
}
