"use strict";
exports.id = 654;
exports.ids = [654];
exports.modules = {

/***/ 14654:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   projectImage: () => (/* binding */ projectImage)
/* harmony export */ });
/* unused harmony export runtimeDir */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _output_fence_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(46886);
/* harmony import */ var _output_lines_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(66516);
/* harmony import */ var _output_log_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(89385);
/* harmony import */ var _docker_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(1579);
/* harmony import */ var _registry_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(8196);
// Project mode: the agent's image made from the user's Action Llama project, no Dockerfile needed.
// It holds the base image (pinned by digest), upstream's package at a pinned version, only what
// this agent needs of the project (config.toml, agents/<agent>/, shared/) and the one-shot entry
// (src/agent-runtime). Its tag is a hash of all of that, so an unchanged agent is found in the
// registry with one manifest request and nothing is built or pushed.









/** The upstream version whose lockfile ships with the action (dist/agent-runtime/package.json's). */
function shippedVersion(runtime) {
    const manifest = JSON.parse(node_fs__WEBPACK_IMPORTED_MODULE_1___default().readFileSync(node_path__WEBPACK_IMPORTED_MODULE_3___default().join(runtime, 'package.json'), 'utf8'));
    return manifest.dependencies?.['@action-llama/action-llama'];
}
/** Returns the image by digest: found by its content tag, or built and pushed now. */
async function projectImage(inputs) {
    const base = await baseDigest(inputs.baseImage, inputs.accessToken);
    if (!('digest' in base))
        throw new Error(`Input "base_image": ${base.registry} answered ${base.status} for ${base.name}. Use an image the runner can pull.`);
    const staging = node_fs__WEBPACK_IMPORTED_MODULE_1___default().mkdtempSync(node_path__WEBPACK_IMPORTED_MODULE_3___default().join(process.env.RUNNER_TEMP || node_os__WEBPACK_IMPORTED_MODULE_2___default().tmpdir(), 'cloud-run-agent-image-'));
    try {
        const app = node_path__WEBPACK_IMPORTED_MODULE_3___default().join(staging, 'app');
        await stageApp(app, inputs.project, inputs.actionLlamaVersion);
        const tag = `al-${imageKey(inputs, base.digest, app)}`;
        const cached = await (0,_registry_js__WEBPACK_IMPORTED_MODULE_7__/* .manifestDigest */ .It)(`${inputs.target}:${tag}`, inputs.accessToken);
        if ('digest' in cached) {
            _output_log_js__WEBPACK_IMPORTED_MODULE_5__/* .log */ .R.info(`The image of ${inputs.project.agent} is unchanged (${tag}): nothing to build`);
            return cached.digest;
        }
        await inputs.beforeBuild?.();
        return await _output_log_js__WEBPACK_IMPORTED_MODULE_5__/* .log */ .R.group(`Build and push ${inputs.target}:${tag}`, async () => {
            await npm(app, ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund']);
            await (0,_docker_js__WEBPACK_IMPORTED_MODULE_6__/* .login */ .iD)(inputs.build.registry, inputs.accessToken, inputs.dockerConfig);
            const from = await userLayers(inputs, base.digest, staging, tag);
            node_fs__WEBPACK_IMPORTED_MODULE_1___default().writeFileSync(node_path__WEBPACK_IMPORTED_MODULE_3___default().join(staging, 'Dockerfile'), dockerfile(from, inputs.project.agent));
            const tagged = `${inputs.target}:${tag}`;
            await (0,_docker_js__WEBPACK_IMPORTED_MODULE_6__/* .docker */ .T3)(inputs.dockerConfig, ['build', '--platform', 'linux/amd64', '--tag', tagged, staging], {
                what: `Building ${tagged}`,
            });
            const pushed = await (0,_docker_js__WEBPACK_IMPORTED_MODULE_6__/* .docker */ .T3)(inputs.dockerConfig, ['push', tagged], { what: `Pushing ${tagged}` });
            const digest = /digest: (sha256:[0-9a-f]{64})/.exec(pushed)?.[1];
            if (!digest)
                throw new Error(`Pushing ${tagged} printed no digest`);
            return `${inputs.target}@${digest}`;
        });
    }
    finally {
        node_fs__WEBPACK_IMPORTED_MODULE_1___default().rmSync(staging, { recursive: true, force: true });
    }
}
/** The base image by digest; a Docker Hub name (node:24-alpine) is looked up at Docker Hub's registry host. */
async function baseDigest(image, accessToken) {
    const hub = 'registry-1.docker.io/';
    const found = await (0,_registry_js__WEBPACK_IMPORTED_MODULE_7__/* .manifestDigest */ .It)((0,_registry_js__WEBPACK_IMPORTED_MODULE_7__/* .dockerHubName */ .VT)(image).replace(/^docker\.io\//, hub), accessToken);
    return 'digest' in found && found.digest.startsWith(hub)
        ? { digest: `docker.io/${found.digest.slice(hub.length)}` }
        : found;
}
/**
 * The image's /app: the project's parts this agent needs, the entry, and upstream's package
 * manifest and lockfile (node_modules is installed only when the image is built).
 */
async function stageApp(app, project, version) {
    const runtime = runtimeDir();
    node_fs__WEBPACK_IMPORTED_MODULE_1___default().mkdirSync(node_path__WEBPACK_IMPORTED_MODULE_3___default().join(app, 'project', 'agents'), { recursive: true });
    const copy = (from, to) => {
        if (node_fs__WEBPACK_IMPORTED_MODULE_1___default().existsSync(from))
            node_fs__WEBPACK_IMPORTED_MODULE_1___default().cpSync(from, node_path__WEBPACK_IMPORTED_MODULE_3___default().join(app, to), { recursive: true });
    };
    copy(node_path__WEBPACK_IMPORTED_MODULE_3___default().join(project.dir, 'config.toml'), 'project/config.toml');
    copy(node_path__WEBPACK_IMPORTED_MODULE_3___default().join(project.dir, 'agents', project.agent), `project/agents/${project.agent}`);
    copy(node_path__WEBPACK_IMPORTED_MODULE_3___default().join(project.dir, 'shared'), 'project/shared');
    node_fs__WEBPACK_IMPORTED_MODULE_1___default().copyFileSync(node_path__WEBPACK_IMPORTED_MODULE_3___default().join(runtime, 'entry.cjs'), node_path__WEBPACK_IMPORTED_MODULE_3___default().join(app, 'entry.cjs'));
    if (version === shippedVersion(runtime)) {
        copy(node_path__WEBPACK_IMPORTED_MODULE_3___default().join(runtime, 'package.json'), 'package.json');
        copy(node_path__WEBPACK_IMPORTED_MODULE_3___default().join(runtime, 'package-lock.json'), 'package-lock.json');
    }
    else {
        // Another version: resolve its lockfile now, so the tag covers every package the image holds.
        const manifest = {
            name: 'agent-runtime',
            private: true,
            dependencies: { '@action-llama/action-llama': version },
        };
        node_fs__WEBPACK_IMPORTED_MODULE_1___default().writeFileSync(node_path__WEBPACK_IMPORTED_MODULE_3___default().join(app, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
        await npm(app, ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund']);
    }
}
/** A hash of everything that makes the image: its files, the base digest, the version, build args. */
function imageKey(inputs, baseDigest, app) {
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    const add = (label, value) => hash.update(`${label}\0${value.length}\0`).update(value);
    add('format', '1');
    add('base', baseDigest);
    add('version', inputs.actionLlamaVersion);
    add('dockerfile', dockerfile('BASE', inputs.project.agent));
    for (const [name, value] of Object.entries(inputs.build.buildArgs).sort())
        add(`arg:${name}`, value);
    for (const file of filesUnder(app))
        add(`app:${node_path__WEBPACK_IMPORTED_MODULE_3___default().relative(app, file)}`, node_fs__WEBPACK_IMPORTED_MODULE_1___default().readFileSync(file));
    // A user Dockerfile's build context is part of the image too.
    const { rootDockerfile, agentDockerfile, dir } = inputs.project;
    if (rootDockerfile)
        for (const file of filesUnder(dir))
            add(`root:${node_path__WEBPACK_IMPORTED_MODULE_3___default().relative(dir, file)}`, node_fs__WEBPACK_IMPORTED_MODULE_1___default().readFileSync(file));
    if (agentDockerfile)
        add('agent-dockerfile', node_fs__WEBPACK_IMPORTED_MODULE_1___default().readFileSync(agentDockerfile));
    return hash.digest('hex').slice(0, 40);
}
/**
 * The project's own Dockerfiles, as upstream uses them: the root one (when it does more than FROM)
 * makes the project base from the base image, then agents/<agent>/Dockerfile extends that; each
 * first FROM is replaced. Built locally, not pushed; returns the image the final layer starts from.
 */
async function userLayers(inputs, baseDigest, staging, tag) {
    let from = baseDigest;
    const { rootDockerfile, agentDockerfile, dir, agent } = inputs.project;
    const steps = [
        rootDockerfile && { file: rootDockerfile, context: dir, name: 'project' },
        agentDockerfile && { file: agentDockerfile, context: node_path__WEBPACK_IMPORTED_MODULE_3___default().join(dir, 'agents', agent), name: 'agent' },
    ].filter((step) => !!step);
    for (const step of steps) {
        const rewritten = node_path__WEBPACK_IMPORTED_MODULE_3___default().join(staging, `${step.name}.Dockerfile`);
        node_fs__WEBPACK_IMPORTED_MODULE_1___default().writeFileSync(rewritten, node_fs__WEBPACK_IMPORTED_MODULE_1___default().readFileSync(step.file, 'utf8').replace(/^FROM\s+\S+/m, `FROM ${from}`));
        const local = `cloud-run-agent-local/${step.name}:${tag}`;
        const args = ['build', '--platform', 'linux/amd64', '--file', rewritten, '--tag', local];
        for (const [name, value] of Object.entries(inputs.build.buildArgs))
            args.push('--build-arg', `${name}=${value}`);
        await (0,_docker_js__WEBPACK_IMPORTED_MODULE_6__/* .docker */ .T3)(inputs.dockerConfig, [...args, step.context], {
            what: `Building ${node_path__WEBPACK_IMPORTED_MODULE_3___default().relative(dir, step.file)}`,
        });
        from = local;
    }
    return from;
}
/** The last layer: /app read-only for the agent, which runs as uid 1000 with HOME at /tmp. */
function dockerfile(from, agent) {
    return [
        `FROM ${from}`,
        'COPY app/ /app/',
        `ENV AL_AGENT=${agent} AL_PROJECT_DIR=/app/project AL_UPSTREAM_DIR=/app/node_modules/@action-llama/action-llama \\`,
        '    AL_CREDENTIALS_DIR=/credentials AL_CREDENTIALS_PATH=/credentials HOME=/tmp NODE_ENV=production',
        'WORKDIR /tmp',
        'USER 1000:1000',
        'ENTRYPOINT ["node", "/app/entry.cjs"]',
        '',
    ].join('\n');
}
const skipped = new Set(['.git', 'node_modules', '.al']);
function filesUnder(dir) {
    const found = [];
    for (const entry of node_fs__WEBPACK_IMPORTED_MODULE_1___default().readdirSync(dir, { withFileTypes: true })
        .sort((a, b) => (a.name < b.name ? -1 : 1))) {
        if (skipped.has(entry.name))
            continue;
        const full = node_path__WEBPACK_IMPORTED_MODULE_3___default().join(dir, entry.name);
        if (entry.isDirectory())
            found.push(...filesUnder(full));
        else if (entry.isFile())
            found.push(full);
    }
    return found;
}
/** The action's agent-runtime folder (entry and lockfile), beside the running bundle. */
function runtimeDir() {
    let dir = node_path__WEBPACK_IMPORTED_MODULE_3___default().dirname(process.argv[1] ?? '.');
    for (let i = 0; i < 3; i++, dir = node_path__WEBPACK_IMPORTED_MODULE_3___default().dirname(dir)) {
        const candidate = node_path__WEBPACK_IMPORTED_MODULE_3___default().join(dir, 'agent-runtime');
        if (node_fs__WEBPACK_IMPORTED_MODULE_1___default().existsSync(node_path__WEBPACK_IMPORTED_MODULE_3___default().join(candidate, 'entry.cjs')))
            return candidate;
    }
    throw new Error('The action is incomplete: dist/agent-runtime/entry.cjs is missing (rebuild with npm run build).');
}
async function npm(cwd, args) {
    const exec = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 93513));
    const mirror = (data) => _output_fence_js__WEBPACK_IMPORTED_MODULE_4__/* .untrusted */ .b.print((0,_output_lines_js__WEBPACK_IMPORTED_MODULE_8__/* .splitLines */ .u)(data.toString('utf8')));
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


/***/ })

};
;