/******/ (() => { // webpackBootstrap
/******/ 	"use strict";
/******/ 	var __webpack_modules__ = ({

/***/ 2613:
/***/ ((module) => {

module.exports = require("assert");

/***/ }),

/***/ 290:
/***/ ((module) => {

module.exports = require("async_hooks");

/***/ }),

/***/ 181:
/***/ ((module) => {

module.exports = require("buffer");

/***/ }),

/***/ 5317:
/***/ ((module) => {

module.exports = require("child_process");

/***/ }),

/***/ 6982:
/***/ ((module) => {

module.exports = require("crypto");

/***/ }),

/***/ 2250:
/***/ ((module) => {

module.exports = require("dns");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = require("events");

/***/ }),

/***/ 9896:
/***/ ((module) => {

module.exports = require("fs");

/***/ }),

/***/ 8611:
/***/ ((module) => {

module.exports = require("http");

/***/ }),

/***/ 8056:
/***/ ((module) => {

module.exports = require("http2");

/***/ }),

/***/ 5692:
/***/ ((module) => {

module.exports = require("https");

/***/ }),

/***/ 9278:
/***/ ((module) => {

module.exports = require("net");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = require("node:buffer");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = require("node:fs");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = require("node:http");

/***/ }),

/***/ 4708:
/***/ ((module) => {

module.exports = require("node:https");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = require("node:net");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = require("node:path");

/***/ }),

/***/ 1708:
/***/ ((module) => {

module.exports = require("node:process");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = require("node:stream");

/***/ }),

/***/ 7830:
/***/ ((module) => {

module.exports = require("node:stream/web");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = require("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = require("node:util");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = require("node:zlib");

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = require("os");

/***/ }),

/***/ 6928:
/***/ ((module) => {

module.exports = require("path");

/***/ }),

/***/ 932:
/***/ ((module) => {

module.exports = require("process");

/***/ }),

/***/ 3480:
/***/ ((module) => {

module.exports = require("querystring");

/***/ }),

/***/ 2203:
/***/ ((module) => {

module.exports = require("stream");

/***/ }),

/***/ 4756:
/***/ ((module) => {

module.exports = require("tls");

/***/ }),

/***/ 2018:
/***/ ((module) => {

module.exports = require("tty");

/***/ }),

/***/ 7016:
/***/ ((module) => {

module.exports = require("url");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = require("util");

/***/ }),

/***/ 8167:
/***/ ((module) => {

module.exports = require("worker_threads");

/***/ }),

/***/ 3106:
/***/ ((module) => {

module.exports = require("zlib");

/***/ })

/******/ 	});
/************************************************************************/
/******/ 	// The module cache
/******/ 	var __webpack_module_cache__ = {};
/******/ 	
/******/ 	// The require function
/******/ 	function __nccwpck_require__(moduleId) {
/******/ 		// Check if module is in cache
/******/ 		var cachedModule = __webpack_module_cache__[moduleId];
/******/ 		if (cachedModule !== undefined) {
/******/ 			return cachedModule.exports;
/******/ 		}
/******/ 		// Create a new module (and put it into the cache)
/******/ 		var module = __webpack_module_cache__[moduleId] = {
/******/ 			id: moduleId,
/******/ 			loaded: false,
/******/ 			exports: {}
/******/ 		};
/******/ 	
/******/ 		// Execute the module function
/******/ 		var threw = true;
/******/ 		try {
/******/ 			__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 			threw = false;
/******/ 		} finally {
/******/ 			if(threw) delete __webpack_module_cache__[moduleId];
/******/ 		}
/******/ 	
/******/ 		// Flag the module as loaded
/******/ 		module.loaded = true;
/******/ 	
/******/ 		// Return the exports of the module
/******/ 		return module.exports;
/******/ 	}
/******/ 	
/******/ 	// expose the modules object (__webpack_modules__)
/******/ 	__nccwpck_require__.m = __webpack_modules__;
/******/ 	
/************************************************************************/
/******/ 	/* webpack/runtime/asset-relocator-loader */
/******/ 	if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = __dirname + "/";
/******/ 	
/******/ 	/* webpack/runtime/compat get default export */
/******/ 	(() => {
/******/ 		// getDefaultExport function for compatibility with non-harmony modules
/******/ 		__nccwpck_require__.n = (module) => {
/******/ 			var getter = module && module.__esModule ?
/******/ 				() => (module['default']) :
/******/ 				() => (module);
/******/ 			__nccwpck_require__.d(getter, { a: getter });
/******/ 			return getter;
/******/ 		};
/******/ 	})();
/******/ 	
/******/ 	/* webpack/runtime/create fake namespace object */
/******/ 	(() => {
/******/ 		var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 		var leafPrototypes;
/******/ 		// create a fake namespace object
/******/ 		// mode & 1: value is a module id, require it
/******/ 		// mode & 2: merge all properties of value into the ns
/******/ 		// mode & 4: return value when already ns object
/******/ 		// mode & 16: return value when it's Promise-like
/******/ 		// mode & 8|1: behave like require
/******/ 		__nccwpck_require__.t = function(value, mode) {
/******/ 			if(mode & 1) value = this(value);
/******/ 			if(mode & 8) return value;
/******/ 			if(typeof value === 'object' && value) {
/******/ 				if((mode & 4) && value.__esModule) return value;
/******/ 				if((mode & 16) && typeof value.then === 'function') return value;
/******/ 			}
/******/ 			var ns = Object.create(null);
/******/ 			__nccwpck_require__.r(ns);
/******/ 			var def = {};
/******/ 			leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 			for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 				Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 			}
/******/ 			def['default'] = () => (value);
/******/ 			__nccwpck_require__.d(ns, def);
/******/ 			return ns;
/******/ 		};
/******/ 	})();
/******/ 	
/******/ 	/* webpack/runtime/define property getters */
/******/ 	(() => {
/******/ 		// define getter functions for harmony exports
/******/ 		__nccwpck_require__.d = (exports, definition) => {
/******/ 			for(var key in definition) {
/******/ 				if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 					Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 				}
/******/ 			}
/******/ 		};
/******/ 	})();
/******/ 	
/******/ 	/* webpack/runtime/ensure chunk */
/******/ 	(() => {
/******/ 		__nccwpck_require__.f = {};
/******/ 		// This file contains only the entry chunk.
/******/ 		// The chunk loading function for additional chunks
/******/ 		__nccwpck_require__.e = (chunkId) => {
/******/ 			return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 				__nccwpck_require__.f[key](chunkId, promises);
/******/ 				return promises;
/******/ 			}, []));
/******/ 		};
/******/ 	})();
/******/ 	
/******/ 	/* webpack/runtime/get javascript chunk filename */
/******/ 	(() => {
/******/ 		// This function allow to reference async chunks
/******/ 		__nccwpck_require__.u = (chunkId) => {
/******/ 			// return url for filenames based on template
/******/ 			return "" + chunkId + ".index.js";
/******/ 		};
/******/ 	})();
/******/ 	
/******/ 	/* webpack/runtime/hasOwnProperty shorthand */
/******/ 	(() => {
/******/ 		__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ 	})();
/******/ 	
/******/ 	/* webpack/runtime/make namespace object */
/******/ 	(() => {
/******/ 		// define __esModule on exports
/******/ 		__nccwpck_require__.r = (exports) => {
/******/ 			if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 				Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 			}
/******/ 			Object.defineProperty(exports, '__esModule', { value: true });
/******/ 		};
/******/ 	})();
/******/ 	
/******/ 	/* webpack/runtime/node module decorator */
/******/ 	(() => {
/******/ 		__nccwpck_require__.nmd = (module) => {
/******/ 			module.paths = [];
/******/ 			if (!module.children) module.children = [];
/******/ 			return module;
/******/ 		};
/******/ 	})();
/******/ 	
/******/ 	/* webpack/runtime/require chunk loading */
/******/ 	(() => {
/******/ 		// no baseURI
/******/ 		
/******/ 		// object to store loaded chunks
/******/ 		// "1" means "loaded", otherwise not loaded yet
/******/ 		var installedChunks = {
/******/ 			792: 1
/******/ 		};
/******/ 		
/******/ 		// no on chunks loaded
/******/ 		
/******/ 		var installChunk = (chunk) => {
/******/ 			var moreModules = chunk.modules, chunkIds = chunk.ids, runtime = chunk.runtime;
/******/ 			for(var moduleId in moreModules) {
/******/ 				if(__nccwpck_require__.o(moreModules, moduleId)) {
/******/ 					__nccwpck_require__.m[moduleId] = moreModules[moduleId];
/******/ 				}
/******/ 			}
/******/ 			if(runtime) runtime(__nccwpck_require__);
/******/ 			for(var i = 0; i < chunkIds.length; i++)
/******/ 				installedChunks[chunkIds[i]] = 1;
/******/ 		
/******/ 		};
/******/ 		
/******/ 		// require() chunk loading for javascript
/******/ 		__nccwpck_require__.f.require = (chunkId, promises) => {
/******/ 			// "1" is the signal for "already loaded"
/******/ 			if(!installedChunks[chunkId]) {
/******/ 				if(true) { // all chunks have JS
/******/ 					installChunk(require("./" + __nccwpck_require__.u(chunkId)));
/******/ 				} else installedChunks[chunkId] = 1;
/******/ 			}
/******/ 		};
/******/ 		
/******/ 		// no external install chunk
/******/ 		
/******/ 		// no HMR
/******/ 		
/******/ 		// no HMR manifest
/******/ 	})();
/******/ 	
/************************************************************************/
var __webpack_exports__ = {};

;// CONCATENATED MODULE: external "node:crypto"
const external_node_crypto_namespaceObject = require("node:crypto");
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
var external_node_fs_default = /*#__PURE__*/__nccwpck_require__.n(external_node_fs_);
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = require("node:os");
var external_node_os_default = /*#__PURE__*/__nccwpck_require__.n(external_node_os_namespaceObject);
;// CONCATENATED MODULE: ./build/core.js
// The part of @actions/core the action uses, with the same names and output, ported from
// @actions/core 3.0 (MIT, GitHub): command escaping, file commands with a random delimiter,
// setFailed's exit code, the step summary. @actions/core itself imports @actions/http-client
// and undici at load time for OIDC tokens the action never asks for: about 1 MB of the entry
// bundle and 60 ms of every step's start (measured by npm run bench).



// eslint-disable-next-line @typescript-eslint/no-explicit-any
const toCommandValue = (input) => input === null || input === undefined
    ? ''
    : typeof input === 'string' || input instanceof String
        ? String(input)
        : JSON.stringify(input);
const escapeData = (s) => toCommandValue(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s) => toCommandValue(s)
    .replace(/%/g, '%25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A')
    .replace(/:/g, '%3A')
    .replace(/,/g, '%2C');
/** `::name key=value,…::message` on stdout, as the runner parses it. */
function issueCommand(command, properties, message) {
    const props = Object.entries(properties)
        .filter(([, value]) => value)
        .map(([key, value]) => `${key}=${escapeProperty(value)}`)
        .join(',');
    process.stdout.write(`::${command}${props ? ` ${props}` : ''}::${escapeData(message)}${(external_node_os_default()).EOL}`);
}
/** Appends `key<<delimiter … delimiter` to a file command (GITHUB_OUTPUT, GITHUB_STATE). */
function issueFileCommand(variable, key, value) {
    const filePath = process.env[variable];
    if (!filePath)
        return false;
    if (!fs.existsSync(filePath))
        throw new Error(`Missing file at path: ${filePath}`);
    const delimiter = `ghadelimiter_${randomUUID()}`;
    const converted = toCommandValue(value);
    if (key.includes(delimiter) || converted.includes(delimiter))
        throw new Error(`Unexpected input: name or value contains the delimiter "${delimiter}"`);
    fs.appendFileSync(filePath, `${key}<<${delimiter}${os.EOL}${converted}${os.EOL}${delimiter}${os.EOL}`, {
        encoding: 'utf8',
    });
    return true;
}
function getInput(name, options) {
    const value = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
    if (options?.required && !value)
        throw new Error(`Input required and not supplied: ${name}`);
    return options?.trimWhitespace === false ? value : value.trim();
}
function setOutput(name, value) {
    if (issueFileCommand('GITHUB_OUTPUT', name, value))
        return;
    process.stdout.write(os.EOL);
    issueCommand('set-output', { name }, toCommandValue(value));
}
function saveState(name, value) {
    if (issueFileCommand('GITHUB_STATE', name, value))
        return;
    issueCommand('save-state', { name }, toCommandValue(value));
}
const getState = (name) => process.env[`STATE_${name}`] || '';
const setSecret = (secret) => issueCommand('add-mask', {}, secret);
const info = (message) => void process.stdout.write(message + (external_node_os_default()).EOL);
const debug = (message) => issueCommand('debug', {}, message);
const warning = (message) => issueCommand('warning', {}, message instanceof Error ? message.toString() : message);
const error = (message) => issueCommand('error', {}, message instanceof Error ? message.toString() : message);
function setFailed(message) {
    process.exitCode = 1;
    error(message);
}
const startGroup = (name) => issueCommand('group', {}, name);
const endGroup = () => issueCommand('endgroup', {}, '');
/** The step summary (GITHUB_STEP_SUMMARY): text is buffered, then appended by write(). */
class Summary {
    buffer = '';
    addRaw(text, addEOL = false) {
        this.buffer += text + (addEOL ? (external_node_os_default()).EOL : '');
        return this;
    }
    async write(options) {
        const filePath = process.env.GITHUB_STEP_SUMMARY;
        if (!filePath)
            throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.');
        try {
            await external_node_fs_default().promises.access(filePath, (external_node_fs_default()).constants.R_OK | (external_node_fs_default()).constants.W_OK);
        }
        catch {
            throw new Error(`Unable to access summary file: '${filePath}'. Check if the file has correct read/write permissions.`);
        }
        const write = options?.overwrite ? (external_node_fs_default()).promises.writeFile : (external_node_fs_default()).promises.appendFile;
        await write(filePath, this.buffer, { encoding: 'utf8' });
        this.buffer = '';
        return this;
    }
}
const summary = new Summary();

;// CONCATENATED MODULE: external "node:timers/promises"
const promises_namespaceObject = require("node:timers/promises");
;// CONCATENATED MODULE: ./build/job.js

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
            },
        },
    };
}
const grpcDeadlineExceeded = 4;
/** The outcome of a finished execution, from its counts and conditions and its task's last attempt. */
function outcome(execution, tasks) {
    const task = tasks[0];
    const attempt = task?.lastAttemptResult;
    const exitCode = typeof attempt?.exitCode === 'number' && (attempt.exitCode !== 0 || !attempt.status?.code)
        ? attempt.exitCode
        : undefined;
    const completed = execution.conditions?.find((c) => c.type === 'Completed');
    const reason = attempt?.status?.message || completed?.message || undefined;
    if (Number(execution.cancelledCount ?? 0) > 0 || String(completed?.executionReason ?? '') === 'CANCELLED') {
        return { status: 'cancelled', exitCode, reason: reason ?? 'The execution was cancelled.' };
    }
    if (Number(execution.succeededCount ?? 0) > 0)
        return { status: 'succeeded', exitCode: exitCode ?? 0 };
    if (attempt?.status?.code === grpcDeadlineExceeded || /timeout was reached|timed out/i.test(reason ?? '')) {
        return { status: 'timed_out', exitCode, reason };
    }
    return { status: 'failed', exitCode, reason };
}
/** Whether Cloud Run considers the execution finished. */
const finished = (execution) => Boolean(execution.completionTime);

;// CONCATENATED MODULE: ./build/retry.js
// One retry policy for every Google call: transient statuses are retried with exponential backoff
// and full jitter inside a deadline; everything else fails at once with a message that says what
// was being done and how to fix it.

// gRPC status codes (numbers, so this module does not load grpc).
const Code = {
    CANCELLED: 1,
    UNKNOWN: 2,
    INVALID_ARGUMENT: 3,
    DEADLINE_EXCEEDED: 4,
    NOT_FOUND: 5,
    ALREADY_EXISTS: 6,
    PERMISSION_DENIED: 7,
    RESOURCE_EXHAUSTED: 8,
    FAILED_PRECONDITION: 9,
    ABORTED: 10,
    UNIMPLEMENTED: 12,
    INTERNAL: 13,
    UNAVAILABLE: 14,
    UNAUTHENTICATED: 16,
};
const codeNames = Object.fromEntries(Object.entries(Code).map(([name, value]) => [value, name]));
const retry_transient = new Set([
    Code.UNAVAILABLE,
    Code.INTERNAL,
    Code.DEADLINE_EXCEEDED,
    Code.RESOURCE_EXHAUSTED,
    Code.ABORTED,
]);
function errorCode(error) {
    const code = error?.code;
    return typeof code === 'number' ? code : undefined;
}
const isTransient = (error) => retry_transient.has(errorCode(error) ?? -1);
const hints = {
    [Code.PERMISSION_DENIED]: 'Check the roles of the account google-github-actions/auth signed in as (see "Required roles" in the README).',
    [Code.UNAUTHENTICATED]: 'Run google-github-actions/auth before this action so that Application Default Credentials exist.',
    [Code.RESOURCE_EXHAUSTED]: 'A Google Cloud quota is exhausted; retry later or request a higher quota.',
};
/** An error from Google, reworded to say what failed and, where we know it, what to do. */
class CloudError extends Error {
    code;
    constructor(what, cause) {
        const code = errorCode(cause);
        const details = cause?.details ||
            (cause instanceof Error ? cause.message : String(cause));
        const hint = code !== undefined ? hints[code] : undefined;
        super(`${what} failed: ${code !== undefined ? `${codeNames[code] ?? code}: ` : ''}${details}${hint ? `\n${hint}` : ''}`);
        this.code = code;
    }
}
/**
 * Runs `fn`, retrying transient failures. `what` names the operation for the error message.
 * Non-idempotent calls must make a retry safe themselves (e.g. treat ALREADY_EXISTS as done).
 * `fn` gets the time left before the deadline, to bound the attempt itself (a call's timeout);
 * no attempt starts, and no backoff sleeps, past the deadline.
 */
async function withRetry(what, fn, options = {}) {
    const deadline = Date.now() + (options.deadlineMs ?? 120_000);
    for (let attempt = 1;; attempt++) {
        try {
            return await fn(attempt, Math.max(1, deadline - Date.now()));
        }
        catch (error) {
            // Quota refusals clear within a minute: back off longer than for a blip.
            const cap = errorCode(error) === Code.RESOURCE_EXHAUSTED ? 20_000 : 5_000;
            const delay = Math.random() * Math.min(cap, 200 * 2 ** attempt);
            if (!isTransient(error) || Date.now() + delay > deadline || options.signal?.aborted) {
                throw error instanceof CloudError ? error : new CloudError(what, error);
            }
            options.onRetry?.(error, attempt, delay);
            await (0,promises_namespaceObject.setTimeout)(delay);
        }
    }
}

;// CONCATENATED MODULE: ./build/cleanup.js
// Deleting what a run created: cancel the execution if it still runs, delete the job (with its
// executions) and the secrets, remove the registry login. Idempotent: what is already gone counts
// as deleted. Returns what could not be deleted, by name.




const gone = (error) => errorCode(error) === Code.NOT_FOUND;
async function cleanUp(cloud, state, log) {
    const failures = [];
    const attempt = async (done, action) => {
        try {
            await action();
            log(done);
        }
        catch (error) {
            if (!gone(error))
                failures.push(`${done.replace(/^\w+ /, '')}: ${error.message}`);
        }
    };
    // Main may have died between RunJob and saving the execution's name, so every unfinished
    // execution of the job is stopped, not only the one recorded.
    if (state.job && !state.executionEnded) {
        await attempt(`Stopped the executions of ${state.job}`, async () => {
            const executions = await cloud.run.listExecutions(state.job);
            await Promise.all(executions.filter((e) => !finished(e)).map((e) => stopExecution(cloud, e.name)));
        });
    }
    await Promise.all([
        state.job ? attempt(`Deleted job ${state.job}`, () => cloud.run.deleteJob(state.job)) : undefined,
        ...state.secrets.map((secret) => attempt(`Deleted secret ${secret}`, () => cloud.secrets.delete(secret))),
    ]);
    if (state.dockerConfig)
        external_node_fs_default().rmSync(state.dockerConfig, { recursive: true, force: true });
    return failures;
}
/** Cancels an execution that has not finished and waits (bounded) until Cloud Run says it ended. */
async function stopExecution(cloud, execution, waitMs = 30_000) {
    if (finished(await cloud.run.getExecution(execution)))
        return;
    await cloud.run.cancelExecution(execution).catch((error) => {
        // Finishing between our read and the cancel is fine.
        if (errorCode(error) !== Code.FAILED_PRECONDITION)
            throw error;
    });
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline) {
        if (finished(await cloud.run.getExecution(execution)))
            return;
        await (0,promises_namespaceObject.setTimeout)(500);
    }
}

;// CONCATENATED MODULE: ./build/google.js

const emulatorHost = () => process.env.CLOUD_RUN_AGENT_EMULATOR_HOST || undefined;
// No call is retried by the client library: withRetry is the one policy, so deadlines hold.
const callOptions = { retry: null, timeout: 60_000 };
async function clientOptions(projectId) {
    const host = emulatorHost();
    if (!host)
        return { projectId };
    const { grpc } = await Promise.all(/* import() */[__nccwpck_require__.e(492), __nccwpck_require__.e(232)]).then(__nccwpck_require__.t.bind(__nccwpck_require__, 3232, 23));
    const [hostname, port] = splitHostPort(host);
    return {
        apiEndpoint: hostname,
        port,
        sslCreds: grpc.credentials.createInsecure(),
        universeDomain: 'googleapis.com',
        projectId,
    };
}
function splitHostPort(hostPort) {
    const match = /^(.+):(\d+)$/.exec(hostPort);
    if (!match)
        throw new Error(`CLOUD_RUN_AGENT_EMULATOR_HOST must be host:port, got "${hostPort}"`);
    return [match[1], Number(match[2])];
}
/** Resolves once a client's channel is connected (or after 5 s: a failure shows on the first call). */
async function connected(client) {
    const stub = (await client.initialize());
    await new Promise((resolve) => stub.waitForReady ? stub.waitForReady(new Date(Date.now() + 5_000), resolve) : resolve());
}
const memo = (make) => {
    let value;
    return () => (value ??= make());
};
/** The Google Cloud surface the action uses, for one project and region. */
function connect(project, region) {
    const location = `projects/${project}/locations/${region}`;
    const jobs = memo(async () => new (await Promise.all(/* import() */[__nccwpck_require__.e(492), __nccwpck_require__.e(232), __nccwpck_require__.e(475)]).then(__nccwpck_require__.bind(__nccwpck_require__, 9475))).JobsClient(await clientOptions(project)));
    const executions = memo(async () => new (await Promise.all(/* import() */[__nccwpck_require__.e(492), __nccwpck_require__.e(232), __nccwpck_require__.e(475)]).then(__nccwpck_require__.bind(__nccwpck_require__, 9475))).ExecutionsClient(await clientOptions(project)));
    const tasks = memo(async () => new (await Promise.all(/* import() */[__nccwpck_require__.e(492), __nccwpck_require__.e(232), __nccwpck_require__.e(475)]).then(__nccwpck_require__.bind(__nccwpck_require__, 9475))).TasksClient(await clientOptions(project)));
    const secrets = memo(async () => new (await Promise.all(/* import() */[__nccwpck_require__.e(492), __nccwpck_require__.e(232), __nccwpck_require__.e(900)]).then(__nccwpck_require__.bind(__nccwpck_require__, 7900))).SecretManagerServiceClient(await clientOptions(project)));
    const logging = memo(async () => new (await Promise.all(/* import() */[__nccwpck_require__.e(492), __nccwpck_require__.e(232), __nccwpck_require__.e(669), __nccwpck_require__.e(391)]).then(__nccwpck_require__.t.bind(__nccwpck_require__, 4391, 23))).Logging(await clientOptions(project)).loggingService);
    const artifacts = memo(async () => new (await Promise.all(/* import() */[__nccwpck_require__.e(492), __nccwpck_require__.e(232), __nccwpck_require__.e(192)]).then(__nccwpck_require__.bind(__nccwpck_require__, 4192))).ArtifactRegistryClient(await clientOptions(project)));
    return {
        project,
        region,
        location,
        /**
         * Loads the clients a run needs in the order it needs them, each connected before the next
         * loads: loading one takes tens of ms of the only thread, and a call waiting for its connection
         * would wait for that too. So the first RPC leaves once Secret Manager's client is loaded (not
         * all five), and the others load while it is in flight.
         */
        warmUp() {
            void (async () => {
                for (const client of [secrets, jobs, logging, executions, tasks]) {
                    await client()
                        .then(connected)
                        .catch(() => { });
                    await new Promise((resolve) => setImmediate(resolve));
                }
            })();
        },
        /** An OAuth access token from Application Default Credentials, for the registry. */
        async accessToken() {
            if (emulatorHost())
                return 'emulator';
            const { GoogleAuth } = await __nccwpck_require__.e(/* import() */ 492).then(__nccwpck_require__.t.bind(__nccwpck_require__, 492, 23));
            const token = await new GoogleAuth({
                scopes: ['https://www.googleapis.com/auth/cloud-platform'],
            }).getAccessToken();
            if (!token)
                throw new Error('Application Default Credentials gave no access token');
            return token;
        },
        secrets: {
            async create(secretId, labels, ttlSeconds, retry, annotations = {}) {
                const client = await secrets();
                const name = `projects/${project}/secrets/${secretId}`;
                return withRetry(`Creating secret ${secretId}`, async (attempt) => {
                    try {
                        await client.createSecret({
                            parent: `projects/${project}`,
                            secretId,
                            secret: {
                                labels,
                                annotations,
                                replication: { automatic: {} },
                                ttl: { seconds: ttlSeconds },
                            },
                        }, callOptions);
                    }
                    catch (error) {
                        // A retried create whose first attempt landed: the secret is ours.
                        if (attempt > 1 && error.code === 6)
                            return name;
                        throw error;
                    }
                    return name;
                }, retry);
            },
            async addVersion(secretName, data, retry) {
                const client = await secrets();
                const [version] = await withRetry(`Adding a version to ${secretName}`, () => client.addSecretVersion({ parent: secretName, payload: { data } }, callOptions), retry);
                return version.name;
            },
            async delete(secretName, retry) {
                const client = await secrets();
                await withRetry(`Deleting secret ${secretName}`, () => client.deleteSecret({ name: secretName }, callOptions), retry);
            },
            async list(filter) {
                const client = await secrets();
                return allPages('Listing secrets', async (pageToken) => {
                    const [page, , response] = await client.listSecrets({ parent: `projects/${project}`, filter, pageSize: 250, pageToken }, { ...callOptions, autoPaginate: false });
                    return { page: page, next: response?.nextPageToken };
                });
            },
        },
        run: {
            jobName: (jobId) => `${location}/jobs/${jobId}`,
            async createJob(jobId, job, retry) {
                const client = await jobs();
                await withRetry(`Creating Cloud Run job ${jobId}`, async (attempt) => {
                    try {
                        const [operation] = await client.createJob({ parent: location, jobId, job }, callOptions);
                        await operation.promise();
                    }
                    catch (error) {
                        if (attempt > 1 && error.code === 6)
                            return;
                        throw error;
                    }
                }, retry);
            },
            /** Starts an execution; resolves as soon as Cloud Run has named it, not when it ends. */
            async runJob(jobName, retry) {
                const client = await jobs();
                const executionsClient = await executions();
                return withRetry(`Running job ${jobName}`, async (attempt) => {
                    // RunJob is not idempotent: an earlier attempt whose answer was lost (a deadline in
                    // flight) may have started the execution. The job is this run's alone, so any
                    // execution it has is that one: adopt it rather than start a second.
                    if (attempt > 1) {
                        const [existing] = await executionsClient.listExecutions({ parent: jobName, pageSize: 1 }, { ...callOptions, autoPaginate: false });
                        if (existing[0]?.name)
                            return { execution: existing[0].name, operation: '' };
                    }
                    const [operation] = await client.runJob({ name: jobName }, callOptions);
                    const metadata = operation.metadata;
                    return { execution: metadata?.name ?? '', operation: operation.name ?? '' };
                }, retry);
            },
            /**
             * Waits up to `timeoutMs` for a long-running operation to finish (a long poll, so the end of an
             * execution is noticed at once). Resolves true when it is done.
             */
            async waitOperation(operationName, timeoutMs) {
                const client = await jobs();
                const stub = await client.operationsClient
                    .operationsStub;
                const seconds = Math.max(1, Math.round(timeoutMs / 1000));
                const operation = await new Promise((resolve, reject) => stub.waitOperation({ name: operationName, timeout: { seconds } }, { deadline: new Date(Date.now() + timeoutMs + 10_000) }, (error, result) => (error ? reject(error) : resolve(result))));
                return Boolean(operation.done);
            },
            async getOperationDone(operationName) {
                const client = await jobs();
                const [operation] = await client.operationsClient.getOperation({ name: operationName }, callOptions);
                return Boolean(operation.done);
            },
            async getExecution(executionName, retry) {
                const client = await executions();
                const [execution] = await withRetry(`Reading execution ${executionName}`, () => client.getExecution({ name: executionName }, callOptions), retry);
                return execution;
            },
            async cancelExecution(executionName, retry) {
                const client = await executions();
                await withRetry(`Cancelling execution ${executionName}`, 
                // Bounded by the caller's deadline: on SIGINT it must land before the runner's SIGTERM.
                (_attempt, remainingMs) => client.cancelExecution({ name: executionName }, { ...callOptions, timeout: Math.min(60_000, remainingMs) }), retry);
            },
            async listTasks(executionName, retry) {
                const client = await tasks();
                const [list] = await withRetry(`Listing tasks of ${executionName}`, () => client.listTasks({ parent: executionName, pageSize: 100 }, { ...callOptions, autoPaginate: false }), retry);
                return list;
            },
            async deleteJob(jobName, retry) {
                const client = await jobs();
                await withRetry(`Deleting job ${jobName}`, async () => {
                    const [operation] = await client.deleteJob({ name: jobName }, callOptions);
                    await operation.promise();
                }, retry);
            },
            async listJobs() {
                const client = await jobs();
                return allPages('Listing jobs', async (pageToken) => {
                    const [page, , response] = await client.listJobs({ parent: location, pageSize: 100, pageToken }, { ...callOptions, autoPaginate: false });
                    return { page: page, next: response?.nextPageToken };
                });
            },
            async listExecutions(jobName) {
                const client = await executions();
                return allPages(`Listing executions of ${jobName}`, async (pageToken) => {
                    const [page, , response] = await client.listExecutions({ parent: jobName, pageSize: 100, pageToken }, { ...callOptions, autoPaginate: false });
                    return { page: page, next: response?.nextPageToken };
                });
            },
        },
        logs: {
            /** Opens a TailLogEntries stream (bufferWindow in seconds). */
            async tail(filter, bufferWindowSeconds) {
                const client = await logging();
                // A session may last an hour (Google ends it then); without an explicit timeout the
                // client gave the stream a 30 s deadline, cutting it every 30 s.
                const stream = client.tailLogEntries({ ...callOptions, timeout: 3_600_000 });
                stream.write({
                    resourceNames: [`projects/${project}`],
                    filter,
                    bufferWindow: { seconds: bufferWindowSeconds },
                });
                return stream;
            },
            /** One page of ListLogEntries in timestamp order. */
            async list(filter, pageToken) {
                const client = await logging();
                const [entries, , response] = await client.listLogEntries({
                    resourceNames: [`projects/${project}`],
                    filter,
                    orderBy: 'timestamp asc',
                    pageSize: 1000,
                    pageToken,
                }, { ...callOptions, autoPaginate: false });
                return { entries: entries, nextPageToken: response?.nextPageToken || undefined };
            },
        },
        artifacts: {
            async listDockerImages(repository) {
                const client = await artifacts();
                return allPages(`Listing images in ${repository}`, async (pageToken) => {
                    const [page, , response] = await client.listDockerImages({ parent: `${location}/repositories/${repository}`, pageSize: 500, pageToken }, { ...callOptions, autoPaginate: false });
                    return { page: page, next: response?.nextPageToken };
                });
            },
            /** Deletes an image version (its digest) with its tags. */
            async deleteVersion(versionName) {
                const client = await artifacts();
                await withRetry(`Deleting image ${versionName}`, async () => {
                    const [operation] = await client.deleteVersion({ name: versionName, force: true }, callOptions);
                    await operation.promise();
                });
            },
        },
    };
}
/** Every page of a list, each page fetched with the retry policy. */
async function allPages(what, fetchPage) {
    const all = [];
    let pageToken;
    do {
        const { page, next } = await withRetry(what, () => fetchPage(pageToken));
        all.push(...page);
        pageToken = next || undefined;
    } while (pageToken);
    return all;
}

;// CONCATENATED MODULE: ./build/state.js
// What main leaves for post, in one place. Each resource is saved the moment before it is created,
// so post can clean up whatever exists even if main dies between two calls.

const key = 'run';
function state_saveState(state) {
    core.saveState(key, JSON.stringify(state));
}
function loadState() {
    const text = getState(key);
    if (!text)
        return undefined;
    try {
        const parsed = JSON.parse(text);
        return typeof parsed.project === 'string' && Array.isArray(parsed.secrets) ? parsed : undefined;
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./build/post.js
// The post step: runs after the job's steps even when main failed or was cancelled, and deletes
// everything main recorded: it stops a still-running execution, deletes the job and the secrets,
// and removes the registry login. What it cannot delete it names, and the step fails.




async function run() {
    const state = loadState();
    if (!state) {
        info('Nothing to clean up.');
        return;
    }
    const cloud = connect(state.project, state.region);
    const failures = await cleanUp(cloud, state, (message) => info(message));
    if (failures.length) {
        setFailed(`Could not delete (the secrets expire on their own; run this action with mode: reap to remove the rest):\n${failures.join('\n')}`);
    }
}
function post() {
    return run().catch((error) => setFailed(`Cleanup failed: ${error.message}`));
}

;// CONCATENATED MODULE: ./build/entries/post.js

// Open gRPC channels must not hold the step open once the work is done.
void post().finally(() => setTimeout(() => process.exit(), 1000).unref());

module.exports = __webpack_exports__;
/******/ })()
;