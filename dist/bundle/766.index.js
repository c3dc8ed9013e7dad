"use strict";
exports.id = 766;
exports.ids = [766];
exports.modules = {

/***/ 57766:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  findProjectImage: () => (/* binding */ findProjectImage),
  projectImage: () => (/* binding */ projectImage)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
var external_node_fs_default = /*#__PURE__*/__webpack_require__.n(external_node_fs_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./build/output/log.js
var log = __webpack_require__(20183);
// EXTERNAL MODULE: ./build/registry/distribution.js
var distribution = __webpack_require__(65377);
;// CONCATENATED MODULE: ./build/registry/append.js
// Appends layers to an image through the registry API, without Docker: the base's manifest and
// config, the base's layers made present in the target repository, the new layer and a new config
// uploaded, and a manifest of the base's family (Docker v2 schema 2 or OCI) put by tag. Nothing in
// the result depends on the time or the machine, so the same inputs give the same digest in any run.


/** When the base config has no `created`: a fixed time, never the current one. */
const EPOCH = '1970-01-01T00:00:00Z';
const FAMILIES = {
    docker: {
        manifest: distribution/* MEDIA_TYPES */.Z2.dockerManifest,
        config: 'application/vnd.docker.container.image.v1+json',
        layer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
    },
    oci: {
        manifest: distribution/* MEDIA_TYPES */.Z2.ociManifest,
        config: 'application/vnd.oci.image.config.v1+json',
        layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
    },
};
/** Appends `layer` to the base image, tags the result `target.tag`, and returns `host/name@digest`. */
function appendLayer(inputs) {
    const { layer, comment, ...rest } = inputs;
    return appendLayers({ ...rest, layers: [{ ...layer, comment: layer.comment ?? comment }] });
}
/** Appends `layers` in order, with one new config and manifest, tagged `target.tag`. */
async function appendLayers(inputs) {
    const { registry, target, layers } = inputs;
    const baseRegistry = inputs.base.registry ?? registry;
    registry.willPush(target.name);
    const base = 'manifest' in inputs.base
        ? inputs.base.manifest
        : await baseRegistry.getManifest(inputs.base.name, inputs.base.reference);
    const family = base.mediaType === distribution/* MEDIA_TYPES */.Z2.ociManifest ? FAMILIES.oci : FAMILIES.docker;
    const baseConfig = (await baseRegistry.readJsonBlob(inputs.base.name, base.json.config.digest));
    const appended = layers.reduce((config, layer, i) => appendedConfig(config, layer.diffId, i === layers.length - 1 ? (inputs.config ?? {}) : {}, layer.comment), baseConfig);
    const config = canonicalJson(appended);
    const configDigest = (0,distribution/* sha256 */.sc)(config);
    await Promise.all([
        baseLayersIn(inputs, base.json.layers),
        ...layers.map((layer) => uploadUnlessPresent(registry, target.name, layer.digest, () => {
            if (!layer.file)
                throw new Error(`${registry.host}/${target.name} lacks layer ${layer.digest}`);
            return (0,external_node_fs_.createReadStream)(layer.file);
        }, inputs.onProgress)),
        uploadUnlessPresent(registry, target.name, configDigest, () => config),
    ]);
    const manifest = canonicalJson({
        schemaVersion: 2,
        mediaType: family.manifest,
        config: { mediaType: family.config, digest: configDigest, size: config.length },
        layers: [
            ...base.json.layers,
            ...layers.map((layer) => ({ mediaType: family.layer, digest: layer.digest, size: layer.size })),
        ],
    });
    const digest = await registry.putManifest(target.name, target.tag, family.manifest, manifest);
    return `${registry.host}/${target.name}@${digest}`;
}
/** The base config with the layer's diff_id, one history entry and the changes; the base object is not modified. */
function appendedConfig(base, diffId, changes, comment) {
    const created = base.created ?? EPOCH;
    const history = { created, created_by: 'cloud-run-agent: append layer', ...(comment ? { comment } : {}) };
    return {
        ...base,
        config: changedRuntimeConfig(base.config ?? {}, changes),
        rootfs: { ...base.rootfs, type: 'layers', diff_ids: [...(base.rootfs?.diff_ids ?? []), diffId] },
        history: [...(base.history ?? []), history],
    };
}
function changedRuntimeConfig(base, changes) {
    const config = { ...base };
    if (changes.Env)
        config.Env = withEnv(base.Env ?? [], changes.Env);
    if (changes.Entrypoint) {
        config.Entrypoint = changes.Entrypoint;
        if (!changes.Cmd)
            delete config.Cmd; // the base's Cmd was arguments for the base's entrypoint
    }
    if (changes.Cmd)
        config.Cmd = changes.Cmd;
    if (changes.WorkingDir !== undefined)
        config.WorkingDir = changes.WorkingDir;
    if (changes.User !== undefined)
        config.User = changes.User;
    if (changes.Labels)
        config.Labels = { ...base.Labels, ...changes.Labels };
    return config;
}
/** `NAME=value` entries: a variable already set is replaced where it stands, a new one appended. */
function withEnv(env, changes) {
    const result = [...env];
    for (const [name, value] of Object.entries(changes)) {
        const at = result.findIndex((entry) => entry.split('=')[0] === name);
        if (at === -1)
            result.push(`${name}=${value}`);
        else
            result[at] = `${name}=${value}`;
    }
    return result;
}
/**
 * Makes the base's layers present in the target repository. In the base's own repository they are
 * by definition; elsewhere each is checked, then mounted (same registry) or copied.
 */
async function baseLayersIn(inputs, layers) {
    const from = { registry: inputs.base.registry ?? inputs.registry, name: inputs.base.name };
    const to = { registry: inputs.registry, name: inputs.target.name };
    if (from.registry.host === to.registry.host && from.name === to.name)
        return;
    await Promise.all(layers.map((layer) => (0,distribution/* copyBlob */.Z7)(from, to, layer.digest)));
}
async function uploadUnlessPresent(registry, name, digest, source, onProgress) {
    if (!(await registry.blobExists(name, digest)))
        await registry.uploadBlob(name, digest, source(), { onProgress });
}
/** JSON with every object's keys sorted and no whitespace: equal values always give equal bytes. */
function canonicalJson(value) {
    const sorted = (v) => {
        if (Array.isArray(v))
            return v.map(sorted);
        if (v === null || typeof v !== 'object')
            return v;
        const entries = Object.entries(v).filter(([, inner]) => inner !== undefined);
        return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, i]) => [k, sorted(i)]));
    };
    return Buffer.from(JSON.stringify(sorted(value)), 'utf8');
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(46466);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(38522);
;// CONCATENATED MODULE: ./build/registry/layer.js
// Deterministic image layers. A layer is a POSIX tar (ustar, with PAX records for long or
// non-ASCII names) of normalised entries: sorted by path, parents before children, owned by root,
// modes 0755/0644 (0755 for executables, 0777 for symlinks), one fixed mtime. The same files
// therefore always give the same tar, whatever their mtimes, owners or the order they were made in.
// The tar streams through sha256 (the diff_id), gzip and sha256 again (the blob digest) into a temp
// file, so a ~450 MB node_modules tree is never held in memory.
//
// The gzip bytes depend on the zlib build (another zlib may compress differently), so cache keys
// must use the diff_id (the uncompressed digest), never the blob digest.







/**
 * Every entry's mtime: 2000-01-01T00:00:00Z. Any fixed value keeps the tar stable; one after 1980
 * keeps tools that copy files into zip archives (whose dates start in 1980) working.
 */
const LAYER_MTIME = 946_684_800;
// Fixed gzip header: no name, mtime 0, no extra flags, OS 255 ("unknown"), so it never varies by machine.
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
const BLOCK = 512;
const READ_CHUNK = 1 << 20;
const BATCH = 256 << 10;
/** Writes the entries as a gzipped layer and returns its digests; see the file comment for the rules. */
async function writeLayer(entries, options = {}) {
    const items = normalise(entries);
    const file = external_node_path_default().join(options.dir ?? (0,external_node_os_.tmpdir)(), `cra-layer-${(0,external_node_crypto_.randomUUID)()}.tar.gz`);
    const tar = tally();
    const gzip = tally();
    try {
        await (0,external_node_stream_promises_.pipeline)(tar.tap(batches(tarChunks(items))), (0,external_node_zlib_.createDeflateRaw)({ level: options.level ?? 6 }), (deflated) => gzip.tap(gzipFrame(deflated, tar)), (0,external_node_fs_.createWriteStream)(file));
    }
    catch (error) {
        await (0,promises_.rm)(file, { force: true });
        throw error;
    }
    return { file, diffId: tar.digest(), digest: gzip.digest(), size: gzip.size, tarSize: tar.size };
}
/** Just the diff_id of the entries' tar (no gzip, no file): a cheap cache key for a tree. */
async function layerDiffId(entries) {
    const tar = tally();
    let sinceBreak = 0;
    for await (const chunk of tarChunks(normalise(entries))) {
        tar.update(chunk);
        sinceBreak += chunk.length;
        if (sinceBreak < BATCH * 64)
            continue;
        // Reading and hashing never wait on anything else: let timers and I/O run every 16 MiB.
        await new Promise(setImmediate);
        sinceBreak = 0;
    }
    return tar.digest();
}
/**
 * The entries of the directory tree under `root` (not `root` itself): files by source path, so they
 * are read only when the layer is written. Sockets, FIFOs and devices are refused.
 */
async function collectTree(root, options = {}) {
    const entries = [];
    const prefix = options.prefix ? `${options.prefix}/` : '';
    const walk = async (relative) => {
        const dir = external_node_path_default().join(root, ...relative.split('/').filter(Boolean));
        for (const dirent of await (0,promises_.readdir)(dir, { withFileTypes: true })) {
            const rel = relative ? `${relative}/${dirent.name}` : dirent.name;
            const source = external_node_path_default().join(dir, dirent.name);
            const type = typeOf(dirent);
            if (!type)
                throw new Error(`${source} is neither a file, a directory nor a symlink: it cannot go in a layer`);
            if (options.filter && !options.filter(rel, type))
                continue;
            if (type === 'dir') {
                entries.push({ path: prefix + rel, type });
                await walk(rel);
            }
            else if (type === 'file')
                entries.push({ path: prefix + rel, type, source });
            else
                entries.push({ path: prefix + rel, type, target: await (0,promises_.readlink)(source) });
        }
    };
    await walk('');
    return entries;
}
const typeOf = (dirent) => dirent.isDirectory() ? 'dir' : dirent.isFile() ? 'file' : dirent.isSymbolicLink() ? 'symlink' : undefined;
/** Checks the paths, adds missing parent directories and sorts by path (UTF-16 code units). */
function normalise(entries) {
    const items = new Map();
    for (const entry of entries) {
        const segments = checkPath(entry.path);
        for (let i = 1; i < segments.length; i++) {
            const parent = segments.slice(0, i).join('/');
            const found = items.get(parent);
            if (found && found.type !== 'dir')
                throw new Error(`Layer path ${parent} is a ${found.type} and a directory`);
            if (!found)
                items.set(parent, { path: parent, type: 'dir' });
        }
        const found = items.get(entry.path);
        if (found && (found.type !== 'dir' || entry.type !== 'dir'))
            throw new Error(`Layer path ${entry.path} is given twice`);
        items.set(entry.path, { path: entry.path, type: entry.type, entry });
    }
    // A parent is a prefix of its children, so it always sorts first.
    return [...items.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
/** A relative POSIX path with no empty, `.` or `..` segment; returns its segments. */
function checkPath(p) {
    const segments = p.split('/');
    if (p.startsWith('/') || p.includes('\0') || segments.some((s) => s === '' || s === '.' || s === '..'))
        throw new Error(`Layer path ${JSON.stringify(p)} must be relative, without empty, "." or ".." segments`);
    return segments;
}
/** The tar's bytes: for each item its header(s), then its data padded to a block; two zero blocks at the end. */
async function* tarChunks(items) {
    for (const item of items) {
        const entry = item.entry;
        if (entry?.type === 'file' && 'source' in entry) {
            yield* sourceFile(item.path, entry.source, entry.executable);
        }
        else if (entry?.type === 'file') {
            yield* headers({
                name: item.path,
                type: '0',
                mode: entry.executable ? 0o755 : 0o644,
                size: entry.data.length,
            });
            yield entry.data;
            yield padding(entry.data.length);
        }
        else if (entry?.type === 'symlink') {
            yield* headers({ name: item.path, type: '2', mode: 0o777, size: 0, linkname: entry.target });
        }
        else {
            yield* headers({ name: `${item.path}/`, type: '5', mode: 0o755, size: 0 });
        }
    }
    yield Buffer.alloc(2 * BLOCK);
}
/**
 * A file read from disk in chunks; its size and mode come from the open descriptor, so they match
 * what is read. Synchronous on purpose: for a node_modules tree (56k files) it takes 1.1 s where
 * fs.promises takes 9-12 s, and no call blocks for more than one READ_CHUNK.
 */
function* sourceFile(name, source, executable) {
    const fd = (0,external_node_fs_.openSync)(source, 'r');
    try {
        const stat = (0,external_node_fs_.fstatSync)(fd);
        if (!stat.isFile())
            throw new Error(`${source} is not a regular file`);
        const mode = (executable ?? (stat.mode & 0o111) !== 0) ? 0o755 : 0o644;
        yield* headers({ name, type: '0', mode, size: stat.size });
        let left = stat.size;
        while (left > 0) {
            const chunk = Buffer.allocUnsafe(Math.min(left, READ_CHUNK));
            const read = (0,external_node_fs_.readSync)(fd, chunk, 0, chunk.length, null);
            if (read === 0)
                throw new Error(`${source} shrank while it was being read`);
            left -= read;
            yield chunk.subarray(0, read);
        }
        if ((0,external_node_fs_.readSync)(fd, Buffer.alloc(1), 0, 1, null) !== 0)
            throw new Error(`${source} grew while it was being read`);
        yield padding(stat.size);
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
}
/** The ustar header, preceded by a PAX header when the name or link target does not fit ustar. */
function* headers(h) {
    const records = [
        fitsUstar(h.name) ? '' : paxRecord('path', h.name),
        h.linkname === undefined || fitsUstar(h.linkname) ? '' : paxRecord('linkpath', h.linkname),
    ].join('');
    if (records) {
        const body = Buffer.from(records, 'utf8');
        yield ustarHeader({
            name: ustarFallback(`PaxHeaders/${h.name}`),
            type: 'x',
            mode: 0o644,
            size: body.length,
        });
        yield body;
        yield padding(body.length);
    }
    yield ustarHeader({
        ...h,
        name: ustarFallback(h.name),
        linkname: h.linkname === undefined ? undefined : ustarFallback(h.linkname),
    });
}
// ustar fields hold bytes, and readers disagree on their encoding: anything but short ASCII goes to PAX.
const fitsUstar = (value) => value.length <= 100 && /^[\x20-\x7e]*$/.test(value);
const ustarFallback = (value) => value.replace(/[^\x20-\x7e]/g, '_').slice(0, 100);
/** One PAX record, `<length> <key>=<value>\n`, where length counts the whole record, its own digits too. */
function paxRecord(key, value) {
    const rest = Buffer.byteLength(` ${key}=${value}\n`);
    let length = rest + String(rest).length;
    if (String(length).length + rest !== length)
        length = rest + String(length).length;
    return `${length} ${key}=${value}\n`;
}
/** A 512-byte ustar header: root-owned (uid/gid 0, "root"), LAYER_MTIME, no device numbers. */
function ustarHeader(h) {
    if (h.size > 0o77777777777)
        throw new Error(`${h.name} is over 8 GiB, too big for a tar header`);
    const block = Buffer.alloc(BLOCK);
    const octal = (value, offset, width) => block.write(`${value.toString(8).padStart(width - 1, '0')}\0`, offset, 'ascii');
    block.write(h.name, 0, 'ascii');
    octal(h.mode, 100, 8);
    octal(0, 108, 8); // uid
    octal(0, 116, 8); // gid
    octal(h.size, 124, 12);
    octal(LAYER_MTIME, 136, 12);
    block.write(h.type, 156, 'ascii');
    if (h.linkname)
        block.write(h.linkname, 157, 'ascii');
    block.write('ustar\x0000', 257, 'ascii');
    block.write('root', 265, 'ascii'); // uname
    block.write('root', 297, 'ascii'); // gname
    octal(0, 329, 8); // devmajor
    octal(0, 337, 8); // devminor
    // The checksum is the sum of all bytes, counting its own field as spaces.
    block.write(' '.repeat(8), 148, 'ascii');
    const sum = block.reduce((total, byte) => total + byte, 0);
    block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
    return block;
}
const padding = (size) => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
/**
 * Joins small chunks (a node_modules tar is mostly 512-byte headers and small files) into ~256 KiB
 * ones: each write into zlib is a trip to the thread pool, and batching halves the time of a big layer.
 */
async function* batches(source) {
    let pending = [];
    let size = 0;
    for await (const chunk of source) {
        pending.push(chunk);
        size += chunk.length;
        if (size < BATCH)
            continue;
        yield pending.length === 1 ? chunk : Buffer.concat(pending, size);
        pending = [];
        size = 0;
    }
    if (size)
        yield Buffer.concat(pending, size);
}
/** A running sha256, CRC-32 and byte count, with a pass-through stream stage that feeds them. */
function tally() {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    const state = {
        size: 0,
        crc: 0,
        update(chunk) {
            hash.update(chunk);
            state.crc = (0,external_node_zlib_.crc32)(chunk, state.crc);
            state.size += chunk.length;
        },
        async *tap(source) {
            for await (const chunk of source) {
                state.update(chunk);
                yield chunk;
            }
        },
        digest: () => `sha256:${hash.digest('hex')}`,
    };
    return state;
}
/** Wraps raw deflate output in gzip's framing: the fixed header, then CRC-32 and size (mod 2^32) of the tar. */
async function* gzipFrame(deflated, tar) {
    yield GZIP_HEADER;
    yield* deflated;
    // The deflate stream ends only after all of the tar went through the tally, so both are final.
    const trailer = Buffer.alloc(8);
    trailer.writeUInt32LE(tar.crc >>> 0, 0);
    trailer.writeUInt32LE(tar.size % 2 ** 32, 4);
    yield trailer;
}

// EXTERNAL MODULE: ./build/registry/references.js
var references = __webpack_require__(21449);
// EXTERNAL MODULE: ./build/registry/resolve.js
var resolve = __webpack_require__(50287);
// EXTERNAL MODULE: ./build/shared/names.js
var names = __webpack_require__(92089);
// EXTERNAL MODULE: ./build/image/prune.js
var prune = __webpack_require__(76889);
;// CONCATENATED MODULE: ./build/image/agent-layer.js
// The agent's own layer: what one agent needs of the project (config.toml, agents/<agent>/,
// shared/) under /app/project, root-owned and world-readable, appended through the registry API
// onto the runtime its project shares. An edit to a SKILL.md or a config.toml changes this small
// layer alone: no Docker, no npm. Its tag covers the runtime's digest, the agent and the layer's
// uncompressed tar, so an unchanged agent is found with one request.





/** What the tag of an agent image is made of (bump when the layer's layout changes). */
const format = 'agent-1';
/** The entries of the agent's layer; `.git`, `node_modules` and `.al` folders stay out. */
async function agentEntries(projectDir, agent) {
    const filter = (relative) => !skipped.has(external_node_path_default().posix.basename(relative));
    const parts = [
        { from: external_node_path_default().join(projectDir, 'agents', agent), to: `app/project/agents/${agent}` },
        { from: external_node_path_default().join(projectDir, 'shared'), to: 'app/project/shared' },
    ];
    const entries = [];
    const config = external_node_path_default().join(projectDir, 'config.toml');
    if (external_node_fs_default().existsSync(config))
        entries.push({ path: 'app/project/config.toml', type: 'file', source: config });
    for (const { from, to } of parts)
        if (external_node_fs_default().existsSync(from))
            entries.push(...(await collectTree(from, { prefix: to, filter })));
    return entries;
}
const skipped = new Set(['.git', 'node_modules', '.al']);
/**
 * The agent image's tag: the runtime's digest (its first 12 hex digits lead, so pruning can tell
 * which runtime an agent image stands on without reading it) and a hash of the agent and its layer.
 */
async function agentTag(runtimeDigest, agent, entries) {
    const diffId = await layerDiffId(entries);
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for (const part of [format, runtimeDigest, agent, diffId])
        hash.update(`${part.length}\0${part}\0`);
    return `${(0,prune/* runtimePrefix */.JN)(runtimeDigest)}-${hash.digest('hex').slice(0, 32)}`;
}

// EXTERNAL MODULE: ./build/image/docker.js
var image_docker = __webpack_require__(13417);
;// CONCATENATED MODULE: ./build/image/dockerfiles.js
// The project's own Dockerfiles, as upstream builds them: the root Dockerfile (only when it does
// more than FROM) on the base, then agents/<agent>/Dockerfile on that, each first FROM replaced.
// What a Dockerfile's build reads of its context is exactly what its COPY and ADD name, so only
// those files go into the build context and into the runtime's key: an edit to a SKILL.md then
// neither rebuilds the runtime nor sends the whole project to Docker. Where the sources cannot be
// known (a variable in a path, a bind mount) the whole context counts, which is never stale.



/** The Dockerfile with its first FROM replaced by `from`, as upstream builds it. */
function replaceFirstFrom(text, from) {
    return text.replace(/^(\s*FROM\s+)(--platform=\S+\s+)?\S+/im, `$1${from}`);
}
/** Reads a Dockerfile and what its COPY and ADD read of `context`. */
function readDockerfile(file, context) {
    const text = external_node_fs_default().readFileSync(file, 'utf8');
    return { file, context, text, sources: contextSources(text) };
}
/** Logical instructions: continuation lines joined, comments and blank lines dropped. */
function instructions(text) {
    const joined = [];
    let current = '';
    for (const raw of text.split(/\r?\n/)) {
        const line = raw.trim();
        if (!current && (line === '' || line.startsWith('#')))
            continue;
        if (line.endsWith('\\')) {
            current += `${line.slice(0, -1)} `;
            continue;
        }
        joined.push(current + line);
        current = '';
    }
    if (current.trim())
        joined.push(current);
    return joined;
}
/**
 * The context paths COPY and ADD read (COPY --from reads another stage, a URL or a heredoc reads
 * nothing of it); undefined when they cannot be known: a variable in a source, or a RUN bind mount.
 */
function contextSources(text) {
    const sources = [];
    for (const instruction of instructions(text)) {
        const [keyword = '', ...rest] = instruction.split(/\s+/);
        const upper = keyword.toUpperCase();
        if (upper === 'RUN' && /--mount=\S*type=bind/i.test(instruction))
            return undefined;
        if (upper !== 'COPY' && upper !== 'ADD')
            continue;
        const args = rest.join(' ');
        const flags = args.match(/^(--\S+\s+)*/)?.[0] ?? '';
        if (/--from=/i.test(flags))
            continue;
        const operands = parseOperands(args.slice(flags.length));
        for (const source of operands.slice(0, -1)) {
            if (source.startsWith('<<') || /^[a-z]+:\/\//i.test(source))
                continue;
            if (source.includes('$'))
                return undefined;
            sources.push(external_node_path_default().posix.normalize(source.replace(/^\/+/, '')).replace(/\/+$/, '') || '.');
        }
    }
    return sources;
}
/** COPY's operands: the JSON array form, or words separated by blanks. */
function parseOperands(text) {
    const trimmed = text.trim();
    if (trimmed.startsWith('[')) {
        try {
            const parsed = JSON.parse(trimmed);
            if (Array.isArray(parsed) && parsed.every((p) => typeof p === 'string'))
                return parsed;
        }
        catch {
            // not JSON after all: read as words, as Docker does
        }
    }
    return trimmed.split(/\s+/).filter(Boolean);
}
// The credentials file google-github-actions/auth writes into the workspace: never in a context.
const credentialFile = /^gha-creds-[A-Za-z0-9_-]+\.json$/;
/**
 * The files of the context the build reads (relative, posix, sorted): those the sources match
 * (a directory with everything under it; `*`, `?` and `[\u2026]` within a path segment, as Docker's
 * patterns), the .dockerignore, and the Dockerfile itself when it lies in the context.
 */
function contextFiles(dockerfile) {
    const all = listFiles(dockerfile.context);
    const wanted = new Set();
    const ignore = '.dockerignore';
    if (all.includes(ignore))
        wanted.add(ignore);
    const own = external_node_path_default().relative(dockerfile.context, dockerfile.file).split((external_node_path_default()).sep).join('/');
    if (all.includes(own))
        wanted.add(own);
    if (!dockerfile.sources)
        return all;
    for (const source of dockerfile.sources) {
        const matcher = segmentsMatcher(source);
        for (const file of all)
            if (matcher(file))
                wanted.add(file);
    }
    return [...wanted].sort(byCodeUnit);
}
/** Whether `file` is `source` or lies under what `source` matches. */
function segmentsMatcher(source) {
    if (source === '.' || source === '')
        return () => true;
    const patterns = source.split('/').map(globSegment);
    return (file) => {
        const parts = file.split('/');
        return parts.length >= patterns.length && patterns.every((pattern, i) => pattern.test(parts[i]));
    };
}
function globSegment(segment) {
    let pattern = '';
    for (let i = 0; i < segment.length; i++) {
        const c = segment[i];
        if (c === '*')
            pattern += '[^/]*';
        else if (c === '?')
            pattern += '[^/]';
        else if (c === '[') {
            const end = segment.indexOf(']', i + 1);
            if (end < 0)
                pattern += '\\[';
            else {
                pattern += `[${segment
                    .slice(i + 1, end)
                    .replace(/^!/, '^')
                    .replace(/\\/g, '\\\\')}]`;
                i = end;
            }
        }
        else
            pattern += c.replace(/[.+^${}()|\\]/g, '\\$&');
    }
    return new RegExp(`^${pattern}$`);
}
/** Every file under `dir` (relative, posix, sorted); symbolic links as themselves. */
function listFiles(dir, prefix = '') {
    const found = [];
    for (const entry of external_node_fs_default().readdirSync(external_node_path_default().join(dir, prefix), { withFileTypes: true })) {
        const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
        if (!prefix && credentialFile.test(entry.name))
            continue;
        if (entry.isDirectory())
            found.push(...listFiles(dir, relative));
        else if (entry.isFile() || entry.isSymbolicLink())
            found.push(relative);
    }
    return found.sort(byCodeUnit);
}
const byCodeUnit = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
/**
 * A hash of what the build reads: the Dockerfile's text and, for each context file it reads, its
 * path, whether it is executable, and its content (a symbolic link: its target).
 */
function dockerfileHash(dockerfile) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    const add = (label, value) => hash.update(`${label}\0${value.length}\0`).update(value);
    add('dockerfile', dockerfile.text);
    for (const file of contextFiles(dockerfile)) {
        const full = external_node_path_default().join(dockerfile.context, file);
        const stat = external_node_fs_default().lstatSync(full);
        if (stat.isSymbolicLink())
            add(`link:${file}`, external_node_fs_default().readlinkSync(full));
        else
            add(`file:${file}:${stat.mode & 0o111 ? 'x' : '-'}`, external_node_fs_default().readFileSync(full));
    }
    return hash.digest('hex');
}
/** Copies the files the build reads into `staging` (a fresh folder): the build context Docker gets. */
function stageContext(dockerfile, staging) {
    for (const file of contextFiles(dockerfile)) {
        const from = external_node_path_default().join(dockerfile.context, file);
        const to = external_node_path_default().join(staging, file);
        external_node_fs_default().mkdirSync(external_node_path_default().dirname(to), { recursive: true });
        external_node_fs_default().cpSync(from, to, { verbatimSymlinks: true, preserveTimestamps: true });
    }
}

// EXTERNAL MODULE: ./build/output/fence.js
var fence = __webpack_require__(27248);
// EXTERNAL MODULE: ./build/output/lines.js
var lines = __webpack_require__(19394);
;// CONCATENATED MODULE: ./build/image/node-modules.js
// Upstream's package installed for the image's platform, as one layer at /app: package.json, its
// lockfile and node_modules. npm runs on the runner, but with the image's C library and CPU
// (--os, --cpu, --libc): the runner's own would pick the glibc builds of upstream's optional native
// packages, which an Alpine (musl) image cannot load. The layer is kept in the registry as a
// one-layer image `node-modules-<key>` (key: upstream's version and lockfile, libc, CPU), so npm runs
// once per version and platform in a repository, whatever the project.









/** The node_modules layer: found by its key (no npm), or installed and pushed now (`file` set). */
async function nodeModulesLayer(inputs) {
    const lockfile = shippedLockfile(inputs);
    // Another version's lockfile is resolved only when it is built: its key is the version alone.
    const tag = `node-modules-${key(inputs.version, lockfile ?? '', inputs.libc, 'x64')}`;
    const existing = await inputs.registry.headManifest(inputs.name, tag);
    if (existing)
        return { ...(await storedLayer(inputs, tag)), tag };
    const staging = external_node_fs_default().mkdtempSync(external_node_path_default().join(process.env.RUNNER_TEMP || external_node_os_default().tmpdir(), 'cloud-run-agent-app-'));
    try {
        await install(inputs, staging, lockfile);
        const started = Date.now();
        const layer = await writeLayer(await collectTree(staging, { prefix: 'app' }), { level: 1 });
        inputs.report(`node_modules as a layer: ${megabytes(layer.tarSize)} (${megabytes(layer.size)} compressed) in ${seconds(started)}`);
        await push(inputs, tag, layer);
        return { digest: layer.digest, size: layer.size, diffId: layer.diffId, file: layer.file, tag };
    }
    finally {
        external_node_fs_default().rmSync(staging, { recursive: true, force: true });
    }
}
/** The lockfile the action ships, when `version` is the one it was made for. */
function shippedLockfile(inputs) {
    const manifest = JSON.parse(external_node_fs_default().readFileSync(external_node_path_default().join(inputs.runtimeDir, 'package.json'), 'utf8'));
    if (manifest.dependencies?.['@action-llama/action-llama'] !== inputs.version)
        return undefined;
    return external_node_fs_default().readFileSync(external_node_path_default().join(inputs.runtimeDir, 'package-lock.json'), 'utf8');
}
const key = (...parts) => {
    const hash = (0,external_node_crypto_.createHash)('sha256').update('node-modules-1\0');
    for (const part of parts)
        hash.update(`${part.length}\0${part}\0`);
    return hash.digest('hex').slice(0, 24);
};
/** The layer of a stored node_modules image: its blob, and its diff_id from the image's config. */
async function storedLayer(inputs, tag) {
    const manifest = await inputs.registry.getManifest(inputs.name, tag);
    const config = (await inputs.registry.readJsonBlob(inputs.name, manifest.json.config.digest));
    const layer = manifest.json.layers[0];
    const diffId = config.rootfs?.diff_ids?.[0];
    if (!layer || !diffId)
        throw new Error(`${inputs.registry.host}/${inputs.name}:${tag} holds no layer`);
    return { digest: layer.digest, size: layer.size, diffId };
}
/** npm ci of upstream's package for the image's platform, scripts off (nothing compiles on the runner). */
async function install(inputs, dir, lockfile) {
    const started = Date.now();
    inputs.report(`Installing @action-llama/action-llama ${inputs.version} for linux x64 ${inputs.libc} (npm ci)`);
    if (lockfile) {
        external_node_fs_default().copyFileSync(external_node_path_default().join(inputs.runtimeDir, 'package.json'), external_node_path_default().join(dir, 'package.json'));
        external_node_fs_default().writeFileSync(external_node_path_default().join(dir, 'package-lock.json'), lockfile);
    }
    else {
        const manifest = {
            name: 'agent-runtime',
            private: true,
            dependencies: { '@action-llama/action-llama': inputs.version },
        };
        external_node_fs_default().writeFileSync(external_node_path_default().join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
        await npm(dir, ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund']);
    }
    const platform = ['--os=linux', '--cpu=x64', `--libc=${inputs.libc}`];
    await npm(dir, ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', ...platform]);
    inputs.report(`npm ci took ${seconds(started)}`);
}
/** Pushes the layer as a one-layer image tagged `tag`, reporting the upload's progress. */
async function push(inputs, tag, layer) {
    const { registry, name } = inputs;
    registry.willPush(name);
    const started = Date.now();
    let reported = started;
    const onProgress = (sent) => {
        if (Date.now() - reported < 5000)
            return;
        reported = Date.now();
        inputs.report(`Uploading node_modules: ${megabytes(sent)} of ${megabytes(layer.size)}`);
    };
    const config = canonicalJson({
        architecture: 'amd64',
        os: 'linux',
        config: {},
        rootfs: { type: 'layers', diff_ids: [layer.diffId] },
        history: [{ created: '1970-01-01T00:00:00Z', created_by: 'cloud-run-agent: node_modules' }],
    });
    if (!(await registry.blobExists(name, layer.digest)))
        await registry.uploadBlob(name, layer.digest, external_node_fs_default().createReadStream(layer.file), { onProgress });
    await registry.uploadBlob(name, (0,distribution/* sha256 */.sc)(config), config);
    const manifest = canonicalJson({
        schemaVersion: 2,
        mediaType: distribution/* MEDIA_TYPES */.Z2.dockerManifest,
        config: {
            mediaType: 'application/vnd.docker.container.image.v1+json',
            digest: (0,distribution/* sha256 */.sc)(config),
            size: config.length,
        },
        layers: [
            {
                mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
                digest: layer.digest,
                size: layer.size,
            },
        ],
    });
    await registry.putManifest(name, tag, distribution/* MEDIA_TYPES */.Z2.dockerManifest, manifest);
    inputs.report(`Uploaded node_modules (${megabytes(layer.size)}) in ${seconds(started)}`);
}
/** Runs npm on the runner; its output is mirrored fenced (a package's messages are not ours). */
async function npm(cwd, args) {
    const exec = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 12697));
    const mirror = (data) => fence/* untrusted */.b.print((0,lines/* splitLines */.u)(data.toString('utf8')));
    const code = await exec
        .exec('npm', args, {
        cwd,
        silent: true,
        ignoreReturnCode: true,
        listeners: { stdout: mirror, stderr: mirror },
    })
        .catch((error) => {
        throw new Error(`Project mode runs npm on the runner, which failed to start (${error.message}); install Node.js with actions/setup-node.`);
    });
    if (code !== 0)
        throw new Error(`npm ${args[0]} for @action-llama/action-llama failed (exit ${code}); see the lines above.`);
}
const megabytes = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
;// CONCATENATED MODULE: ./build/image/platform.js
// What kind of system the base image is, read from its layers through the registry (no Docker):
// its family (which package manager installs upstream's tools and the user's packages: apk on
// Alpine, apt-get on Debian and Ubuntu) and its C library (which of upstream's optional native
// packages npm must install: musl on Alpine, glibc elsewhere). Upstream's own image is Alpine.


/** The files that tell: os-release (two places), and the musl loader Alpine ships. */
const osRelease = new Set(['etc/os-release', 'usr/lib/os-release']);
const muslLoader = /^(usr\/)?lib\/ld-musl-[\w-]+\.so\.1$/;
/**
 * What the layers (gzip tars, base first) say of the system. The system's own files come with its
 * first layer, so the walk stops after the first layer that holds os-release.
 */
async function detectPlatform(layers) {
    let release;
    let musl = false;
    for await (const layer of layers) {
        await scanTar(layer, (name) => {
            if (osRelease.has(name))
                return (text) => void (release = text.toString('utf8'));
            if (muslLoader.test(name))
                musl = true;
            return undefined;
        });
        if (release !== undefined)
            break;
    }
    return describe(release, musl);
}
/** The platform from os-release's text and whether the musl loader is there. */
function describe(release, musl) {
    const fields = Object.fromEntries((release ?? '')
        .split('\n')
        .map((line) => /^([A-Z_]+)=("?)(.*)\2$/.exec(line.trim()))
        .filter((m) => !!m)
        .map((m) => [m[1], m[3]]));
    const id = fields.ID?.toLowerCase();
    const like = `${id ?? ''} ${fields.ID_LIKE ?? ''}`.toLowerCase();
    const packageManager = /\balpine\b/.test(like)
        ? 'apk'
        : /\b(debian|ubuntu)\b/.test(like)
            ? 'apt-get'
            : undefined;
    return {
        id,
        name: fields.PRETTY_NAME || fields.NAME || 'an unknown system',
        packageManager,
        libc: musl || id === 'alpine' ? 'musl' : 'glibc',
    };
}
/**
 * Walks a gzip tar as it streams, telling `onEntry` each regular file's or link's path (no leading
 * ./ or /); a body is held in memory only when asked for, so a large file costs nothing. PAX and
 * GNU long names are followed.
 */
async function scanTar(gzipped, onEntry) {
    const gunzip = external_node_stream_.Readable.from(gzipped).pipe((0,external_node_zlib_.createGunzip)());
    let state = { mode: 'header' };
    let pending = Buffer.alloc(0);
    let longName;
    for await (const chunk of gunzip) {
        pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
        while (pending.length) {
            if (state.mode === 'body') {
                const used = Math.min(state.left + state.pad, pending.length);
                const data = pending.subarray(0, Math.min(state.left, used));
                state.keep?.push(data);
                state.left -= data.length;
                state.pad -= used - data.length;
                pending = pending.subarray(used);
                if (state.left === 0 && state.pad === 0) {
                    state.done?.(Buffer.concat(state.keep ?? []));
                    state = { mode: 'header' };
                }
                continue;
            }
            if (pending.length < 512)
                break;
            const header = pending.subarray(0, 512);
            pending = pending.subarray(512);
            if (header.every((b) => b === 0))
                continue;
            const entry = readHeader(header, longName);
            longName = undefined;
            const pad = Math.ceil(entry.size / 512) * 512 - entry.size;
            if (entry.type === 'x' || entry.type === 'L') {
                const type = entry.type;
                state = {
                    mode: 'body',
                    left: entry.size,
                    pad,
                    keep: [],
                    done: (body) => (longName = longNameOf(type, body)),
                };
            }
            else {
                const wants = '012'.includes(entry.type) ? onEntry(entry.name) : undefined;
                state = { mode: 'body', left: entry.size, pad, keep: wants && [], done: wants };
            }
            if (entry.size === 0 && pad === 0) {
                state.done?.(Buffer.alloc(0));
                state = { mode: 'header' };
            }
        }
    }
}
/** A ustar header: the entry's path, size and type ('0' file, '1' hard link, '2' symlink, \u2026). */
function readHeader(header, longName) {
    const text = (from, to) => header.subarray(from, to).toString('utf8').replace(/\0.*$/s, '');
    const prefix = text(345, 500);
    const plain = text(0, 100);
    const size = parseInt(text(124, 136).trim() || '0', 8);
    const type = header[156] ? String.fromCharCode(header[156]) : '0';
    return { name: platform_normalise(longName ?? (prefix ? `${prefix}/${plain}` : plain)), size, type };
}
const platform_normalise = (name) => name.replace(/^(\.\/|\/)+/, '');
/** The path a GNU long-name entry ('L') or a PAX header ('x': "<len> path=<value>\n" records) gives. */
function longNameOf(type, body) {
    if (type === 'L')
        return body.toString('utf8').replace(/\0.*$/s, '');
    for (const record of body.toString('utf8').split('\n')) {
        const match = /^\d+ path=(.*)$/.exec(record);
        if (match)
            return match[1];
    }
    return undefined;
}

;// CONCATENATED MODULE: ./build/image/system.js
// The runtime's system: the base image with the tools upstream's own agent image offers agents,
// installed by the base's package manager, then the project's own Dockerfiles. This is the one part
// of an agent's image only Docker can make (a package manager must run), so it is built once per
// content and kept in the registry: `tools-<key>` (the base and the tools) and, when the project has
// Dockerfiles, `system-<key>` on top. Nothing else of the image needs Docker.






/** What upstream's agent image (its docker/Dockerfile) installs for agents, in this order. */
const agentTools = ['git', 'bash', 'curl', 'jq', 'ca-certificates', 'openssh-client'];
/** The system image's manifest, in the runtime's repository: found by its key, or built now. */
async function systemImage(inputs) {
    const toolsTag = `tools-${system_key('tools-1', inputs.base, agentTools.join(' '))}`;
    await findOrBuild(inputs, toolsTag, () => buildTools(inputs, toolsTag));
    if (!inputs.dockerfiles.length)
        return found(inputs, toolsTag);
    const systemTag = `system-${system_key('system-1', toolsTag, ...inputs.dockerfiles.map(dockerfileHash), ...Object.entries(inputs.buildArgs)
        .sort()
        .map(([name, value]) => `${name}=${value}`))}`;
    await findOrBuild(inputs, systemTag, () => buildDockerfiles(inputs, toolsTag, systemTag));
    return found(inputs, systemTag);
}
const system_key = (...parts) => {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for (const part of parts)
        hash.update(`${part.length}\0${part}\0`);
    return hash.digest('hex').slice(0, 24);
};
async function found(inputs, tag) {
    return { manifest: await inputs.registry.getManifest(inputs.name, tag), tag };
}
async function findOrBuild(inputs, tag, build) {
    if (await inputs.registry.headManifest(inputs.name, tag))
        return;
    await build();
}
/** `FROM base`, the tools installed as root, and the agent's user (uid 1000, upstream's `node`) again. */
async function buildTools(inputs, tag) {
    const { platform, baseImage } = inputs;
    const install = installCommand(platform);
    if (!install)
        throw new Error(`Input "base_image": ${baseImage} is ${platform.name}, which has neither apk nor apt-get, so the tools agents expect (${agentTools.join(' ')}) cannot be installed. Use an Alpine based Node.js image (Action Llama's own family, and the default) or a Debian based one (a -slim or -bookworm tag of node).`);
    const started = Date.now();
    inputs.report(`Installing ${agentTools.join(' ')} with ${platform.packageManager} on ${platform.name}`);
    const dir = external_node_fs_default().mkdtempSync(external_node_path_default().join(process.env.RUNNER_TEMP || external_node_os_default().tmpdir(), 'cloud-run-agent-tools-'));
    try {
        external_node_fs_default().writeFileSync(external_node_path_default().join(dir, 'Dockerfile'), `FROM ${inputs.base}\nUSER root\nRUN ${install}\nUSER 1000:1000\n`);
        const tagged = `${inputs.registry.host}/${inputs.name}:${tag}`;
        await inputs.docker.build(['--platform', 'linux/amd64', '--tag', tagged, dir], `Installing the tools on ${baseImage}`);
        await inputs.docker.push(tagged);
    }
    finally {
        external_node_fs_default().rmSync(dir, { recursive: true, force: true });
    }
    inputs.report(`Tools installed and pushed in ${system_seconds(started)}`);
}
function installCommand(platform) {
    const tools = agentTools.join(' ');
    if (platform.packageManager === 'apk')
        return `apk add --no-cache ${tools}`;
    if (platform.packageManager === 'apt-get')
        return `apt-get update && apt-get install -y --no-install-recommends ${tools} && rm -rf /var/lib/apt/lists/*`;
    return undefined;
}
/**
 * The project's Dockerfiles, as upstream builds them: each first FROM replaced by the image before
 * it (the tools image first), each with a context of only the files its COPY and ADD read.
 */
async function buildDockerfiles(inputs, toolsTag, tag) {
    let from = `${inputs.registry.host}/${inputs.name}:${toolsTag}`;
    const final = `${inputs.registry.host}/${inputs.name}:${tag}`;
    for (const [i, dockerfile] of inputs.dockerfiles.entries()) {
        const shown = external_node_path_default().relative(inputs.projectDir, dockerfile.file);
        const started = Date.now();
        inputs.report(`Building ${shown}`);
        const tagged = i === inputs.dockerfiles.length - 1 ? final : `cloud-run-agent-local/step-${i}:${tag}`;
        await buildOne(inputs, dockerfile, from, tagged, shown);
        inputs.report(`Built ${shown} in ${system_seconds(started)}`);
        from = tagged;
    }
    await inputs.docker.push(final);
}
async function buildOne(inputs, dockerfile, from, tagged, shown) {
    const staging = external_node_fs_default().mkdtempSync(external_node_path_default().join(process.env.RUNNER_TEMP || external_node_os_default().tmpdir(), 'cloud-run-agent-context-'));
    try {
        const context = external_node_path_default().join(staging, 'context');
        external_node_fs_default().mkdirSync(context);
        stageContext(dockerfile, context);
        const file = external_node_path_default().join(staging, 'Dockerfile');
        external_node_fs_default().writeFileSync(file, replaceFirstFrom(dockerfile.text, from));
        const args = ['--platform', 'linux/amd64', '--file', file, '--tag', tagged];
        for (const [name, value] of Object.entries(inputs.buildArgs))
            args.push('--build-arg', `${name}=${value}`);
        await inputs.docker.build([...args, context], `Building ${shown}`).catch((error) => {
            throw explainBuildFailure(error, shown, inputs);
        });
    }
    finally {
        external_node_fs_default().rmSync(staging, { recursive: true, force: true });
    }
}
/** A package manager the base does not have gets its own message: the base's family and the fix. */
function explainBuildFailure(error, shown, inputs) {
    if (!(error instanceof image_docker/* DockerError */.Bi))
        return error;
    // Docker colours a step's stderr write by write, so escapes can split "sh: 1: apk: not found".
    // eslint-disable-next-line no-control-regex -- the escapes are what is removed
    const plain = error.output.replace(/\x1b\[[0-9;]*m/g, '');
    const missing = /(?:^|\s|\/)(apk|apt-get|apt|yum|dnf|microdnf): (?:command )?not found/m.exec(plain)?.[1];
    if (!missing)
        return error;
    const { platform, baseImage } = inputs;
    const has = platform.packageManager ? `, which has ${platform.packageManager}` : '';
    const family = missing === 'apk' ? 'Alpine' : missing.startsWith('apt') ? 'Debian and Ubuntu' : 'Red Hat';
    const suggestion = missing === 'apk'
        ? 'Set "base_image" to an Alpine image (Action Llama\'s own family, and the default)'
        : missing.startsWith('apt')
            ? 'Set "base_image" to a Debian image (a -slim or -bookworm tag of node)'
            : 'Set "base_image" to an image of that family';
    return new Error(`${shown} runs ${missing}, the package manager of ${family} images, but the base image ${baseImage} is ${platform.name}${has}. ${suggestion}, or install with ${platform.packageManager ?? "the base image's package manager"} in ${shown}.\n${error.message}`);
}
const system_seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

;// CONCATENATED MODULE: ./build/image/runtime.js
// The runtime image every agent of a project shares: the system (the base, upstream's tools and the
// project's Dockerfiles: system.ts), upstream's package for the image's platform (node-modules.ts)
// and the one-shot entry, with the agent container's settings. Its tag is a hash of exactly what it
// holds, computed without any request but the base's digest, so an agent's edit finds it with one
// HEAD. On a miss it is put together through the registry API; only a missing system runs Docker.









/** What the runtime's tag is made of (bump when its layout changes). */
const runtime_format = 'runtime-1';
/** The labels that say what a runtime holds, so a miss can say what changed. */
const label = (name) => `dev.cloud-run-agent.runtime.${name}`;
/** What a runtime holds, as its labels say it (and as its key is made from). */
function runtimeLabels(inputs) {
    const hash = (text) => (0,external_node_crypto_.createHash)('sha256').update(text).digest('hex').slice(0, 16);
    const args = Object.entries(inputs.buildArgs)
        .sort()
        .map(([name, value]) => `${name}=${value}`)
        .join('\n');
    return {
        [label('format')]: runtime_format,
        [label('base')]: inputs.base,
        [label('action-llama')]: inputs.version,
        [label('lockfile')]: hash(external_node_fs_default().readFileSync(external_node_path_default().join(inputs.runtimeDir, 'package-lock.json'))),
        [label('entry')]: hash(external_node_fs_default().readFileSync(external_node_path_default().join(inputs.runtimeDir, 'entry.cjs'))),
        [label('dockerfiles')]: inputs.dockerfiles
            .map((d) => `${external_node_path_default().relative(inputs.projectDir, d.file)}:${dockerfileHash(d).slice(0, 16)}`)
            .join(' ') || 'none',
        // Build arguments reach only the project's Dockerfiles: without any, they change nothing.
        [label('build-args')]: args && inputs.dockerfiles.length ? hash(args) : 'none',
    };
}
/** The runtime's tag: a hash of its labels, which cover everything it holds. */
function runtimeTag(labels) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for (const [name, value] of Object.entries(labels).sort())
        hash.update(`${name}\0${value}\0`);
    return `runtime-${hash.digest('hex').slice(0, 40)}`;
}
/** Looks the runtime up by its tag: one request. */
async function findRuntime(inputs) {
    const labels = runtimeLabels(inputs);
    const tag = runtimeTag(labels);
    return { labels, tag, digest: await inputs.registry.headManifest(inputs.name, tag) };
}
/** Puts the runtime together (it was not found) and returns its digest; says why, and what took how long. */
async function makeRuntime(inputs, { labels, tag }) {
    await inputs.beforeBuild?.();
    const started = Date.now();
    inputs.report(`Making the runtime image ${inputs.name}:${tag}: ${await whatChanged(inputs, labels)}`);
    const digest = await assemble(inputs, labels, tag);
    inputs.report(`Runtime image ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return digest;
}
/** The system and node_modules (each found or made, side by side), then the entry, appended. */
async function assemble(inputs, labels, tag) {
    const platform = await basePlatform(inputs);
    inputs.report(`The base is ${platform.name} (${platform.libc})`);
    const [system, nodeModules] = await Promise.all([
        systemImage({ ...inputs, docker: inputs.docker(), platform }),
        nodeModulesLayer({ ...inputs, libc: platform.libc }),
    ]);
    const entry = await writeLayer([
        { path: 'app/entry.cjs', type: 'file', source: external_node_path_default().join(inputs.runtimeDir, 'entry.cjs') },
    ]);
    try {
        const ref = await appendLayers({
            registry: inputs.registry,
            base: { name: inputs.name, manifest: system.manifest },
            target: { name: inputs.name, tag },
            layers: [
                { ...nodeModules, comment: `@action-llama/action-llama ${inputs.version}, ${platform.libc}` },
                { ...entry, comment: 'the one-shot entry' },
            ],
            config: agentContainer(labels),
        });
        return ref.slice(ref.lastIndexOf('@') + 1);
    }
    finally {
        external_node_fs_default().rmSync(entry.file, { force: true });
        if (nodeModules.file)
            external_node_fs_default().rmSync(nodeModules.file, { force: true });
    }
}
/**
 * The agent container's settings: upstream's package and the project under /app, read-only for
 * the agent, which runs as uid 1000 (upstream's `node`) with HOME at /tmp.
 */
function agentContainer(labels) {
    return {
        Env: {
            AL_PROJECT_DIR: '/app/project',
            AL_UPSTREAM_DIR: '/app/node_modules/@action-llama/action-llama',
            AL_CREDENTIALS_DIR: '/credentials',
            AL_CREDENTIALS_PATH: '/credentials',
            HOME: '/tmp',
            NODE_ENV: 'production',
        },
        Entrypoint: ['node', '/app/entry.cjs'],
        WorkingDir: '/tmp',
        User: '1000:1000',
        Labels: labels,
    };
}
/** The base's family and C library, read from its layers through the registry. */
async function basePlatform(inputs) {
    const reference = inputs.base.slice(inputs.base.lastIndexOf('@') + 1);
    const manifest = await inputs.baseRegistry.getManifest(inputs.baseName, reference);
    const registry = inputs.baseRegistry;
    async function* layers() {
        for (const layer of manifest.json.layers)
            yield (await registry.getBlob(inputs.baseName, layer.digest)).body;
    }
    return detectPlatform(layers());
}
/**
 * Why there is no runtime for these labels: what differs from the newest runtime in the
 * repository (its labels), or that there is none yet. Best effort: a failed look is not an error.
 */
async function whatChanged(inputs, labels) {
    try {
        const images = await inputs.cloud.artifacts.listDockerImages(inputs.repository.location, inputs.repository.id);
        const runtimes = images
            .filter((image) => (image.uri ?? '').includes(`/${inputs.name.split('/').pop()}@`))
            .filter((image) => (image.tags ?? []).some((t) => t.startsWith('runtime-')))
            .sort((a, b) => Number(b.uploadTime?.seconds ?? 0) - Number(a.uploadTime?.seconds ?? 0));
        const newest = runtimes[0]?.uri?.split('@')[1];
        if (!newest)
            return 'the first runtime in this repository';
        const manifest = await inputs.registry.getManifest(inputs.name, newest);
        const config = (await inputs.registry.readJsonBlob(inputs.name, manifest.json.config.digest));
        const before = config.config?.Labels ?? {};
        const changed = Object.entries(labels)
            .filter(([name, value]) => before[name] !== value)
            .map(([name, value]) => `${name.replace(label(''), '')} ${before[name] ?? '(none)'} \u2192 ${value}`);
        return changed.length
            ? `changed since the newest runtime: ${changed.join('; ')}`
            : 'no runtime of this content';
    }
    catch {
        return 'no runtime of this content';
    }
}
/** The action's agent-runtime folder (entry and lockfile), beside the running bundle. */
function runtimeDir() {
    let dir = external_node_path_default().dirname(process.argv[1] ?? '.');
    for (let i = 0; i < 3; i++, dir = external_node_path_default().dirname(dir)) {
        const candidate = external_node_path_default().join(dir, 'agent-runtime');
        if (external_node_fs_default().existsSync(external_node_path_default().join(candidate, 'entry.cjs')))
            return candidate;
    }
    throw new Error('The action is incomplete: dist/agent-runtime/entry.cjs is missing (rebuild with npm run build).');
}

;// CONCATENATED MODULE: ./build/image/project-image.js
// Project mode: the agent's image made from the user's Action Llama project, no Dockerfile needed.
// Two images, each addressed by its content:
//   - the runtime (runtime.ts), which every agent of the project shares: the base by digest,
//     upstream's tools, the project's own Dockerfiles, upstream's package and the one-shot entry;
//   - the agent image: the runtime plus one small layer of the agent's own files (agent-layer.ts),
//     appended through the registry API: no Docker, no npm.
// So an edited SKILL.md costs a hash, a few requests and a small upload; an unchanged agent three
// HEADs (the base, the runtime, the agent image), which findProjectImage makes before the run has
// its scale slot; only a change to what the runtime holds builds anything. docs/design.md has the
// figures.














/**
 * Finds the agent's image by its content tag: the runtime's tag is computed and looked up, then the
 * agent's (a few requests, nothing written). Safe to run before the run has its scale slot.
 */
async function findProjectImage(inputs) {
    const registry = new distribution/* Registry */.OR(inputs.build.registry, { accessToken: inputs.accessToken });
    const repository = `${inputs.projectId}/${inputs.build.repository}`;
    const [[runtimeSpec, runtime], entries] = await Promise.all([
        runtimeSpecOf(inputs, registry, `${repository}/${prune/* runtimeRepository */.V9}`).then(async (spec) => [spec, await findRuntime(spec)]),
        agentEntries(inputs.project.dir, inputs.project.agent),
    ]);
    const name = `${repository}/${(0,names/* slug */.yR)(inputs.project.agent)}`;
    const lookup = { registry, runtimeSpec, runtime, entries, name };
    if (!runtime.digest)
        return lookup;
    lookup.tag = await agentTag(runtime.digest, inputs.project.agent, entries);
    const found = await registry.headManifest(name, lookup.tag);
    if (found)
        lookup.image = `${registry.host}/${name}@${found}`;
    return lookup;
}
/**
 * The agent's image by digest: found by its content tag, or appended to its runtime now (the
 * runtime made first when it is missing). `lookup`: what findProjectImage already found out.
 */
async function projectImage(inputs, lookup) {
    const started = Date.now();
    const found = lookup ?? (await findProjectImage(inputs));
    if (found.image) {
        log/* log */.R.info(`The image of ${inputs.project.agent} is unchanged (${found.tag}): nothing to build`);
        return found.image;
    }
    const runtimeDigest = found.runtime.digest ?? (await makeProjectRuntime(inputs, found));
    const tag = found.tag ?? (await agentTag(runtimeDigest, inputs.project.agent, found.entries));
    const { registry, entries } = found;
    const layer = await writeLayer(entries);
    try {
        const image = await appendLayer({
            registry,
            base: { name: found.runtimeSpec.name, reference: runtimeDigest },
            target: { name: found.name, tag },
            layer,
            comment: `the agent ${inputs.project.agent}: config.toml, agents/${inputs.project.agent}/, shared/`,
            config: { Env: { AL_AGENT: inputs.project.agent } },
        });
        const took = ((Date.now() - started) / 1000).toFixed(2);
        log/* log */.R.info(`The image of ${inputs.project.agent}: its files (${entries.filter((e) => e.type === 'file').length}, ${layer.size} bytes compressed) appended to the runtime in ${took} s, ${registry.requests} requests`);
        return image;
    }
    finally {
        external_node_fs_default().rmSync(layer.file, { force: true });
    }
}
/** The runtime was not found: made in a group of its own (Docker only for what runs a package manager). */
function makeProjectRuntime(inputs, found) {
    let docker;
    const spec = {
        ...found.runtimeSpec,
        docker: () => (docker ??= (0,image_docker/* dockerSession */.t$)(inputs.build.registry, inputs.accessToken, inputs.dockerConfig)),
        cloud: inputs.cloud,
        beforeBuild: inputs.beforeBuild,
    };
    return log/* log */.R.group(`Make the runtime image (${found.runtime.tag})`, () => makeRuntime(spec, found.runtime));
}
/** What the runtime is made of: the base by digest, the project's Dockerfiles, upstream's version. */
async function runtimeSpecOf(inputs, registry, name) {
    const base = await (0,resolve/* resolveDigest */.j)(inputs.baseImage, inputs.accessToken, {
        input: 'base_image',
        dockerHub: true,
    });
    const baseRef = (0,references/* parseReference */.F2)(base);
    const baseRegistry = baseRef.host === registry.host
        ? registry
        : new distribution/* Registry */.OR(baseRef.host, (0,references/* googleRegistry */.bL)(baseRef.host) ? { accessToken: inputs.accessToken } : {});
    const { project, build } = inputs;
    const dockerfiles = [
        project.rootDockerfile && readDockerfile(project.rootDockerfile, project.dir),
        project.agentDockerfile &&
            readDockerfile(project.agentDockerfile, external_node_path_default().join(project.dir, 'agents', project.agent)),
    ].filter((d) => !!d);
    return {
        registry,
        name,
        base,
        baseRegistry,
        baseName: baseRef.name,
        baseImage: inputs.baseImage,
        dockerfiles,
        buildArgs: build.buildArgs,
        version: inputs.actionLlamaVersion,
        runtimeDir: runtimeDir(),
        projectDir: project.dir,
        repository: { location: build.registryLocation, id: build.repository },
        report: (message) => log/* log */.R.info(message),
    };
}


/***/ })

};
;