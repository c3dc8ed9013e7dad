// A Debian-shaped stand-in for node:24-slim (bookworm), built without Docker Hub or a Debian
// mirror: a deterministic root filesystem (rootfs.ts) fed to `docker import` (imported-image.ts).
// Like the real image it has /etc/os-release with ID=debian VERSION_ID=12, glibc, node 24 at
// /usr/local/bin/node, /bin/sh = dash, bash (essential in Debian, so preinstalled), no git, curl
// or jq, a `node` user 1000 with home /home/node, root as the default user, and a working
// /usr/bin/apt-get that installs git, bash, curl, jq, ca-certificates, openssh-client, ripgrep and
// gh from a repository baked into the image (stand-in-packages.ts): RUN steps in CI have no
// network. As on the real image, `apt-get install` needs an `apt-get update` first.
//
// The other commands (ls, tar, id, ...) are busybox applets rather than coreutils, and there is
// no dpkg: the stand-in apt-get keeps its own record of installed packages.
//
// Compared with node-base.ts (the minimal node:24-slim stand-in that project-mode tests use), this
// image adds dash, apt-get and the repository: it is for tests of how images are provisioned.
import { importOnce, once, oncePerKey, pushByDigest } from './imported-image.ts';
import { addBaseLayout, addBusyboxApplets, copyLibraries, findNode24, Rootfs } from './rootfs.ts';
import { addPackageManager } from './stand-in-packages.ts';

const DASH = '/bin/dash';
// Not on Debian: busybox's own shell names (sh is dash), and its dpkg and rpm applets.
const NOT_ON_DEBIAN = ['ash', 'dpkg', 'dpkg-deb', 'rpm', 'rpm2cpio'];
const PATH_ENV = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'; // as in node:24-slim
// No USER: root is the default user, as in the official image.
const CHANGES = [`ENV PATH=${PATH_ENV}`, 'CMD ["node"]'];

const OS_RELEASE = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm) (cloud-run-agent stand-in)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
`;

function addEtc(fs: Rootfs): void {
  fs.write('etc/os-release', OS_RELEASE);
  fs.write('etc/debian_version', '12.11\n');
  // As the official image creates it: useradd --uid 1000 --gid node --shell /bin/bash --create-home node.
  fs.write('etc/passwd', 'root:x:0:0:root:/root:/bin/bash\nnode:x:1000:1000::/home/node:/bin/bash\n');
  fs.write('etc/group', 'root:x:0:\nnode:x:1000:\n');
  fs.write('etc/nsswitch.conf', 'passwd: files\ngroup: files\nhosts: files dns\n');
  fs.dir('var/lib/apt/lists'); // empty, as the official image leaves it: `apt-get update` fills it
}

async function rootfs(): Promise<Buffer> {
  const node = await findNode24();
  const fs = new Rootfs();
  addBaseLayout(fs);
  await fs.copy('usr/local/bin/node', node);
  await fs.copy('bin/dash', DASH);
  fs.symlink('bin/sh', 'dash');
  await copyLibraries(fs, [node, DASH]);
  await addBusyboxApplets(fs, NOT_ON_DEBIAN);
  addEtc(fs);
  await addPackageManager(fs, 'debian', ['bash']);
  return fs.tar();
}

/** The local tag of the Debian stand-in (`cra-debian-base:<key>`), imported when this engine lacks it. */
export const localDebianBase = once(() =>
  importOnce({ repository: 'cra-debian-base', changes: CHANGES, rootfs }),
);

// Not library/node:24-slim: node-base.ts pushes its own image under that name.
const pushDebianBase = oncePerKey(async (registryHost: string) =>
  pushByDigest(await localDebianBase(), `${registryHost}/library/node:24-bookworm-slim`),
);

/**
 * The Debian stand-in for node:24-slim: pushed to the registry at `registryHost` (`127.0.0.1:PORT`)
 * and named by digest there, `<registryHost>/library/node@sha256:...`; without a registry, its
 * local tag, usable in `FROM` for builds on the same engine.
 */
export function ensureDebianBase(registryHost?: string): Promise<string> {
  return registryHost ? pushDebianBase(registryHost) : localDebianBase();
}
