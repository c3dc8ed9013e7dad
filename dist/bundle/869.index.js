"use strict";
exports.id = 869;
exports.ids = [869];
exports.modules = {

/***/ 7869:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main),
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 10 modules
var core = __webpack_require__(57264);
;// CONCATENATED MODULE: ./build/credentials/fields.js
// The fields of each credential type as upstream Action Llama 0.29 defines them
// (dist/credentials/builtins/*.js: `fields: [{ name, secret }]`), held here as data: which fields a
// credential has (for messages that tell the user what to set) and which are secret (masked) or
// not (a git author name stays readable, so a return value `triaged:botty` is not `triaged:***`).
// test/unit/credentials/fields.test.ts compares the table with upstream's own definitions.
/** Each known type's fields, in upstream's order; `secret: false` marks the readable ones. */
const credentialFields = {
    github_token: [{ name: 'token', secret: true }],
    anthropic_key: [{ name: 'token', secret: true }],
    openai_key: [{ name: 'token', secret: true }],
    groq_key: [{ name: 'token', secret: true }],
    google_key: [{ name: 'token', secret: true }],
    xai_key: [{ name: 'token', secret: true }],
    mistral_key: [{ name: 'token', secret: true }],
    openrouter_key: [{ name: 'token', secret: true }],
    custom_key: [{ name: 'token', secret: true }],
    sentry_token: [{ name: 'token', secret: true }],
    linear_token: [{ name: 'token', secret: true }],
    linear_oauth: [
        { name: 'client_id', secret: false },
        { name: 'client_secret', secret: true },
        { name: 'access_token', secret: true },
        { name: 'refresh_token', secret: true },
    ],
    git_ssh: [
        { name: 'id_rsa', secret: true },
        { name: 'username', secret: false },
        { name: 'email', secret: false },
    ],
    github_webhook_secret: [{ name: 'secret', secret: true }],
    sentry_client_secret: [{ name: 'secret', secret: true }],
    linear_webhook_secret: [{ name: 'secret', secret: true }],
    netlify_token: [{ name: 'token', secret: true }],
    x_twitter_api: [
        { name: 'consumer_key', secret: true },
        { name: 'consumer_secret', secret: true },
        { name: 'bearer_token', secret: true },
    ],
    x_twitter_user_oauth1: [
        { name: 'access_token', secret: true },
        { name: 'access_token_secret', secret: true },
    ],
    x_twitter_user_oauth2: [
        { name: 'client_id', secret: true },
        { name: 'client_secret', secret: true },
        { name: 'access_token', secret: true },
        { name: 'refresh_token', secret: true },
    ],
    bugsnag_token: [{ name: 'token', secret: true }],
    vultr_api_key: [{ name: 'api_key', secret: true }],
    hetzner_api_key: [{ name: 'api_key', secret: true }],
    vps_ssh: [
        { name: 'private_key', secret: true },
        { name: 'public_key', secret: false },
    ],
    cloudflare_api_token: [{ name: 'api_token', secret: true }],
    reddit_oauth: [
        { name: 'client_id', secret: false },
        { name: 'client_secret', secret: true },
        { name: 'username', secret: false },
        { name: 'password', secret: true },
        { name: 'user_agent', secret: false },
    ],
    mintlify_token: [{ name: 'token', secret: true }],
    mintlify_webhook_secret: [{ name: 'secret', secret: true }],
    discord_bot: [
        { name: 'application_id', secret: false },
        { name: 'public_key', secret: false },
        { name: 'bot_token', secret: true },
    ],
    slack_bot_token: [{ name: 'token', secret: true }],
    slack_signing_secret: [{ name: 'secret', secret: true }],
    gcp_service_account: [{ name: 'key_json', secret: true }],
};
/** The field names of a known type, in upstream's order; undefined for a type upstream does not define. */
function fieldNames(type) {
    return Object.hasOwn(credentialFields, type) ? credentialFields[type].map((f) => f.name) : undefined;
}
/**
 * Whether a field's value is masked. Only a field upstream marks `secret: false` is shown; an
 * unknown type, or a field its type does not define, is secret.
 */
function isSecretField(type, field) {
    if (!Object.hasOwn(credentialFields, type))
        return true;
    return credentialFields[type].find((f) => f.name === field)?.secret ?? true;
}

;// CONCATENATED MODULE: ./build/credentials/env.js
// Repository secrets \u2192 ephemeral Secret Manager secrets mounted at
// /credentials/<type>/<instance>/<field>, the layout Action Llama agents read.
//
// Values come only from the step's environment, as upstream names them:
//   AL_SECRET_<type>__<instance>__<field>   (characters outside [A-Za-z0-9_] written as _xHH)
// Environment values reach us byte for byte (an SSH key keeps its newlines); nothing is re-parsed.
// In project mode only the credentials the agent lists (and its models' keys) are read: the step's
// other AL_SECRET_ variables are left alone, neither uploaded nor mounted (least privilege; a
// workflow often shares one env between agents). Contract images get every one, as before: the
// action cannot know which of them the image reads.
//
// Layout: one secret per credential instance, one version per field, one volume per instance
// mounted at /credentials/<type>/<instance> with an item per field (version \u2192 file). That costs
// fields + 2 × instances writes per run (create, add versions, delete), within the 600 writes a
// minute a project gets.

const envPrefix = 'AL_SECRET_';
const segmentPattern = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const maxPayloadBytes = 64 * 1024; // https://cloud.google.com/secret-manager/quotas#content-limits
const refText = (ref) => `${ref.type}:${ref.instance}`;
/** Parses `github_token, git_ssh:botty` (commas, spaces or newlines between refs). */
function parseRefs(text, source) {
    const refs = [];
    const problems = [];
    for (const token of text.split(/[\s,]+/).filter(Boolean)) {
        const [type = '', instance = 'default', ...rest] = token.split(':');
        if (rest.length || !segmentPattern.test(type) || !segmentPattern.test(instance)) {
            problems.push(`${source}: "${token}" is not a credential ref. Write type or type:instance, e.g. github_token or git_ssh:botty.`);
            continue;
        }
        if (!refs.some((r) => r.type === type && r.instance === instance))
            refs.push({ type, instance });
    }
    return { refs, problems };
}
/** Decodes one segment of an AL_SECRET_ name: `_xHH` is the character with that hex code. */
function decodeSegment(segment) {
    return segment.replace(/_x([0-9a-f]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
}
/** Encodes a segment for an AL_SECRET_ name (for messages that tell the user what to set). */
function encodeSegment(segment) {
    return segment.replace(/[^A-Za-z0-9_]/g, (c) => `_x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
const envName = (ref, field) => `${envPrefix}${encodeSegment(ref.type)}__${encodeSegment(ref.instance)}__${encodeSegment(field)}`;
/**
 * Reads the step's AL_SECRET_ variables (with `only`, just those of these refs) and checks that each
 * required ref has at least one field, here or in `elsewhere` (refs whose fields come from existing
 * secrets). Problems name the variable and the fix; they never include a value.
 */
function collectCredentials(env, required, elsewhere = [], only) {
    const problems = [];
    const valueProblems = [];
    const selected = only && new Set(only.map(refText));
    const byRef = new Map();
    const empty = new Map();
    const seen = new Set(elsewhere.map(refText));
    const leftAlone = new Set();
    for (const [name, value] of Object.entries(env)) {
        if (!name.startsWith(envPrefix) || value === undefined)
            continue;
        const variable = parseEnvName(name);
        if (!variable) {
            problems.push(`Environment variable ${name} does not name a credential field. Use AL_SECRET_<type>__<instance>__<field>, e.g. AL_SECRET_github_token__default__token.`);
            continue;
        }
        const key = refText(variable);
        if (selected && !selected.has(key)) {
            leftAlone.add(key);
            continue;
        }
        seen.add(key); // an empty or oversized field is its credential's one problem, not "not set" too
        if (value === '') {
            empty.set(key, { ref: variable, names: [...(empty.get(key)?.names ?? []), name] });
            continue;
        }
        const bytes = Buffer.from(value, 'utf8');
        if (bytes.length > maxPayloadBytes) {
            valueProblems.push(`Credential ${variable.type}/${variable.instance}/${variable.field} (${name}) is ${bytes.length} bytes; Secret Manager holds at most 65536 bytes per value. ` +
                'Store a smaller value, or split it over several fields.');
            continue;
        }
        const credential = byRef.get(key) ?? {
            type: variable.type,
            instance: variable.instance,
            fields: new Map(),
        };
        credential.fields.set(variable.field, bytes);
        byRef.set(key, credential);
    }
    if (empty.size)
        valueProblems.push(emptyProblem([...empty.values()]));
    for (const ref of required)
        if (!seen.has(refText(ref)))
            valueProblems.push(missingProblem(ref));
    // Code-unit order, not localeCompare: the first localeCompare loads ICU's collator (7 ms of start-up).
    const credentials = [...byRef.values()].sort((a, b) => compareText(refText(a), refText(b)));
    return { credentials, problems, valueProblems, leftAlone: [...leftAlone].sort(compareText) };
}
/** The credential field an AL_SECRET_ name stands for, or undefined when it names none. */
function parseEnvName(name) {
    const parts = name.slice(envPrefix.length).split('__');
    const [type, instance, field] = parts.map(decodeSegment);
    if (parts.length !== 3 || !type || !instance || !field)
        return undefined;
    if (![type, instance, field].every((s) => segmentPattern.test(s)))
        return undefined;
    return { type, instance, field };
}
/** `(fields id_rsa, username, email)`: a known type's real fields, for messages; '' for an unknown type. */
function fieldsNote(type) {
    const fields = fieldNames(type);
    if (!fields)
        return '';
    return ` (${fields.length === 1 ? 'field' : 'fields'} ${fields.join(', ')})`;
}
const andList = (names) => names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
/** Every empty variable in one problem, grouped by credential, with the one likely cause once. */
function emptyProblem(empty) {
    const sorted = [...empty].sort((a, b) => compareText(refText(a.ref), refText(b.ref)));
    const credentials = sorted.map(({ ref, names }) => `Credential ${refText(ref)}${fieldsNote(ref.type)}: ${andList([...names].sort(compareText))} ${names.length > 1 ? 'are' : 'is'} empty.`);
    const many = sorted.reduce((n, { names }) => n + names.length, 0) > 1;
    return (`${credentials.join(' ')} GitHub gives no Actions secrets to workflows run for pull requests from forks or for Dependabot; ` +
        `check that the repository ${many ? 'secrets exist' : 'secret exists'} and that this workflow may read ${many ? 'them' : 'it'}.`);
}
/** A required credential with no field: the variables to set, named by the type's real fields. */
function missingProblem(ref) {
    const fields = fieldNames(ref.type);
    const stem = `${envPrefix}${encodeSegment(ref.type)}__${encodeSegment(ref.instance)}__`;
    const secret = (field) => `${ref.type}/${ref.instance}/${field}=SECRET_NAME:latest`;
    const example = (variable) => `${variable}: \${{ secrets.YOUR_SECRET }}`;
    if (fields?.length === 1)
        return `Credential ${refText(ref)} is required but ${envName(ref, fields[0])} is not set. Add it to the step's env, e.g. ${example(envName(ref, fields[0]))}, or take it from Secret Manager with the input "secrets", e.g. ${secret(fields[0])}.`;
    if (fields)
        return `Credential ${refText(ref)} is required but none of its fields (${fields.join(', ')}) is set. Add them to the step's env: ${fields.map((f) => envName(ref, f)).join(', ')} (e.g. ${example(envName(ref, fields[0]))}), or take them from Secret Manager with the input "secrets", e.g. ${secret(fields[0])}.`;
    return `Credential ${refText(ref)} is required but no field of it is set. Add one ${stem}<field> per field the agent reads to the step's env (e.g. ${example(`${stem}<field>`)}), or take them from Secret Manager with the input "secrets", e.g. ${secret('<field>')}.`;
}
/**
 * Lines to register with the runner's masker (and the action's own redaction), of the secret fields
 * only, as upstream's definitions mark them (fields.ts). The runner masks line by line, so each line
 * of a multi-line value is registered on its own (runner issue #161), and the whole value too.
 */
function maskLines(credentials) {
    const lines = new Set();
    for (const credential of credentials) {
        for (const [field, value] of credential.fields) {
            if (!isSecretField(credential.type, field))
                continue; // shown as upstream shows it (a git author name)
            const text = value.toString('utf8');
            for (const line of text.split(/\r?\n|\r/))
                if (line.trim())
                    lines.add(line.trim());
            if (text.trim())
                lines.add(text.trim());
        }
    }
    return [...lines];
}
const mountPath = (ref) => `/credentials/${ref.type}/${ref.instance}`;
const compareText = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

;// CONCATENATED MODULE: ./build/job/cost.js
// What an execution cost: its vCPU-seconds and GiB-seconds, from the Execution's own start and
// completion times (not the step's wall time, which includes building and draining), at Cloud Run
// jobs' per-second prices. An estimate: the monthly free tier, committed-use discounts and other
// regions' prices are not counted.
// https://cloud.google.com/run/docs/configuring/jobs/memory-limits
const memoryPattern = /^(\d+)(Mi|Gi|M|G)$/;
// https://cloud.google.com/run/pricing, "Pricing for regions in Tier 1", Jobs (read 2026-12):
// $0.00001800 per vCPU-second and $0.00000200 per GiB-second. Tier 1 is assumed whatever the
// region (us-central1, europe-west1, \u2026); Tier 2 regions cost more.
const pricePerVcpuSecond = 0.000018;
const pricePerGibSecond = 0.000002;
const ms = (t) => t && t.seconds != null ? Number(t.seconds) * 1000 + (t.nanos ?? 0) / 1e6 : undefined;
/** Seconds the execution ran: from its startTime to its completionTime (0 when either is missing). */
function billedSeconds(execution) {
    const start = ms(execution.startTime);
    const end = ms(execution.completionTime);
    return start === undefined || end === undefined ? 0 : Math.max(0, (end - start) / 1000);
}
function executionCost(cpu, memory, seconds) {
    const vcpuSeconds = cpuValue(cpu) * seconds;
    const gibSeconds = (memoryMiB(memory) / 1024) * seconds;
    return { vcpuSeconds, gibSeconds, usd: vcpuSeconds * pricePerVcpuSecond + gibSeconds * pricePerGibSecond };
}
/** Dollars as the `cost` output gives them: six decimals, e.g. 0.000123. */
const formatUsd = (usd) => usd.toFixed(6);
/** Cloud Run's CPU limit as a number of vCPUs: "1" \u2192 1, "500m" \u2192 0.5. */
const cpuValue = (cpu) => cpu.endsWith('m') ? Number(cpu.slice(0, -1)) / 1000 : Number(cpu);
function memoryMiB(memory) {
    const match = memoryPattern.exec(memory);
    if (!match)
        return NaN;
    const amount = Number(match[1]);
    switch (match[2]) {
        case 'Gi':
            return amount * 1024;
        case 'G':
            return (amount * 1e9) / 2 ** 20;
        case 'M':
            return (amount * 1e6) / 2 ** 20;
        default:
            return amount;
    }
}

// EXTERNAL MODULE: ./build/shared/durations.js
var durations = __webpack_require__(35860);
// EXTERNAL MODULE: ./build/action/heap.js + 2 modules
var heap = __webpack_require__(92817);
// EXTERNAL MODULE: ./build/google/errors.js + 1 modules
var errors = __webpack_require__(73408);
// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(58500);
// EXTERNAL MODULE: ./build/output/log.js
var log = __webpack_require__(20183);
;// CONCATENATED MODULE: ./build/action/cancellation.js
// Cancellation: what the action does when the runner cancels the workflow.




/** While the execution does not exist yet, cancelling is tried again this often. */
const notYetMs = 250;
/**
 * The runner sends SIGINT when the workflow is cancelled, SIGTERM 7.5 s later and kills the process
 * 2.5 s after that. On SIGINT nothing more is started; a create already sent (a secret, the job
 * that starts its execution) is let land, within a bound, so that post sees and deletes it rather
 * than racing it; then the execution, if there is one, is cancelled, well before SIGTERM. Post
 * deletes the rest.
 */
function watchForCancellation(cloud, state) {
    const controller = new AbortController();
    const inflight = new Set();
    let execution;
    let cancelling;
    const cancelExecution = () => {
        if (!execution)
            return Promise.resolve();
        const name = execution;
        cancelling ??= (async () => {
            log/* log */.R.info(`Cancelling execution ${name.split('/').pop()}`);
            const deadline = Date.now() + 3_000;
            for (;;) {
                try {
                    await cloud.run.cancelExecution(name, { deadlineMs: Math.max(1, deadline - Date.now()) });
                    return;
                }
                catch (error) {
                    const code = (0,errors/* errorCode */.CA)(error);
                    // Cloud Run creates the execution a token asks for once the job's checks pass: it may
                    // not exist yet, a moment after CreateJob. Post stops it if it comes later still.
                    if (code === errors/* Code */.Cy.NOT_FOUND && Date.now() + notYetMs < deadline) {
                        await (0,promises_.setTimeout)(notYetMs);
                        continue;
                    }
                    if (code === errors/* Code */.Cy.NOT_FOUND)
                        log/* log */.R.info('The execution does not exist yet; post deletes the job, which stops it.');
                    else if (code !== errors/* Code */.Cy.FAILED_PRECONDITION)
                        log/* log */.R.warning(`Cancelling failed: ${error.message}`);
                    return;
                }
            }
        })();
        return cancelling;
    };
    process.once('SIGINT', () => {
        log/* log */.R.info('The workflow was cancelled.');
        controller.abort();
        // Fire and forget: a signal handler cannot wait, and this ends the process itself.
        void (async () => {
            if (inflight.size) {
                log/* log */.R.info('Waiting for the calls already sent to land, so that post can delete what they create.');
                await Promise.race([Promise.allSettled([...inflight]), (0,promises_.setTimeout)(4_000)]);
            }
            await cancelExecution();
        })().finally(() => {
            core/* setOutput */.uH('status', 'cancelled');
            core/* setOutput */.uH('conclusion', 'cancelled');
            log/* log */.R.fail('The run was cancelled; the post step deletes what it created.');
            process.exit(1);
        });
    });
    process.once('SIGTERM', () => process.exit(1));
    return {
        signal: controller.signal,
        check() {
            if (controller.signal.aborted)
                throw new Error('Cancelled before the execution started.');
        },
        /** A call that creates something: on SIGINT, waited for (bounded) before the process exits. */
        track(work) {
            inflight.add(work);
            work.then(() => inflight.delete(work), () => inflight.delete(work));
            return work;
        },
        /** The execution CreateJob's token starts is named (or Cloud Run named it otherwise). */
        executionKnown(name) {
            if (name === execution)
                return;
            execution = name;
            cancelling = undefined;
            // Cancelled while CreateJob was in flight: cancel now. Not awaited: the SIGINT handler waits
            // for the same promise (which never rejects) before the process exits.
            if (controller.signal.aborted)
                void cancelExecution();
        },
        state,
    };
}

;// CONCATENATED MODULE: ./build/job/gateway.js
// The Action Llama gateway, when the run uses one.

/** A pre-flight check: agents cannot work when the gateway is unreachable, so say so early. */
async function checkGateway(url) {
    try {
        const response = await fetch(new URL('/health', url), { signal: AbortSignal.timeout(5_000) });
        if (!response.ok)
            log/* log */.R.warning(`The gateway at ${url} answered ${response.status} to /health; agents may fail to reach it.`);
    }
    catch (error) {
        log/* log */.R.warning(`The gateway at ${url} did not answer /health (${error.message}); agents may fail to reach it.`);
    }
}

// EXTERNAL MODULE: ./build/job/cleanup.js
var cleanup = __webpack_require__(6827);
// EXTERNAL MODULE: ./build/google/connect.js + 7 modules
var connect = __webpack_require__(16884);
// EXTERNAL MODULE: ./build/shared/names.js
var names = __webpack_require__(92089);
// EXTERNAL MODULE: ./build/image/docker.js
var docker = __webpack_require__(13417);
// EXTERNAL MODULE: ./build/registry/references.js
var references = __webpack_require__(21449);
// EXTERNAL MODULE: ./build/registry/resolve.js
var resolve = __webpack_require__(50287);
;// CONCATENATED MODULE: ./build/image/prepare.js
// The agent's image, always run by digest: a prebuilt one resolved, one built from a Dockerfile
// and pushed to Artifact Registry, or, in project mode, one made from the Action Llama project.






/**
 * Before a build, that the repository it pushes to exists: `docker push` would otherwise fail only
 * after the build, which can take minutes. One GetRepository, in the repository's own location.
 */
async function requireRepository(cloud, build, project) {
    const found = await cloud.artifacts.getRepository(build.registryLocation, build.repository);
    const name = `projects/${project}/locations/${build.registryLocation}/repositories/${build.repository}`;
    if (!found)
        throw new Error(`${(0,errors/* missingRepositoryAdvice */.LS)(name, build.registry)} Nothing was built.`);
    // A Maven or npm repository of that name refuses Docker images; gax answers the enum by name.
    if (found.format !== undefined && found.format !== null && found.format !== 'DOCKER' && found.format !== 1)
        throw new Error(`The Artifact Registry repository ${name} is a ${String(found.format)} repository, not a Docker one. Set "repository" to a Docker repository (gcloud artifacts repositories create <id> --repository-format=docker --location=${build.registryLocation} --project ${project}). Nothing was built.`);
}
/**
 * Project mode: the agent's image looked up, reading only (undefined in the other modes). A run
 * does it while it waits for its scale slot; prepareImage goes on from what it found.
 */
async function findImage(cloud, inputs) {
    if (!inputs.build || !inputs.projectMode)
        return undefined;
    const { findProjectImage } = await __webpack_require__.e(/* import() */ 766).then(__webpack_require__.bind(__webpack_require__, 57766));
    return findProjectImage(lookupInputs(inputs.projectMode, inputs.build, inputs.projectId, await cloud.accessToken()));
}
/** What finding a project's image reads, from the step's inputs. */
const lookupInputs = (projectMode, build, projectId, accessToken) => ({ ...projectMode, build, projectId, accessToken });
/** The image to run, by digest: a prebuilt one resolved, or one built and pushed now. */
async function prepareImage(cloud, inputs, 
/** Told the private Docker config dir before it is made, so post deletes it whatever happens. */
record, 
/** What findImage found out, in project mode. */
lookup) {
    const token = await cloud.accessToken();
    if (!inputs.build)
        return (0,resolve/* resolveDigest */.j)(inputs.image, token, { input: 'image' });
    const build = inputs.build;
    const beforeBuild = () => requireRepository(cloud, build, inputs.projectId);
    // Project mode asks only on a cache miss: an unchanged agent's image costs no extra call.
    if (!inputs.projectMode)
        await beforeBuild();
    const dockerConfig = (0,docker/* newDockerConfigDir */.Of)();
    record({ dockerConfig });
    if (inputs.projectMode) {
        const { projectImage } = await __webpack_require__.e(/* import() */ 766).then(__webpack_require__.bind(__webpack_require__, 57766));
        return projectImage({
            ...lookupInputs(inputs.projectMode, build, inputs.projectId, token),
            dockerConfig,
            cloud,
            beforeBuild,
        }, lookup);
    }
    const target = (0,references/* imagePath */.d0)(build, inputs.projectId, (0,names/* slug */.yR)(inputs.agent));
    await (0,docker/* login */.iD)(build.registry, token, dockerConfig);
    log/* log */.R.info(`Building ${target}:${build.tag}`);
    return log/* log */.R.group(`Build and push ${target}`, () => (0,docker/* buildAndPush */.sf)(build, target, dockerConfig, process.env));
}

// EXTERNAL MODULE: ./build/image/prune.js
var prune = __webpack_require__(76889);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
var external_node_fs_default = /*#__PURE__*/__webpack_require__.n(external_node_fs_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./node_modules/smol-toml/dist/index.js + 8 modules
var dist = __webpack_require__(3292);
;// CONCATENATED MODULE: ./build/project/config.js
// The project's TOML files, read in one place: readToml for any of them (the root config.toml, an
// agent's config.toml), and readAgentConfig for what every mode takes from an agent's
// config.toml as its defaults (the credentials it requires, its timeout, its Dockerfile, its scale).



/** A TOML file's tables; a missing file is undefined, a broken one a problem naming it. */
function readToml(file, problems) {
    if (!external_node_fs_default().existsSync(file))
        return undefined;
    try {
        return (0,dist/* parse */.qg)(external_node_fs_default().readFileSync(file, 'utf8'));
    }
    catch (error) {
        problems.push(`${file} is not valid TOML: ${error.message.split('\n')[0]}`);
        return undefined;
    }
}
/** Upstream's scale of an agent that sets none, in a project without defaultAgentScale. */
const upstreamDefaultScale = 1;
/**
 * Reads `agents/<agent>/` under `root` (its config.toml, if any, and its Dockerfile); undefined when
 * the project has no such agent directory.
 */
function readAgentConfig(root, agent) {
    // Only a plain directory name can name an agent directory; anything else is not looked up.
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(agent) || agent.includes('..'))
        return undefined;
    const dir = external_node_path_default().join(root, 'agents', agent);
    const file = external_node_path_default().join(dir, 'config.toml');
    if (!external_node_fs_default().existsSync(dir))
        return undefined;
    const problems = [];
    const parsed = readToml(file, problems) ?? {};
    if (problems.length)
        throw new Error(problems[0]);
    const credentials = parsed.credentials ?? [];
    if (!Array.isArray(credentials) || credentials.some((c) => typeof c !== 'string')) {
        throw new Error(`${file}: "credentials" must be a list of strings such as ["github_token", "git_ssh:botty"]`);
    }
    const timeout = parsed.timeout;
    if (timeout !== undefined && typeof timeout !== 'string' && typeof timeout !== 'number') {
        throw new Error(`${file}: "timeout" must be a number of seconds or a duration such as "30m"`);
    }
    const dockerfile = external_node_path_default().join(dir, 'Dockerfile');
    return {
        file,
        credentials: credentials,
        timeout: timeout,
        dockerfile: external_node_fs_default().existsSync(dockerfile) ? dockerfile : undefined,
        scale: external_node_fs_default().existsSync(file) ? readScale(root, agent, parsed) : undefined,
    };
}
/** The agent's scale and the project's cap; a value upstream would misread throws, naming its file. */
function readScale(root, agent, config) {
    const agentFile = `agents/${agent}/config.toml`;
    const problems = [];
    const project = readToml(external_node_path_default().join(root, 'config.toml'), problems) ?? {};
    if (problems.length)
        throw new Error(problems[0]);
    const [value, agentSource] = config.scale !== undefined
        ? [wholeNumber(config.scale, `${agentFile}: "scale"`, 0), `${agentFile}: "scale"`]
        : project.defaultAgentScale !== undefined
            ? [
                wholeNumber(project.defaultAgentScale, 'config.toml: "defaultAgentScale"', 0),
                'config.toml: "defaultAgentScale"',
            ]
            : [upstreamDefaultScale, "Action Llama's default (no scale in config.toml)"];
    if (project.scale === undefined)
        return { agent: value, agentSource };
    // 1 at least: upstream gives every agent a runner whatever the cap, so a cap of 0 means nothing there.
    const cap = wholeNumber(project.scale, 'config.toml: "scale"', 1);
    return { agent: value, agentSource, project: cap, projectSource: 'config.toml: "scale"' };
}
function wholeNumber(value, where, least) {
    if (typeof value === 'number' && Number.isInteger(value) && value >= least)
        return value;
    throw new Error(`${where} must be a whole number of at least ${least} (how many runs at once), got ${JSON.stringify(value)}.`);
}

// EXTERNAL MODULE: ./build/github/authorisation.js
var authorisation = __webpack_require__(68311);
;// CONCATENATED MODULE: ./build/credentials/existing.js
const source = 'Input "secrets"';
const existing_segmentPattern = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
// https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets/create (secretId)
const secretIdPattern = /^[A-Za-z0-9_-]{1,255}$/;
// A project id (or a domain-scoped one, example.com:p) or a project number.
const projectPattern = /^[a-z0-9]([a-z0-9.:-]*[a-z0-9])?$/;
const versionPattern = /^(latest|[1-9][0-9]*)$/;
const example = 'e.g. anthropic_key/default/token=my-secret:latest';
const existing_forms = 'NAME, NAME:VERSION, projects/P/secrets/NAME, projects/P/secrets/NAME:VERSION or projects/P/secrets/NAME/versions/VERSION (VERSION a number or latest)';
/**
 * The pairs of the input; a bare NAME is a secret of `projectId`. Problems never need a cloud call;
 * `oneSecretPerInstance` checks the fields once the project is known.
 */
function parseExistingSecrets(text, projectId) {
    const fields = [];
    const problems = [];
    const pairs = text
        .split(/[\n,]/)
        .map((pair) => pair.trim())
        .filter((pair) => pair && !pair.startsWith('#'));
    for (const pair of pairs) {
        const parsed = parsePair(pair, projectId);
        if (typeof parsed === 'string') {
            problems.push(parsed);
            continue;
        }
        if (fields.some((f) => sameField(f, parsed))) {
            problems.push(`${source}: ${fieldText(parsed)} is given twice. Keep one line for it.`);
            continue;
        }
        fields.push(parsed);
    }
    return { fields, problems };
}
function parsePair(pair, projectId) {
    const equals = pair.indexOf('=');
    if (equals < 0)
        return `${source}: "${pair}" is not KEY=VALUE. Write <type>/<instance>/<field>=<secret>, ${example}.`;
    const key = pair.slice(0, equals).trim();
    const value = pair.slice(equals + 1).trim();
    const segments = key.split('/');
    const [type = '', instance = '', field = ''] = segments;
    if (segments.length !== 3 || !segments.every((s) => existing_segmentPattern.test(s)))
        return `${source}: "${key}" is not a credential field. Write <type>/<instance>/<field>, the path under /credentials, ${example}.`;
    const version = parseVersion(value, projectId);
    if (!version)
        return `${source}: "${value}" (for ${key}) is not a secret version. Write ${existing_forms}.`;
    return { type, instance, field, ...version };
}
function parseVersion(value, projectId) {
    const full = /^projects\/([^/]+)\/secrets\/([^/:]+)(?:\/versions\/([^/:]+)|:([^/:]+))?$/.exec(value);
    const short = /^([^/:]+)(?::([^/:]+))?$/.exec(value);
    const [project, name, version = 'latest'] = full
        ? [full[1], full[2], full[3] ?? full[4]]
        : short
            ? [projectId || 'project-id', short[1], short[2]]
            : [];
    if (!project || !name || !projectPattern.test(project) || !secretIdPattern.test(name))
        return undefined;
    if (!versionPattern.test(version))
        return undefined;
    return { secret: `projects/${project}/secrets/${name}`, version };
}
/**
 * Cloud Run mounts one secret per directory (one volume per mount path), and the agent reads an
 * instance's fields from one directory: so the fields of an instance come from one secret (its
 * versions may differ).
 */
function oneSecretPerInstance(fields) {
    const problems = [];
    for (const [ref, group] of byInstance(fields)) {
        const secrets = [...new Set(group.map((f) => f.secret))];
        if (secrets.length > 1)
            problems.push(`${source}: the fields of ${ref} come from ${secrets.length} secrets (${secrets.join(', ')}); Cloud Run mounts one secret per directory. ` +
                "Take every field of an instance from versions of one secret, or give some by the step's env (AL_SECRET_\u2026) under another instance.");
    }
    return problems;
}
/** The fields grouped into one credential per instance, in the order first given. */
function existingCredentials(fields) {
    return [...byInstance(fields).values()].map((group) => ({
        type: group[0].type,
        instance: group[0].instance,
        secret: group[0].secret,
        versions: new Map(group.map((f) => [f.field, f.version])),
    }));
}
function byInstance(fields) {
    const groups = new Map();
    for (const f of fields) {
        const key = `${f.type}:${f.instance}`;
        groups.set(key, [...(groups.get(key) ?? []), f]);
    }
    return groups;
}
const sameField = (a, b) => a.type === b.type && a.instance === b.instance && a.field === b.field;
const fieldText = (f) => `${f.type}/${f.instance}/${f.field}`;
/** Existing secrets mount as the run's own do: one volume per instance, an item per field. */
const existingMounts = (existing) => existing.map(({ type, instance, secret, versions }) => ({
    credential: { type, instance },
    secret,
    versions,
}));

;// CONCATENATED MODULE: ./build/project/agent.js
// An Action Llama project as upstream 0.29 reads it: what one agent needs to run once. Read
// before anything is created, so that a missing model key or a timeout upstream would misread is
// an input error naming the file and the fix, not a failed job.



/** Upstream's default agent timeout (DEFAULT_AGENT_TIMEOUT), when neither config sets one. */
const upstreamDefaultTimeoutSeconds = 3600;
/** Whether `dir` holds the Action Llama agent `agent` (upstream: agents/<agent>/SKILL.md). */
function isProjectAgent(dir, agent) {
    return validAgentName(agent) && external_node_fs_default().existsSync(external_node_path_default().join(dir, 'agents', agent, 'SKILL.md'));
}
/** The project's agents: the folders of agents/ holding a SKILL.md, sorted. */
function projectAgents(dir) {
    const agents = external_node_path_default().join(dir, 'agents');
    if (!external_node_fs_default().existsSync(agents))
        return [];
    return external_node_fs_default().readdirSync(agents, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && isProjectAgent(dir, entry.name))
        .map((entry) => entry.name)
        .sort();
}
// Upstream's validateAgentName: a directory name, nothing that walks out of agents/.
const validAgentName = (agent) => /^[a-z0-9][a-z0-9-]*$/i.test(agent) && !agent.includes('..');
/** Reads what the agent needs; `problems` lists every mistake found, each with its fix. */
function readProject(dir, agent) {
    const problems = [];
    const rootFile = external_node_path_default().join(dir, 'config.toml');
    const agentDir = external_node_path_default().join(dir, 'agents', agent);
    const agentFile = external_node_path_default().join(agentDir, 'config.toml');
    const root = readToml(rootFile, problems) ?? {};
    const config = readToml(agentFile, problems);
    if (!config) {
        problems.push(`${agentFile} is missing: an Action Llama agent lists its models (and schedule or webhooks) there.`);
        return { problems };
    }
    const credentials = stringList(config.credentials, `${agentFile}: "credentials"`, problems);
    const modelKeys = modelKeysOf(config, root, agentFile, rootFile, problems);
    if (config.scale !== 0 && !config.schedule && !(Array.isArray(config.webhooks) && config.webhooks.length))
        problems.push(`${agentFile}: the agent needs a "schedule" or "webhooks" (Action Llama refuses to load it otherwise).`);
    const timeout = timeoutOf(config, root, agentFile, rootFile, problems);
    const rootDockerfile = external_node_path_default().join(dir, 'Dockerfile');
    const agentDockerfile = external_node_path_default().join(agentDir, 'Dockerfile');
    const project = {
        dir,
        agent,
        credentials: [...new Set([...credentials, ...modelKeys.map((k) => k.ref)])],
        modelKeys,
        ...timeout,
        rootDockerfile: customised(rootDockerfile) ? rootDockerfile : undefined,
        agentDockerfile: external_node_fs_default().existsSync(agentDockerfile) ? agentDockerfile : undefined,
    };
    return { project: problems.length ? undefined : project, problems };
}
function stringList(value, where, problems) {
    if (value === undefined)
        return [];
    if (Array.isArray(value) && value.every((v) => typeof v === 'string'))
        return value;
    problems.push(`${where} must be a list of strings.`);
    return [];
}
/** Each model's provider key, as upstream's credential loader reads it: `<provider>_key/default/token`. */
function modelKeysOf(config, root, agentFile, rootFile, problems) {
    const names = stringList(config.models, `${agentFile}: "models"`, problems);
    if (!names.length) {
        problems.push(`${agentFile}: "models" must name at least one model of ${rootFile} [models.<name>], e.g. models = ["sonnet"].`);
        return [];
    }
    const models = (root.models ?? {});
    const keys = [];
    for (const name of names) {
        const model = models[name];
        if (!model || typeof model.provider !== 'string') {
            const known = Object.keys(models).join(', ') || 'none';
            problems.push(`${agentFile}: model "${name}" is not defined in ${rootFile} as [models.${name}] with a provider (defined: ${known}).`);
            continue;
        }
        if (model.authType === 'pi_auth')
            continue; // signs in without a key
        const ref = `${model.provider}_key`;
        if (!keys.some((k) => k.ref === ref))
            keys.push({ ref, field: 'token', model: name });
    }
    return keys;
}
/** Upstream: `agent timeout ?? [local] timeout ?? 3600`, multiplied by 1000 as it is. */
function timeoutOf(config, root, agentFile, rootFile, problems) {
    const local = (root.local ?? {});
    const [value, source] = config.timeout !== undefined
        ? [config.timeout, `${agentFile}: "timeout"`]
        : local.timeout !== undefined
            ? [local.timeout, `${rootFile}: [local] "timeout"`]
            : [undefined, 'the default'];
    if (value === undefined)
        return { timeoutSource: source };
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
        problems.push(`${source} must be a number of seconds such as 1800: Action Llama multiplies it by 1000, so ${JSON.stringify(value)} would end the run at once.`);
        return { timeoutSource: source };
    }
    return { timeoutSeconds: value, timeoutSource: source };
}
/** Upstream's rule: a root Dockerfile counts only with an instruction beyond its FROM line. */
function customised(file) {
    if (!external_node_fs_default().existsSync(file))
        return false;
    const instructions = external_node_fs_default().readFileSync(file, 'utf8')
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line && !line.startsWith('#'));
    return instructions.length > 1;
}

;// CONCATENATED MODULE: ./build/project/mode.js
// The inputs of project mode: when no image, context or Dockerfile is given and the project holds
// the agent (agents/<agent>/SKILL.md), the action makes the image from the project itself.



/** Project mode's settings, or undefined when the project has no such agent (a Dockerfile build then). */
function readProjectMode(given, problems) {
    if (!given.agent || !isProjectAgent(given.project, given.agent))
        return undefined;
    const read = readProject(given.project, given.agent);
    problems.push(...read.problems);
    if (given.tag)
        problems.push('Input "tag" is not used in project mode: the image is tagged by a hash of its content (the cache). Remove it.');
    if (given.gateway_url)
        problems.push('Input "gateway_url" is not used in project mode: Action Llama 0.29 runs locks and return values inside the agent process. Remove it.');
    return (read.project && {
        project: read.project,
        baseImage: given.base_image,
        actionLlamaVersion: given.action_llama_version,
    });
}
/**
 * Each model key absent from the step's environment and from the existing secrets (`fromSecrets`,
 * the `type/instance/field` paths of input "secrets"), named with its model and the variable to set.
 */
function missingModelKeys(mode, env, fromSecrets = new Set()) {
    const file = external_node_path_default().join(mode.project.dir, 'config.toml');
    // Set but empty is not missing: the credentials' check names it as empty (a fork's pull request), once.
    return mode.project.modelKeys
        .map((key) => ({ key, variable: envName({ type: key.ref, instance: 'default' }, key.field) }))
        .filter(({ key, variable }) => env[variable] === undefined && !fromSecrets.has(`${key.ref}/default/${key.field}`))
        .map(({ key, variable }) => ({
        ref: key.ref,
        problem: `Model "${key.model}" of ${file} needs the credential ${key.ref}: add ${variable}: \${{ secrets.YOUR_KEY }} to the step's env, or ${key.ref}/default/${key.field}=SECRET_NAME:latest to the input "secrets".`,
    }));
}

// EXTERNAL MODULE: ./build/shared/llm-usage.js
var llm_usage = __webpack_require__(52436);
// EXTERNAL MODULE: ./build/google/locations.js
var google_locations = __webpack_require__(39111);
// EXTERNAL MODULE: ./build/github/context.js
var github_context = __webpack_require__(96220);
;// CONCATENATED MODULE: ./build/project/triggers.js
// The agent's own trigger filters: the GitHub webhooks its agents/<agent>/config.toml declares
// ([[webhooks]], each naming a root config.toml [webhooks.<name>] of type "github"), read as
// upstream's scheduler reads them (buildFilterFromTrigger) and decided as upstream's gateway
// decides (GitHubWebhookProvider.matchesFilter over the event's context): the agent runs when any
// of its GitHub webhooks matches. test/unit/project/triggers.test.ts holds both to upstream's own code.



const listFields = ['events', 'actions', 'repos', 'orgs', 'labels', 'branches', 'conclusions'];
const textFields = ['org', 'assignee', 'author'];
const known = new Set(['source', ...listFields, ...textFields]);
// Upstream's FIELD_SUGGESTIONS, for the GitHub provider's fields.
const suggestions = {
    repository: 'repos',
    repo: 'repos',
    event: 'events',
    action: 'actions',
    label: 'labels',
    branch: 'branches',
    conclusion: 'conclusions',
};
/**
 * The agent's GitHub webhooks; undefined when `projectDir` has no agents/<agent>/config.toml.
 * `problems` lists what upstream would refuse to load (or silently misread), each with its fix.
 */
function readAgentTriggers(projectDir, agent) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(agent) || agent.includes('..'))
        return { problems: [] };
    const file = external_node_path_default().join(projectDir, 'agents', agent, 'config.toml');
    const rootFile = external_node_path_default().join(projectDir, 'config.toml');
    const problems = [];
    // Not TOML: src/project/config.ts has said so already, under the "agent" input.
    const config = readToml(file, []);
    if (!config)
        return { problems };
    const entries = config.webhooks ?? [];
    if (!Array.isArray(entries)) {
        problems.push(`${file}: "webhooks" must be a list of [[webhooks]] tables, each with a "source".`);
        return { problems };
    }
    const sources = entries.length ? (readToml(rootFile, problems)?.webhooks ?? {}) : {};
    const github = [];
    entries.forEach((entry, i) => {
        const where = `${file}: [[webhooks]] #${i + 1}`;
        const trigger = readTrigger(entry, where, rootFile, sources, problems);
        if (trigger)
            github.push({ index: i + 1, ...trigger });
    });
    return { triggers: problems.length ? undefined : { file, github }, problems };
}
/** One entry, when its source is a GitHub one; else undefined (with a problem when it is wrong). */
function readTrigger(entry, where, rootFile, sources, problems) {
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
        problems.push(`${where} must be a table such as { source = "github", events = ["issues"] }.`);
        return undefined;
    }
    const trigger = entry;
    if (typeof trigger.source !== 'string' || !trigger.source) {
        problems.push(`${where} needs a "source" naming a [webhooks.<name>] of ${rootFile}, e.g. source = "github".`);
        return undefined;
    }
    const source = sources[trigger.source];
    if (!source || typeof source !== 'object') {
        const defined = Object.keys(sources).join(', ') || 'none';
        problems.push(`${where}: source "${trigger.source}" is not defined in ${rootFile} (defined: ${defined}). Add [webhooks.${trigger.source}] with type = "github" there; Action Llama refuses to start otherwise.`);
        return undefined;
    }
    if (source.type !== 'github')
        return undefined;
    const found = fieldProblems(trigger, where);
    problems.push(...found);
    return found.length ? undefined : { source: trigger.source, filter: buildFilter(trigger) };
}
function fieldProblems(trigger, where) {
    const problems = [];
    for (const key of Object.keys(trigger)) {
        if (known.has(key))
            continue;
        const hint = suggestions[key] ? ` Did you mean "${suggestions[key]}"?` : '';
        problems.push(`${where}: "${key}" is not a filter of GitHub webhooks (${[...known].filter((k) => k !== 'source').join(', ')}).${hint}`);
    }
    for (const key of listFields) {
        const value = trigger[key];
        if (value !== undefined && !(Array.isArray(value) && value.every((v) => typeof v === 'string')))
            problems.push(`${where}: "${key}" must be a list of strings, e.g. ${key} = ["${triggers_example[key]}"].`);
    }
    for (const key of textFields) {
        const value = trigger[key];
        if (value !== undefined && typeof value !== 'string')
            problems.push(`${where}: "${key}" must be a string, e.g. ${key} = "octocat".`);
    }
    return problems;
}
const triggers_example = {
    events: 'issues',
    actions: 'opened',
    repos: 'acme/app',
    orgs: 'acme',
    labels: 'agent',
    branches: 'main',
    conclusions: 'failure',
};
/** Upstream's buildFilterFromTrigger for a GitHub source: given fields only, `org` first in `orgs`. */
function buildFilter(trigger) {
    const t = trigger;
    const f = {};
    if (t.events)
        f.events = t.events;
    if (t.actions)
        f.actions = t.actions;
    if (t.repos)
        f.repos = t.repos;
    if (t.org)
        f.orgs = [t.org, ...(t.orgs ?? [])];
    else if (t.orgs)
        f.orgs = t.orgs;
    if (t.labels)
        f.labels = t.labels;
    if (t.assignee)
        f.assignee = t.assignee;
    if (t.author)
        f.author = t.author;
    if (t.branches)
        f.branches = t.branches;
    if (t.conclusions)
        f.conclusions = t.conclusions;
    return Object.keys(f).length > 0 ? f : undefined;
}
/** Upstream's matchesFilter. */
function matchesFilter(context, filter) {
    return mismatch(context, filter) === undefined;
}
const list = (values) => JSON.stringify(values);
const quoted = (value) => (value === undefined || value === null ? 'none' : JSON.stringify(value));
/**
 * Why `filter` declines `context`, upstream's checks in upstream's order; undefined when it
 * accepts. Payload text is printed as JSON, so it cannot start a line (a workflow command).
 */
function mismatch(context, f) {
    if (f.events?.length && !f.events.includes(context.event))
        return `wants events ${list(f.events)}, got ${quoted(context.event)}`;
    if (f.actions?.length && !(context.action && f.actions.includes(context.action)))
        return `wants actions ${list(f.actions)}, got ${quoted(context.action)}`;
    if (f.repos?.length && !f.repos.includes(context.repo))
        return `wants repos ${list(f.repos)}, got ${quoted(context.repo)}`;
    const org = context.repo.split('/')[0];
    if (f.orgs?.length && !f.orgs.includes(org))
        return `wants orgs ${list(f.orgs)}, got ${quoted(org)}`;
    const labels = context.labels || [];
    if (f.labels?.length && !f.labels.some((l) => labels.includes(l)))
        return `wants one of labels ${list(f.labels)}, got ${list(labels)}`;
    if (f.assignee && context.assignee !== f.assignee)
        return `wants assignee ${quoted(f.assignee)}, got ${quoted(context.assignee)}`;
    if (f.author && context.author !== f.author)
        return `wants author ${quoted(f.author)}, got ${quoted(context.author)}`;
    // As upstream: an event without a branch (an issue, a comment) passes a branch filter.
    if (f.branches?.length && context.branch && !f.branches.includes(context.branch))
        return `wants branches ${list(f.branches)}, got ${quoted(context.branch)}`;
    // As upstream: only an event with a conclusion (a completed workflow_run) meets this filter.
    if (f.conclusions?.length && context.conclusion && !f.conclusions.includes(context.conclusion))
        return `wants conclusions ${list(f.conclusions)}, got ${quoted(context.conclusion)}`;
    return undefined;
}
/** Upstream's other two triggers: its cron and `al run`. No webhook, so no webhook filter. */
const notWebhooks = new Set(['schedule', 'workflow_dispatch']);
/** Whether the agent accepts the workflow's event, and why (the skip's why is the step's one line). */
function decideTrigger(agent, triggers, env) {
    const eventName = env.GITHUB_EVENT_NAME ?? '';
    if (notWebhooks.has(eventName) || !eventName)
        return { verdict: 'run', why: `a ${eventName || 'local'} run is not a webhook event` };
    if (!triggers?.github.length)
        return {
            verdict: 'run',
            why: `agent "${agent}" declares no GitHub webhooks: the workflow's "on:" decides`,
        };
    const context = (0,github_context/* eventContext */.Wl)(env);
    const file = inWorkspace(triggers.file, env);
    const fix = 'Set "respect_triggers: false" to run it anyway.';
    if (!context)
        return {
            verdict: 'skip',
            why: `Skipped: Action Llama reads no trigger context from this ${eventName} event (its payload lacks what upstream needs), so none of the [[webhooks]] of ${file} accepts it. ${fix}`,
        };
    const declined = [];
    for (const trigger of triggers.github) {
        const why = trigger.filter && mismatch(context, trigger.filter);
        if (!why)
            return { verdict: 'run', why: `accepted by [[webhooks]] #${trigger.index} of ${file}` };
        declined.push(`#${trigger.index} (source "${trigger.source}") ${why}`);
    }
    const action = context.action ? ` (action ${quoted(context.action)})` : '';
    return {
        verdict: 'skip',
        why: `Skipped: agent "${agent}" does not accept this ${context.event} event${action}: [[webhooks]] of ${file}: ${declined.join('; ')}. ${fix}`,
    };
}
/** The file as the repository names it (relative to the workspace), for the step's log. */
function inWorkspace(file, env) {
    const relative = external_node_path_default().relative(env.GITHUB_WORKSPACE || process.cwd(), file);
    return relative && !relative.startsWith('..') && !external_node_path_default().isAbsolute(relative) ? relative : file;
}

;// CONCATENATED MODULE: ./build/job/vpc.js
// Private networking for the job: Direct VPC egress (a network interface on a VPC network or
// subnet) or Serverless VPC Access (a connector), with the egress choice. The inputs are checked
// here as Cloud Run checks the Job's `vpcAccess`, so a bad combination fails before any cloud call.
// Sources: https://cloud.google.com/run/docs/reference/rest/v2/VpcAccess (fields, formats, egress
// default), https://cloud.google.com/run/docs/configuring/vpc-direct-vpc (network or subnet, the
// job's region), https://cloud.google.com/run/docs/configuring/vpc-connectors (connectors),
// https://cloud.google.com/vpc/docs/add-remove-network-tags (tag names).
/** The inputs of this concern, by name. */
const networkInputs = [
    'network',
    'subnetwork',
    'network_tags',
    'vpc_connector',
    'vpc_egress',
];
const egressValues = {
    'private-ranges-only': 'PRIVATE_RANGES_ONLY',
    'all-traffic': 'ALL_TRAFFIC',
};
// Compute Engine resource names (RFC 1035): networks, subnets, connectors and network tags.
const resourceName = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
const projectPart = '([a-z][-a-z0-9.:]*[a-z0-9]|\\d+)';
const networkPath = new RegExp(`^projects/${projectPart}/global/networks/([^/]+)$`);
const subnetworkPath = new RegExp(`^projects/${projectPart}/regions/([^/]+)/subnetworks/([^/]+)$`);
const connectorPath = new RegExp(`^projects/${projectPart}/locations/([^/]+)/connectors/([^/]+)$`);
// "You can assign up to 64 network tags to each VM" (add-remove-network-tags); Cloud Run tags its
// instances the same way.
const maxTags = 64;
/** `a, b` or one per line \u2192 the tags, in order. */
const parseTags = (text) => text.split(/[\s,]+/).filter(Boolean);
/** What the five inputs say, or undefined when none asks for a private network. */
function readVpcAccess(texts, where, problems) {
    const { network, subnetwork, vpc_connector: connector, vpc_egress: egressText } = texts;
    const tags = parseTags(texts.network_tags);
    const add = (input, message) => problems.push({ input, message });
    const direct = Boolean(network || subnetwork);
    if (network)
        networkProblems(network).forEach((m) => add('network', m));
    if (subnetwork)
        subnetworkProblems(subnetwork, where.region).forEach((m) => add('subnetwork', m));
    if (network && subnetwork) {
        const mismatch = projectMismatch(network, subnetwork);
        if (mismatch)
            add('subnetwork', mismatch);
    }
    tagProblems(tags).forEach((m) => add('network_tags', m));
    if (connector)
        connectorProblems(connector, where.region).forEach((m) => add('vpc_connector', m));
    const egress = egressText ? egressValues[egressText.toLowerCase()] : 'PRIVATE_RANGES_ONLY';
    if (!egress)
        add('vpc_egress', `Input "vpc_egress": "${egressText}" is not an egress setting; use private-ranges-only (only private IP ranges go through the VPC, the default) or all-traffic (everything does).`);
    // Cloud Run: "one and only one of connector and network_interfaces must be set".
    if (connector && direct)
        add('vpc_connector', 'Give either "vpc_connector" (Serverless VPC Access) or "network"/"subnetwork" (Direct VPC egress), not both: a Cloud Run job takes one or the other.');
    if (tags.length && !direct)
        add('network_tags', 'Input "network_tags" tags the job\'s own interface on the VPC (Direct VPC egress); set "network" or "subnetwork" too. Traffic through a connector carries the connector\'s tags instead.');
    if (egressText && !direct && !connector)
        add('vpc_egress', 'Input "vpc_egress" chooses what goes through the VPC, but no VPC is set; add "network"/"subnetwork" (Direct VPC egress) or "vpc_connector", or remove "vpc_egress".');
    if (!direct && !connector)
        return undefined;
    if (connector)
        return { connector: connectorName(connector, where), egress: egress ?? 'PRIVATE_RANGES_ONLY' };
    const networkInterface = {
        ...(network && { network }),
        ...(subnetwork && { subnetwork }),
        ...(tags.length && { tags }),
    };
    return { egress: egress ?? 'PRIVATE_RANGES_ONLY', networkInterfaces: [networkInterface] };
}
/** A short connector name is one of the job's project and region, as gcloud reads it. */
function connectorName(connector, where) {
    return connector.includes('/')
        ? connector
        : `projects/${where.projectId}/locations/${where.region}/connectors/${connector}`;
}
/** One line for the log: which kind of private network, and the egress. */
function describeVpcAccess(access) {
    const egress = access.egress === 'ALL_TRAFFIC' ? 'all traffic' : 'private ranges only';
    if (access.connector)
        return `Serverless VPC Access connector ${access.connector}, egress ${egress}`;
    const nic = access.networkInterfaces?.[0] ?? {};
    const parts = [
        nic.network && `network ${nic.network}`,
        nic.subnetwork && `subnet ${nic.subnetwork}`,
        nic.tags?.length && `tags ${nic.tags.join(', ')}`,
    ].filter(Boolean);
    return `Direct VPC egress: ${parts.join(', ')}, egress ${egress}`;
}
function networkProblems(network) {
    const name = network.includes('/') ? networkPath.exec(network)?.[2] : network;
    if (name !== undefined && resourceName.test(name))
        return [];
    return [
        `Input "network": "${network}" is not a VPC network; give its name (e.g. default) for a network of the job's project, or projects/HOST_PROJECT/global/networks/NAME for a Shared VPC network of a host project.`,
    ];
}
function subnetworkProblems(subnetwork, region) {
    if (!subnetwork.includes('/')) {
        if (resourceName.test(subnetwork))
            return [];
    }
    else {
        const match = subnetworkPath.exec(subnetwork);
        if (match && resourceName.test(match[3])) {
            if (match[2] === region)
                return [];
            return [
                `Input "subnetwork": the subnet is in ${match[2]}, but the job runs in ${region}; Direct VPC egress needs a subnet of the job's region (use one in ${region}, or change "region").`,
            ];
        }
    }
    return [
        `Input "subnetwork": "${subnetwork}" is not a subnet; give its name for a subnet of the job's project, or projects/HOST_PROJECT/regions/${region}/subnetworks/NAME for a Shared VPC subnet of a host project.`,
    ];
}
/** Both as full paths: a subnet belongs to a network of its own project. */
function projectMismatch(network, subnetwork) {
    const networkProject = networkPath.exec(network)?.[1];
    const subnetProject = subnetworkPath.exec(subnetwork)?.[1];
    if (!networkProject || !subnetProject || networkProject === subnetProject)
        return undefined;
    return `Input "subnetwork": the subnet is in project ${subnetProject} but "network" is in ${networkProject}; a subnet belongs to a network of its own project. Give both from the same (host) project, or only "subnetwork" (Cloud Run looks its network up).`;
}
function tagProblems(tags) {
    const problems = tags
        .filter((tag) => !resourceName.test(tag))
        .map((tag) => `Input "network_tags": "${tag}" is not a network tag; use 1\u201363 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen.`);
    if (tags.length > maxTags)
        problems.push(`Input "network_tags": ${tags.length} tags given; a network interface takes at most ${maxTags}.`);
    return problems;
}
function connectorProblems(connector, region) {
    if (!connector.includes('/')) {
        if (resourceName.test(connector))
            return [];
    }
    else {
        const match = connectorPath.exec(connector);
        if (match && resourceName.test(match[3])) {
            if (match[2] === region)
                return [];
            return [
                `Input "vpc_connector": the connector is in ${match[2]}, but the job runs in ${region}; a job uses a connector of its own region (create one in ${region}, or change "region").`,
            ];
        }
    }
    return [
        `Input "vpc_connector": "${connector}" is not a Serverless VPC Access connector; give its name for a connector of the job's project and region, or projects/HOST_PROJECT/locations/${region}/connectors/NAME for a connector in a Shared VPC host project.`,
    ];
}

;// CONCATENATED MODULE: ./build/action/manifest.js
// action.yml as the action itself reads it: the one place every input's default is written. The
// runner fills in a default for an input the workflow leaves out; an input given as empty (say
// `memory: ${{ matrix.memory }}` with no such key) reaches the action as '' and takes the default
// from here, so no default is restated in code (test/unit/layout.test.ts checks that).
// There is no YAML library in the bundle: this reads the subset action manifests use \u2014 nested
// mappings, plain and quoted scalars, block scalars (| and >) and comments; sequences and flow
// collections are kept as raw text, since nothing read here lives in them.


const indentOf = (line) => line.length - line.trimStart().length;
const isBlank = (line) => /^\s*(#.*)?$/.test(line);
function scalar(text) {
    if (text.startsWith("'"))
        return text.slice(1, text.lastIndexOf("'")).replaceAll("''", "'");
    if (text.startsWith('"'))
        return JSON.parse(text.slice(0, text.lastIndexOf('"') + 1));
    return text.replace(/\s+#.*$/, '').trim();
}
function parseYamlSubset(text) {
    const lines = text.split(/\r?\n/);
    let i = 0;
    const nextContent = () => {
        let j = i;
        while (j < lines.length && isBlank(lines[j] ?? ''))
            j++;
        return j;
    };
    // Lines more indented than `parent`, or blank, belong to the current value.
    const takeBlock = (parent) => {
        const block = [];
        while (i < lines.length) {
            const line = lines[i] ?? '';
            if (line.trim() !== '' && indentOf(line) <= parent)
                break;
            block.push(line);
            i++;
        }
        while (block.length > 0 && (block.at(-1) ?? '').trim() === '')
            block.pop();
        return block;
    };
    const blockScalar = (indicator, parent) => {
        const block = takeBlock(parent);
        const indent = Math.min(...block.filter((l) => l.trim() !== '').map(indentOf));
        const body = block.map((l) => l.slice(indent));
        const joined = indicator.startsWith('>')
            ? body
                .join('\n')
                .replace(/([^\n])\n(?=[^\n])/g, '$1 ')
                .replace(/\n\n/g, '\n')
            : body.join('\n');
        if (indicator.endsWith('-'))
            return joined;
        return joined === '' ? '' : `${joined}\n`;
    };
    const mapping = (indent) => {
        const map = {};
        for (i = nextContent(); i < lines.length; i = nextContent()) {
            const line = lines[i] ?? '';
            if (indentOf(line) < indent)
                break;
            const m = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"][^:]*?)\s*:(?:\s+(.*))?$/.exec(line.trim());
            if (indentOf(line) > indent || !m)
                throw new Error(`action.yml line ${i + 1}: cannot read '${line}'`);
            const key = scalar(m[1] ?? '');
            const rest = (m[2] ?? '').replace(/^#.*$/, '').trim();
            i++;
            if (/^[|>][+-]?$/.test(rest)) {
                map[key] = blockScalar(rest, indent);
            }
            else if (rest !== '') {
                map[key] = scalar(rest);
            }
            else {
                const next = nextContent();
                const child = lines[next] ?? '';
                if (next >= lines.length || indentOf(child) <= indent)
                    map[key] = '';
                else if (child.trimStart().startsWith('- '))
                    map[key] = takeBlock(indent).join('\n');
                else
                    map[key] = mapping(indentOf(child));
            }
        }
        return map;
    };
    return mapping(0);
}
/** The action's folder: the first one holding action.yml above the running script (dist/main/index.js). */
function actionRoot(from = process.argv[1] ?? process.cwd()) {
    let dir = external_node_path_default().dirname(external_node_path_default().resolve(from));
    for (;;) {
        if (external_node_fs_default().existsSync(external_node_path_default().join(dir, 'action.yml')))
            return dir;
        const parent = external_node_path_default().dirname(dir);
        if (parent === dir)
            throw new Error(`The action is incomplete: no action.yml above ${from}.`);
        dir = parent;
    }
}
/** Every input's default as action.yml writes it ('' for an input without one). */
function inputDefaults(root = actionRoot()) {
    const doc = parseYamlSubset(external_node_fs_default().readFileSync(external_node_path_default().join(root, 'action.yml'), 'utf8'));
    const defaults = {};
    if (typeof doc.inputs === 'object')
        for (const [name, spec] of Object.entries(doc.inputs))
            defaults[name] = typeof spec === 'object' && typeof spec.default === 'string' ? spec.default : '';
    return defaults;
}

;// CONCATENATED MODULE: ./build/action/inputs.js
// Every input of the action, read and validated in one place before anything is created in the
// cloud. One table holds each input's parse and validate (its default is action.yml's alone, src/action/manifest.ts); the few rules that join several
// inputs (the build, the credentials, the timeout) follow it. Problems are collected so a user sees
// them all at once; each names the input and the fix. Problems with the credentials' values alone
// (empty, missing, too large) wait for the decision to run (checkCredentials): GitHub gives a fork's
// pull request and Dependabot no secrets, and an event the agent skips must not fail for that.
















class InputError extends Error {
    problems;
    constructor(problems) {
        super(problems.length === 1
            ? problems[0]
            : `The inputs have ${problems.length} problems:\n${problems.map((p) => `- ${p}`).join('\n')}`);
        this.problems = problems;
    }
}
// Infers each entry's value type from its parse.
const input = (spec) => spec;
const asIs = (text) => text;
const orUndefined = (text) => text || undefined;
// https://cloud.google.com/run/docs/configuring/jobs/cpu, /memory-limits
// Cloud Run jobs need at least 512 MiB (the memory-limits page above).
const minJobMemoryMiB = 512;
const cpuPattern = /^(\d+(\.\d+)?|\d+m)$/;
// The container contract's own variables, and those the project-mode entry reads.
const reservedEnv = /^(CLOUD_RUN_|K_|AL_SECRET_)|^(PORT|PROMPT|GATEWAY_URL|SHUTDOWN_SECRET)$|^AL_(TRIGGER|TIMEOUT_SECONDS|AGENT|PROJECT_DIR|UPSTREAM_DIR|CREDENTIALS_DIR|CREDENTIALS_PATH|LOG_LEVEL|END_NONCE|MAX_TURNS|MAX_LLM_COST)$/;
// The table's order is the order problems are listed in.
const table = {
    mode: input({
        parse: asIs,
        validate: (mode) => mode === 'run' || mode === 'reap' ? undefined : `Input "mode" must be "run" or "reap", got "${mode}".`,
    }),
    agent: input({ usedBy: 'run', parse: asIs, validate: agentProblem }),
    project_id: input({
        parse: (text, { env }) => text ||
            env.GCP_PROJECT ||
            env.GOOGLE_CLOUD_PROJECT ||
            env.CLOUDSDK_CORE_PROJECT ||
            env.CLOUDSDK_PROJECT ||
            '',
        validate: projectIdProblem,
    }),
    region: input({ parse: asIs, validate: google_locations/* regionProblem */.Og }),
    project: input({
        usedBy: 'run',
        parse: (text, { workspace }) => external_node_path_default().resolve(workspace, text),
        validate: projectProblem,
    }),
    image: input({ parse: orUndefined }),
    // context and dockerfile are checked together, in resolveBuild.
    context: input({ parse: asIs }),
    dockerfile: input({ parse: asIs }),
    repository: input({ usedBy: 'build', parse: asIs, validate: repositoryProblem }),
    tag: input({
        usedBy: 'build',
        parse: (text, { env }) => text || defaultTag(env),
        validate: (tag) => /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)
            ? undefined
            : `Input "tag": "${tag}" is not a valid Docker tag; use at most 128 letters, digits, "_", "." and "-", not starting with "." or "-".`,
    }),
    build_args: input({
        usedBy: 'build',
        untrimmed: true,
        parse: (text) => keyValues(text, 'build_args', []),
        validate: (_, text) => keyValueProblems(text, 'build_args'),
    }),
    // Its default, <region>-docker.pkg.dev, is set in resolveBuild.
    registry: input({ usedBy: 'build', parse: asIs, validate: google_locations/* registryProblem */.T7 }),
    base_image: input({ usedBy: 'build', parse: asIs, validate: baseImageProblem }),
    action_llama_version: input({
        usedBy: 'build',
        parse: asIs,
        validate: versionProblem,
    }),
    keep_tags: input({
        parse: (text) => (/^\d+$/.test(text) ? Number(text) : NaN),
        validate: (keep, text) => Number.isInteger(keep) && keep >= 1
            ? undefined
            : `Input "keep_tags" must be a whole number of at least 1, got "${text}".`,
    }),
    credentials: input({
        untrimmed: true,
        parse: (text) => parseRefs(text, 'Input "credentials"').refs,
        validate: (_, text) => parseRefs(text, 'Input "credentials"').problems,
    }),
    // Parsed with project_id (a bare secret name is of that project) in resolveCredentials.
    secrets: input({
        usedBy: 'run',
        parse: asIs,
        validate: (text) => parseExistingSecrets(text, '').problems,
    }),
    secret_locations: input({ usedBy: 'run', parse: google_locations/* parseLocations */.kT, validate: google_locations/* secretLocationsProblems */.vY }),
    // Its default comes from config.toml, in resolveTimeout.
    timeout: input({ parse: asIs }),
    queue_timeout: input({
        usedBy: 'run',
        parse: (text) => (0,durations/* parseDuration */.E)(text),
        validate: (seconds, text) => seconds !== undefined && seconds <= 24 * 3600
            ? undefined
            : `Input "queue_timeout": "${text}" is not a duration of at most 24h. Use seconds (600), a duration like 30m, or 0 to skip the run at once when the agent already runs at its scale.`,
    }),
    // Project mode only: checked in capProblems.
    max_turns: input({
        usedBy: 'run',
        parse: (text) => (text ? (0,llm_usage/* parseMaxTurns */.Cn)(text) : undefined),
        validate: (turns, text) => Number.isNaN(turns)
            ? `Input "max_turns": "${text}" is not a whole number of at least 1 (the most model responses the agent may have), e.g. 30.`
            : undefined,
    }),
    max_llm_cost: input({
        usedBy: 'run',
        parse: (text) => (text ? (0,llm_usage/* parseMaxLlmCost */.c5)(text) : undefined),
        validate: (usd, text) => Number.isNaN(usd)
            ? `Input "max_llm_cost": "${text}" is not a positive number of US dollars, e.g. 2 or 0.50 (no currency sign).`
            : undefined,
    }),
    cpu: input({ parse: asIs, validate: cpuProblem }),
    memory: input({ parse: asIs, validate: memoryProblem }),
    gateway_url: input({ parse: orUndefined, validate: (url) => (url ? gatewayProblems(url) : undefined) }),
    service_account: input({ parse: orUndefined, validate: serviceAccountProblem }),
    // Private networking: checked together, in resolveVpcAccess.
    network: input({ usedBy: 'run', parse: asIs }),
    subnetwork: input({ usedBy: 'run', parse: asIs }),
    network_tags: input({ usedBy: 'run', parse: asIs }),
    vpc_connector: input({ usedBy: 'run', parse: asIs }),
    vpc_egress: input({ usedBy: 'run', parse: asIs }),
    env: input({
        untrimmed: true,
        parse: (text) => keyValues(text, 'env', []),
        validate: (env, text) => [...keyValueProblems(text, 'env'), ...envNameProblems(env)],
    }),
    labels: input({
        untrimmed: true,
        parse: (text) => keyValues(text, 'labels', []),
        validate: (labels, text) => [...keyValueProblems(text, 'labels'), ...labelProblems(labels)],
    }),
    summary: input({ parse: isTrue, validate: booleanProblem('summary') }),
    comment: input({ usedBy: 'run', parse: isTrue, validate: booleanProblem('comment') }),
    dry_run: input({ parse: isTrue, validate: booleanProblem('dry_run') }),
    reap_grace: input({
        parse: (text) => (0,durations/* parseDuration */.E)(text),
        validate: (seconds, text) => seconds !== undefined && seconds <= 7 * 86400
            ? undefined
            : `Input "reap_grace": "${text}" is not a duration of at most 7d. Use seconds (600) or a duration like 10m or 1h.`,
    }),
    github_token: input({ parse: orUndefined }),
    allowed_users: input({
        usedBy: 'run',
        parse: logins,
        validate: (users) => users.flatMap((user) => allowedUserProblem(user)),
    }),
    allowed_bots: input({
        usedBy: 'run',
        parse: logins,
        validate: (bots) => bots.flatMap((bot) => allowedBotProblem(bot)),
    }),
    respect_triggers: input({
        usedBy: 'run',
        parse: isTrue,
        validate: booleanProblem('respect_triggers'),
    }),
    prompt: input({ untrimmed: true, parse: orUndefined }),
};
/** Every input the action reads, in the table's order. */
const inputNames = Object.keys(table);
// Methods are bivariant, so every entry fits this one shape for the loops below.
const entries = table;
/**
 * The inputs, read and checked. `defaults` are action.yml's (the runner applies them to inputs the
 * workflow leaves out; here they also fill an input given as empty).
 */
function readInputs(get, env, defaults = inputDefaults()) {
    const where = { workspace: env.GITHUB_WORKSPACE || process.cwd(), env, defaults };
    const problems = new Problems();
    const texts = readTexts(get, defaults);
    const given = parseAll(texts, where);
    const use = { run: given.mode === 'run', build: given.mode === 'run' && !given.image };
    validateAll(given, texts, use, where, problems);
    // The rules that join several inputs, with the agent's config.toml for defaults.
    const config = problems.from('agent', () => given.agent ? readAgentConfig(given.project, given.agent) : undefined);
    // No image, context or Dockerfile, and the project holds the agent: the image is made from it.
    const projectMode = use.build && !given.context && !given.dockerfile
        ? problems.from('project', () => {
            const found = [];
            const mode = readProjectMode({ ...given, tag: texts.tag }, found);
            problems.add('project', found);
            return mode;
        })
        : undefined;
    if (use.run && given.image && (given.context || given.dockerfile))
        problems.add('image', 'Give either "image" (a prebuilt image) or a build ("context", "dockerfile"), not both.');
    const build = use.build ? resolveBuild(given, config, projectMode, where, problems) : undefined;
    const existing = use.run ? parseExistingSecrets(given.secrets, given.project_id).fields : [];
    problems.add('secrets', oneSecretPerInstance(existing));
    const { credentials, leftAlone } = resolveCredentials(given.credentials, existing, config, projectMode, use.run, env, problems);
    const timeoutSeconds = resolveTimeout(given.timeout, config, projectMode, problems);
    if (use.run)
        capProblems(given, problems);
    const vpcAccess = use.run ? resolveVpcAccess(given, problems) : undefined;
    const triggers = use.run && given.respect_triggers ? resolveTriggers(given, problems) : undefined;
    // Inputs that fail anyway list every problem at once, the credentials' values included.
    if (problems.list.length)
        throw new InputError(problems.all);
    return toInputs(given, {
        build,
        projectMode,
        credentials,
        credentialProblems: problems.deferred,
        leftAlone,
        existingCredentials: existingCredentials(existing),
        timeoutSeconds,
        vpcAccess,
        triggers,
        scale: use.run ? config?.scale : undefined,
    });
}
/**
 * The caps need project mode: its entry counts the agent's turns and cost and stops it; an image of
 * the user's own runs its own entry. (Whether the models have prices is known only to the image's
 * pi-ai: the entry refuses max_llm_cost without them, before any model call.)
 */
function capProblems(given, problems) {
    const projectMode = !given.image && !given.context && !given.dockerfile && isProjectAgent(given.project, given.agent);
    if (projectMode)
        return;
    for (const name of ['max_turns', 'max_llm_cost'])
        if (given[name] !== undefined)
            problems.add(name, `Input "${name}" works in project mode only (no image, context or dockerfile, and the project holds agents/${given.agent}/SKILL.md): there the action's entry counts the agent's turns and cost and stops it. An image of your own runs its own entry. Remove it.`);
}
/** The inputs as the rest of the action reads them, once every problem is ruled out. */
function toInputs(given, resolved) {
    return {
        ...resolved,
        maxTurns: given.max_turns,
        maxLlmCost: given.max_llm_cost,
        mode: given.mode,
        agent: given.agent,
        projectId: given.project_id,
        region: given.region,
        projectDir: given.project,
        image: given.image,
        baseImage: given.base_image,
        actionLlamaVersion: given.action_llama_version,
        keepTags: given.keep_tags,
        secretLocations: given.secret_locations,
        prompt: given.prompt,
        env: given.env,
        gatewayUrl: given.gateway_url,
        cpu: given.cpu,
        memory: given.memory,
        serviceAccount: given.service_account,
        labels: given.labels,
        summary: given.summary,
        comment: given.comment,
        dryRun: given.dry_run,
        reapGraceSeconds: given.reap_grace,
        queueTimeoutSeconds: given.queue_timeout ?? 0,
        githubToken: given.github_token,
        allowedUsers: given.allowed_users,
        allowedBots: given.allowed_bots,
        respectTriggers: given.respect_triggers,
    };
}
/**
 * Throws the credentials' value problems of `inputs` (see readInputs), once the run is decided: still
 * before anything is created.
 */
function checkCredentials(inputs) {
    if (inputs.credentialProblems.length)
        throw new InputError(inputs.credentialProblems);
}
/** Problems, each filed under the input it concerns, listed in the table's order. */
class Problems {
    byInput = new Map();
    later = new Map();
    add(name, found, to = this.byInput) {
        const list = typeof found === 'string' ? [found] : (found ?? []);
        if (list.length)
            to.set(name, [...(to.get(name) ?? []), ...list]);
    }
    /** Problems that wait for the decision to run (the credentials' values). */
    defer(name, found) {
        this.add(name, found, this.later);
    }
    /** What `read` returns, or undefined with its error filed under `name`. */
    from(name, read) {
        try {
            return read();
        }
        catch (error) {
            this.add(name, error.message);
            return undefined;
        }
    }
    /** The problems that fail the inputs now. */
    get list() {
        return inputNames.flatMap((name) => this.byInput.get(name) ?? []);
    }
    get deferred() {
        return inputNames.flatMap((name) => this.later.get(name) ?? []);
    }
    /** Both, each input's own first, in the table's order. */
    get all() {
        return inputNames.flatMap((name) => [...(this.byInput.get(name) ?? []), ...(this.later.get(name) ?? [])]);
    }
}
function readTexts(get, defaults) {
    const text = (name) => {
        const given = entries[name].untrimmed ? get(name) : get(name).trim();
        // An expression (`${{ github.token }}`) only the runner can evaluate.
        const fallback = defaults[name]?.includes('${{') ? '' : (defaults[name] ?? '');
        return given || fallback;
    };
    return Object.fromEntries(inputNames.map((name) => [name, text(name)]));
}
function parseAll(texts, where) {
    return Object.fromEntries(inputNames.map((name) => [name, entries[name].parse(texts[name], where)]));
}
function validateAll(given, texts, use, where, problems) {
    for (const name of inputNames) {
        const spec = entries[name];
        if (spec.usedBy && !use[spec.usedBy])
            continue;
        problems.add(name, spec.validate?.(given[name], texts[name], where));
    }
}
/** The build: the context and the Dockerfile (the agent's own by default) must exist. */
function resolveBuild(given, config, projectMode, { workspace, env }, problems) {
    const registry = given.registry || `${given.region}-docker.pkg.dev`;
    // A host that names no location is already a problem of the "registry" input.
    const location = (0,google_locations/* registryLocation */.bL)(registry, given.region, env) ?? given.region;
    // Project mode: the action writes the Dockerfile and tags the image by its content.
    if (projectMode)
        return {
            context: given.project,
            dockerfile: '',
            buildArgs: given.build_args,
            registry,
            registryLocation: location,
            repository: given.repository,
            tag: '',
        };
    const context = external_node_path_default().resolve(workspace, given.context || '.');
    const dockerfile = given.dockerfile
        ? external_node_path_default().resolve(workspace, given.dockerfile)
        : (config?.dockerfile ?? external_node_path_default().join(context, 'Dockerfile'));
    if (!isDirectory(context)) {
        problems.add('context', `Input "context": directory "${given.context || '.'}" does not exist. Check out the repository first (actions/checkout), or set "image".`);
    }
    else if (!external_node_fs_default().existsSync(dockerfile)) {
        // Nothing but the agent given: the user meant an agent of the project, not a Dockerfile.
        if (!given.context && !given.dockerfile && isDirectory(given.project))
            problems.add('agent', notInProject(given.agent, given.project, workspace));
        else
            problems.add('dockerfile', `Input "dockerfile": "${external_node_path_default().relative(workspace, dockerfile)}" does not exist. Set "dockerfile", or "image" for a prebuilt image.`);
    }
    return {
        context,
        dockerfile,
        buildArgs: given.build_args,
        registry,
        registryLocation: location,
        repository: given.repository,
        tag: given.tag,
    };
}
/** An agent the project does not hold: where it was looked for, and the agents that are there. */
function notInProject(agent, project, workspace) {
    const folder = external_node_path_default().relative(workspace, external_node_path_default().join(project, 'agents')) || '.';
    const agents = projectAgents(project);
    const [found, fix] = agents.length
        ? [
            `The project's agents (folders of ${folder}/ holding a SKILL.md): ${agents.join(', ')}.`,
            'Set "agent" to one of them',
        ]
        : [
            `No folder of ${folder}/ holds a SKILL.md: the project has no agents.`,
            'Check out the repository first',
        ];
    return (`Input "agent": "${agent}" is not an agent of the project: ${folder}/${agent}/SKILL.md does not exist. ${found} ` +
        `${fix} and set "project" to the folder holding agents/, or give "image" or "dockerfile" to run an image of your own.`);
}
/**
 * The input's refs and config.toml's, each with its value from the environment or from an existing
 * secret (run mode only). In project mode only those refs are read from the environment: the step's
 * other AL_SECRET_ credentials are left alone (least privilege: the agent gets what it lists).
 */
function resolveCredentials(fromInput, existing, config, projectMode, run, env, problems) {
    // In project mode the agent's credentials and its models' keys, as upstream reads them.
    const refs = projectMode?.project.credentials ?? config?.credentials ?? [];
    const fromConfig = parseRefs(refs.join(','), config?.file ?? '');
    problems.add('credentials', fromConfig.problems);
    if (!run)
        return { credentials: [], leftAlone: [] };
    // A missing model key is named with its model; the generic message would only repeat it.
    const fromSecrets = new Set(existing.map(fieldText));
    const missingKeys = projectMode ? missingModelKeys(projectMode, env, fromSecrets) : [];
    problems.defer('credentials', missingKeys.map((k) => k.problem));
    const listed = [...fromInput, ...fromConfig.refs];
    const wanted = listed.filter((ref) => !(ref.instance === 'default' && missingKeys.some((k) => k.ref === ref.type)));
    const only = projectMode ? listed : undefined;
    const collected = collectCredentials(env, wanted, existing, only);
    problems.add('credentials', collected.problems);
    problems.defer('credentials', collected.valueProblems);
    problems.add('secrets', givenBothWays(collected.credentials, existing));
    return { credentials: collected.credentials, leftAlone: collected.leftAlone };
}
/** The private network inputs, checked together as Cloud Run checks the job's vpcAccess. */
function resolveVpcAccess(given, problems) {
    const texts = Object.fromEntries(networkInputs.map((name) => [name, given[name]]));
    const found = [];
    const access = readVpcAccess(texts, { projectId: given.project_id, region: given.region }, found);
    for (const { input, message } of found)
        problems.add(input, message);
    return access;
}
/**
 * A field set both by the step's env and by input "secrets", or an instance split between them
 * (Cloud Run mounts one secret per directory): either way the user must choose.
 */
function givenBothWays(credentials, existing) {
    const problems = [];
    for (const credential of credentials) {
        const fields = existing.filter((f) => f.type === credential.type && f.instance === credential.instance);
        const both = fields.filter((f) => credential.fields.has(f.field));
        for (const f of both)
            problems.push(`Input "secrets": ${fieldText(f)} is also set by ${envName(credential, f.field)} in the step's env. Give it one way: remove the line or the variable.`);
        if (fields.length > both.length || (both.length && credential.fields.size > both.length))
            problems.push(`Input "secrets": credential ${credential.type}/${credential.instance} takes fields both from the step's env and from Secret Manager; Cloud Run mounts one secret per directory. ` +
                'Give all the fields of an instance one way.');
    }
    return problems;
}
/** The agent's GitHub [[webhooks]] (contract images too: the project folder's config.toml is the agent's). */
function resolveTriggers(given, problems) {
    if (!given.agent)
        return undefined;
    const { triggers, problems: found } = readAgentTriggers(given.project, given.agent);
    problems.add('respect_triggers', found.map((p) => `${p} (Or set "respect_triggers: false" to ignore the agent's [[webhooks]].)`));
    return triggers;
}
/** The input wins, else config.toml's timeout, else 1h. */
function resolveTimeout(input, config, projectMode, problems) {
    // Project mode reads it as upstream does (checked in readProject); else the action's rule.
    const fromConfig = projectMode ? projectMode.project.timeoutSeconds : config?.timeout;
    const text = input || String(fromConfig ?? '3600');
    // A bad value from config.toml is fixed there (or overridden by the input), so say where it came from.
    const source = input || fromConfig === undefined
        ? 'Input "timeout"'
        : (projectMode?.project.timeoutSource ?? `${config.file}: "timeout"`);
    const seconds = (0,durations/* parseDuration */.E)(text);
    if (seconds === undefined || seconds < 1 || seconds > 168 * 3600) {
        problems.add('timeout', `${source}: "${text}" is not a timeout between 1s and 168h. Use seconds (3600) or a duration like 45m or 2h.`);
    }
    return seconds ?? NaN;
}
function agentProblem(agent) {
    if (!agent)
        return 'Input "agent" is required: the name of the agent to run (for example "reviewer").';
    if (!(0,names/* slug */.yR)(agent))
        return `Input "agent": "${agent}" cannot become a Cloud Run job name: it has no letters or digits. Use a name such as "reviewer".`;
    return undefined;
}
function projectIdProblem(projectId) {
    if (!projectId)
        return 'Input "project_id" is required: set it, or run google-github-actions/auth first (it sets GOOGLE_CLOUD_PROJECT).';
    if (!/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(projectId))
        return `Input "project_id": "${projectId}" is not a Google Cloud project id (6\u201330 lowercase letters, digits and hyphens).`;
    return undefined;
}
/** The project folder must exist inside the workspace: its files go into the agent's image. */
function projectProblem(dir, text, { workspace }) {
    const fix = 'Set "project" to the folder that holds agents/, relative to the workspace (e.g. ".").';
    if (isOutside(workspace, dir))
        return `Input "project": "${text}" is outside the workspace. ${fix}`;
    if (!isDirectory(dir))
        return `Input "project": directory "${text}" does not exist. Check out the repository first (actions/checkout). ${fix}`;
    // Real paths too, so that a symbolic link cannot lead out of the workspace.
    if (isOutside(external_node_fs_default().realpathSync(workspace), external_node_fs_default().realpathSync(dir)))
        return `Input "project": "${text}" leads outside the workspace through a symbolic link. ${fix}`;
    return undefined;
}
function isOutside(root, dir) {
    const relative = external_node_path_default().relative(root, dir);
    return relative === '..' || relative.startsWith(`..${(external_node_path_default()).sep}`) || external_node_path_default().isAbsolute(relative);
}
function repositoryProblem(repository) {
    if (!repository)
        return 'Input "repository" is required to build an image: the Artifact Registry Docker repository to push to (or set "image").';
    if (!/^[a-z]([a-z0-9-]*[a-z0-9])?$/.test(repository))
        return `Input "repository": "${repository}" is not an Artifact Registry repository id (lowercase letters, digits and hyphens).`;
    return undefined;
}
// Docker's reference grammar (github.com/distribution/reference): [registry/]name[:tag][@digest].
const pathComponent = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domain = `(?:${domainComponent}(?:\\.${domainComponent})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const imageName = `(?:${domain}/)?${pathComponent}(?:/${pathComponent})*`;
const imageReference = new RegExp(`^(${imageName})(?::[\\w][\\w.-]{0,127})?(?:@sha256:[0-9a-f]{64})?$`);
function baseImageProblem(image, _, { defaults }) {
    const name = imageReference.exec(image)?.[1];
    if (name && name.length <= 255)
        return undefined;
    return `Input "base_image": "${image}" is not an image reference; write [registry/]name[:tag][@sha256:<64 hex digits>] with a lowercase name, e.g. ${defaults.base_image}.`;
}
// semver.org's version, without build metadata: npm would ignore it when it picks the version.
const exactVersion = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-(0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(\.(0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*)?$/;
function versionProblem(version, _, { defaults }) {
    if (exactVersion.test(version))
        return undefined;
    return `Input "action_llama_version": "${version}" is not an exact version such as ${defaults.action_llama_version}. The image's entry imports a file inside @action-llama/action-llama whose layout can change in any release, so the version is pinned: no ranges, tags or "latest".`;
}
function cpuProblem(cpu) {
    if (cpuPattern.test(cpu) && cpuValue(cpu) > 0 && cpuValue(cpu) <= 8)
        return undefined;
    return `Input "cpu": "${cpu}" is not a Cloud Run CPU limit; use 1, 2, 4, 6 or 8 (or a fraction such as 0.5).`;
}
function memoryProblem(memory) {
    if (memoryPattern.test(memory) && memoryMiB(memory) >= minJobMemoryMiB && memoryMiB(memory) <= 32 * 1024)
        return undefined;
    return `Input "memory": "${memory}" is not a Cloud Run memory limit; use a size between ${minJobMemoryMiB}Mi (the minimum for jobs) and 32Gi such as 1Gi or 2Gi.`;
}
function serviceAccountProblem(account) {
    if (!account ||
        /^[^@\s]+@[^@\s]+\.iam\.gserviceaccount\.com$|^[^@\s]+@developer\.gserviceaccount\.com$/.test(account))
        return undefined;
    return `Input "service_account": "${account}" is not a service account email (name@project.iam.gserviceaccount.com).`;
}
function envNameProblems(env) {
    return Object.keys(env).flatMap((name) => {
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
            return `Input "env": "${name}" is not a valid environment variable name; use letters, digits and "_", not starting with a digit.`;
        if (reservedEnv.test(name))
            return `Input "env": ${name} is set by the action or by Cloud Run; use the "prompt" or "gateway_url" inputs, or another name.`;
        return [];
    });
}
function labelProblems(labels) {
    return Object.entries(labels).flatMap(([key, value]) => {
        const problem = (0,names/* labelProblem */.W6)(key, value);
        if (problem)
            return `Input "labels": ${problem}.`;
        if (key.startsWith('managed-by') || key.startsWith('gh-') || key === 'al-agent')
            return `Input "labels": "${key}" is reserved by this action; choose another key.`;
        return [];
    });
}
/** Logins separated by commas, spaces or newlines; a leading @ is dropped. */
function logins(text) {
    return text
        .split(/[\s,]+/)
        .filter(Boolean)
        .map((login) => login.replace(/^@/, ''));
}
function allowedUserProblem(user) {
    if (user === '*')
        return [
            'Input "allowed_users": "*" is not accepted: anyone who can comment could start an agent holding the repository\'s secrets. List the logins that may start runs.',
        ];
    if (user.endsWith('[bot]'))
        return [`Input "allowed_users": "${user}" is a bot; list it in "allowed_bots" instead.`];
    if (!(0,authorisation/* isLogin */.W5)(user))
        return [`Input "allowed_users": "${user}" is not a GitHub login.`];
    return [];
}
function allowedBotProblem(bot) {
    if (bot === '*' || (0,authorisation/* isLogin */.W5)(bot))
        return [];
    return [
        `Input "allowed_bots": "${bot}" is not a bot's login; write the app's name as in its comments (e.g. dependabot or dependabot[bot]), or "*" for every bot.`,
    ];
}
function isTrue(text) {
    return text.toLowerCase() === 'true';
}
function booleanProblem(name) {
    return (_, text) => ['true', 'false'].includes(text.toLowerCase())
        ? undefined
        : `Input "${name}" must be true or false, got "${text.toLowerCase()}".`;
}
function isDirectory(dir) {
    return external_node_fs_default().existsSync(dir) && external_node_fs_default().statSync(dir).isDirectory();
}
/** `KEY=VALUE` lines (blank lines and # comments skipped); the value is everything after the first `=`. */
function keyValues(text, input, problems) {
    const out = {};
    for (const line of text.split(/\r?\n/)) {
        if (!line.trim() || line.trim().startsWith('#'))
            continue;
        const at = line.indexOf('=');
        if (at <= 0) {
            problems.push(`Input "${input}": line "${line.trim().slice(0, 40)}" is not KEY=VALUE; write one KEY=VALUE per line.`);
            continue;
        }
        out[line.slice(0, at).trim()] = line.slice(at + 1);
    }
    return out;
}
function keyValueProblems(text, input) {
    const problems = [];
    keyValues(text, input, problems);
    return problems;
}
function gatewayProblems(url) {
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        return [
            `Input "gateway_url": "${url}" is not a URL. Use the public https:// address of your Action Llama gateway.`,
        ];
    }
    // Plain http only to this machine, which only the local emulator can reach.
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
    if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback)) {
        return [
            `Input "gateway_url" must use https:// (the agent sends its shutdown secret to it), got "${parsed.protocol}//${parsed.host}".`,
        ];
    }
    if (parsed.username || parsed.password)
        return ['Input "gateway_url" must not contain a user name or password.'];
    return [];
}
function defaultTag(env) {
    const sha = (env.GITHUB_SHA || 'local').slice(0, 12);
    return `${sha}-${env.GITHUB_RUN_ID || Date.now()}-${env.GITHUB_RUN_ATTEMPT || '1'}`;
}

;// CONCATENATED MODULE: ./build/job/spec.js

/** The Job resource: one task, no retries, secrets as one volume per credential instance. */
function jobResource(spec) {
    const volumes = spec.mounts.map((mount, i) => ({
        name: `credentials-${i + 1}`,
        secret: {
            secret: mount.secret,
            items: [...mount.versions].map(([field, version]) => ({ path: field, version })),
        },
    }));
    return {
        labels: spec.labels,
        annotations: spec.annotations,
        ...(spec.startToken && { startExecutionToken: spec.startToken }),
        template: {
            labels: spec.labels,
            taskCount: 1,
            parallelism: 1,
            template: {
                containers: [
                    {
                        image: spec.image,
                        env: Object.entries(spec.env).map(([name, value]) => ({ name, value })),
                        resources: { limits: { cpu: spec.cpu, memory: spec.memory } },
                        volumeMounts: spec.mounts.map((mount, i) => ({
                            name: `credentials-${i + 1}`,
                            mountPath: mountPath(mount.credential),
                        })),
                    },
                ],
                volumes,
                maxRetries: 0,
                timeout: { seconds: spec.timeoutSeconds },
                serviceAccount: spec.serviceAccount,
                ...(spec.vpcAccess && { vpcAccess: spec.vpcAccess }),
            },
        },
    };
}

// EXTERNAL MODULE: ./build/job/outcome.js
var outcome = __webpack_require__(12899);
;// CONCATENATED MODULE: ./build/job/links.js
// Console links for a run. The job and its executions are deleted by the post step, so the logs
// link (which outlives them) is the one to keep.
function consoleUrl(project, region, execution) {
    const executionId = execution.split('/').pop() ?? '';
    return `https://console.cloud.google.com/run/jobs/executions/details/${region}/${executionId}/tasks?project=${project}`;
}
function logsUrl(project, filter, fromIso) {
    const query = encodeURIComponent(filter);
    return `https://console.cloud.google.com/logs/query;query=${query};startTime=${fromIso}?project=${project}`;
}
const jobLogFilter = (jobId, region) => `resource.type="cloud_run_job" AND resource.labels.job_name="${jobId}" AND resource.labels.location="${region}"`;

// EXTERNAL MODULE: ./build/shared/backoff.js
var backoff = __webpack_require__(62257);
;// CONCATENATED MODULE: ./build/log-mirror/seen.js
// The ids of log entries already printed, kept compactly so a burst of 100,000 lines does not
// fill the heap with 100,000 small objects: each id is hashed to 64 bits and stored in a typed
// array (an open-addressing hash set), one set per span of entry time, and spans older than the
// window are dropped whole. A repeat of an entry has the same timestamp, so it is looked up in
// its own span only. Two different ids of one span collide with a probability of about n² / 2\u2076\u2075
// (1 in 10\u2079 for 100,000 lines); a Map of strings cost 25\u201330 MB of peak memory per 50,000 lines
// (npm run bench).
const spanMs = 10_000;
/** 64 bits of a string as two 32-bit FNV-1a-style hashes with different seeds and mixing. */
function hash(text) {
    let a = 0x811c9dc5;
    let b = 0x01000193 ^ text.length;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        a = Math.imul(a ^ c, 0x01000193);
        b = Math.imul(b ^ c, 0x5bd1e995);
        b ^= b >>> 15;
    }
    a ^= a >>> 16;
    a = Math.imul(a, 0x85ebca6b);
    a ^= a >>> 13;
    b = Math.imul(b ^ (b >>> 16), 0xc2b2ae35);
    b ^= b >>> 16;
    // (0, 0) marks an empty slot.
    return [a >>> 0 || 1, b >>> 0];
}
class HashSet64 {
    slots = new Uint32Array(2 * 1024);
    size = 0;
    /** Adds the hash; false when it was there already. */
    add(hi, lo) {
        if (2 * (this.size + 1) > this.slots.length / 2)
            this.grow();
        const capacity = this.slots.length / 2;
        for (let i = (hi ^ lo) & (capacity - 1);; i = (i + 1) & (capacity - 1)) {
            const h = this.slots[2 * i];
            if (h === 0) {
                this.slots[2 * i] = hi;
                this.slots[2 * i + 1] = lo;
                this.size++;
                return true;
            }
            if (h === hi && this.slots[2 * i + 1] === lo)
                return false;
        }
    }
    grow() {
        const old = this.slots;
        this.slots = new Uint32Array(old.length * 2);
        this.size = 0;
        for (let i = 0; i < old.length; i += 2)
            if (old[i])
                this.add(old[i], old[i + 1]);
    }
}
class SeenIds {
    spans = new Map();
    windowMs;
    newestMs = 0;
    constructor(windowMs) {
        this.windowMs = windowMs;
    }
    /** Remembers the entry; false when it was seen before (within the window). */
    add(id, ms) {
        const span = Math.floor(ms / spanMs);
        let set = this.spans.get(span);
        if (!set) {
            set = new HashSet64();
            this.spans.set(span, set);
        }
        const [hi, lo] = hash(id);
        if (!set.add(hi, lo))
            return false;
        if (ms > this.newestMs) {
            this.newestMs = ms;
            // Entries can only repeat within a short time of each other (a gap read's overlap).
            const oldest = Math.floor((ms - this.windowMs) / spanMs);
            for (const key of this.spans.keys())
                if (key < oldest)
                    this.spans.delete(key);
        }
        return true;
    }
    get size() {
        let n = 0;
        for (const set of this.spans.values())
            n += set.size;
        return n;
    }
}

;// CONCATENATED MODULE: ./build/log-mirror/mirror-state.js

/** Ids are remembered this long: memory stays bounded however long the agent runs. */
const seenWindowMs = 120_000;
function newMirrorState(sinceMs, endNonce) {
    return {
        endNonce,
        endMarks: new Set(),
        stats: { mirrored: 0, duplicates: 0, suppressed: 0, tailSessions: 0, listRequests: 0 },
        seen: new SeenIds(seenWindowMs),
        lastPrintedMs: sinceMs,
        result: undefined,
        failure: undefined,
        usage: undefined,
        exitCode: undefined,
        exitRead: false,
        exitAt: undefined,
        stream: undefined,
        tailOpenedAt: undefined,
        gapFrom: undefined,
        gapEpoch: 0,
        gapSince: 0,
        lastReadAt: 0,
        readError: undefined,
        resume: undefined,
        lastProgressAt: 0,
        draining: false,
        stopped: false,
    };
}
/** The container's last line, the end marker, has been printed from stdout and from stderr. */
const endMarked = (state) => state.endMarks.has('stdout') && state.endMarks.has('stderr');
/** A stream is open and has settled: it carries every entry readable from now on. */
const settled = (m, now = Date.now()) => m.state.tailOpenedAt !== undefined && m.state.tailOpenedAt + m.settleMs <= now;

;// CONCATENATED MODULE: ./build/log-mirror/gaps.js
// The gap reader: what the live tail may have missed (a cut stream, a refused one, entries it
// suppressed) is read back from ListLogEntries. Its four concerns:
// - the window: a gap starts shortly before the last entry printed (entries arrive out of order
//   by up to the ingestion lag), and gaps noticed before a read coalesce into one;
// - paging: a read fetches every page from the window's start;
// - pacing: ListLogEntries is quota-limited per project (60 a minute), shared by every concurrent
//   run, so reads are spaced out, and past a few pages slowed down;
// - resume: a read that failed half-way goes on at the page it failed on.



/** How far before the last printed entry a gap read starts: entries arrive out of order by up to the ingestion lag. */
const lookbackMs = 20_000;
/** Reads for one run are at least this far apart, so gaps coalesce. */
const minReadIntervalMs = 3_000;
/** Without a live tail, the gap is read this often (each run's share of the project's 60 reads a minute). */
const pollWithoutTailMs = 45_000;
/** Pages read at full speed; after them, one page every `pageIntervalMs`. */
const fastPages = 5;
/** 50 pages a minute: a large gap leaves some of the project's 60 reads a minute to other runs. */
const pageIntervalMs = 1_200;
/** Notes that entries from `fromMs` on may have been missed (by default, from a lookback before the last printed). */
function recordGap(state, sinceMs, fromMs = state.lastPrintedMs - lookbackMs) {
    const from = Math.max(sinceMs, fromMs);
    if (state.gapFrom === undefined)
        state.gapSince = Date.now();
    state.gapFrom = Math.min(state.gapFrom ?? from, from);
    state.gapEpoch++;
}
/**
 * When the gap reader's next read is due: once the new stream has settled (what it will not
 * carry is then readable), or without a stream now and then; never sooner than the read interval.
 */
function readDueAt(m) {
    const { state } = m;
    return Math.max(state.lastReadAt + minReadIntervalMs, state.tailOpenedAt !== undefined
        ? state.tailOpenedAt + m.settleMs
        : Math.max(state.lastReadAt, state.gapSince) + pollWithoutTailMs);
}
/** The gap reader's loop, until the follower stops: a gap is read when due, failed reads retried with backoff. */
async function gapLoop(m) {
    const { state } = m;
    let failures = 0;
    while (!state.stopped) {
        // The drain does its reads itself.
        if (state.gapFrom === undefined || state.draining) {
            await m.untilGap();
            continue;
        }
        const due = readDueAt(m);
        if (Date.now() < due) {
            await m.pause(Math.min(due - Date.now(), 1_000));
            continue;
        }
        if (await readGap(m))
            failures = 0;
        else
            await m.pause(readBackoff(state, ++failures));
    }
}
/** Reads the current gap once; false (with `readError` set) when the read failed. */
async function readGap(m) {
    const { state } = m;
    if (state.gapFrom === undefined)
        return true;
    const from = state.gapFrom;
    const epoch = state.gapEpoch;
    const startedAt = Date.now();
    // What becomes readable once a stream has settled, it carries; once the exit entry is in,
    // every entry of the run is readable. Either way a read from here closes the gap.
    const closes = settled(m, startedAt) || state.exitCode !== undefined;
    try {
        await readFrom(m, from);
    }
    catch (error) {
        state.readError = error;
        m.options.debug?.(`log gap read failed (${error.message}); retrying`);
        return false;
    }
    // A gap noted while the read ran stays, to be read next; otherwise what the read may not have
    // seen yet (the ingestion lag) is the gap left.
    if (epoch === state.gapEpoch) {
        state.gapFrom = closes || state.exitRead ? undefined : Math.max(from, startedAt - lookbackMs);
    }
    return true;
}
/** Reads every entry from `from` on (all pages) and prints what was not printed yet. */
async function readFrom(m, from) {
    const { state } = m;
    const filter = `${m.options.filter} AND timestamp >= "${new Date(from).toISOString()}"`;
    // A read that failed half-way resumes at the page it failed on: restarting from the first page
    // would spend the read quota on pages already printed, and a large gap would never finish.
    let pageToken = state.resume?.from === from ? state.resume.pageToken : undefined;
    let pages = 0;
    do {
        state.resume = { from, pageToken };
        if (++pages > fastPages)
            await m.pause(pageIntervalMs - (Date.now() - state.lastReadAt));
        state.stats.listRequests++;
        state.lastReadAt = Date.now();
        const page = await m.logs.list(filter, pageToken);
        state.lastProgressAt = Date.now();
        m.print(page.entries, true);
        pageToken = page.nextPageToken;
    } while (pageToken && !state.stopped);
    state.resume = undefined;
}
/** The backoff after a failed read: longer on the read quota. */
const readBackoff = (state, failures) => (0,backoff/* backoff */.J)(readPolicy(state.readError), failures);
/** On the read quota, 4 s, 8 s, 16 s, then 30 s: retrying sooner only spends the project's reads on refusals. */
const readPolicy = (error) => (0,errors/* errorCode */.CA)(error) === errors/* Code */.Cy.RESOURCE_EXHAUSTED
    ? { baseMs: 2_000, capMs: 30_000, jitter: 'half' }
    : { baseMs: 500, capMs: 5_000, jitter: 'half' };

;// CONCATENATED MODULE: ./build/log-mirror/drain.js
// The last reads, once the execution has ended: until Cloud Run's "Container called exit(N)."
// entry has arrived and no gap is left (ingestion lags several seconds), within a bounded time,
// then until the container's end marker has come (its last line, shared/container-lines.ts), or, for a
// container that prints none, a few seconds more for lines ingested after the exit entry.



/** After the grace, how long the last gap reads may take (quota backoff included). */
const finalReadMs = 45_000;
/** Without a settled stream, a read this often while waiting for the exit entry. */
const drainReadMs = 5_000;
/** The drain never takes longer than this in all. */
const hardStopMs = 5 * 60_000;
/**
 * Without the end marker, lines readable this long after the exit entry arrived are still printed:
 * Cloud Logging may ingest a container's last lines after Cloud Run's exit entry (their order is
 * not documented). A quarter of the grace when that is shorter (a cancelled run has little time).
 */
const lateLinesMs = 3_000;
/** Late lines are looked for among those printed this long before the exit entry (the read stays small). */
const lateLookbackMs = 10_000;
/** Does the drain's reads (the gap loop stands aside meanwhile: `state.draining`). */
async function drainReads(m, graceMs) {
    const timers = new AbortController();
    const wait = (ms) => (0,backoff/* pause */.v)(ms, timers.signal);
    await waitForExit(m, graceMs, wait);
    await readLast(m, graceMs, wait);
    await readLate(m, Math.min(lateLinesMs, graceMs / 4), graceMs, wait);
    timers.abort();
}
/**
 * Waits for lines ingested after the exit entry: until the end marker has come (the container
 * printed nothing after it), else for `lateMs` after the exit entry arrived. A live tail that had
 * settled before then carries them as they become readable; otherwise one more read does, of the
 * lines printed in the `lateLookbackMs` before it (the exit entry is the latest printed).
 */
async function readLate(m, lateMs, graceMs, wait) {
    const { state } = m;
    if (state.exitCode === undefined || state.exitAt === undefined || state.stopped)
        return;
    await Promise.race([wait(state.exitAt + lateMs - Date.now()), m.marked]);
    if (state.stopped)
        return;
    if (endMarked(state)) {
        // Every line is in; a gap noted meanwhile (a cut stream) is still read.
        if (state.gapFrom !== undefined)
            await readLast(m, graceMs, wait);
        return;
    }
    const tailCovered = state.tailOpenedAt !== undefined && state.tailOpenedAt + m.settleMs <= state.exitAt;
    if (tailCovered && state.gapFrom === undefined)
        return;
    m.gap(state.lastPrintedMs - lateLookbackMs);
    await readLast(m, graceMs, wait);
}
/**
 * Waits for the exit entry, within the grace. Without a settled stream it can only come from a
 * read: read every few seconds (the first one after the ingestion lag has had time to pass). A gap
 * left by a cut or a suppression is read as soon as reads are due: the exit entry may be in it.
 */
async function waitForExit(m, graceMs, wait) {
    const { state } = m;
    const drainStart = Date.now();
    const deadline = drainStart + graceMs;
    let failures = 0;
    while (state.exitCode === undefined && Date.now() < deadline && !state.stopped) {
        const live = settled(m);
        const due = live
            ? state.lastReadAt + minReadIntervalMs
            : Math.max(state.lastReadAt, drainStart) + drainReadMs;
        if ((state.gapFrom !== undefined || !live) && Date.now() >= due) {
            if (!live)
                m.gap();
            if (await readGap(m))
                failures = 0;
            else
                await wait(Math.min(readBackoff(state, ++failures), deadline - Date.now()));
            continue;
        }
        await Promise.race([m.exited, wait(Math.min(1_000, deadline - Date.now()))]);
    }
}
/**
 * Fills what is left (a gap, or the exit entry itself), with retries, within a bound:
 * `finalReadMs` (less for a short grace) without a page read, 5 minutes in all.
 */
async function readLast(m, graceMs, wait) {
    const { state } = m;
    const hardStop = Date.now() + hardStopMs;
    const bound = Math.min(finalReadMs, graceMs + 15_000);
    state.lastProgressAt = Date.now();
    const last = () => Math.min(hardStop, state.lastProgressAt + bound);
    for (let failures = 0; !state.stopped && Date.now() < last();) {
        if (state.exitCode === undefined)
            m.gap();
        if (state.gapFrom === undefined)
            break;
        if (await readGap(m)) {
            failures = 0;
            if (state.exitCode === undefined)
                await wait(Math.min(drainReadMs, last() - Date.now()));
        }
        else {
            await wait(Math.min(readBackoff(state, ++failures), last() - Date.now()));
        }
    }
}

;// CONCATENATED MODULE: ./build/shared/container-lines.js
// The lines a project-mode agent container prints for the action to read, in Action Llama's log
// shape ({"_log":true,"level":\u2026,"msg":\u2026,"ts":\u2026}): agent-runtime/ prints them, the log mirror
// (log-mirror/printer.ts) reads them. Upstream's return value, the entry's failure reason, its model
// usage (llm-usage.ts: figures only, validated), and the end marker.
//
// The end marker is the last line the agent's container prints, on stdout and on stderr, so that the
// log mirror knows every line is in once Cloud Run's exit entry has come too, instead of waiting a
// fixed time for lines ingested after it (Google documents no order between a container's lines
// and its system log). The action gives the container a nonce per run in `AL_END_NONCE`; the
// marker is {"_log":true,"level":"debug","msg":"end of output","nonce":"<nonce>"}, the shape of
// Action Llama's log lines. Project mode's entry prints it; a contract image may.
//
// Trust: a marker only ends the drain's wait for late lines, and only once Cloud Run's own exit
// entry (which no container can write) has arrived and no gap is left. It changes no output and no
// state: the outcome, the exit code and the cost come from Cloud Run. Agent output that copies a
// marker (an earlier run's log, this file) carries another nonce: it is an ordinary line. The
// agent's own tools could find the nonce (they run as the entry's user: /proc/1/environ), so a
// marker can be forged from inside; all it would do is end the drain early, so that lines the
// container printed and Cloud Logging ingested late are missing from the workflow log (not from
// Cloud Logging: the logs link has them). Only the agent's own output can be lost that way, which
// the agent decides anyway: it could as well not print it.

/** The environment variable that carries the run's nonce into the container. */
const endNonceVariable = 'AL_END_NONCE';
const message = 'end of output';
/** A new nonce: 128 random bits, in hex. */
const newEndNonce = () => (0,external_node_crypto_.randomBytes)(16).toString('hex');
/** The marker line, without its newline. */
const endMarkerLine = (nonce) => JSON.stringify({ _log: true, level: 'debug', msg: message, nonce });
/** Whether a structured line is the marker of the run whose nonce is `nonce`. */
const isEndMarker = (json, nonce) => Boolean(nonce) && json._log === true && json.msg === message && json.nonce === nonce;
const signals = {
    /** Upstream's return value line: `type: "return"`, `value` (\u22641000 characters). */
    result: 'signal-result',
    /** This action's own: why the run failed (`reason`: the model's error, the timeout\u2026), for `agent`. */
    failure: 'run-failed',
    /** This action's own: the model usage so far (llm-usage.ts, usageFields), after each turn and at the end. */
    usage: 'run-usage',
};

// EXTERNAL MODULE: ./build/output/lines.js
var lines = __webpack_require__(19394);
// EXTERNAL MODULE: ./build/output/redact.js
var redact = __webpack_require__(39180);
;// CONCATENATED MODULE: ./build/log-mirror/printer.js
// The printer: turns Cloud Logging entries from the agent's container into workflow-log lines,
// each exactly once (renderEntry: Cloud Run's system lines, Action Llama's structured lines, plain
// text), and notes the agent's result, its failure reason, its model usage (numbers only, checked:
// shared/llm-usage.ts), Cloud Run's exit entry and the run's end marker (not printed:
// shared/container-lines.ts). Each line is made harmless by
// output/lines.ts and printed inside the fence by the caller. No I/O of its own and no timers: a
// new rule for log lines (another kind of entry to recognise, another figure to count) lands here
// and is tested with plain calls.





/** Lines printed at once, at most: a burst of 100,000 entries is not held in memory. */
const maxBatchLines = 2000;
/** The entry's timestamp in ms. */
const entryMs = (entry) => Number(entry.timestamp?.seconds ?? 0) * 1000 + (entry.timestamp?.nanos ?? 0) / 1e6;
/**
 * Prints the entries not printed yet (deduplicated by insertId) and records the result and the
 * exit code. `fromRead`: they came from ListLogEntries, not the live tail. Returns true when the
 * exit entry was among them.
 */
function printEntries(state, entries, print, fromRead = false) {
    let exited = false;
    let lines = [];
    for (const entry of entries) {
        const id = entry.insertId ?? '';
        const ms = entryMs(entry);
        if (id && !state.seen.add(id, ms)) {
            state.stats.duplicates++;
            continue;
        }
        state.lastPrintedMs = Math.max(state.lastPrintedMs, ms);
        const rendered = renderEntry(entry, state.endNonce);
        if (rendered.endMarker)
            state.endMarks.add(containerLog(entry));
        if (rendered.result !== undefined)
            state.result = rendered.result;
        if (rendered.failure !== undefined)
            state.failure = rendered.failure;
        if (rendered.usage)
            state.usage = (0,llm_usage/* mergeUsage */._L)(state.usage, rendered.usage);
        lines.push(...rendered.lines);
        state.stats.mirrored++;
        if (rendered.exitCode !== undefined) {
            state.exitCode = rendered.exitCode;
            state.exitAt ??= Date.now();
            if (fromRead)
                state.exitRead = true;
            exited = true;
        }
        if (lines.length >= maxBatchLines) {
            print(lines);
            lines = [];
        }
    }
    if (lines.length)
        print(lines);
    return exited;
}
/** `stdout` or `stderr` (the log the container wrote the entry to), else the log's name. */
const containerLog = (entry) => /run\.googleapis\.com%2F(stdout|stderr)$/.exec(entry.logName ?? '')?.[1] ?? entry.logName ?? '';
function renderEntry(entry, endNonce) {
    const system = entry.logName?.endsWith('varlog%2Fsystem') ?? false;
    const json = entry.jsonPayload?.fields ? fromStruct(entry.jsonPayload.fields) : undefined;
    if (!system && endMarkerIn(entry, json, endNonce))
        return { lines: [], endMarker: true };
    if (system) {
        const text = entry.textPayload ?? (typeof json?.message === 'string' ? json.message : JSON.stringify(json ?? {}));
        // The last entry of a task attempt: its exit, or its end by a signal (exit code 128 + N).
        const exit = /Container called exit\((\d+)\)/.exec(text);
        const signal = /Container terminated on signal (\d+)/.exec(text);
        return {
            lines: (0,lines/* splitLines */.u)(text).map((l) => `[cloud run] ${l}`),
            exitCode: exit ? Number(exit[1]) : signal ? 128 + Number(signal[1]) : undefined,
        };
    }
    if (json)
        return renderJson(json, severityName(entry.severity));
    return { lines: (0,lines/* splitLines */.u)(entry.textPayload ?? '') };
}
function renderJson(json, severity) {
    // Action Llama's structured lines: {"_log":true,"level":"info","msg":"\u2026", \u2026}
    if (json._log === true && typeof json.msg === 'string') {
        const { _log, level, msg, ts, ...rest } = json;
        void _log;
        void ts;
        if (msg === signals.result && rest.type === 'return') {
            const value = typeof rest.value === 'string' ? rest.value : JSON.stringify(rest.value ?? null);
            return { lines: (0,lines/* splitLines */.u)(`[${String(level ?? 'info')}] result: ${value}`), result: (0,redact/* redact */.E)(value) };
        }
        if (msg === signals.failure && typeof rest.reason === 'string') {
            const who = typeof rest.agent === 'string' && rest.agent ? `agent ${rest.agent}` : 'the agent';
            const line = `[${String(level ?? 'error')}] ${who} failed: ${rest.reason}`;
            return { lines: (0,lines/* splitLines */.u)(line), failure: capped((0,redact/* redact */.E)(rest.reason)) };
        }
        const usage = msg === signals.usage ? (0,llm_usage/* readUsage */.k9)(rest) : undefined;
        if (usage)
            return { lines: [`[${String(level ?? 'info')}] ${describeUsage(usage)}`], usage };
        const extras = Object.entries(rest)
            .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
            .join(' ');
        return { lines: (0,lines/* splitLines */.u)(`[${String(level ?? 'info')}] ${msg}${extras ? ` ${extras}` : ''}`) };
    }
    const message = typeof json.message === 'string' ? json.message : undefined;
    const text = message !== undefined && Object.keys(json).length === 1 ? message : JSON.stringify(json);
    return {
        lines: (0,lines/* splitLines */.u)(severity && severity !== 'DEFAULT' ? `[${severity.toLowerCase()}] ${text}` : text),
    };
}
/** The usage line as the log shows it: figures only, nothing of the line's own text. */
const describeUsage = (usage) => `model usage: ${(0,llm_usage/* usageText */.tx)(usage)}, ${usage.costUsd === undefined ? 'cost unknown' : `$${(0,llm_usage/* formatLlmUsd */.Pg)(usage.costUsd)}`}`;
/**
 * A failure reason goes into the step's error, the summary and the comment: its credentials hidden
 * first (redact), then cut, never half a surrogate pair, so that one agent cannot fill them.
 */
const maxFailureLength = 1000;
function capped(text) {
    if (text.length <= maxFailureLength)
        return text;
    const cut = text.slice(0, maxFailureLength);
    return `${/[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut}\u2026 (cut; the log has all of it)`;
}
/** The marker as a structured line, or as text (a line Cloud Logging did not parse as JSON). */
function endMarkerIn(entry, json, nonce) {
    if (!nonce)
        return false;
    if (json)
        return isEndMarker(json, nonce);
    const text = entry.textPayload?.trim() ?? '';
    if (!text.startsWith('{') || !text.includes(nonce))
        return false;
    try {
        return isEndMarker(JSON.parse(text), nonce);
    }
    catch {
        return false;
    }
}
const severities = {
    0: 'DEFAULT',
    100: 'DEBUG',
    200: 'INFO',
    300: 'NOTICE',
    400: 'WARNING',
    500: 'ERROR',
    600: 'CRITICAL',
    700: 'ALERT',
    800: 'EMERGENCY',
};
const severityName = (severity) => typeof severity === 'number' ? severities[severity] : (severity ?? undefined);
/** google.protobuf.Struct fields (as the client decodes them) to a plain object. */
function fromStruct(fields) {
    const out = {};
    for (const [key, value] of Object.entries(fields))
        out[key] = fromValue(value);
    return out;
}
function fromValue(value) {
    const v = value;
    if (!v || typeof v !== 'object')
        return v;
    if ('stringValue' in v)
        return v.stringValue;
    if ('numberValue' in v)
        return v.numberValue;
    if ('boolValue' in v)
        return v.boolValue;
    if ('nullValue' in v)
        return null;
    if ('structValue' in v)
        return fromStruct((v.structValue ?? {}).fields ?? {});
    if ('listValue' in v)
        return ((v.listValue ?? {}).values ?? []).map(fromValue);
    return null;
}

;// CONCATENATED MODULE: ./build/log-mirror/tail.js
// The live tail: a TailLogEntries stream, opened before the execution starts (no polling delay,
// no read quota) and reopened with backoff when it is cut or refused (10 sessions per project).
// Each time, what it may have missed is noted as a gap for the gap reader (gaps.ts).


/** After a session ends: at once (jittered) the first time, then longer while sessions keep failing. */
const reconnectPolicy = { baseMs: 100, capMs: 5_000, jitter: 'full' };
/**
 * After a quota refused one (10 sessions per project): the gap reader reads meanwhile, so there is
 * no hurry, and a tail call may count as a Logging read (one public report says it does): a refused
 * run retries no more often than it polls without a tail (45 s), so 20 refused runs do not spend the
 * project's 60 reads a minute on retries.
 */
const refusedPolicy = { baseMs: 5_000, capMs: 45_000, growth: 'linear', jitter: 'half' };
/** The tail loop: one session after another until the follower stops. */
async function tailLoop(m) {
    const { state } = m;
    let failures = 0;
    while (!state.stopped) {
        const error = await tailOnce(m);
        if (state.stopped)
            break;
        m.gap();
        if ((0,errors/* errorCode */.CA)(error) === errors/* Code */.Cy.RESOURCE_EXHAUSTED) {
            failures++;
            m.options.debug?.('live tailing refused (session quota); retrying later');
            await m.pause((0,backoff/* backoff */.J)(refusedPolicy, failures));
            continue;
        }
        failures = error ? failures + 1 : 0;
        m.options.debug?.(`log tail ended${error ? ` (${error.message})` : ''}; reconnecting`);
        await m.pause((0,backoff/* backoff */.J)(reconnectPolicy, failures));
    }
}
/** One tail session; resolves when it ends, with the error that ended it, if any. */
function tailOnce(m) {
    const { state } = m;
    return new Promise((resolve) => {
        m.logs
            .tail(m.options.filter, m.bufferWindowSeconds)
            .then((opened) => {
            if (state.stopped) {
                opened.cancel();
                resolve(undefined);
                return;
            }
            state.stream = opened;
            state.tailOpenedAt = Date.now();
            state.stats.tailSessions++;
            opened.on('data', (response) => onResponse(m, response));
            opened.on('error', (error) => resolve(error));
            opened.on('end', () => resolve(undefined));
        })
            .catch((error) => resolve(error));
    }).finally(() => {
        state.stream = undefined;
        state.tailOpenedAt = undefined;
    });
}
function onResponse(m, response) {
    const before = m.state.lastPrintedMs;
    m.print(response.entries ?? []);
    const suppressed = (response.suppressionInfo ?? []).reduce((n, info) => n + (info.suppressedCount ?? 0), 0);
    if (suppressed) {
        // Dropped from the live stream (not from Cloud Logging) after the last entry printed before
        // this response: read them back from there, not from a lookback earlier, so a burst over the
        // tail's 60,000 a minute costs only the pages it skipped.
        m.state.stats.suppressed += suppressed;
        m.options.debug?.(`the live tail skipped ${suppressed} entries; reading them back`);
        m.gap(before);
    }
}

;// CONCATENATED MODULE: ./build/log-mirror/follow.js
// Mirrors the job's Cloud Logging entries into the workflow log while it runs, completely:
// - a live tail (tail.ts) opened before the execution starts, reopened with backoff when it is cut
//   or refused;
// - what it may have missed (a cut, a refusal, entries it reports as suppressed) is a gap, read
//   from ListLogEntries once a new stream has settled, so nothing falls between the read and the
//   stream (gaps.ts); a gap's lines are printed when it is read, after the lines the new stream
//   already delivered;
// - every entry is printed once (printer.ts);
// - after the execution ends, drain() reads on until the exit entry has arrived and no gap is
//   left, within a bounded time, then waits for lines ingested late unless the container's end
//   marker has come (drain.ts).
// This file wires the parts to one state record (state.ts). Nothing runs until start().






/** A follower, started: the live tail opens now. */
const followLogs = (cloud, options) => createLogFollower(cloud, options).start();
function createLogFollower(cloud, options) {
    const state = newMirrorState(options.sinceMs, options.endNonce);
    const bufferWindowSeconds = options.bufferWindowSeconds ?? 2;
    // Ends every pause, and every wait for a gap, at once when the follower stops.
    const wake = new AbortController();
    let exitArrived = () => { };
    const exited = new Promise((resolve) => (exitArrived = resolve));
    let markArrived = () => { };
    const marked = new Promise((resolve) => (markArrived = resolve));
    const exiting = Promise.race([exited, marked]);
    let nudge = () => { };
    const m = {
        state,
        logs: cloud.logs,
        options,
        bufferWindowSeconds,
        settleMs: bufferWindowSeconds * 1000 + 2_000,
        print(entries, fromRead) {
            if (printEntries(state, entries, options.print, fromRead))
                exitArrived();
            if (endMarked(state))
                markArrived();
            options.afterEntries?.();
        },
        gap(fromMs) {
            recordGap(state, options.sinceMs, fromMs);
            nudge();
        },
        pause: (ms) => (0,backoff/* pause */.v)(ms, wake.signal),
        untilGap: () => new Promise((resolve) => {
            nudge = resolve;
            wake.signal.addEventListener('abort', () => resolve(), { once: true });
        }).then(() => {
            nudge = () => { };
        }),
        exited,
        marked,
    };
    const follower = {
        stats: state.stats,
        get result() {
            return state.result;
        },
        get failure() {
            return state.failure;
        },
        get usage() {
            return state.usage;
        },
        get exitCode() {
            return state.exitCode;
        },
        exiting,
        start() {
            // Fire and forget: both loops run until stop() and never reject (failures are retried inside).
            void gapLoop(m);
            void tailLoop(m);
            return follower;
        },
        async drain(graceMs) {
            state.draining = true;
            await drainReads(m, graceMs);
            const complete = state.exitCode !== undefined && state.gapFrom === undefined;
            follower.stop();
            return { complete, marked: endMarked(state) };
        },
        stop() {
            if (state.stopped)
                return;
            state.stopped = true;
            wake.abort();
            state.stream?.cancel();
            exitArrived();
            markArrived();
        },
    };
    return follower;
}

// EXTERNAL MODULE: ./build/shared/ownership.js
var ownership = __webpack_require__(87740);
;// CONCATENATED MODULE: ./build/github/payload.js
// The GitHub event, as project mode hands it to the container: upstream's own GitHub provider
// builds the trigger context from it there (src/agent-runtime/event-prompt.ts). A payload is often
// larger than the 32,768 bytes Cloud Run takes in one environment variable (EnvVar.value; the
// `repository` object alone is several KB), so it is slimmed, in stages that leave upstream's
// context unchanged for as long as possible:
//   1. every string longer than 4001 characters is cut to 4001, except the strings upstream reads
//      whole. Upstream cuts the texts it reads to 4000 characters and appends "..." when longer;
//      4001 characters are still longer, so its output is the same;
//   2. if still too large, only what upstream's provider reads (and the dispatch data the entry
//      adds to the prompt) is kept;
//   3. if still too large, every string is cut shorter, and the action warns that the prompt
//      differs from upstream's; 4. if nothing fits, the run stops before any cloud call.

/** Cloud Run's limit on one environment variable's value (proto EnvVar.value). */
const envValueLimitBytes = 32_768;
/** One more than upstream's MAX_TEXT_LENGTH (dist/webhooks/validation.js): still cut by upstream. */
const textLimit = 4001;
const login = { login: 'whole' };
const labels = [{ name: 'whole' }];
const readByUpstream = {
    action: 'whole',
    repository: { full_name: 'whole' },
    sender: login,
    // issues, issue_comment
    issue: {
        number: 'whole',
        title: 'whole',
        body: 'text',
        html_url: 'whole',
        user: login,
        assignee: login,
        labels,
    },
    // pull_request (and pull_request_target), pull_request_review
    pull_request: {
        number: 'whole',
        title: 'whole',
        body: 'text',
        html_url: 'whole',
        user: login,
        assignee: login,
        labels,
        head: { ref: 'whole' },
    },
    comment: { html_url: 'whole', body: 'text' },
    review: { html_url: 'whole', body: 'text' },
    // push
    ref: 'whole',
    compare: 'whole',
    head_commit: { message: 'whole', author: { username: 'whole' } },
    pusher: { name: 'whole' },
    // workflow_run
    workflow_run: {
        name: 'whole',
        html_url: 'whole',
        head_branch: 'whole',
        actor: login,
        conclusion: 'whole',
        pull_requests: [{ number: 'whole' }],
    },
    // workflow_dispatch, repository_dispatch: added to the prompt by the entry
    inputs: 'data',
    client_payload: 'data',
};
const stages = [
    { cut: textLimit, drop: false, cutWhole: false },
    { cut: textLimit, drop: true, cutWhole: false },
    ...[2000, 1000, 500, 200, 50].map((cut) => ({ cut, drop: true, cutWhole: true })),
];
/** The payload as JSON within `limitBytes`; throws when even the last stage does not fit. */
function slimEvent(payload, limitBytes = envValueLimitBytes) {
    for (const stage of stages) {
        const json = JSON.stringify(slim(payload, readByUpstream, stage) ?? {});
        if (Buffer.byteLength(json) > limitBytes)
            continue;
        if (!stage.cutWhole)
            return { json };
        return {
            json,
            lossy: `its texts were cut to ${stage.cut} characters to fit Cloud Run's limit of ${limitBytes} bytes per environment variable, so the agent's prompt holds less than Action Llama's own would`,
        };
    }
    throw new Error(`The event payload is too large to pass to the agent's container, even with only the fields Action Llama reads (Cloud Run takes at most ${limitBytes} bytes per environment variable). Give the agent its task with the prompt input.`);
}
function slim(value, spec, stage) {
    if (spec === undefined && stage.drop)
        return undefined;
    if (typeof value === 'string') {
        const keep = spec === 'whole' && !stage.cutWhole;
        return keep || value.length <= stage.cut ? value : value.slice(0, stage.cut);
    }
    if (Array.isArray(value)) {
        const element = Array.isArray(spec) ? spec[0] : typeof spec === 'string' ? spec : undefined;
        return value.map((item) => slim(item, element, stage)).filter((item) => item !== undefined);
    }
    if (value && typeof value === 'object') {
        const out = {};
        for (const [key, item] of Object.entries(value)) {
            const child = spec === undefined ? undefined : typeof spec === 'string' ? spec : fieldSpec(spec, key);
            const slimmed = slim(item, child, stage);
            if (slimmed !== undefined)
                out[key] = slimmed;
        }
        return out;
    }
    return value;
}
function fieldSpec(spec, key) {
    if (Array.isArray(spec))
        return undefined;
    return Object.hasOwn(spec, key) ? spec[key] : undefined;
}
/**
 * The environment that tells the project-mode entry what started the run: the event's name, its
 * payload (slimmed) and the `prompt` input. `warn` hears when the payload had to lose what
 * upstream reads.
 */
function eventEnv(env, prompt, warn) {
    const name = env.GITHUB_EVENT_NAME ?? '';
    const slimmed = slimEvent((0,github_context/* readPayload */.rD)(env.GITHUB_EVENT_PATH));
    if (slimmed.lossy)
        warn(`The ${name} event's payload: ${slimmed.lossy}.`);
    return {
        AL_EVENT_NAME: name,
        AL_EVENT: slimmed.json,
        ...(prompt && { AL_PROMPT: prompt }),
    };
}

;// CONCATENATED MODULE: ./build/github/prompt.js
// The PROMPT an agent receives, in the shapes Action Llama's scheduler uses, derived from the event
// that triggered the workflow when the user gives none; and what a dispatch event adds to any
// prompt: workflow_dispatch's `inputs` and repository_dispatch's `client_payload`, which no Action
// Llama prompt builder carries. Each is a block in the form of upstream's own `<webhook-trigger>`: a
// tag around the JSON, then one sentence. The dispatch blocks are shared with the project-mode
// entry (src/agent-runtime), which builds the rest of its prompt with upstream's own code.

const scheduled = 'You are running on a schedule. Check for new work and act on anything you find.';
const manual = 'You have been triggered manually. Check for new work and act on anything you find.';
function userPrompt(text) {
    return `<user-prompt>\n${text}\n</user-prompt>\n\nYou have been given a specific task. Complete the task described above.`;
}
function webhookPrompt(context) {
    return `<webhook-trigger>\n${JSON.stringify(context)}\n</webhook-trigger>\n\nA webhook event just fired. Review the trigger context above and take appropriate action.`;
}
/**
 * The contract image's prompt: the user's text if given, else one shaped by the triggering event,
 * for every event the trigger context upstream's GitHub provider builds (src/github/context.ts).
 * An event upstream reads no context from reads as a manual run.
 */
function defaultPrompt(env, given) {
    const eventName = env.GITHUB_EVENT_NAME ?? '';
    // workflow_dispatch inputs and repository_dispatch client payloads follow the prompt, as in project mode.
    const extra = dispatchSection(eventName, (0,github_context/* readPayload */.rD)(env.GITHUB_EVENT_PATH));
    if (given)
        return userPrompt(given) + extra;
    if (eventName === 'schedule')
        return scheduled;
    const context = eventName === 'workflow_dispatch' ? null : (0,github_context/* eventContext */.Wl)(env);
    return (context ? webhookPrompt(context) : manual) + extra;
}
/** Upstream's rule for event texts (truncateEventText): longer than 4000 characters, cut and "...". */
const maxText = 4000;
const sections = {
    workflow_dispatch: {
        field: 'inputs',
        tag: 'workflow-inputs',
        sentence: 'The workflow_dispatch event that started this run carried the inputs above.',
    },
    repository_dispatch: {
        field: 'client_payload',
        tag: 'client-payload',
        sentence: 'The repository_dispatch event that started this run carried the client payload above.',
    },
};
/**
 * The block to append to the prompt for event `name`, with its leading blank line; empty for
 * other events and for a dispatch that carried nothing.
 */
function dispatchSection(name, payload) {
    if (name !== 'workflow_dispatch' && name !== 'repository_dispatch')
        return '';
    const section = sections[name];
    const data = payload?.[section.field];
    if (!data || typeof data !== 'object' || !Object.keys(data).length)
        return '';
    return `\n\n<${section.tag}>\n${blockJson(data)}\n</${section.tag}>\n\n${section.sentence}`;
}
/** JSON whose text cannot close the tag around it: `<` is written as its escape, the same value. */
function blockJson(data) {
    return JSON.stringify(cutTexts(data)).replaceAll('<', '\\u003c');
}
function cutTexts(value) {
    if (typeof value === 'string')
        return value.length > maxText ? `${value.slice(0, maxText)}...` : value;
    if (Array.isArray(value))
        return value.map(cutTexts);
    if (value && typeof value === 'object')
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, cutTexts(item)]));
    return value;
}

// EXTERNAL MODULE: ./build/scale/slots.js
var slots = __webpack_require__(56555);
;// CONCATENATED MODULE: ./build/action/decide.js
// Whether this event runs the agent, decided before anything is created, in this order: whether the
// agent is enabled at all (scale 0 is upstream's "disabled"), the agent's
// own trigger filters (project/triggers.ts), then who caused the event (github/authorisation.ts),
// then the credentials' values (checkCredentials). The values come last because GitHub gives a
// fork's pull request and Dependabot no secrets: an event the agent would skip anyway is skipped,
// not failed for its empty credentials.





/** 'skip' says why in the log; a refusal and a credential problem throw. */
async function decide(inputs, env) {
    if (inputs.scale?.agent === 0) {
        log/* log */.R.info((0,slots/* disabledMessage */.SO)(inputs.agent, inputs.scale.agentSource));
        return 'skip';
    }
    if (!acceptsEvent(inputs, env))
        return 'skip';
    if (!(await authorise(inputs, env)))
        return 'skip';
    checkCredentials(inputs);
    return 'run';
}
/**
 * Triggers first: an event the agent would never take is skipped quietly, without asking GitHub
 * who caused it or failing the step for someone who could not have started it anyway. Only with
 * `respect_triggers`.
 */
function acceptsEvent(inputs, env) {
    if (!inputs.respectTriggers)
        return true;
    const decision = decideTrigger(inputs.agent, inputs.triggers, env);
    if (decision.verdict === 'skip') {
        log/* log */.R.info(decision.why);
        return false;
    }
    log/* log */.R.debug(`Triggers: ${decision.why}`);
    return true;
}
/** Whoever caused the event may start a run: a refusal throws, a skip returns false. */
async function authorise(inputs, env) {
    const decision = await (0,authorisation/* whoMayStart */._w)(inputs, env);
    if (decision.verdict === 'refuse')
        throw new Error(decision.why);
    if (decision.verdict === 'skip') {
        log/* log */.R.info(`Skipped. ${decision.why}`);
        return false;
    }
    if (decision.verdict === 'run')
        log/* log */.R.debug(`May start a run: ${decision.why}`);
    return true;
}

// EXTERNAL MODULE: ./build/github/api.js
var api = __webpack_require__(53139);
// EXTERNAL MODULE: ./build/scale/lease.js
var lease = __webpack_require__(79812);
;// CONCATENATED MODULE: ./build/action/reap.js
// Reap mode: removes what runs of this action left behind when their runner died before the post
// step (the seed's "orphaned jobs are killed, not re-adopted"). A job or secret of this action
// (label managed-by=cloud-run-agent) is an orphan once its run is over:
//   - it is older than its own timeout plus a grace (`reap_grace`), or
//   - GitHub says the workflow run that created it (annotations gh-repository, gh-run-id,
//     gh-run-attempt) has completed, or has moved on to a later attempt.
// A running execution of an orphaned job is cancelled first; the job is deleted with its
// executions. A resource whose run may still be going on is never touched.
// Scale slots (src/scale/) go as a waiting run would reclaim them: once Cloud Run says the execution
// they guard has ended (or its job was reaped here), or, for a slot bound to no job yet, once
// GitHub says its run is over. They also expire on their own.








const seconds = (time) => time?.seconds === undefined || time.seconds === null ? undefined : Number(time.seconds);
async function reap(cloud, inputs, now = Date.now(), env = process.env) {
    const reaper = {
        cloud,
        dry: inputs.dryRun,
        now,
        removed: [],
        failed: [],
        overBecause: runIsOver(inputs, now, env),
    };
    const jobs = await reapJobs(reaper);
    await reapSecrets(reaper, jobs);
    return report(reaper, jobs.live.size);
}
/**
 * The verdict on a run: over by age (its timeout plus `reap_grace`), else as GitHub says (when a
 * token can ask); a repository whose runs cannot be read is said once and reaped by age alone.
 */
function runIsOver(inputs, now, env) {
    const token = inputs.githubToken ?? '';
    const lookUp = token
        ? (0,api/* githubRuns */.Qj)({
            apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
            token,
            debug: (m) => core/* debug */.Yz(m),
        })
        : undefined;
    if (!lookUp)
        core/* info */.pq('No github_token: orphans are recognised by age alone.');
    const unknownRepos = new Set();
    return async (createdSeconds, timeoutSeconds, run) => {
        const age = createdSeconds === undefined ? undefined : now / 1000 - createdSeconds;
        if (age !== undefined && timeoutSeconds !== undefined && age >= timeoutSeconds + inputs.reapGraceSeconds)
            return `older than its timeout (${timeoutSeconds}s) plus ${inputs.reapGraceSeconds}s`;
        if (!run || !lookUp)
            return undefined;
        const verdict = await lookUp(run);
        if (verdict.over)
            return `${verdict.why} (${(0,ownership/* runText */.le)(run)})`;
        if (!verdict.known && !unknownRepos.has(run.repository)) {
            unknownRepos.add(run.repository);
            core/* info */.pq(`Cannot read runs of ${run.repository} (${verdict.why}); its resources are reaped by age.`);
        }
        return undefined;
    };
}
function removedOne(r, text) {
    r.removed.push(text);
    core/* info */.pq(`${r.dry ? 'Would remove' : 'Removed'} ${text}`);
}
/** Runs `action`; a failure is recorded (NOT_FOUND is success: someone else cleaned up). */
async function tryTo(r, what, action) {
    try {
        await action();
        return true;
    }
    catch (error) {
        if ((0,errors/* errorCode */.CA)(error) === errors/* Code */.Cy.NOT_FOUND)
            return true;
        r.failed.push(`${what}: ${error.message}`);
        return false;
    }
}
/** Jobs: every page, then decide; the decisions never depend on what is deleted meanwhile. */
async function reapJobs(r) {
    const jobs = (await r.cloud.run.listJobs()).filter((job) => job.labels?.[ownership/* managedBy */.ZF.key] === ownership/* managedBy */.ZF.value);
    const live = new Set();
    const reaped = new Set();
    for (const job of jobs) {
        const jobId = job.name.split('/').pop();
        const timeout = seconds(job.template?.template?.timeout) ?? 600;
        const why = await r.overBecause(seconds(job.createTime), timeout, (0,ownership/* runOf */.ng)(job.annotations));
        if (!why)
            live.add(jobId);
        else if (await reapJob(r, job.name, why))
            reaped.add(jobId);
    }
    return { live, reaped };
}
/** An orphaned job: its running executions cancelled first, then the job deleted with them. */
async function reapJob(r, name, why) {
    const { cloud, dry } = r;
    let executions = [];
    const listed = await tryTo(r, `listing the executions of ${name}`, async () => {
        executions = (await cloud.run.listExecutions(name)).map((e) => ({
            name: e.name,
            running: !(0,outcome/* finished */.x)(e),
        }));
        // Cancelled first: deleting a job is not a documented way to stop its execution.
        if (!dry)
            for (const e of executions.filter((x) => x.running))
                await (0,cleanup/* stopExecution */.V)(cloud, e.name);
    });
    if (!listed)
        return false;
    const deleted = dry || (await tryTo(r, `deleting job ${name}`, () => cloud.run.deleteJob(name)));
    if (!deleted)
        return false;
    for (const e of executions)
        removedOne(r, `execution ${e.name}${e.running ? ' (cancelled: it was still running)' : ''}`);
    removedOne(r, `job ${name}: ${why}`);
    return true;
}
/**
 * Secrets: those of a live job stay; the others go once their own run is over. Only secrets a
 * run made are candidates: the label filter alone would take a user's secret labelled by hand.
 */
async function reapSecrets(r, jobs) {
    const managed = await r.cloud.secrets.list(`labels.${ownership/* managedBy */.ZF.key}=${ownership/* managedBy */.ZF.value}`);
    await reapSlots(r, managed.filter(slots/* isScaleSlot */.k7), jobs.reaped);
    const secrets = managed.filter(ownership/* isRunSecret */.EO);
    for (const secret of secrets) {
        const name = secret.name;
        const jobId = secret.labels?.[ownership/* labelKeys */.vN.job] ?? '';
        if (jobs.live.has(jobId))
            continue;
        const created = seconds(secret.createTime);
        const why = jobs.reaped.has(jobId)
            ? 'its job was reaped'
            : await r.overBecause(created, secretTimeout(secret), (0,ownership/* runOf */.ng)(secret.annotations));
        if (!why)
            continue;
        if (r.dry || (await tryTo(r, `deleting secret ${name}`, () => r.cloud.secrets.delete(name))))
            removedOne(r, `secret ${name}: ${why}`);
    }
}
/**
 * Scale slots whose holder is done. A slot bound to a job is judged by Cloud Run alone: its
 * execution may outlive its runner, and while it runs the slot is in use whatever GitHub says.
 * Deleted at the etag read, so a slot that changed hands meanwhile stays.
 */
async function reapSlots(r, secrets, reaped) {
    for (const secret of secrets) {
        const slot = (0,slots/* slotOf */.SW)(secret);
        let why;
        const ok = await tryTo(r, `checking scale slot ${slot.name}`, async () => {
            if (slot.job && reaped.has(slot.job.split('/').pop()))
                why = 'its job was reaped';
            else if (slot.job)
                why = (0,slots/* staleness */.TZ)(slot, await (0,lease/* jobState */.d)(r.cloud, slot.job), r.now);
            else
                why = (0,slots/* staleness */.TZ)(slot, undefined, r.now) ?? (await r.overBecause(undefined, undefined, slot.run));
        });
        if (!ok || !why)
            continue;
        let reclaimed = r.dry;
        if (!r.dry)
            await tryTo(r, `deleting scale slot ${slot.name}`, async () => {
                reclaimed = await (0,lease/* reclaim */.sd)(r.cloud, slot);
            });
        if (reclaimed)
            removedOne(r, `scale slot ${slot.name}: ${why}`);
    }
}
/** The run's timeout, from the secret's annotation, else from its expiry less the margin. */
function secretTimeout(secret) {
    const annotated = Number(secret.annotations?.[ownership/* annotationKeys */.ic.timeout]);
    if (Number.isFinite(annotated) && annotated > 0)
        return annotated;
    const created = seconds(secret.createTime);
    const expires = seconds(secret.expireTime);
    return created !== undefined && expires !== undefined
        ? expires - created - ownership/* secretTtlMarginSeconds */.Sv
        : undefined;
}
function report(r, live) {
    const count = r.removed.length;
    core/* info */.pq(`${count} orphaned resource(s) ${r.dry ? 'found (dry run: nothing was removed)' : 'removed'}; ${live} job(s) of live runs left alone.`);
    core/* setOutput */.uH('reaped', String(count));
    if (r.failed.length)
        core/* setFailed */.C1(`Could not remove:\n${r.failed.join('\n')}`);
    return { removed: r.removed, failed: r.failed, live };
}

// EXTERNAL MODULE: ./build/output/fence.js
var fence = __webpack_require__(27248);
;// CONCATENATED MODULE: ./build/credentials/ephemeral.js
// Materialises credentials as ephemeral Secret Manager secrets: one secret per credential
// instance, one version per field. Each secret carries labels naming the run and an expiry, so
// Google deletes it even if no cleanup ever runs.






/** The secret id for the i-th credential of a job: readable, unique within the run. */
const secretId = (jobId, index, credential) => `${jobId}-c${index + 1}-${(0,names/* slug */.yR)(credential.type)}-${(0,names/* slug */.yR)(credential.instance)}`.slice(0, 255);
// AddSecretVersion is limited to 2 a second per secret: https://cloud.google.com/secret-manager/quotas
const versionsPerSecond = 2;
async function createSecrets(cloud, jobId, credentials, labels, ttlSeconds, annotations = {}, locations = []) {
    return Promise.all(credentials.map(async (credential, index) => {
        const secretLabels = {
            ...labels,
            [ownership/* labelKeys */.vN.job]: (0,names/* labelValue */.w)(jobId),
            [ownership/* labelKeys */.vN.credential]: (0,names/* labelValue */.w)(refText(credential).replace(':', '-')),
        };
        const secret = await cloud.secrets
            .create(secretId(jobId, index, credential), secretLabels, ttlSeconds, undefined, annotations, locations)
            .catch((error) => {
            throw (0,google_locations/* explainLocationPolicy */.Bk)(error, locations);
        });
        const versions = new Map();
        const fields = [...credential.fields];
        const started = Date.now();
        await Promise.all(fields.map(async ([field, value], i) => {
            // Paced to the per-secret rate, with a margin for clock and network jitter.
            const at = Math.floor(i / versionsPerSecond) * 1100;
            if (at)
                await (0,promises_.setTimeout)(started + at - Date.now());
            const version = await cloud.secrets.addVersion(secret, value);
            versions.set(field, version.split('/').pop());
        }));
        return { credential, secret, versions };
    }));
}

// EXTERNAL MODULE: ./build/action/state.js
var action_state = __webpack_require__(4947);
;// CONCATENATED MODULE: ./build/action/summary.js
// The job summary: what ran, how it ended, where to look, and what it cost: Cloud Run's compute, and
// in project mode the model's usage as the agent's container reported it.





const round = (n) => String(Math.round(n * 10) / 10);
const icons = { succeeded: '\u2705', failed: '\u274c', cancelled: '\u23f9\ufe0f', timed_out: '\u23f1\ufe0f' };
/** Escapes text for a Markdown table cell. */
const cell = (text) => text.replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
/** The model's usage and cost, said to be the container's own report. */
function modelRows(usage) {
    if (!usage)
        return [['Model usage', "unknown: the agent's container reported none"]];
    const cost = usage.costUsd === undefined
        ? "unknown: a model of the agent has no price in pi-ai's registry"
        : `$${(0,llm_usage/* formatLlmUsd */.Pg)(usage.costUsd)} (an estimate at pi-ai's list prices for the agent's models; the provider's bill is the truth)`;
    return [
        ['Model usage', `${(0,llm_usage/* usageText */.tx)(usage)} (as the agent's container counted and reported them)`],
        ['Model cost', cost],
    ];
}
async function writeSummary(report) {
    const rows = [
        ['Agent', cell(report.agent)],
        ['Status', `${icons[report.status]} ${report.status}`],
        ['Exit code', report.exitCode === undefined ? '\u2013' : String(report.exitCode)],
        ['Duration', (0,durations/* formatDuration */.a)(report.durationSeconds)],
        ['Image', `\`${report.image}\``],
        ['Job', `\`${report.job}\``],
        [
            'Cloud Run cost',
            `$${formatUsd(report.cost.usd)} (the execution's compute, an estimate: ${round(report.cost.vcpuSeconds)} vCPU-seconds and ${round(report.cost.gibSeconds)} GiB-seconds at Cloud Run jobs' Tier 1 prices; free tier and committed-use discounts not counted)`,
        ],
        ...(report.llm ? modelRows(report.llm.usage) : []),
    ];
    if (report.reason && report.status !== 'succeeded')
        rows.push(['Reason', cell(report.reason)]);
    if (!report.logsComplete)
        rows.push(['Logs', 'The last lines may be missing: the exit entry did not arrive in time.']);
    const links = [report.consoleUrl ? `[Execution](${report.consoleUrl})` : '', `[Logs](${report.logsUrl})`]
        .filter(Boolean)
        .join(' · ');
    let markdown = `### Cloud Run agent: ${cell(report.agent)}\n\n| | |\n|---|---|\n${rows.map(([k, v]) => `| ${k} | ${v} |`).join('\n')}\n\n${links}\n`;
    if (report.result !== undefined) {
        markdown += `\n<details><summary>Result</summary>\n\n\`\`\`\`text\n${report.result.replace(/````/g, "'''")}\n\`\`\`\`\n\n</details>\n`;
    }
    await core/* summary */.z.addRaw(markdown).write();
}

// EXTERNAL MODULE: ./build/github/comment.js + 1 modules
var comment = __webpack_require__(51510);
// EXTERNAL MODULE: ./build/google/retry.js
var retry = __webpack_require__(99145);
;// CONCATENATED MODULE: ./build/job/wait.js
// Following the execution CreateJob's start token started, in two waits:
// - until it has started: a long poll (WaitOperation) on the CreateJob operation, which Cloud Run
//   completes once the execution has started, or fails when the job could not start it (an image
//   or a secret it cannot read);
// - until it has ended: no operation ends with it, so the execution is read, often while it is
//   young (a one-shot run is often short) and less often as it ages (Cloud Run's reads are
//   quota-limited per region), and at once when its logs say it exited.
// WaitOperation is best effort: "it may return the latest state before the specified timeout
// (including immediately)" (google.longrunning), so each loop paces itself whatever the server does.




const longPollMs = 30_000;
/** Waits start at least this far apart. */
const minWaitIntervalMs = 1_000;
/** Failures in a row (of the wait or the read) before giving up. */
const maxFailures = 20;
/** Cloud Run creates the execution once the job's checks pass; one not there after this never will be. */
const appearWithinMs = 120_000;
/**
 * Waits until Cloud Run has started the execution; returns its name as Cloud Run gives it (the
 * Job's latestCreatedExecution), or the predicted one. Throws the operation's error when the job
 * could not start it and no execution exists. Without an operation, returns at once: the wait for
 * the end reads the execution and allows for one not created yet.
 */
async function waitForStart(cloud, creation, signal) {
    let failures = 0;
    let lastWait = -Infinity;
    while (creation.operation) {
        if (signal.aborted)
            await new Promise(() => { }); // cancellation exits the process; wait for it
        lastWait = await spaced(lastWait, minWaitIntervalMs);
        let state;
        try {
            state = await cloud.run.waitCreation(creation.operation, creation.jobId, longPollMs);
            failures = 0;
        }
        catch (error) {
            // WaitOperation not offered, or the operation forgotten: the wait for the end reads instead.
            if ((0,errors/* errorCode */.CA)(error) === errors/* Code */.Cy.UNIMPLEMENTED || (0,errors/* errorCode */.CA)(error) === errors/* Code */.Cy.NOT_FOUND)
                break;
            if (!(0,retry/* isTransient */.dg)(error) || ++failures > maxFailures)
                throw error;
            await (0,backoff/* pause */.v)((0,backoff/* backoff */.J)((0,retry/* retryPolicy */.Jb)(error), failures));
            continue;
        }
        if (!state.done)
            continue;
        if ('job' in state)
            return state.job.latestCreatedExecution?.name || creation.execution;
        // Failed: when the execution exists (it failed to start, or was cancelled), its outcome says
        // why; otherwise the job could not make it, and the operation's error says why.
        if (await exists(cloud, creation.execution))
            return creation.execution;
        throw state.error;
    }
    return creation.execution;
}
/**
 * Waits until the execution has ended: a read every `readIntervalMs(age)`, and at once when
 * `exited` resolves (the execution's logs say it exited), then every `minReadIntervalMs`.
 */
async function waitForEnd(cloud, execution, signal, exited = new Promise(() => { })) {
    const since = Date.now();
    // Ends the pause between reads when the logs say the execution exited (no timer is left behind).
    const ending = new AbortController();
    void exited.then(() => ending.abort());
    let seen = false;
    let failures = 0;
    let lastRead = -Infinity;
    for (;;) {
        if (signal.aborted)
            await new Promise(() => { }); // cancellation exits the process; wait for it
        if (!ending.signal.aborted)
            await (0,backoff/* pause */.v)(lastRead + readIntervalMs(Date.now() - since) - Date.now(), ending.signal);
        lastRead = await spaced(lastRead, wait_minReadIntervalMs);
        try {
            // One attempt: this loop is its retry (a retry inside would multiply the two limits).
            const current = await cloud.run.getExecution(execution, { attempts: 1 });
            seen = true;
            failures = 0;
            if ((0,outcome/* finished */.x)(current))
                return current;
        }
        catch (error) {
            // Not created yet (its CreateJob operation was not followed): it appears within a bound.
            if ((0,errors/* errorCode */.CA)(error) === errors/* Code */.Cy.NOT_FOUND && !seen && Date.now() - since < appearWithinMs)
                continue;
            if (!(0,retry/* isTransient */.dg)(error) || ++failures > maxFailures)
                throw error;
            await (0,backoff/* pause */.v)((0,backoff/* backoff */.J)((0,retry/* retryPolicy */.Jb)(error), failures));
        }
    }
}
/** Reads are at least this far apart. */
const wait_minReadIntervalMs = 500;
/** A read at most this far apart, however old the execution. */
const maxReadIntervalMs = 5_000;
/** Between reads: 0.5 s for an execution's first 10 s, then a twentieth of its age, at most 5 s. */
const readIntervalMs = (ageMs) => Math.min(maxReadIntervalMs, Math.max(wait_minReadIntervalMs, Math.round(ageMs / 20)));
async function exists(cloud, execution) {
    try {
        await cloud.run.getExecution(execution);
        return true;
    }
    catch (error) {
        if ((0,errors/* errorCode */.CA)(error) === errors/* Code */.Cy.NOT_FOUND)
            return false;
        throw error;
    }
}
/** Pauses until `intervalMs` after `last`; returns the time the next call goes out. */
async function spaced(last, intervalMs) {
    const early = last + intervalMs - Date.now();
    if (early > 0)
        await (0,backoff/* pause */.v)(early);
    return Date.now();
}

// EXTERNAL MODULE: ./build/scale/queue.js
var queue = __webpack_require__(40861);
;// CONCATENATED MODULE: ./build/action/main.js
// The main step: build or resolve the image, materialise credentials, create and run the job,
// mirror its logs, report the outcome. Everything created is recorded for the post step first.






































// After the execution ends, how long to wait for its last log lines (Google's ingestion lags 5\u201310 s).
const drainGraceMs = 30_000;
const cancelledDrainGraceMs = 4_000;
const secretTtlMarginSeconds = 30 * 60;
/** An image looked up while the run took its slot is used if the slot came within this (lookUpEarly). */
const lookupFreshMs = 10_000;
async function run() {
    const started = Date.now();
    const inputs = readInputs(core/* getInput */.V4, process.env);
    const cloud = (0,connect/* connect */.N)(inputs.projectId, inputs.region);
    if (inputs.mode === 'reap') {
        const { failed } = await reap(cloud, inputs);
        return failed.length ? 'failure' : 'success';
    }
    noteLeftAlone(inputs);
    // Masks first: nothing below may print a credential before the runner knows to hide it.
    const shutdownSecret = maskSecrets(inputs);
    // The agent's filters, who caused the event, then the credentials' values (src/action/decide.ts).
    if ((await decide(inputs, process.env)) === 'skip')
        return 'skipped';
    // Before any cloud call: a payload that cannot be passed stops the run here.
    const containerEnv = agentEnv(inputs);
    cloud.warmUp();
    const current = begin(cloud, inputs, started, shutdownSecret, containerEnv);
    const earlyLookup = lookUpEarly(current);
    // A slot before anything is created: a run skipped after its wait leaves nothing behind.
    if ((await waitForSlots(current)) === 'skipped')
        return 'skipped';
    const { image, mounts } = await provision(current, await earlyLookup());
    if ((await bindSlotsToJob(current)) === 'skipped')
        return 'skipped';
    const ended = await execute(current, image, mounts);
    return main_report(current, image, ended);
}
/**
 * The agent's scale (and the project's): a slot of each, waiting while every slot is held, up to
 * `queue_timeout`; skipped after that. Slots are taken before the image is made and the secrets
 * are created, so that a run that waits long, or in vain, has built and stored nothing (and its
 * secrets' expiry is not spent waiting); the price is that a queued run builds its image only once
 * it has a slot. Looking the image up, which writes nothing, goes on meanwhile (lookUpEarly).
 */
async function waitForSlots(run) {
    const { inputs } = run;
    const where = { region: inputs.region, repository: process.env.GITHUB_REPOSITORY || 'local' };
    const wanted = (0,slots/* families */.TJ)(inputs.scale, inputs.agent, where);
    if (!wanted.length)
        return 'run';
    const holder = (0,external_node_crypto_.randomUUID)();
    const ids = new Set();
    const save = () => run.record({ scale: { holder, ids: [...ids] } });
    run.queue = {
        cloud: run.cloud,
        claim: { holder, labels: run.labels, annotations: run.owner, locations: inputs.secretLocations },
        since: Date.now(),
        timeoutSeconds: inputs.queueTimeoutSeconds,
        signal: run.cancel.signal,
        remember(id) {
            if (ids.has(id))
                return;
            ids.add(id);
            save();
        },
        forget(id) {
            if (ids.delete(id))
                save();
        },
        track: (work) => run.cancel.track(work),
        say: (line) => log/* log */.R.info(line),
    };
    const taken = await (0,queue/* takeSlots */.h7)(run.queue, wanted);
    if ('skipped' in taken) {
        log/* log */.R.notice(`${taken.skipped} Nothing was created.`);
        // Nothing was created and every slot given back: post has nothing to do.
        if (!ids.size)
            (0,action_state/* clearState */.Ho)();
        return 'skipped';
    }
    run.slots = taken.held;
    log/* log */.R.debug(`Holding scale slot(s) ${taken.held.map((h) => h.name.split('/').pop()).join(', ')}`);
    return 'run';
}
/** Just before CreateJob: the slots bound to the job, for its timeout plus a margin. */
async function bindSlotsToJob(run) {
    if (!run.queue || !run.slots.length)
        return 'run';
    const bound = await (0,queue/* bindSlots */.jm)(run.queue, run.slots, run.state.job, taskTimeoutSeconds(run.inputs));
    if ('skipped' in bound) {
        log/* log */.R.notice(`${bound.skipped} The post step deletes the secrets this run made.`);
        return 'skipped';
    }
    run.slots = bound.held;
    return 'run';
}
/** Project mode: one line naming the step's credentials the agent does not list (never a value). */
function noteLeftAlone({ leftAlone, agent }) {
    if (!leftAlone.length)
        return;
    const [these, them] = leftAlone.length === 1
        ? [`Credential ${leftAlone[0]} is`, 'it']
        : [`Credentials ${leftAlone.join(', ')} are`, 'them'];
    log/* log */.R.notice(`${these} in the step's env but not listed by agent ${agent}: left alone (not uploaded, not mounted). To give ${them} to the agent, list ${them} in "credentials" of its config.toml.`);
}
/**
 * Registers the lines of every secret field (credentials/fields.ts: not a git author's name) and the
 * shutdown secret as secrets; returns the shutdown secret.
 */
function maskSecrets(inputs) {
    const shutdownSecret = inputs.gatewayUrl ? (0,external_node_crypto_.randomUUID)() : undefined;
    const secrets = [...maskLines(inputs.credentials), ...(shutdownSecret ? [shutdownSecret] : [])];
    for (const secret of secrets)
        core/* setSecret */.Pq(secret);
    // The action hides them too, before it cuts or escapes a line (the runner matches exact text only).
    (0,redact/* hideInOutput */.p)(secrets);
    return shutdownSecret;
}
/** Names the run and saves, before anything is created, what post would have to delete. */
function begin(cloud, inputs, started, shutdownSecret, containerEnv) {
    const runKey = `${process.env.GITHUB_RUN_ID || Date.now()}-${process.env.GITHUB_RUN_ATTEMPT || '1'}-${(0,external_node_crypto_.randomBytes)(2).toString('hex')}`;
    const jobId = (0,names/* jobId */.Db)(inputs.agent, runKey);
    const token = (0,names/* startToken */.gP)();
    const job = cloud.run.jobName(jobId);
    const { state, record } = (0,action_state/* openState */.Gf)({
        project: inputs.projectId,
        region: inputs.region,
        job,
        // Named by its token before it exists: `<job id>-<token>`.
        execution: `${job}/executions/${(0,names/* executionId */.uY)(jobId, token)}`,
        secrets: inputs.credentials.map((c, i) => `projects/${inputs.projectId}/secrets/${secretId(jobId, i, c)}`),
    });
    return {
        cloud,
        inputs,
        started,
        jobId,
        startToken: token,
        endNonce: newEndNonce(),
        labels: runLabels(inputs),
        owner: (0,ownership/* runAnnotations */.cL)(process.env),
        shutdownSecret,
        state,
        record,
        cancel: watchForCancellation(cloud, state),
        agentEnv: containerEnv,
        comment: inputs.comment ? openComment(inputs, record) : undefined,
        slots: [],
    };
}
/** Comment: the run's one comment on its pull request or issue; failures are warnings. */
function openComment(inputs, record) {
    return (0,comment/* openOutcomeComment */.KU)({
        agent: inputs.agent,
        token: inputs.githubToken,
        env: process.env,
        save: (comment) => record({ comment }),
        warn: (message) => log/* log */.R.warning(message),
        debug: (message) => log/* log */.R.debug(message),
    });
}
/**
 * Project mode: the agent's image looked up while the run takes its slot (reading only). What it
 * found is used unless the run waited for its slot: meanwhile another run may have pushed the image,
 * or pruned the one found, so it is looked up again. A failure is only debugged: prepareImage looks
 * again, and reports it.
 */
function lookUpEarly(run) {
    const asked = Date.now();
    const lookup = findImage(run.cloud, run.inputs).catch((error) => {
        log/* log */.R.debug(`Looking the image up before the slot failed (${error.message}); looked up again`);
        return undefined;
    });
    return async () => {
        const found = await lookup;
        return Date.now() - asked < lookupFreshMs ? found : undefined;
    };
}
/** Provision: the image and the secrets, everything the job needs. */
async function provision(run, lookup) {
    const { cloud, inputs } = run;
    const prepare = () => prepareImage(cloud, inputs, run.record, lookup);
    // The secrets expire at the timeout plus 30 minutes from their creation: a build (minutes) comes
    // first, so as not to eat into that. An image that takes seconds is made while they are created:
    // a prebuilt one resolved, or a project's agent image found or appended to a runtime the lookup found.
    const quick = !inputs.build || lookup?.runtime.digest !== undefined;
    const [image, mounts] = quick
        ? await bothOrWait(prepare(), createAllSecrets(run))
        : [await prepare(), await createAllSecrets(run)];
    core/* setOutput */.uH('image', image);
    if (inputs.gatewayUrl)
        await checkGateway(inputs.gatewayUrl);
    run.cancel.check();
    return { image, mounts };
}
/** The run's own secrets, then the existing ones (which cost no call: Cloud Run reads them). */
async function createAllSecrets(run) {
    const { inputs } = run;
    const created = await run.cancel.track(createSecrets(run.cloud, run.jobId, inputs.credentials, run.labels, inputs.timeoutSeconds + secretTtlMarginSeconds, { ...run.owner, [ownership/* annotationKeys */.ic.timeout]: String(inputs.timeoutSeconds) }, inputs.secretLocations));
    const existing = existingMounts(inputs.existingCredentials);
    for (const { credential, secret, versions } of existing) {
        const items = [...versions].map(([field, version]) => `${field} (version ${version})`).join(', ');
        log/* log */.R.info(`Mounting ${secret} at ${mountPath(credential)}: ${items}`);
    }
    return [...created, ...existing];
}
/** Execute: the job, its execution and its logs, until the execution has ended and its logs are in. */
async function execute(run, image, mounts) {
    // The tail opens before the execution can start, so not a line is missed.
    const logs = openLogs(run);
    const started = await createJob(run, image, mounts)
        .then((operation) => awaitStart(run, operation, logs))
        .catch((error) => {
        logs.follower.stop(); // nothing to mirror: the job could not start its execution
        throw error;
    });
    return awaitEnd(run, started);
}
function openLogs(run) {
    const { cloud, inputs } = run;
    const filter = jobLogFilter(run.jobId, inputs.region);
    const follower = followLogs(cloud, {
        filter,
        sinceMs: run.started - 60_000,
        print: (lines) => fence/* untrusted */.b.print(lines),
        notice: (message) => log/* log */.R.warning(message),
        debug: (message) => log/* log */.R.debug(message),
        endNonce: run.endNonce,
        // Checked after every batch, not left to V8's timing alone: a busy CPU delays its collections.
        afterEntries: (0,heap/* keepHeapWithin */.Rg)({
            budgetBytes: heap/* mirrorHeapBudgetBytes */.qu,
            debug: (message) => log/* log */.R.debug(message),
        }),
    });
    const link = logsUrl(inputs.projectId, filter, new Date(run.started - 60_000).toISOString());
    core/* setOutput */.uH('job', run.jobId);
    core/* setOutput */.uH('logs_url', link);
    return { follower, link };
}
/**
 * Create and run in one call: CreateJob with a start token, so Cloud Run starts the execution as
 * soon as the job is ready. Returns the CreateJob operation, done once the execution has started.
 */
async function createJob(run, image, mounts) {
    const { inputs, jobId } = run;
    // Last, so that no `env` input replaces the nonce the log mirror expects.
    const env = { ...run.agentEnv, ...inputs.env, [endNonceVariable]: run.endNonce };
    if (inputs.gatewayUrl && run.shutdownSecret)
        Object.assign(env, { GATEWAY_URL: inputs.gatewayUrl, SHUTDOWN_SECRET: run.shutdownSecret });
    log/* log */.R.info(`Creating Cloud Run job ${jobId} in ${inputs.region}`);
    if (inputs.vpcAccess)
        log/* log */.R.info(`Private network: ${describeVpcAccess(inputs.vpcAccess)}`);
    // The execution is known the moment CreateJob answers, even when SIGINT came while it was in
    // flight: the job starts it whatever happens to this process.
    const operation = await run.cancel.track(run.cloud.run
        .createJob(jobId, jobResource({
        image,
        env,
        mounts,
        timeoutSeconds: taskTimeoutSeconds(inputs),
        cpu: inputs.cpu,
        memory: inputs.memory,
        serviceAccount: inputs.serviceAccount,
        vpcAccess: inputs.vpcAccess,
        labels: { ...inputs.labels, ...run.labels },
        annotations: { 'cloud-run-agent/agent': inputs.agent.slice(0, 256), ...run.owner },
        startToken: run.startToken,
    }))
        .then((operation) => {
        run.cancel.executionKnown(run.state.execution);
        return operation;
    }));
    log/* log */.R.debug(`Created job ${jobId}; Cloud Run starts its execution once the job is ready`);
    return operation;
}
/** Waits until the execution has started (its CreateJob operation is done), then says where to see it. */
async function awaitStart(run, operation, logs) {
    const { cloud, inputs, cancel } = run;
    const named = run.state.execution;
    const execution = await waitForStart(cloud, { operation, jobId: run.jobId, execution: named }, cancel.signal);
    if (execution !== named) {
        // Google's own name wins (job.proto calls the token only a "suffix").
        log/* log */.R.debug(`Cloud Run named the execution ${execution}, not ${named}`);
        run.record({ execution });
        cancel.executionKnown(execution);
    }
    const console = consoleUrl(inputs.projectId, inputs.region, execution);
    core/* setOutput */.uH('execution', execution);
    core/* setOutput */.uH('console_url', console);
    log/* log */.R.info(`Started execution ${execution.split('/').pop()}: ${console}`);
    // Not awaited: the execution is not held up by GitHub; report() waits for it (writes are queued).
    void run.comment?.running({ console, logs: logs.link });
    return { execution, logs: logs.follower, links: { console, logs: logs.link } };
}
async function awaitEnd(run, started) {
    const { cloud } = run;
    // Its logs' exit entry (or end marker) wakes the wait: the execution has ended or is ending.
    const ended = await waitForEnd(cloud, started.execution, run.cancel.signal, started.logs.exiting);
    const result = agentTimeout(run.inputs, (0,outcome/* outcome */.b)(ended, await cloud.run.listTasks(started.execution)));
    run.record({ executionEnded: (0,outcome/* finished */.x)(ended) });
    log/* log */.R.debug(`Execution ${started.execution.split('/').pop()} ended (${result.status}); reading its last log lines`);
    // The container is gone, so are its needs: the job and the secrets are deleted now, while the
    // last lines drain (Cloud Logging keeps them), which ends the secrets' life as early as it can
    // and leaves the post step nothing to load a client for. What fails here, post tries again.
    const cleanedUp = run.state.executionEnded ? cleanUpNow(run) : Promise.resolve();
    const stopped = result.status === 'cancelled' || result.status === 'timed_out';
    const drained = await started.logs.drain(stopped ? cancelledDrainGraceMs : drainGraceMs);
    await cleanedUp;
    log/* log */.R.debug(drained.marked
        ? "The container's end marker came: every log line is in"
        : 'No end marker from the container: waited for lines ingested late');
    if (!drained.complete)
        log/* log */.R.warning('The execution ended but its last log lines did not arrive in time; see the logs link for the full log.');
    return { ...started, outcome: result, logsComplete: drained.complete, billedSeconds: billedSeconds(ended) };
}
async function cleanUpNow(run) {
    const failures = await (0,cleanup/* cleanUp */.n)(run.cloud, run.state, (message) => log/* log */.R.info(message));
    // The execution has ended: its slots are free for the next run at once.
    const scale = run.state.scale;
    if (scale) {
        const left = await (0,queue/* releaseSlots */.fQ)(run.cloud, run.inputs.projectId, scale, (m) => log/* log */.R.info(m));
        failures.push(...left);
        if (!left.length)
            run.record({ scale: undefined });
    }
    if (failures.length)
        log/* log */.R.debug(`Left for the post step: ${failures.join('; ')}`);
    else
        run.record({ cleanedUp: true });
}
/** Report: the outputs, the summary, pruning, and the step's conclusion. */
async function main_report(run, image, ended) {
    const { inputs } = run;
    const { logs, links } = ended;
    // The container's figures, numbers only (shared/llm-usage.ts); project mode's entry alone prints them.
    const usage = inputs.projectMode ? logs.usage : undefined;
    const outcome = capStop(inputs, ended.outcome, usage);
    const exitCode = outcome.exitCode ?? logs.exitCode;
    const failure = agentFailure(inputs, outcome, logs.failure);
    const reason = failure ?? outcome.reason;
    const durationSeconds = (Date.now() - run.started) / 1000;
    core/* setOutput */.uH('status', outcome.status);
    core/* setOutput */.uH('exit_code', exitCode === undefined ? '' : String(exitCode));
    core/* setOutput */.uH('result', logs.result ?? '');
    core/* setOutput */.uH('rerun_requested', String(exitCode === 42));
    core/* setOutput */.uH('duration', String(Math.round(durationSeconds)));
    const cost = executionCost(inputs.cpu, inputs.memory, ended.billedSeconds);
    core/* setOutput */.uH('cost', formatUsd(cost.usd));
    setUsageOutputs(usage);
    const llm = inputs.projectMode ? { usage } : undefined;
    if (inputs.summary) {
        await writeSummary({
            agent: inputs.agent,
            job: run.jobId,
            status: outcome.status,
            exitCode,
            durationSeconds,
            image,
            cost,
            llm,
            consoleUrl: links.console,
            logsUrl: links.logs,
            result: logs.result,
            reason,
            logsComplete: ended.logsComplete,
        });
    }
    await run.comment?.finished({
        status: outcome.status,
        exitCode,
        durationSeconds,
        cost: cost.usd,
        llm,
        reason: failure ? undefined : outcome.reason,
        failure,
        result: logs.result,
    }, { logs: links.logs });
    if (inputs.build) {
        const runtimes = inputs.projectMode ? prune/* runtimeRepository */.V9 : undefined;
        await (0,prune/* pruneQuietly */.s)(run.cloud, { ...inputs, build: inputs.build, runtimes }, image);
    }
    return conclude(inputs.agent, { ...outcome, reason }, exitCode, durationSeconds, links.console);
}
/** The usage outputs: validated numbers printed by the action, or empty when no figure came. */
function setUsageOutputs(usage) {
    core/* setOutput */.uH('llm_input_tokens', usage ? String(usage.inputTokens) : '');
    core/* setOutput */.uH('llm_output_tokens', usage ? String(usage.outputTokens) : '');
    core/* setOutput */.uH('llm_cost', usage?.costUsd === undefined ? '' : (0,llm_usage/* formatLlmUsd */.Pg)(usage.costUsd));
    core/* setOutput */.uH('turns', usage ? String(usage.turns) : '');
}
/**
 * In project mode, exit 123 is the entry saying it stopped the agent at a cap: failed, for a reason
 * in the action's words, naming the cap and the figure reached (the reported usage: numbers only).
 */
function capStop(inputs, result, usage) {
    const caps = { maxTurns: inputs.maxTurns, maxLlmCost: inputs.maxLlmCost };
    if (!inputs.projectMode || result.status !== 'failed' || result.exitCode !== llm_usage/* capExitCode */.KJ)
        return result;
    if (caps.maxTurns === undefined && caps.maxLlmCost === undefined)
        return result;
    const cap = usage && (0,llm_usage/* reachedCap */.vi)(usage, caps);
    const set = [
        caps.maxTurns && `max_turns ${caps.maxTurns}`,
        caps.maxLlmCost && `max_llm_cost ${caps.maxLlmCost}`,
    ];
    return {
        ...result,
        reason: cap
            ? (0,llm_usage/* capStopReason */.fW)(cap, usage, caps)
            : `the agent was stopped at a cap (${set.filter(Boolean).join(', ')}); its usage did not reach the log`,
    };
}
/**
 * Project mode: why the run failed in the entry's words (the model's error, the timeout), which say
 * more than Cloud Run's "the container exited with an error". Untrusted text, redacted and capped by
 * the printer; the summary escapes it and the comment fences it. Contract images keep Cloud Run's.
 */
function agentFailure(inputs, outcome, failure) {
    if (!inputs.projectMode || (outcome.status !== 'failed' && outcome.status !== 'timed_out'))
        return undefined;
    // A cap's stop is said in the action's own words (capStop).
    if (outcome.exitCode === llm_usage/* capExitCode */.KJ && (inputs.maxTurns || inputs.maxLlmCost))
        return undefined;
    return failure;
}
function conclude(agent, outcome, exitCode, durationSeconds, console) {
    if (outcome.status === 'succeeded') {
        log/* log */.R.info(`Agent ${agent} succeeded in ${(0,durations/* formatDuration */.a)(durationSeconds)}`);
        return 'success';
    }
    const code = exitCode === undefined ? '' : ` with exit code ${exitCode}`;
    const why = outcome.reason ? `: ${outcome.reason}` : '';
    log/* log */.R.fail(`Agent ${agent} ${outcome.status.replace('_', ' ')}${code}${why}\n${console}`);
    return outcome.status === 'cancelled' ? 'cancelled' : 'failure';
}
function runLabels(inputs) {
    return {
        'managed-by': 'cloud-run-agent',
        'al-agent': (0,names/* labelValue */.w)((0,names/* slug */.yR)(inputs.agent)),
        'gh-repository': (0,names/* labelValue */.w)(process.env.GITHUB_REPOSITORY ?? 'local'),
        'gh-run-id': (0,names/* labelValue */.w)(process.env.GITHUB_RUN_ID ?? 'local'),
        'gh-run-attempt': (0,names/* labelValue */.w)(process.env.GITHUB_RUN_ATTEMPT ?? '1'),
    };
}
/** In project mode, exit 124 is the entry saying the agent's own timeout fired: timed out, not failed. */
function agentTimeout(inputs, result) {
    if (!inputs.projectMode || result.status !== 'failed' || result.exitCode !== 124)
        return result;
    return {
        ...result,
        status: 'timed_out',
        reason: `the agent's timeout of ${inputs.timeoutSeconds} s was reached`,
    };
}
// In project mode the entry stops the agent at its timeout (and everything 15 s later); the task's
// own timeout comes a little after, for a container that could not even do that.
const entryTimeoutMarginSeconds = 60;
/** The task's timeout in the job. */
const taskTimeoutSeconds = (inputs) => inputs.timeoutSeconds + (inputs.projectMode ? entryTimeoutMarginSeconds : 0);
/** What the container is told about this run: the contract's PROMPT, or the entry's event. */
function agentEnv(inputs) {
    if (!inputs.projectMode)
        return { PROMPT: defaultPrompt(process.env, inputs.prompt) };
    return {
        ...eventEnv(process.env, inputs.prompt, (message) => log/* log */.R.warning(message)),
        AL_TIMEOUT_SECONDS: String(inputs.timeoutSeconds),
        ...(inputs.maxTurns && { [llm_usage/* capVariables */.AV.maxTurns]: String(inputs.maxTurns) }),
        // Written out in decimals, as the entry reads it (String(1e-7) would be "1e-7").
        ...(inputs.maxLlmCost && { [llm_usage/* capVariables */.AV.maxLlmCost]: inputs.maxLlmCost.toFixed(9) }),
        ...(process.env.RUNNER_DEBUG === '1' && { AL_LOG_LEVEL: 'debug' }),
    };
}
function main() {
    return run()
        .then((conclusion) => core/* setOutput */.uH('conclusion', conclusion))
        .catch((error) => {
        // A cancellation also ends in the SIGINT handler, which sets conclusion=cancelled after this.
        core/* setOutput */.uH('conclusion', 'failure');
        log/* log */.R.fail((0,errors/* failureMessage */.oh)(error));
    })
        .finally(() => fence/* untrusted */.b.close());
}
/**
 * Both results; when the first fails, the second is still awaited before failing, so that post
 * (which runs next) deletes what it created instead of racing its creation.
 */
async function bothOrWait(first, second) {
    second.catch(() => { }); // its failure is reported below, once `first` has settled
    const a = await first.catch(async (error) => {
        await second.catch(() => { });
        throw error;
    });
    return [a, await second];
}


/***/ }),

/***/ 13417:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bi: () => (/* binding */ DockerError),
/* harmony export */   Of: () => (/* binding */ newDockerConfigDir),
/* harmony export */   iD: () => (/* binding */ login),
/* harmony export */   sf: () => (/* binding */ buildAndPush),
/* harmony export */   t$: () => (/* binding */ dockerSession)
/* harmony export */ });
/* unused harmony exports dockerNoise, docker */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _output_fence_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(27248);
/* harmony import */ var _output_lines_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(19394);
// The docker CLI, for what only Docker can do: a Dockerfile build and its push. It runs with a
// private config dir holding the registry login (post deletes it); its output is untrusted (a
// Dockerfile's RUN steps control it), so it is mirrored inside the fence.





/** Logs in to the registry with an access token, in a private Docker config that post deletes. */
async function login(registry, accessToken, configDir) {
    node_fs__WEBPACK_IMPORTED_MODULE_0___default().mkdirSync(configDir, { recursive: true, mode: 0o700 });
    await docker(configDir, ['login', '--username', 'oauth2accesstoken', '--password-stdin', `https://${registry}`], {
        input: Buffer.from(accessToken),
        what: `Logging in to ${registry}`,
    });
}
const newDockerConfigDir = () => node_fs__WEBPACK_IMPORTED_MODULE_0___default().mkdtempSync(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(process.env.RUNNER_TEMP || node_os__WEBPACK_IMPORTED_MODULE_1___default().tmpdir(), 'cloud-run-agent-docker-'));
/**
 * Builds and pushes `<path>:<tag>` and returns `<path>@<digest>`. The credentials file that
 * google-github-actions/auth writes into the workspace is moved out of the build context for the
 * build, so it cannot be baked into the image.
 */
async function buildAndPush(build, target, configDir, env) {
    const tagged = `${target}:${build.tag}`;
    const args = ['build', '--platform', 'linux/amd64', '--file', build.dockerfile, '--tag', tagged];
    const server = env.GITHUB_SERVER_URL || 'https://github.com';
    if (env.GITHUB_REPOSITORY)
        args.push('--label', `org.opencontainers.image.source=${server}/${env.GITHUB_REPOSITORY}`);
    if (env.GITHUB_SHA)
        args.push('--label', `org.opencontainers.image.revision=${env.GITHUB_SHA}`);
    for (const [name, value] of Object.entries(build.buildArgs))
        args.push('--build-arg', `${name}=${value}`);
    args.push(build.context);
    await withCredentialFilesMovedAside(build.context, () => docker(configDir, args, { what: `Building ${tagged}` }));
    return `${target}@${await push(configDir, tagged)}`;
}
/** `docker push`es a tag and returns the digest it printed. */
async function push(configDir, tagged) {
    const pushed = await docker(configDir, ['push', tagged], { what: `Pushing ${tagged}` });
    const digest = /digest: (sha256:[0-9a-f]{64})/.exec(pushed)?.[1];
    if (!digest)
        throw new Error(`Pushing ${tagged} printed no digest`);
    return digest;
}
function dockerSession(registry, accessToken, configDir) {
    let loggedIn;
    const ready = () => (loggedIn ??= login(registry, accessToken, configDir));
    return {
        async build(args, what) {
            await ready();
            return docker(configDir, ['build', ...args], { what });
        },
        async push(tagged) {
            await ready();
            return push(configDir, tagged);
        },
    };
}
const credentialFile = /^gha-creds-[A-Za-z0-9_-]+\.json$/;
async function withCredentialFilesMovedAside(context, run) {
    const found = node_fs__WEBPACK_IMPORTED_MODULE_0___default().readdirSync(context).filter((name) => credentialFile.test(name));
    if (!found.length)
        return run();
    const aside = node_fs__WEBPACK_IMPORTED_MODULE_0___default().mkdtempSync(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(process.env.RUNNER_TEMP || node_os__WEBPACK_IMPORTED_MODULE_1___default().tmpdir(), 'cloud-run-agent-creds-'));
    for (const name of found)
        node_fs__WEBPACK_IMPORTED_MODULE_0___default().renameSync(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(context, name), node_path__WEBPACK_IMPORTED_MODULE_2___default().join(aside, name));
    try {
        return await run();
    }
    finally {
        for (const name of found)
            node_fs__WEBPACK_IMPORTED_MODULE_0___default().renameSync(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(aside, name), node_path__WEBPACK_IMPORTED_MODULE_2___default().join(context, name));
        node_fs__WEBPACK_IMPORTED_MODULE_0___default().rmSync(aside, { recursive: true, force: true });
    }
}
/**
 * Docker's advice about itself, which says nothing about the build: the login's "credentials are
 * stored unencrypted" (the config dir is private and deleted after the run) and the legacy
 * builder's deprecation notice (the runner's Docker decides which builder runs), and blank lines.
 */
const dockerNoise = /^(\s*$|WARNING! Your credentials are stored unencrypted|Configure a credential helper to remove this warning|\s*https:\/\/docs\.docker\.com\/go\/(credential-store|buildx)\/|DEPRECATED: The legacy builder is deprecated|\s+Install the buildx component to build images with BuildKit:)/;
/**
 * Runs the docker CLI with a private config. Its output (which a Dockerfile's RUN steps control)
 * is mirrored fenced, like the agent's logs, so it cannot issue workflow commands.
 */
async function docker(configDir, args, options) {
    let output = '';
    const mirror = (data) => {
        const text = data.toString('utf8');
        output += text.length < 1_000_000 ? text : '';
        _output_fence_js__WEBPACK_IMPORTED_MODULE_3__/* .untrusted */ .b.print((0,_output_lines_js__WEBPACK_IMPORTED_MODULE_4__/* .splitLines */ .u)(text).filter((line) => !dockerNoise.test(line)));
    };
    // Loaded here: only builds need it.
    const exec = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 12697));
    const code = await exec.exec('docker', ['--config', configDir, ...args], {
        silent: true,
        ignoreReturnCode: true,
        input: options.input,
        listeners: { stdout: mirror, stderr: mirror },
    });
    if (code !== 0)
        throw new DockerError(options.what, code, output);
    return output;
}
/** A docker command that failed: what it did, and the output it printed (for a diagnosis). */
class DockerError extends Error {
    output;
    constructor(what, code, output) {
        const tail = output.trim().split('\n').slice(-5).join('\n');
        super(`${what} failed (docker exited with ${code}):\n${tail}`);
        this.name = 'DockerError';
        this.output = output;
    }
}


/***/ }),

/***/ 76889:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   JN: () => (/* binding */ runtimePrefix),
/* harmony export */   V9: () => (/* binding */ runtimeRepository),
/* harmony export */   s: () => (/* binding */ pruneQuietly)
/* harmony export */ });
/* unused harmony exports pruneImages, pruneRuntimes, digestOfRef */
/* harmony import */ var _output_log_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(20183);
/* harmony import */ var _registry_references_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(21449);
/* harmony import */ var _shared_ownership_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(87740);
/* harmony import */ var _shared_names_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(92089);




/** The runtime's repository in project mode, beside the agents' own. */
const runtimeRepository = 'cloud-run-agent-runtime';
/** How an agent image's tag names its runtime: the first 12 hex digits of the runtime's digest. */
const runtimePrefix = (runtimeDigest) => runtimeDigest.replace(/^sha256:/, '').slice(0, 12);
/** An unused runtime younger than this stays: a concurrent run may be about to append to it. */
const runtimeGraceSeconds = 24 * 3600;
/** The newest images kept of each cache kind in the runtime repository. */
const cachesKept = 2;
/**
 * Deletes all but the `keep` newest images of `target` (by upload time) among `images` (all of the
 * repository, or listed now). Never deletes an image in `protect`. Returns the deleted references.
 */
async function pruneImages(cloud, repository, target, keep, protect, images) {
    const all = images ?? (await cloud.artifacts.listDockerImages(repository.location, repository.id));
    const newestFirst = newest(all.filter((image) => pathOf(image) === pathOfRef(target)));
    return deleteAll(cloud, newestFirst.slice(keep), target, protect);
}
/**
 * The runtime repository's retention (see the file comment), over `images`, the repository's
 * images once the agent's have been pruned. Returns the deleted references.
 */
async function pruneRuntimes(cloud, runtimes, images, protect, now = Date.now() / 1000) {
    const inRuntimes = newest(images.filter((image) => pathOf(image) === pathOfRef(runtimes)));
    const standOn = new Set(images
        .filter((image) => pathOf(image) !== pathOfRef(runtimes))
        .flatMap((image) => image.tags ?? [])
        .map((tag) => /^([0-9a-f]{12})-[0-9a-f]{32}$/.exec(tag)?.[1])
        .filter((prefix) => prefix !== undefined));
    const kind = (image) => /^(runtime|tools|system|node-modules)-/.exec(image.tags?.[0] ?? '')?.[1];
    const unused = inRuntimes.filter((image) => kind(image) === 'runtime' &&
        !standOn.has(runtimePrefix(digestOf(image) ?? '')) &&
        now - seconds(image.uploadTime) > runtimeGraceSeconds);
    const oldCaches = ['tools', 'system', 'node-modules'].flatMap((name) => inRuntimes.filter((image) => kind(image) === name).slice(cachesKept));
    return deleteAll(cloud, [...unused, ...oldCaches], runtimes, protect);
}
async function deleteAll(cloud, images, target, protect) {
    const deleted = [];
    for (const image of images) {
        const digest = digestOf(image);
        if (!digest || protect.has(digest))
            continue;
        await cloud.artifacts.deleteVersion(versionName(image, digest));
        deleted.push(`${pathOfRef(target)}@${digest}`);
    }
    return deleted;
}
const newest = (images) => [...images].sort((a, b) => seconds(b.uploadTime) - seconds(a.uploadTime));
const seconds = (t) => Number(t?.seconds ?? 0) + (t?.nanos ?? 0) / 1e9;
const digestOf = (image) => /@(sha256:[0-9a-f]{64})$/.exec(image.uri ?? '')?.[1];
/** Registry-independent `project/repository/name` of an image uri. */
const pathOf = (image) => pathOfRef((image.uri ?? '').replace(/@sha256:[0-9a-f]{64}$/, ''));
const pathOfRef = (ref) => ref.split('/').slice(1).join('/');
const digestOfRef = (ref) => /@(sha256:[0-9a-f]{64})$/.exec(ref)?.[1];
/** `\u2026/dockerImages/<name>@<digest>` \u2192 `\u2026/packages/<name, URL-encoded>/versions/<digest>`. */
function versionName(image, digest) {
    const [parent = '', rest = ''] = (image.name ?? '').split('/dockerImages/');
    const pkg = decodeURIComponent(rest.replace(/@sha256:[0-9a-f]{64}$/, ''));
    return `${parent}/packages/${encodeURIComponent(pkg)}/versions/${digest}`;
}
/** Keeps the newest images; never the one just pushed, nor any a job of ours still references. */
async function pruneQuietly(cloud, inputs, image) {
    try {
        const inUse = await imagesInUse(cloud);
        inUse.add(digestOfRef(image));
        const target = (0,_registry_references_js__WEBPACK_IMPORTED_MODULE_3__/* .imagePath */ .d0)(inputs.build, inputs.projectId, (0,_shared_names_js__WEBPACK_IMPORTED_MODULE_2__/* .slug */ .yR)(inputs.agent));
        const repository = { location: inputs.build.registryLocation, id: inputs.build.repository };
        const images = await cloud.artifacts.listDockerImages(repository.location, repository.id);
        const deleted = await pruneImages(cloud, repository, target, inputs.keepTags, inUse, images);
        if (inputs.runtimes) {
            const left = images.filter((i) => !deleted.some((ref) => ref.endsWith(`@${digestOf(i)}`)));
            const runtimes = (0,_registry_references_js__WEBPACK_IMPORTED_MODULE_3__/* .imagePath */ .d0)(inputs.build, inputs.projectId, inputs.runtimes);
            deleted.push(...(await pruneRuntimes(cloud, runtimes, left, inUse)));
        }
        for (const ref of deleted)
            _output_log_js__WEBPACK_IMPORTED_MODULE_0__/* .log */ .R.info(`Pruned old image ${ref}`);
    }
    catch (error) {
        _output_log_js__WEBPACK_IMPORTED_MODULE_0__/* .log */ .R.warning(`Pruning old images failed (the run itself is unaffected): ${error.message}`);
    }
}
/** The digests the jobs of this action in the region run. */
async function imagesInUse(cloud) {
    const inUse = new Set();
    for (const job of await cloud.run.listJobs()) {
        if (job.labels?.[_shared_ownership_js__WEBPACK_IMPORTED_MODULE_1__/* .managedBy */ .ZF.key] !== _shared_ownership_js__WEBPACK_IMPORTED_MODULE_1__/* .managedBy */ .ZF.value)
            continue;
        for (const container of job.template?.template?.containers ?? []) {
            const digest = digestOfRef(container.image ?? '');
            if (digest)
                inUse.add(digest);
        }
    }
    return inUse;
}


/***/ }),

/***/ 27248:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ untrusted)
/* harmony export */ });
/* unused harmony export createFence */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
// The fence around untrusted output. The container's output (and Docker's build output) is
// untrusted: a line such as `::set-output name=status::ok` or `##[add-mask]\u2026` would be obeyed by
// the runner if printed as is. Every such line is printed inside a `::stop-commands::<token>` block
// with a fresh random token, so the runner processes none of it (lines.ts splits lines on `\r` as
// well as `\n` first, as the runner does).

/**
 * Prints untrusted lines inside a stop-commands block. The block opens with a fresh random token on
 * the first line and stays open for the lines that follow, so a burst costs two marker lines, not
 * two per line; it must be closed before the action prints a workflow command of its own (see log.ts).
 */
function createFence(write) {
    let token;
    return {
        print(lines) {
            if (!lines.length)
                return;
            if (!token) {
                token = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(16).toString('hex');
                write(`::stop-commands::${token}\n`);
            }
            const current = token;
            // The runner resumes on the token as a command name, in any case and either syntax; a line
            // that carries it (only a lucky guess could) loses it.
            const safe = lines.map((line) => line.replace(new RegExp(current, 'gi'), '[token]'));
            write(`${safe.join('\n')}\n`);
        },
        close() {
            if (!token)
                return;
            write(`::${token}::\n`);
            token = undefined;
        },
    };
}
/** The fence around everything untrusted this process prints. */
const untrusted = createFence((text) => process.stdout.write(text));


/***/ }),

/***/ 19394:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   u: () => (/* binding */ splitLines)
/* harmony export */ });
/* unused harmony export maxLineLength */
/* harmony import */ var _redact_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(39180);
// Untrusted text made harmless to display, line by line: split on `\r` as well as `\n` (the runner
// splits on both), credentials hidden (redact.ts), control characters shown, not emitted, and long
// lines cut. The lines are untrusted all the same: they are printed inside the fence (fence.ts).

/** Longest line mirrored; Cloud Logging entries can reach 256 KB and the runner chokes on huge lines. */
const maxLineLength = 16 * 1024;
/** Splits like the runner (on \r and \n), and makes each line harmless to display. */
function splitLines(text) {
    const lines = text.split(/\r\n|\r|\n/);
    if (lines.length > 1 && lines[lines.length - 1] === '')
        lines.pop();
    return lines.map((line) => cleanLine((0,_redact_js__WEBPACK_IMPORTED_MODULE_0__/* .redact */ .E)(line)));
}
function cleanLine(line) {
    // Keep colour (SGR) escapes, show every other control character instead of emitting it.
    const cleaned = line.replace(
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    /\x1b(?!\[[0-9;]*m)|[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
    if (cleaned.length <= maxLineLength)
        return cleaned;
    return `${cleaned.slice(0, maxLineLength)} \u2026 [line truncated: ${cleaned.length - maxLineLength} more characters]`;
}


/***/ }),

/***/ 20183:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   R: () => (/* binding */ log)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(57264);
/* harmony import */ var _fence_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(27248);
// The action's own messages. Some are workflow commands (warnings, errors, groups) and must not be
// printed inside the stop-commands block around untrusted output, so each closes it first.


const log = {
    info(message) {
        _fence_js__WEBPACK_IMPORTED_MODULE_1__/* .untrusted */ .b.close();
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(message);
    },
    warning(message) {
        _fence_js__WEBPACK_IMPORTED_MODULE_1__/* .untrusted */ .b.close();
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(message);
    },
    notice(message) {
        _fence_js__WEBPACK_IMPORTED_MODULE_1__/* .untrusted */ .b.close();
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .notice */ .lm(message);
    },
    debug(message) {
        _fence_js__WEBPACK_IMPORTED_MODULE_1__/* .untrusted */ .b.close();
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz(message);
    },
    fail(message) {
        _fence_js__WEBPACK_IMPORTED_MODULE_1__/* .untrusted */ .b.close();
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1(message);
    },
    async group(name, work) {
        _fence_js__WEBPACK_IMPORTED_MODULE_1__/* .untrusted */ .b.close();
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .startGroup */ .Oh(name);
        try {
            return await work();
        }
        finally {
            _fence_js__WEBPACK_IMPORTED_MODULE_1__/* .untrusted */ .b.close();
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .endGroup */ .N4();
        }
    },
};


/***/ }),

/***/ 39180:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ redact),
/* harmony export */   p: () => (/* binding */ hideInOutput)
/* harmony export */ });
// Credential text, hidden by the action itself. The runner masks exact occurrences only, so a value
// cut by truncation, or shown with its control characters escaped, would slip past it: hiding
// happens first, on the line as the agent printed it (see lines.ts).
let hidden = [];
/** Hides these values (each line of each credential) in every line rendered from now on. */
function hideInOutput(values) {
    // Longest first: a value that contains another is hidden whole.
    hidden = [...new Set([...hidden, ...values].filter(Boolean))].sort((a, b) => b.length - a.length);
}
function redact(text) {
    for (const value of hidden)
        if (text.includes(value))
            text = text.replaceAll(value, '***');
    return text;
}


/***/ }),

/***/ 65377:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   OR: () => (/* binding */ Registry),
/* harmony export */   Z2: () => (/* binding */ MEDIA_TYPES),
/* harmony export */   Z7: () => (/* binding */ copyBlob),
/* harmony export */   gl: () => (/* binding */ RegistryError),
/* harmony export */   sc: () => (/* binding */ sha256)
/* harmony export */ });
/* unused harmony export copyImage */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _references_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(21449);
// A small client of the OCI Distribution API v2 (manifests, blobs, uploads, cross-repository
// mounts) over the global fetch: enough to append a layer to an image and to copy an image from one
// registry to another without Docker. One Registry object per registry host; it keeps the tokens
// and counts the requests it makes (token requests and redirects included).
//
// Auth is the registry token flow: try, and on a 401 Bearer challenge ask its realm for a token of
// the scopes the operation needs. A Google access token goes only to Google's registries or to
// loopback (as Basic oauth2accesstoken:<token>); every other registry is asked anonymously.
// Loopback registries are spoken to over plain HTTP, all others over HTTPS.
//
// Errors name the registry, the repository, the operation and the HTTP status (or the network
// error's code), never a token.


const MEDIA_TYPES = {
    dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
    dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
    ociManifest: 'application/vnd.oci.image.manifest.v1+json',
    ociIndex: 'application/vnd.oci.image.index.v1+json',
};
const MANIFEST_ACCEPT = Object.values(MEDIA_TYPES).join(', ');
const INDEX_TYPES = [MEDIA_TYPES.dockerList, MEDIA_TYPES.ociIndex];
const IMAGE_TYPES = [MEDIA_TYPES.dockerManifest, MEDIA_TYPES.ociManifest];
/** An HTTP answer or network failure, with the registry, repository and operation in the message. */
class RegistryError extends Error {
    status;
    constructor(message, status) {
        super(message);
        this.name = 'RegistryError';
        this.status = status;
    }
}
class Registry {
    /** `host[:port]` as in image references, e.g. `us-docker.pkg.dev` or `127.0.0.1:5000`. */
    host;
    /** Requests made so far, token requests and redirects included. */
    requests = 0;
    #base;
    #options;
    #fetch;
    #pushing = new Set();
    #tokens = [];
    #challenge;
    constructor(host, options = {}) {
        this.host = host;
        this.#base = `${_references_js__WEBPACK_IMPORTED_MODULE_1__/* .loopback */ .uC.test(host) ? 'http' : 'https'}://${host}`;
        this.#options = options;
        this.#fetch = options.fetch ?? fetch;
    }
    /** Blobs up to this size go in one PUT, bigger ones in chunks of it. */
    get chunkSize() {
        return this.#options.chunkSize ?? 16 << 20;
    }
    /**
     * Declares that `name` will be pushed to, so that every token for it asks for pull and push at
     * once (one token request instead of a pull token now and a push token later).
     */
    willPush(name) {
        this.#pushing.add(name);
    }
    /** The image manifest of `name:reference`; an index or list resolves to its linux/amd64 image. */
    async getManifest(name, reference) {
        const top = await this.#manifest(name, reference);
        if (!INDEX_TYPES.includes(top.mediaType))
            return asImage(top, this.#where(name, reference));
        const entries = top.json.manifests ?? [];
        const entry = entries.find(isLinuxAmd64);
        if (!entry) {
            const platforms = entries.map((e) => `${e.platform?.os}/${e.platform?.architecture}`).join(', ');
            throw new RegistryError(`${this.#where(name, reference)} has no linux/amd64 image (it has: ${platforms})`);
        }
        return asImage(await this.#manifest(name, entry.digest), this.#where(name, entry.digest));
    }
    /** The digest `name:reference` points at (an index's own digest for an index), or undefined if absent. */
    async headManifest(name, reference) {
        const response = await this.#send({
            what: `HEAD manifest ${reference}`,
            name,
            method: 'HEAD',
            url: `/v2/${name}/manifests/${reference}`,
            headers: { accept: MANIFEST_ACCEPT },
            ok: [200, 404],
        });
        if (response.status === 404)
            return undefined;
        // Optional in the spec: without it, the bytes tell.
        return response.headers.get('docker-content-digest') ?? (await this.#manifest(name, reference)).digest;
    }
    /** Stores a manifest under a tag (or its digest) and returns its digest, checked against the bytes. */
    async putManifest(name, reference, mediaType, bytes) {
        const what = `PUT manifest ${reference}`;
        const response = await this.#send({
            what,
            name,
            method: 'PUT',
            url: `/v2/${name}/manifests/${reference}`,
            headers: { 'content-type': mediaType },
            body: bytes,
            ok: [200, 201, 202, 204],
        });
        await response.body?.cancel();
        return checkedDigest(bytes, response.headers.get('docker-content-digest'), `${this.#where(name)}: ${what}`);
    }
    async blobExists(name, digest) {
        const response = await this.#send({
            what: `HEAD blob ${digest}`,
            name,
            method: 'HEAD',
            url: `/v2/${name}/blobs/${digest}`,
            ok: [200, 404],
        });
        return response.status === 200;
    }
    /** A blob as a stream (not checked against its digest: an upload of it is, by the receiving registry). */
    async getBlob(name, digest) {
        const what = `GET blob ${digest}`;
        const response = await this.#send({
            what,
            name,
            method: 'GET',
            url: `/v2/${name}/blobs/${digest}`,
            ok: [200],
        });
        if (!response.body)
            throw new RegistryError(`${this.#where(name)}: ${what} answered without a body`);
        return { size: Number(response.headers.get('content-length') ?? NaN), body: response.body };
    }
    /** A (small) blob's bytes, checked against its digest. */
    async readBlob(name, digest) {
        const { body } = await this.getBlob(name, digest);
        const chunks = [];
        for await (const chunk of body)
            chunks.push(chunk);
        const bytes = Buffer.concat(chunks);
        if (sha256(bytes) !== digest)
            throw new RegistryError(`${this.#where(name)}: GET blob ${digest} returned bytes of another digest`);
        return bytes;
    }
    /** A (small) JSON blob, such as an image config, parsed. */
    async readJsonBlob(name, digest) {
        return parseJson(await this.readBlob(name, digest), `${this.#where(name)}: blob ${digest}`);
    }
    /**
     * Asks the registry to link a blob of the repository `from` into `name`. Answered 201, it is
     * there; answered 202, the registry did not mount it and opened an upload session instead, which
     * uploadBlob can use (or cancelUpload close).
     */
    async mountBlob(name, digest, from) {
        const query = new URLSearchParams({ mount: digest, from });
        const { status, session } = await this.#sendForSession({
            what: `mount blob ${digest} from ${from}`,
            name,
            method: 'POST',
            url: `/v2/${name}/blobs/uploads/?${query}`,
            scopes: [`repository:${from}:pull`],
            ok: [201, 202],
        });
        return status === 201 ? { mounted: true } : { mounted: false, session };
    }
    /**
     * Uploads a blob: one PUT when it fits in a chunk, else PATCH chunks then an empty PUT. Uses the
     * given upload session (from a mount answered 202) or starts one. A failed upload's session is cancelled.
     */
    async uploadBlob(name, digest, source, options = {}) {
        let session = options.session ?? (await this.#startUpload(name));
        try {
            // One chunk behind: a chunk is PATCHed once another follows it, so a blob that fits in one
            // chunk goes whole in the closing PUT.
            let sent = 0;
            let held;
            for await (const chunk of chunksOf(source, this.chunkSize)) {
                if (held) {
                    session = await this.#patch(name, session, held, sent, options.onProgress);
                    sent += held.length;
                }
                held = chunk;
            }
            if (sent > 0 && held?.length)
                session = await this.#patch(name, session, held, sent, options.onProgress);
            await this.#finishUpload(name, digest, session, sent > 0 ? undefined : held, options.onProgress);
        }
        catch (error) {
            await this.cancelUpload(name, session).catch(() => undefined);
            throw error;
        }
    }
    /** Closes an upload session that will not be used (best effort: a registry may have expired it already). */
    async cancelUpload(name, session) {
        const response = await this.#send({
            what: 'cancel upload',
            name,
            method: 'DELETE',
            url: session,
            ok: [200, 202, 204, 404],
        });
        await response.body?.cancel();
    }
    async #startUpload(name) {
        const started = await this.#sendForSession({
            what: 'start upload',
            name,
            method: 'POST',
            url: `/v2/${name}/blobs/uploads/`,
            ok: [202],
        });
        return started.session;
    }
    /** Sends one chunk, found at `offset` in the blob; returns the session's next location. */
    async #patch(name, session, chunk, offset, onProgress) {
        const end = offset + chunk.length;
        const next = await this.#sendForSession({
            what: `upload chunk at ${offset}`,
            name,
            method: 'PATCH',
            url: session,
            headers: { 'content-type': 'application/octet-stream', 'content-range': `${offset}-${end - 1}` },
            body: chunk,
            ok: [202],
        });
        onProgress?.(end);
        return next.session;
    }
    /** The closing PUT with `?digest=`, carrying the whole blob when it fits in one chunk. */
    async #finishUpload(name, digest, session, body, onProgress) {
        const url = new URL(session, this.#base);
        url.searchParams.set('digest', digest); // keeps the session's own query (distribution's _state)
        const response = await this.#send({
            what: `upload blob ${digest}`,
            name,
            method: 'PUT',
            url: url.href,
            headers: { 'content-type': 'application/octet-stream' },
            body: body ?? Buffer.alloc(0),
            ok: [201, 204],
        });
        await response.body?.cancel();
        if (body)
            onProgress?.(body.length);
    }
    /**
     * A call answered with an upload session: its status, and its Location made absolute (registries
     * send both relative and absolute ones, and a query of their own that must be kept).
     */
    async #sendForSession(call) {
        const response = await this.#send(call);
        await response.body?.cancel();
        const location = response.headers.get('location');
        if (!location)
            throw new RegistryError(`${this.#where(call.name)}: ${call.what} answered without a Location`);
        return { status: response.status, session: new URL(location, new URL(call.url, this.#base)).href };
    }
    /** GET of one manifest as stored (no index resolution); checks the digest when asked by digest. */
    async #manifest(name, reference) {
        const what = `GET manifest ${reference}`;
        const response = await this.#send({
            what,
            name,
            method: 'GET',
            url: `/v2/${name}/manifests/${reference}`,
            headers: { accept: MANIFEST_ACCEPT },
            ok: [200],
        });
        const bytes = Buffer.from(await response.arrayBuffer());
        const where = `${this.#where(name, reference)}: ${what}`;
        const digest = checkedDigest(bytes, response.headers.get('docker-content-digest'), where);
        if (reference.startsWith('sha256:') && digest !== reference)
            throw new RegistryError(`${where} returned a manifest of another digest (${digest})`);
        const json = parseJson(bytes, where);
        const mediaType = json.mediaType ?? response.headers.get('content-type')?.split(';')[0]?.trim() ?? '';
        return { mediaType, bytes, digest, json };
    }
    /** One call with auth: a cached token if one covers it, else try and answer a 401's challenge. */
    async #send(call) {
        const scopes = [this.#scope(call.name), ...(call.scopes ?? [])];
        let authorization = this.#cachedToken(scopes);
        if (!authorization && this.#challenge)
            authorization = await this.#token(this.#challenge, scopes, call);
        let response = await this.#fetchFollowing(call, authorization);
        if (response.status === 401) {
            const challenge = parseChallenge(response.headers.get('www-authenticate'));
            await response.body?.cancel();
            if (challenge) {
                this.#challenge = challenge;
                this.#tokens = this.#tokens.filter((t) => t.authorization !== authorization); // refused: stale
                const wanted = challenge.scope && !scopes.includes(challenge.scope) ? [...scopes, challenge.scope] : scopes;
                response = await this.#fetchFollowing(call, await this.#token(challenge, wanted, call));
            }
        }
        if (!call.ok.includes(response.status))
            throw await this.#failure(call, response);
        return response;
    }
    /** One fetch, following redirects by hand so that a token never goes to another host. */
    async #fetchFollowing(call, authorization) {
        let url = new URL(call.url, this.#base);
        let method = call.method;
        for (let hops = 0;; hops++) {
            const ours = url.origin === new URL(this.#base).origin;
            const headers = { ...call.headers, ...(authorization && ours ? { authorization } : {}) };
            // A Buffer is a Uint8Array; its type allows a SharedArrayBuffer, which fetch refuses and no caller passes.
            const body = method === 'GET' || method === 'HEAD' ? undefined : call.body;
            const response = await this.#count(call, () => this.#fetch(url, { method, headers, body, redirect: 'manual' }));
            const location = response.headers.get('location');
            if (![301, 302, 303, 307, 308].includes(response.status) || !location || hops === 5)
                return response;
            await response.body?.cancel();
            url = new URL(location, url);
            if (response.status === 303)
                method = 'GET';
        }
    }
    /** Runs a fetch, counting it and turning a network failure into a RegistryError with its cause's code. */
    async #count(call, request) {
        this.requests++;
        try {
            return await request();
        }
        catch (error) {
            throw new RegistryError(`${this.#where(call.name)}: ${call.what} failed: ${networkCause(error)}`);
        }
    }
    #scope(name) {
        return `repository:${name}:${this.#pushing.has(name) ? 'pull,push' : 'pull'}`;
    }
    #cachedToken(scopes) {
        const now = Date.now();
        this.#tokens = this.#tokens.filter((t) => t.expires > now);
        return this.#tokens.find((t) => scopes.every((s) => covers(t.scopes, s)))?.authorization;
    }
    /** Answers a challenge: a Bearer token from its realm, or (Basic) the credentials themselves. */
    async #token(challenge, scopes, call) {
        if (challenge.scheme === 'basic') {
            const basic = this.#basicCredentials(this.host);
            if (!basic)
                throw new RegistryError(`${this.#where(call.name)}: ${call.what} needs credentials`, 401);
            return basic;
        }
        const url = new URL(challenge.realm);
        if (challenge.service)
            url.searchParams.set('service', challenge.service);
        for (const scope of scopes)
            url.searchParams.append('scope', scope);
        const what = `${call.what}: token for ${scopes.join(' ')} from ${url.host}`;
        const basic = this.#basicCredentials(url.host);
        // No redirects: the credentials are for this realm only.
        const response = await this.#count({ ...call, what }, () => this.#fetch(url, { headers: basic ? { authorization: basic } : {}, redirect: 'error' }));
        if (!response.ok) {
            await response.body?.cancel();
            throw new RegistryError(`${this.#where(call.name)}: ${what} answered ${response.status}`, response.status);
        }
        const body = (await response.json());
        const token = body.token ?? body.access_token;
        if (!token)
            throw new RegistryError(`${this.#where(call.name)}: ${what} answered without a token`);
        // Renewed early: a token that expires mid-call costs a 401 and a retry.
        const lifetime = (body.expires_in ?? 60) * 800;
        this.#tokens.push({ scopes, authorization: `Bearer ${token}`, expires: Date.now() + lifetime });
        return `Bearer ${token}`;
    }
    /** The access token as Basic credentials, when both the registry and `to` (a realm) may receive it. */
    #basicCredentials(to) {
        const token = this.#options.accessToken;
        if (!token || !(0,_references_js__WEBPACK_IMPORTED_MODULE_1__/* .googleRegistry */ .bL)(this.host) || !(0,_references_js__WEBPACK_IMPORTED_MODULE_1__/* .googleRegistry */ .bL)(to))
            return undefined;
        return `Basic ${Buffer.from(`oauth2accesstoken:${token}`).toString('base64')}`;
    }
    /** The error for an unexpected answer, with the registry's own error codes when it sent any. */
    async #failure(call, response) {
        const text = call.method === 'HEAD' ? '' : await response.text().catch(() => '');
        let detail = '';
        try {
            const errors = JSON.parse(text).errors ?? [];
            detail = errors.map((e) => [e.code, e.message].filter(Boolean).join(': ')).join('; ');
        }
        catch {
            // not the registry's JSON error body
        }
        const status = `${response.status}${detail ? ` (${detail.slice(0, 300)})` : ''}`;
        return new RegistryError(`${this.#where(call.name)}: ${call.what} answered ${status}`, response.status);
    }
    #where(name, reference) {
        return `${this.host}/${name}${reference ? (reference.includes(':') ? `@${reference}` : `:${reference}`) : ''}`;
    }
}
/** Copies a blob into another repository (of the same or another registry) unless it is there already. */
async function copyBlob(from, to, digest, onProgress) {
    if (await to.registry.blobExists(to.name, digest))
        return 'present';
    let session;
    if (from.registry.host === to.registry.host) {
        const mount = await to.registry.mountBlob(to.name, digest, from.name);
        if (mount.mounted)
            return 'mounted';
        session = mount.session;
    }
    let blob;
    try {
        blob = await from.registry.getBlob(from.name, digest);
    }
    catch (error) {
        if (session)
            await to.registry.cancelUpload(to.name, session).catch(() => undefined);
        throw error;
    }
    await to.registry.uploadBlob(to.name, digest, blob.body, { session, onProgress }); // cancels on failure
    return 'copied';
}
/**
 * Copies an image (its linux/amd64 manifest, for an index) to `to.name:to.tag` and returns
 * `host/name@digest` there. The manifest's bytes are kept, so its digest is the same as at the source.
 */
async function copyImage(from, to) {
    to.registry.willPush(to.name);
    const manifest = await from.registry.getManifest(from.name, from.reference);
    const blobs = [manifest.json.config, ...manifest.json.layers];
    await Promise.all(blobs.map((blob) => copyBlob(from, to, blob.digest)));
    const digest = await to.registry.putManifest(to.name, to.tag, manifest.mediaType, manifest.bytes);
    return `${to.registry.host}/${to.name}@${digest}`;
}
const sha256 = (bytes) => `sha256:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(bytes).digest('hex')}`;
/** The bytes' digest; when the registry named one, it must be the same. */
function checkedDigest(bytes, named, where) {
    const digest = sha256(bytes);
    if (named && named.startsWith('sha256:') && named !== digest)
        throw new RegistryError(`${where}: the registry says ${named}, the bytes are ${digest}`);
    return digest;
}
function parseJson(bytes, where) {
    try {
        return JSON.parse(bytes.toString('utf8'));
    }
    catch {
        throw new RegistryError(`${where} is not JSON`);
    }
}
function asImage(manifest, where) {
    const { json, mediaType } = manifest;
    if (!IMAGE_TYPES.includes(mediaType) ||
        json.schemaVersion !== 2 ||
        !json.config ||
        !Array.isArray(json.layers))
        throw new RegistryError(`${where} is not a Docker v2 schema 2 or OCI image manifest (${mediaType || 'no media type'})`);
    return manifest;
}
const isLinuxAmd64 = (d) => d.platform?.os === 'linux' &&
    d.platform.architecture === 'amd64' &&
    (d.platform.variant === undefined || d.platform.variant === 'v1');
/** Whether a token of `have` scopes allows `want` (`repository:a:pull,push` covers `repository:a:pull`). */
function covers(have, want) {
    const [type, name, actions = ''] = splitScope(want);
    return have.some((h) => {
        const [hType, hName, hActions = ''] = splitScope(h);
        return (hType === type && hName === name && actions.split(',').every((a) => hActions.split(',').includes(a)));
    });
}
// The name may hold a port (`repository:host:5000/x:pull` does not occur, but a `:` in names must not confuse).
const splitScope = (scope) => {
    const first = scope.indexOf(':');
    const last = scope.lastIndexOf(':');
    return [scope.slice(0, first), scope.slice(first + 1, last), scope.slice(last + 1)];
};
/** `Bearer realm="\u2026",service="\u2026",scope="\u2026"` or `Basic realm="\u2026"`; undefined for anything else. */
function parseChallenge(header) {
    const scheme = /^\s*(bearer|basic)\s/i.exec(header ?? '')?.[1]?.toLowerCase();
    if (!header || (scheme !== 'bearer' && scheme !== 'basic'))
        return undefined;
    const params = Object.fromEntries([...header.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1].toLowerCase(), m[2]]));
    if (scheme === 'bearer' && !params.realm)
        return undefined;
    return { scheme, realm: params.realm ?? '', service: params.service, scope: params.scope };
}
/** Buffers of exactly `size` bytes (the last one shorter) from a source; a Buffer source is sliced, not copied. */
async function* chunksOf(source, size) {
    if (Buffer.isBuffer(source)) {
        for (let at = 0; at < source.length || at === 0; at += size)
            yield source.subarray(at, at + size);
        return;
    }
    let pending = [];
    let length = 0;
    let yielded = false;
    for await (const piece of source) {
        let rest = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
        while (length + rest.length >= size) {
            const take = size - length;
            yield Buffer.concat([...pending, rest.subarray(0, take)]);
            yielded = true;
            rest = rest.subarray(take);
            pending = [];
            length = 0;
        }
        if (rest.length)
            pending.push(rest);
        length += rest.length;
    }
    if (length || !yielded)
        yield Buffer.concat(pending); // an empty blob is one empty chunk
}
/** The code of a network failure (undici's own message is only "fetch failed"). */
function networkCause(error) {
    const cause = error.cause ?? error;
    const c = cause;
    return c.code ?? c.errors?.find((e) => e.code)?.code ?? c.message ?? String(error);
}


/***/ }),

/***/ 21449:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F2: () => (/* binding */ parseReference),
/* harmony export */   _W: () => (/* binding */ byDigest),
/* harmony export */   bL: () => (/* binding */ googleRegistry),
/* harmony export */   d0: () => (/* binding */ imagePath),
/* harmony export */   uC: () => (/* binding */ loopback)
/* harmony export */ });
/* unused harmony export dockerHubApi */
// Image references as Docker reads them, and the rules that go with their registry: which host
// the API is at (Docker Hub's short names), whether it speaks plain HTTP (loopback, as Docker
// allows), and whether the Google access token may go there (Google's own registries only).
// A whole host, so that a name such as 127.example.com is not taken for loopback.
const loopback = /^(127(\.\d{1,3}){3}|localhost|\[::1\])(:\d+)?$/;
/**
 * Whether the Google access token may go to this registry: Google's own, or loopback (the local
 * emulator). Any other registry (Docker Hub, ghcr.io, \u2026) is asked anonymously: a cloud-platform
 * token must never reach a third party.
 */
const googleRegistry = (registry) => loopback.test(registry) || /(^|\.)(pkg\.dev|gcr\.io)$/.test(registry.replace(/:\d+$/, ''));
/** Docker Hub's API host, for names without a registry (`node:24-alpine`) or with `docker.io`. */
const dockerHubApi = 'registry-1.docker.io';
// Docker's grammar (github.com/distribution/reference), tag or digest or both.
const referencePattern = /^(?:([^/]+)\/)?([a-z0-9][a-z0-9._/-]*?)(?::([\w][\w.-]{0,127}))?(?:@(sha256:[0-9a-f]{64}))?$/;
/**
 * `node:24-alpine` \u2192 Docker Hub's `library/node`, `24-alpine`; `host/name:tag` and
 * `host/name@sha256:\u2026` \u2192 their parts. A first component names a registry when it has a dot or a
 * port, or is localhost, as the docker CLI decides. Undefined when it is no reference.
 */
function parseReference(ref) {
    const match = referencePattern.exec(ref);
    if (!match)
        return undefined;
    const [, first, rest = '', tag, digest] = match;
    const namesRegistry = first !== undefined && (first.includes('.') || first.includes(':') || first === 'localhost');
    const host = namesRegistry ? (first === 'docker.io' ? dockerHubApi : first) : dockerHubApi;
    let name = namesRegistry || first === undefined ? rest : `${first}/${rest}`;
    if (host === dockerHubApi && !name.includes('/'))
        name = `library/${name}`;
    return { host, name, reference: digest ?? tag ?? 'latest' };
}
/** The reference Docker and Cloud Run read for `host/name@digest` (Docker Hub as docker.io). */
const byDigest = ({ host, name }, digest) => `${host === dockerHubApi ? 'docker.io' : host}/${name}@${digest}`;
/** `registry/project/repository/name`: where the action keeps an image in Artifact Registry. */
const imagePath = (build, project, name) => `${build.registry}/${project}/${build.repository}/${name}`;


/***/ }),

/***/ 50287:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   j: () => (/* binding */ resolveDigest)
/* harmony export */ });
/* harmony import */ var _distribution_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(65377);
/* harmony import */ var _references_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(21449);
// An image reference resolved to a digest through its registry's API, so every run uses exactly
// the image it resolved. A refusal or an unreachable registry becomes one message naming the
// image, the registry host, the HTTP status or network error, and the input to change.


/**
 * `image` by digest (`host/name@sha256:\u2026`; Docker Hub's as docker.io/\u2026); a digest reference as it
 * is, without a request. The access token goes only to Google's registries (googleRegistry).
 */
async function resolveDigest(image, accessToken, { input, dockerHub = false }) {
    if (/@sha256:[0-9a-f]{64}$/.test(image))
        return image;
    const ref = (0,_references_js__WEBPACK_IMPORTED_MODULE_1__/* .parseReference */ .F2)(image);
    const first = image.split('/')[0];
    const namesRegistry = image.includes('/') && (first.includes('.') || first.includes(':'));
    if (!ref || (!dockerHub && !namesRegistry))
        throw new Error(dockerHub
            ? `Input "${input}": "${image}" is not an image reference; write [registry/]name[:tag][@sha256:<64 hex digits>].`
            : `Input "${input}": "${image}" must be a full reference such as us-central1-docker.pkg.dev/project/repo/agent:tag`);
    const registry = new _distribution_js__WEBPACK_IMPORTED_MODULE_0__/* .Registry */ .OR(ref.host, (0,_references_js__WEBPACK_IMPORTED_MODULE_1__/* .googleRegistry */ .bL)(ref.host) ? { accessToken } : {});
    const shown = `${ref.name}:${ref.reference}`;
    const digest = await registry.headManifest(ref.name, ref.reference).catch((error) => {
        if (error instanceof _distribution_js__WEBPACK_IMPORTED_MODULE_0__/* .RegistryError */ .gl && error.status !== undefined)
            throw new Error(`Input "${input}": ${ref.host} answered ${error.status} for ${shown}. ${fix(input)}`);
        throw new Error(`Input "${input}": ${ref.host} could not be reached for ${shown} (${networkCause(error)}). Set "${input}" to an image in a registry the runner can reach, such as a copy in Artifact Registry.`);
    });
    if (!digest)
        throw new Error(`Input "${input}": ${ref.host} answered 404 for ${shown}. ${fix(input)}`);
    return (0,_references_js__WEBPACK_IMPORTED_MODULE_1__/* .byDigest */ ._W)(ref, digest);
}
const fix = (input) => input === 'image'
    ? 'Check that the image exists and the account may read it.'
    : `Check the name and tag of "${input}", and that the runner may pull it.`;
/** The network error's code from the client's message (fetch's own is only "fetch failed"). */
function networkCause(error) {
    const message = error.message ?? String(error);
    return /\b(E[A-Z]{4,}|UND_ERR_\w+)\b/.exec(message)?.[1] ?? message;
}


/***/ })

};
;