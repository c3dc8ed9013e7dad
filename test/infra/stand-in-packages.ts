// The package manager of the stand-in base images (alpine-base.ts, debian-base.ts): an `apk` or
// `apt-get` shell script (stand-in/) and a package repository baked into the image, because RUN
// steps in CI have no network and there is no Alpine or Debian mirror to reach anyway.
//
// Each package is made from this machine's own Debian files: the paths its recipe names (e.g.
// /usr/bin/git and /usr/lib/git-core), plus every shared library their ELF binaries link (ldd)
// that the base image lacks. Its version is the Debian package's (dpkg-query), so the index says
// what was really copied. The repository, /usr/share/stand-in-pkg, holds INDEX ("name version"
// lines), <name>.tar and <name>.list (the tar's paths, minus the base image's directories, for
// removal); stand-in/lib.sh reads it. It plays the remote mirror, so it is not under /var/cache,
// which Dockerfiles clean (`rm -rf /var/cache/apk/*`). Everything is deterministic, like the rest
// of the rootfs.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { isElf, Rootfs, sharedLibraries } from './rootfs.ts';

const run = promisify(execFile);

export type Family = 'alpine' | 'debian';

interface Recipe {
  alpine: string; // the package's name in Alpine's repositories
  debian: string; // its name in Debian's
  dpkg?: string; // the Debian package on this machine whose files it copies (and version it reports)
  paths?: string[]; // files and directories copied from this machine, to the same paths
  scripts?: Record<string, string>; // image path -> script in stand-in/ (for a package without dpkg)
}

const RECIPES: Recipe[] = [
  { alpine: 'bash', debian: 'bash', dpkg: 'bash', paths: ['/bin/bash'] },
  {
    alpine: 'ca-certificates',
    debian: 'ca-certificates',
    dpkg: 'ca-certificates',
    paths: ['/etc/ssl/certs/ca-certificates.crt'], // the bundle curl and git read (Alpine has it there too)
  },
  { alpine: 'curl', debian: 'curl', dpkg: 'curl', paths: ['/usr/bin/curl'] },
  {
    alpine: 'git',
    debian: 'git',
    dpkg: 'git',
    // git-core is git's compiled-in exec path (remote-https, sh-setup, ...); templates serve git init.
    paths: ['/usr/bin/git', '/usr/lib/git-core', '/usr/share/git-core/templates'],
  },
  // No GitHub CLI binary: a script that answers --version and fails clearly otherwise (stand-in/gh.sh).
  { alpine: 'github-cli', debian: 'gh', scripts: { '/usr/bin/gh': 'gh.sh' } },
  { alpine: 'jq', debian: 'jq', dpkg: 'jq', paths: ['/usr/bin/jq'] },
  {
    alpine: 'openssh-client',
    debian: 'openssh-client',
    dpkg: 'openssh-client',
    paths: ['/usr/bin/ssh', '/usr/bin/scp', '/usr/bin/ssh-keygen', '/usr/bin/ssh-keyscan'],
  },
  { alpine: 'ripgrep', debian: 'ripgrep', dpkg: 'ripgrep', paths: ['/usr/bin/rg'] },
];

const SCRIPT_VERSION = '0.0.0-stand-in';
const REPOSITORY_DIR = 'usr/share/stand-in-pkg';
const INSTALLED_DIR = 'var/lib/stand-in-pkg/installed';

/** What each family calls its package manager, and where the image has it. */
const FRONT_ENDS: Record<Family, { path: string; script: string }> = {
  alpine: { path: 'sbin/apk', script: 'apk.sh' },
  debian: { path: 'usr/bin/apt-get', script: 'apt-get.sh' },
};

interface Package {
  name: string;
  version: string;
  files: Rootfs;
}

const script = (name: string) => readFile(new URL(`./stand-in/${name}`, import.meta.url), 'utf8');

/** The version of Debian package `dpkg` installed on this machine. */
async function debianVersion(dpkg: string): Promise<string> {
  try {
    return (await run('dpkg-query', ['--show', '--showformat=${Version}', dpkg])).stdout.trim();
  } catch {
    throw new Error(`${dpkg} is not installed on this machine: apt-get install ${dpkg} (.ci/run does)`);
  }
}

/** The recipe's files, with the libraries its ELF files link that `base` does not have. */
async function packageFiles(recipe: Recipe, base: Rootfs): Promise<Rootfs> {
  const files = new Rootfs();
  for (const path of recipe.paths ?? []) await files.copyTree(path, path);
  for (const [path, name] of Object.entries(recipe.scripts ?? {}))
    files.write(path, await script(name), 0o755);
  const elves = [...files.entries.values()].filter((e) => e.type === 'file' && isElf(e.data));
  for (const elf of elves)
    for (const lib of await sharedLibraries(`/${elf.path}`))
      if (!base.has(lib) && !files.has(lib)) await files.copy(lib, lib);
  return files;
}

async function buildPackage(recipe: Recipe, family: Family, base: Rootfs): Promise<Package> {
  const version = recipe.dpkg ? await debianVersion(recipe.dpkg) : SCRIPT_VERSION;
  return { name: recipe[family], version, files: await packageFiles(recipe, base) };
}

/** The paths `apk del` / `apt-get remove` may remove: the package's, minus the base's directories. */
function fileList(pkg: Package, base: Rootfs): string {
  const paths = pkg.files.sorted().filter((e) => !(e.type === 'dir' && base.has(e.path)));
  return paths.map((e) => `${e.path}\n`).join('');
}

/** Unpacks `pkg` into `base` and records it as installed, as if the base image came with it. */
function preinstall(base: Rootfs, pkg: Package): void {
  for (const entry of pkg.files.sorted())
    if (!(entry.type === 'dir' && base.has(entry.path))) base.entries.set(entry.path, entry);
}

/**
 * Adds the family's package manager to `base`: the front-end script (/sbin/apk or
 * /usr/bin/apt-get), lib.sh, the repository of every recipe's package under the family's names,
 * and the empty installed database, except for the `preinstalled` packages (unpacked into `base`).
 * Call it last: packages leave out the libraries `base` already has.
 */
export async function addPackageManager(
  base: Rootfs,
  family: Family,
  preinstalled: string[] = [],
): Promise<void> {
  const packages = await Promise.all(RECIPES.map((r) => buildPackage(r, family, base)));
  const lists = new Map(packages.map((p) => [p.name, fileList(p, base)]));
  const repo = (name: string) => `${REPOSITORY_DIR}/${name}`;
  base.write(repo('INDEX'), packages.map((p) => `${p.name} ${p.version}\n`).join(''));
  for (const pkg of packages) {
    base.write(repo(`${pkg.name}.tar`), pkg.files.tar());
    base.write(repo(`${pkg.name}.list`), lists.get(pkg.name) ?? '');
  }
  base.write(repo('lib.sh'), await script('lib.sh'));
  base.write(FRONT_ENDS[family].path, await script(FRONT_ENDS[family].script), 0o755);
  base.dir(INSTALLED_DIR);
  for (const name of preinstalled) {
    const pkg = packages.find((p) => p.name === name);
    if (!pkg) throw new Error(`no package ${name} to preinstall`);
    preinstall(base, pkg);
    base.write(`${INSTALLED_DIR}/${name}`, lists.get(name) ?? '');
  }
}
