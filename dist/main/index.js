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

/***/ 3193:
/***/ ((module) => {

module.exports = require("string_decoder");

/***/ }),

/***/ 3557:
/***/ ((module) => {

module.exports = require("timers");

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
    if (!external_node_fs_default().existsSync(filePath))
        throw new Error(`Missing file at path: ${filePath}`);
    const delimiter = `ghadelimiter_${(0,external_node_crypto_namespaceObject.randomUUID)()}`;
    const converted = toCommandValue(value);
    if (key.includes(delimiter) || converted.includes(delimiter))
        throw new Error(`Unexpected input: name or value contains the delimiter "${delimiter}"`);
    external_node_fs_default().appendFileSync(filePath, `${key}<<${delimiter}${(external_node_os_default()).EOL}${converted}${(external_node_os_default()).EOL}${delimiter}${(external_node_os_default()).EOL}`, {
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
    process.stdout.write((external_node_os_default()).EOL);
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

;// CONCATENATED MODULE: ./build/credentials.js
// Repository secrets → ephemeral Secret Manager secrets mounted at
// /credentials/<type>/<instance>/<field>, the layout Action Llama agents read.
//
// Values come only from the step's environment, as upstream names them:
//   AL_SECRET_<type>__<instance>__<field>   (characters outside [A-Za-z0-9_] written as _xHH)
// Environment values reach us byte for byte (an SSH key keeps its newlines); nothing is re-parsed.
//
// Layout: one secret per credential instance, one version per field, one volume per instance
// mounted at /credentials/<type>/<instance> with an item per field (version → file). That costs
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
 * Reads every AL_SECRET_ variable of the environment and checks that each required ref has at
 * least one field. Problems name the variable and the fix; they never include a value.
 */
function collectCredentials(env, required) {
    const problems = [];
    const byRef = new Map();
    for (const [name, value] of Object.entries(env)) {
        if (!name.startsWith(envPrefix) || value === undefined)
            continue;
        const parts = name.slice(envPrefix.length).split('__');
        const [type, instance, field] = parts.map(decodeSegment);
        if (parts.length !== 3 ||
            !type ||
            !instance ||
            !field ||
            ![type, instance, field].every((s) => segmentPattern.test(s))) {
            problems.push(`Environment variable ${name} does not name a credential field. Use AL_SECRET_<type>__<instance>__<field>, e.g. AL_SECRET_github_token__default__token.`);
            continue;
        }
        if (value === '') {
            problems.push(`Credential ${type}/${instance}/${field} (${name}) is empty. Secrets are not given to workflows triggered by pull requests from forks; ` +
                'check that the repository secret exists and that this workflow may read it.');
            continue;
        }
        const bytes = Buffer.from(value, 'utf8');
        if (bytes.length > maxPayloadBytes) {
            problems.push(`Credential ${type}/${instance}/${field} (${name}) is ${bytes.length} bytes; Secret Manager holds at most 65536 bytes per value. ` +
                'Store a smaller value, or split it over several fields.');
            continue;
        }
        const key = `${type}:${instance}`;
        const credential = byRef.get(key) ?? { type, instance, fields: new Map() };
        credential.fields.set(field, bytes);
        byRef.set(key, credential);
    }
    for (const ref of required) {
        if (!byRef.has(refText(ref))) {
            problems.push(`Credential ${refText(ref)} is required but no field of it is set. Add it to the step's env, e.g. ${envName(ref, 'token')}: \${{ secrets.YOUR_SECRET }}.`);
        }
    }
    const credentials = [...byRef.values()].sort((a, b) => refText(a).localeCompare(refText(b)));
    return { credentials, problems };
}
/**
 * Lines to register with the runner's masker. The runner masks line by line, so each line of a
 * multi-line value is registered on its own (runner issue #161), and the whole value too.
 */
function maskLines(credentials) {
    const lines = new Set();
    for (const credential of credentials) {
        for (const value of credential.fields.values()) {
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

;// CONCATENATED MODULE: ./build/durations.js
// Durations as users write them in workflows and agent configs: 3600, "90s", "45m", "1h30m".
const units = { s: 1, m: 60, h: 3600, d: 86400 };
/** Seconds from "3600", "3600s", "45m", "1h30m"; undefined when the text is not a duration. */
function parseDuration(text) {
    if (typeof text === 'number')
        return Number.isFinite(text) && text > 0 ? text : undefined;
    const trimmed = text.trim();
    if (/^\d+$/.test(trimmed))
        return Number(trimmed);
    if (!/^(\d+[smhd])+$/.test(trimmed))
        return undefined;
    let total = 0;
    for (const [, amount, unit] of trimmed.matchAll(/(\d+)([smhd])/g))
        total += Number(amount) * (units[unit] ?? 0);
    return total;
}
/** "1h 2m 3s" style, for people. */
function formatDuration(seconds) {
    const whole = Math.round(seconds);
    const h = Math.floor(whole / 3600);
    const m = Math.floor((whole % 3600) / 60);
    const s = whole % 60;
    return [h ? `${h}h` : '', m ? `${m}m` : '', s || (!h && !m) ? `${s}s` : ''].filter(Boolean).join(' ');
}

;// CONCATENATED MODULE: external "node:timers/promises"
const promises_namespaceObject = require("node:timers/promises");
;// CONCATENATED MODULE: ./build/render.js
// Turns Cloud Logging entries from the agent's container into workflow-log lines, safely.
//
// The container's output is untrusted: a line such as `::set-output name=status::ok` or
// `##[add-mask]…` would be obeyed by the runner if printed as is. Every mirrored line is printed
// inside a `::stop-commands::<token>` block with a fresh random token, after splitting on `\r` as
// well as `\n` (the runner splits on both), so the runner processes none of it.

/** Longest line mirrored; Cloud Logging entries can reach 256 KB and the runner chokes on huge lines. */
const maxLineLength = 16 * 1024;
function renderEntry(entry) {
    const system = entry.logName?.endsWith('varlog%2Fsystem') ?? false;
    const json = entry.jsonPayload?.fields ? fromStruct(entry.jsonPayload.fields) : undefined;
    if (system) {
        const text = entry.textPayload ?? (typeof json?.message === 'string' ? json.message : JSON.stringify(json ?? {}));
        // The last entry of a task attempt: its exit, or its end by a signal (exit code 128 + N).
        const exit = /Container called exit\((\d+)\)/.exec(text);
        const signal = /Container terminated on signal (\d+)/.exec(text);
        return {
            lines: splitLines(text).map((l) => `[cloud run] ${l}`),
            exitCode: exit ? Number(exit[1]) : signal ? 128 + Number(signal[1]) : undefined,
        };
    }
    if (json)
        return renderJson(json, severityName(entry.severity));
    return { lines: splitLines(entry.textPayload ?? '') };
}
function renderJson(json, severity) {
    // Action Llama's structured lines: {"_log":true,"level":"info","msg":"…", …}
    if (json._log === true && typeof json.msg === 'string') {
        const { _log, level, msg, ts, ...rest } = json;
        void _log;
        void ts;
        if (msg === 'signal-result' && rest.type === 'return') {
            const value = typeof rest.value === 'string' ? rest.value : JSON.stringify(rest.value ?? null);
            return { lines: splitLines(`[${String(level ?? 'info')}] result: ${value}`), result: redact(value) };
        }
        const extras = Object.entries(rest)
            .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
            .join(' ');
        return { lines: splitLines(`[${String(level ?? 'info')}] ${msg}${extras ? ` ${extras}` : ''}`) };
    }
    const message = typeof json.message === 'string' ? json.message : undefined;
    const text = message !== undefined && Object.keys(json).length === 1 ? message : JSON.stringify(json);
    return {
        lines: splitLines(severity && severity !== 'DEFAULT' ? `[${severity.toLowerCase()}] ${text}` : text),
    };
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
/** Splits like the runner (on \r and \n), and makes each line harmless to display. */
function splitLines(text) {
    const lines = text.split(/\r\n|\r|\n/);
    if (lines.length > 1 && lines[lines.length - 1] === '')
        lines.pop();
    return lines.map((line) => cleanLine(redact(line)));
}
// Credential text, hidden by the action itself. The runner masks exact occurrences only, so a value
// cut by truncation, or shown with its control characters escaped, would slip past it: hiding
// happens first, on the line as the agent printed it.
let render_hidden = [];
/** Hides these values (each line of each credential) in every line rendered from now on. */
function hideInOutput(values) {
    render_hidden = [...new Set([...render_hidden, ...values].filter(Boolean))].sort((a, b) => b.length - a.length);
}
function redact(text) {
    for (const value of render_hidden)
        if (text.includes(value))
            text = text.replaceAll(value, '***');
    return text;
}
function cleanLine(line) {
    // Keep colour (SGR) escapes, show every other control character instead of emitting it.
    const cleaned = line.replace(
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    /\x1b(?!\[[0-9;]*m)|[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
    if (cleaned.length <= maxLineLength)
        return cleaned;
    return `${cleaned.slice(0, maxLineLength)} … [line truncated: ${cleaned.length - maxLineLength} more characters]`;
}
/**
 * Prints untrusted lines (the agent's logs, Docker's build output) inside a stop-commands block.
 * The block opens with a fresh random token on the first line and stays open for the lines that
 * follow, so a burst costs two marker lines, not two per line; it must be closed before the action
 * prints a workflow command of its own (see log.ts).
 */
function createFence(write) {
    let token;
    return {
        print(lines) {
            if (!lines.length)
                return;
            if (!token) {
                token = (0,external_node_crypto_namespaceObject.randomBytes)(16).toString('hex');
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

;// CONCATENATED MODULE: ./build/log.js
// The action's own messages. Some are workflow commands (warnings, errors, groups) and must not be
// printed inside the stop-commands block around untrusted output, so each closes it first.


const log = {
    info(message) {
        untrusted.close();
        info(message);
    },
    warning(message) {
        untrusted.close();
        warning(message);
    },
    debug(message) {
        untrusted.close();
        debug(message);
    },
    fail(message) {
        untrusted.close();
        setFailed(message);
    },
    async group(name, work) {
        untrusted.close();
        startGroup(name);
        try {
            return await work();
        }
        finally {
            untrusted.close();
            endGroup();
        }
    },
};

;// CONCATENATED MODULE: ./build/retry.js
// One retry policy for every Google call: transient statuses are retried with exponential backoff
// and full jitter inside a deadline; everything else fails at once with a message that says what
// was being done and how to fix it.

// gRPC status codes (numbers, so this module does not load grpc).
const retry_Code = {
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
const codeNames = Object.fromEntries(Object.entries(retry_Code).map(([name, value]) => [value, name]));
const retry_transient = new Set([
    retry_Code.UNAVAILABLE,
    retry_Code.INTERNAL,
    retry_Code.DEADLINE_EXCEEDED,
    retry_Code.RESOURCE_EXHAUSTED,
    retry_Code.ABORTED,
]);
function retry_errorCode(error) {
    const code = error?.code;
    return typeof code === 'number' ? code : undefined;
}
const isTransient = (error) => retry_transient.has(retry_errorCode(error) ?? -1);
const hints = {
    [retry_Code.PERMISSION_DENIED]: 'Check the roles of the account google-github-actions/auth signed in as (see "Required roles" in the README).',
    [retry_Code.UNAUTHENTICATED]: 'Run google-github-actions/auth before this action so that Application Default Credentials exist.',
    [retry_Code.RESOURCE_EXHAUSTED]: 'A Google Cloud quota is exhausted; retry later or request a higher quota.',
};
/** An error from Google, reworded to say what failed and, where we know it, what to do. */
class CloudError extends Error {
    code;
    constructor(what, cause) {
        const code = retry_errorCode(cause);
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
            const cap = retry_errorCode(error) === retry_Code.RESOURCE_EXHAUSTED ? 20_000 : 5_000;
            const delay = Math.random() * Math.min(cap, 200 * 2 ** attempt);
            if (!isTransient(error) || Date.now() + delay > deadline || options.signal?.aborted) {
                throw error instanceof CloudError ? error : new CloudError(what, error);
            }
            options.onRetry?.(error, attempt, delay);
            await (0,promises_namespaceObject.setTimeout)(delay);
        }
    }
}

;// CONCATENATED MODULE: ./build/cancellation.js
// Cancellation: what the action does when the runner cancels the workflow.




/**
 * The runner sends SIGINT when the workflow is cancelled, SIGTERM 7.5 s later and kills the process
 * 2.5 s after that. On SIGINT nothing more is started; a create already sent (a secret, the job,
 * the execution) is let land, within a bound, so that post sees and deletes it rather than racing
 * it; then the execution, if there is one, is cancelled, well before SIGTERM. Post deletes the rest.
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
            log.info(`Cancelling execution ${name.split('/').pop()}`);
            try {
                await cloud.run.cancelExecution(name, { deadlineMs: 3_000 });
            }
            catch (error) {
                if (retry_errorCode(error) !== retry_Code.FAILED_PRECONDITION)
                    log.warning(`Cancelling failed: ${error.message}`);
            }
        })();
        return cancelling;
    };
    process.once('SIGINT', () => {
        log.info('The workflow was cancelled.');
        controller.abort();
        void (async () => {
            if (inflight.size) {
                log.info('Waiting for the calls already sent to land, so that post can delete what they create.');
                await Promise.race([Promise.allSettled([...inflight]), (0,promises_namespaceObject.setTimeout)(4_000)]);
            }
            await cancelExecution();
        })().finally(() => {
            setOutput('status', 'cancelled');
            log.fail('The run was cancelled; the post step deletes what it created.');
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
            void work.then(() => inflight.delete(work), () => inflight.delete(work));
            return work;
        },
        executionStarted(name) {
            execution = name;
            if (controller.signal.aborted)
                void cancelExecution();
        },
        state,
    };
}

;// CONCATENATED MODULE: ./build/gateway.js
// The Action Llama gateway, when the run uses one.

/** A pre-flight check: agents cannot work when the gateway is unreachable, so say so early. */
async function checkGateway(url) {
    try {
        const response = await fetch(new URL('/health', url), { signal: AbortSignal.timeout(5_000) });
        if (!response.ok)
            log.warning(`The gateway at ${url} answered ${response.status} to /health; agents may fail to reach it.`);
    }
    catch (error) {
        log.warning(`The gateway at ${url} did not answer /health (${error.message}); agents may fail to reach it.`);
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

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
var external_node_path_default = /*#__PURE__*/__nccwpck_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./build/names.js
// Names Google accepts: job ids, secret ids, label keys and values. Pure functions, unit-tested.

const shortHash = (text, length = 6) => (0,external_node_crypto_namespaceObject.createHash)('sha256').update(text).digest('hex').slice(0, length);
/**
 * Lowercase letters, digits and single hyphens, no hyphen at either end: the alphabet Cloud Run job
 * ids and Secret Manager ids share. Returns '' when nothing usable is left.
 */
function slug(text) {
    return text
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '');
}
/**
 * `al-<agent>-<run key>`, a valid Cloud Run job id: lowercase letters, digits and hyphens, starting
 * with a letter, not ending with a hyphen, at most 63 characters. The run key makes it unique, so
 * the agent part may be shortened freely; the original name is kept in an annotation.
 * https://cloud.google.com/run/docs/reference/rest/v2/projects.locations.jobs/create
 */
function names_jobId(agent, runKey) {
    const room = 63 - 'al--'.length - runKey.length;
    const agentPart = slug(agent).slice(0, room).replace(/-+$/, '');
    return `al-${agentPart}-${runKey}`;
}
/** A label value: lowercase letters, digits, `_` and `-`, at most 63 characters. */
function labelValue(text) {
    const cleaned = text.toLowerCase().replace(/[^a-z0-9_-]+/g, '-');
    return cleaned.length <= 63 ? cleaned : `${cleaned.slice(0, 56)}-${shortHash(text)}`;
}
const labelKeyPattern = /^[a-z][a-z0-9_-]{0,62}$/;
const labelValuePattern = /^[a-z0-9_-]{0,63}$/;
/** Why a user-supplied label is not valid, or undefined when it is. https://cloud.google.com/run/docs/configuring/labels */
function labelProblem(key, value) {
    if (!labelKeyPattern.test(key)) {
        return `label key "${key}" must start with a lowercase letter and hold at most 63 lowercase letters, digits, "_" or "-"`;
    }
    if (!labelValuePattern.test(value)) {
        return `label value for "${key}" must hold at most 63 lowercase letters, digits, "_" or "-"`;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./build/state.js
// What main leaves for post, in one place. Each resource is saved the moment before it is created,
// so post can clean up whatever exists even if main dies between two calls.

const key = 'run';
function state_saveState(state) {
    saveState(key, JSON.stringify(state));
}
function loadState() {
    const text = core.getState(key);
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

;// CONCATENATED MODULE: ./build/image.js
// The agent's image: built with Docker and pushed to Artifact Registry (or taken prebuilt),
// always run by digest, and old images pruned without touching one a run still uses.







/** `registry/project/repository/name` without tag or digest. */
const imagePath = (build, project, name) => `${build.registry}/${project}/${build.repository}/${name}`;
/** Logs in to the registry with an access token, in a private Docker config that post deletes. */
async function login(registry, accessToken, configDir) {
    external_node_fs_default().mkdirSync(configDir, { recursive: true, mode: 0o700 });
    await docker(configDir, ['login', '--username', 'oauth2accesstoken', '--password-stdin', `https://${registry}`], {
        input: Buffer.from(accessToken),
        what: `Logging in to ${registry}`,
    });
}
const newDockerConfigDir = () => external_node_fs_default().mkdtempSync(external_node_path_default().join(process.env.RUNNER_TEMP || external_node_os_default().tmpdir(), 'cloud-run-agent-docker-'));
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
    const pushed = await docker(configDir, ['push', tagged], { what: `Pushing ${tagged}` });
    const digest = /digest: (sha256:[0-9a-f]{64})/.exec(pushed)?.[1];
    if (!digest)
        throw new Error(`Pushing ${tagged} printed no digest`);
    return `${target}@${digest}`;
}
const credentialFile = /^gha-creds-[A-Za-z0-9_-]+\.json$/;
async function withCredentialFilesMovedAside(context, run) {
    const found = external_node_fs_default().readdirSync(context).filter((name) => credentialFile.test(name));
    if (!found.length)
        return run();
    const aside = external_node_fs_default().mkdtempSync(external_node_path_default().join(process.env.RUNNER_TEMP || external_node_os_default().tmpdir(), 'cloud-run-agent-creds-'));
    for (const name of found)
        external_node_fs_default().renameSync(external_node_path_default().join(context, name), external_node_path_default().join(aside, name));
    try {
        return await run();
    }
    finally {
        for (const name of found)
            external_node_fs_default().renameSync(external_node_path_default().join(aside, name), external_node_path_default().join(context, name));
        external_node_fs_default().rmSync(aside, { recursive: true, force: true });
    }
}
/**
 * Resolves a prebuilt image to a digest reference by asking its registry (plain HTTP for
 * loopback registries, as Docker does), so every run uses exactly the image it resolved.
 */
async function resolveDigest(image, accessToken) {
    if (/@sha256:[0-9a-f]{64}$/.test(image))
        return image;
    const match = /^([^/]+)\/(.+?)(?::([\w][\w.-]{0,127}))?$/.exec(image);
    if (!match || (!match[1].includes('.') && !match[1].includes(':'))) {
        throw new Error(`Input "image": "${image}" must be a full reference such as us-central1-docker.pkg.dev/project/repo/agent:tag`);
    }
    const [, registry, name, tag = 'latest'] = match;
    const scheme = loopback.test(registry) ? 'http' : 'https';
    const url = `${scheme}://${registry}/v2/${name}/manifests/${tag}`;
    const accept = [
        'application/vnd.oci.image.index.v1+json',
        'application/vnd.docker.distribution.manifest.list.v2+json',
        'application/vnd.oci.image.manifest.v1+json',
        'application/vnd.docker.distribution.manifest.v2+json',
    ].join(', ');
    let response = await fetch(url, { method: 'HEAD', headers: { accept } });
    const challenge = response.headers.get('www-authenticate');
    if (response.status === 401 && challenge?.startsWith('Bearer ')) {
        const token = await registryToken(challenge, googleRegistry(registry) ? accessToken : undefined);
        response = await fetch(url, { method: 'HEAD', headers: { accept, authorization: `Bearer ${token}` } });
    }
    const digest = response.headers.get('docker-content-digest');
    if (!response.ok || !digest) {
        throw new Error(`Input "image": ${registry} answered ${response.status} for ${name}:${tag}. Check that the image exists and the account may read it.`);
    }
    return `${registry}/${name}@${digest}`;
}
// A whole host, so that a name such as 127.example.com is not taken for loopback.
const loopback = /^(127(\.\d{1,3}){3}|localhost|\[::1\])(:\d+)?$/;
/**
 * Whether the Google access token may go to this registry: Google's own, or loopback (the local
 * emulator). Any other registry (Docker Hub, ghcr.io, …) is asked anonymously: a cloud-platform
 * token must never reach a third party.
 */
const googleRegistry = (registry) => loopback.test(registry) || /(^|\.)(pkg\.dev|gcr\.io)$/.test(registry.replace(/:\d+$/, ''));
/** The Docker registry token dance, with the access token (if any) as the `oauth2accesstoken` password. */
async function registryToken(challenge, accessToken) {
    const params = Object.fromEntries([...challenge.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    const url = new URL(params.realm ?? '');
    if (params.service)
        url.searchParams.set('service', params.service);
    if (params.scope)
        url.searchParams.set('scope', params.scope);
    const basic = accessToken && Buffer.from(`oauth2accesstoken:${accessToken}`).toString('base64');
    const response = await fetch(url, { headers: basic ? { authorization: `Basic ${basic}` } : {} });
    const body = (await response.json());
    return body.token ?? body.access_token ?? '';
}
/**
 * Deletes all but the `keep` newest images of `target` (by upload time). Never deletes an image
 * in `protect` (the one just pushed, and any a job of ours still references).
 */
async function pruneImages(cloud, repository, target, keep, protect) {
    const images = (await cloud.artifacts.listDockerImages(repository)).filter((image) => pathOf(image) === pathOfRef(target));
    const newestFirst = images.sort((a, b) => seconds(b.uploadTime) - seconds(a.uploadTime));
    const deleted = [];
    for (const image of newestFirst.slice(keep)) {
        const digest = digestOf(image);
        if (!digest || protect.has(digest))
            continue;
        await cloud.artifacts.deleteVersion(versionName(image, digest));
        deleted.push(`${pathOfRef(target)}@${digest}`);
    }
    return deleted;
}
const seconds = (t) => Number(t?.seconds ?? 0) + (t?.nanos ?? 0) / 1e9;
const digestOf = (image) => /@(sha256:[0-9a-f]{64})$/.exec(image.uri ?? '')?.[1];
/** Registry-independent `project/repository/name` of an image uri. */
const pathOf = (image) => pathOfRef((image.uri ?? '').replace(/@sha256:[0-9a-f]{64}$/, ''));
const pathOfRef = (ref) => ref.split('/').slice(1).join('/');
const digestOfRef = (ref) => /@(sha256:[0-9a-f]{64})$/.exec(ref)?.[1];
/** `…/dockerImages/<name>@<digest>` → `…/packages/<name, URL-encoded>/versions/<digest>`. */
function versionName(image, digest) {
    const [parent = '', rest = ''] = (image.name ?? '').split('/dockerImages/');
    const pkg = decodeURIComponent(rest.replace(/@sha256:[0-9a-f]{64}$/, ''));
    return `${parent}/packages/${encodeURIComponent(pkg)}/versions/${digest}`;
}
/**
 * Runs the docker CLI with a private config. Its output (which a Dockerfile's RUN steps control)
 * is mirrored fenced, like the agent's logs, so it cannot issue workflow commands.
 */
async function docker(configDir, args, options) {
    let output = '';
    const mirror = (data) => {
        const text = data.toString('utf8');
        output += text.length < 1_000_000 ? text : '';
        untrusted.print(splitLines(text));
    };
    // Loaded here: only builds need it.
    const exec = await __nccwpck_require__.e(/* import() */ 260).then(__nccwpck_require__.bind(__nccwpck_require__, 1260));
    const code = await exec.exec('docker', ['--config', configDir, ...args], {
        silent: true,
        ignoreReturnCode: true,
        input: options.input,
        listeners: { stdout: mirror, stderr: mirror },
    });
    if (code !== 0) {
        const tail = output.trim().split('\n').slice(-5).join('\n');
        throw new Error(`${options.what} failed (docker exited with ${code}):\n${tail}`);
    }
    return output;
}
/** The image to run, by digest: a prebuilt one resolved, or one built and pushed now. */
async function prepareImage(cloud, inputs, state) {
    const token = await cloud.accessToken();
    if (!inputs.build)
        return resolveDigest(inputs.image, token);
    state.dockerConfig = newDockerConfigDir();
    state_saveState(state);
    const target = imagePath(inputs.build, inputs.projectId, slug(inputs.agent));
    await login(inputs.build.registry, token, state.dockerConfig);
    log.info(`Building ${target}:${inputs.build.tag}`);
    return log.group(`Build and push ${target}`, () => buildAndPush(inputs.build, target, state.dockerConfig, process.env));
}
/** Keeps the newest images; never the one just pushed, nor any a job of ours still references. */
async function pruneQuietly(cloud, inputs, image) {
    try {
        const inUse = new Set();
        for (const job of await cloud.run.listJobs()) {
            if (job.labels?.['managed-by'] !== 'cloud-run-agent')
                continue;
            for (const container of job.template?.template?.containers ?? []) {
                const digest = digestOfRef(container.image ?? '');
                if (digest)
                    inUse.add(digest);
            }
        }
        inUse.add(digestOfRef(image));
        const target = imagePath(inputs.build, inputs.projectId, slug(inputs.agent));
        const deleted = await pruneImages(cloud, inputs.build.repository, target, inputs.keepTags, inUse);
        for (const ref of deleted)
            log.info(`Pruned old image ${ref}`);
    }
    catch (error) {
        log.warning(`Pruning old images failed (the run itself is unaffected): ${error.message}`);
    }
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/error.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
function getLineColFromPtr(string, ptr) {
    let lines = string.slice(0, ptr).split(/\r?\n/);
    return [lines.length, lines.pop().length + 1];
}
function makeCodeBlock(string, line, column) {
    let lines = string.split(/\r?\n/);
    let codeblock = '';
    let numberLen = (Math.log10(line + 1) | 0) + 1;
    for (let i = line - 1; i <= line + 1; i++) {
        let l = lines[i - 1];
        if (!l)
            continue;
        codeblock += i.toString().padEnd(numberLen, ' ');
        codeblock += ':  ';
        codeblock += l;
        codeblock += '\n';
        if (i === line) {
            codeblock += ' '.repeat(numberLen + column + 2);
            codeblock += '^\n';
        }
    }
    return codeblock;
}
class TomlError extends Error {
    line;
    column;
    codeblock;
    constructor(message, options) {
        const [line, column] = getLineColFromPtr(options.toml, options.ptr);
        const codeblock = makeCodeBlock(options.toml, line, column);
        super(`Invalid TOML document: ${message}\n\n${codeblock}`, options);
        this.line = line;
        this.column = column;
        this.codeblock = codeblock;
    }
    /** @internal */
    static x(message, ctx, ptr) {
        throw new TomlError(message, { toml: ctx.s, ptr: ptr ?? ctx.p });
    }
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/primitive.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */

/** @internal */
function parseString(ctx) {
    let startPtr = ctx.p;
    let c = ctx.s.charCodeAt(ctx.p++);
    let first = c;
    let isLiteral = c === 0x27; /* ' */
    let isMultiline = c === ctx.s.charCodeAt(ctx.p) && c === ctx.s.charCodeAt(ctx.p + 1);
    if (isMultiline) {
        // Trim initial newline
        if ((c = ctx.s.charCodeAt(ctx.p += 2)) === 0xa /* \n */)
            ctx.p++;
        else if (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */)
            ctx.p += 2;
    }
    // For the record: it is not worth it to use a fast-path for literal strings using `indexOf`.
    // Doing a char-by-char iteration ends up dispatching less instructions, for the same wall-clock runtime.
    let parsed = '';
    let sliceStart = ctx.p;
    // states:
    //   0 - decoding
    //   1 - decoding escape
    //   2 - whitespace escape (no newline encountered yet, must fail on non-whitespace)
    //   3 - whitespace escape (newline encountered, allowed to transition back to normal decode)
    let state = 0;
    for (; ctx.p < ctx.s.length; ctx.p++) {
        c = ctx.s.charCodeAt(ctx.p);
        // Deal with newlines first, since that simplifies control character checking and handling across all states
        if (isMultiline && (c === 0xa /* \n */ || (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */))) {
            state = state && 3;
        }
        // Control characters are banned in TOML, so we throw an error if we encounter them
        else if ((c < 0x20 && c !== 0x9 /* \t */) || c === 0x7f) {
            TomlError.x('control characters are not allowed in strings', ctx);
        }
        // The string might terminate while we're parsing through a newline escape.
        // It must have encountered a newline; otherwise, it'll simply fail in another branch.
        else if ((!state || state === 3) && c === first && (!isMultiline || (ctx.s.charCodeAt(ctx.p + 1) === first && ctx.s.charCodeAt(ctx.p + 2) === first))) {
            if (isMultiline) {
                // If the string ends with 4-5 quotes, then the first 1-2 are part of the string
                if (ctx.s.charCodeAt(ctx.p + 3) === first)
                    ctx.p++;
                if (ctx.s.charCodeAt(ctx.p + 3) === first)
                    ctx.p++;
            }
            // If we're in a newline escape still, then there's nothing to add.
            if (!state) {
                // Avoid a useless concat operation if the string can be used as-is.
                let s = ctx.s.slice(sliceStart, ctx.p);
                parsed = parsed ? parsed + s : s;
            }
            ctx.p += isMultiline ? 3 : 1;
            return parsed;
        }
        // Baseline state; keep moving forward unless an escape sequence starts
        else if (!state) {
            if (!isLiteral && c === 0x5c /* \ */) {
                parsed += ctx.s.slice(sliceStart, (sliceStart = ctx.p));
                state = 1;
            }
        }
        else if (state === 1) {
            if (c === 0x78 /* x */ || c === 0x75 /* u */ || c === 0x55 /* U */) { // Unicode escape
                let errPtr = ctx.p++ - 1;
                let value = 0;
                let len = c === 0x78 /* x */ ? 2 : c === 0x75 /* u */ ? 4 : 8;
                for (let j = 0; j < len; j++, ctx.p++) {
                    let hex = ctx.s.charCodeAt(ctx.p);
                    let digit = 
                    /* 0-9 */ hex >= 0x30 && hex <= 0x39 ? hex - 0x30 :
                        /* A-F */ hex >= 0x41 && hex <= 0x46 ? hex - 0x41 + 10 :
                            /* a-f */ hex >= 0x61 && hex <= 0x66 ? hex - 0x61 + 10 : -1;
                    if (digit < 0)
                        TomlError.x('invalid non-hex character in unicode escape', ctx);
                    value = (value << 4) | digit;
                }
                // Because JS does bitwise on signed 32bit integers, all 0xfzzzzzzz values are actually seen as negative
                if (value < 0 || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) {
                    TomlError.x('invalid unicode escape', ctx, errPtr);
                }
                parsed += String.fromCodePoint(value);
                sliceStart = ctx.p--;
                state = 0;
            }
            // Newline escape sequence. We only need to care about spaces and tabs; newlines are dealt with earlier
            else if (isMultiline && (c === 0x20 || c === 0x9 /* \t */)) {
                state = 2;
            }
            // Basic escape sequence
            else {
                if (c === 0x62 /* b */)
                    parsed += '\b';
                else if (c === 0x74 /* t */)
                    parsed += '\t';
                else if (c === 0x6e /* n */)
                    parsed += '\n';
                else if (c === 0x66 /* f */)
                    parsed += '\f';
                else if (c === 0x72 /* r */)
                    parsed += '\r';
                else if (c === 0x65 /* e */)
                    parsed += '\x1b';
                else if (c === 0x22 /* " */)
                    parsed += '"';
                else if (c === 0x5c /* \ */)
                    parsed += '\\';
                else
                    TomlError.x('unrecognised escape sequence', ctx);
                sliceStart = ctx.p + 1;
                state = 0;
            }
        }
        // Newline escape continuation: keep moving forward until the first non-whitespace char
        else if (c !== 0x20 && c !== 0x9 /* \t */) {
            if (state === 2)
                TomlError.x('invalid escape: only line-ending whitespace may be escaped', ctx, sliceStart);
            // State cannot be zero, or we'd have branched earlier already.
            // If it's a backslash, immediately transition to the escape state so it can be processed.
            state = !isLiteral && c === 0x5c /* \ */ ? 1 : 0;
            sliceStart = ctx.p;
        }
    }
    TomlError.x('unfinished string', ctx, startPtr);
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/date.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
let DATE_TIME_RE = /^(\d{4}-\d{2}-\d{2})?[Tt ]?(?:(\d{2}):\d{2}(?::\d{2}(?:\.\d+)?)?)?(Z|z|[-+]\d{2}:\d{2})?$/i;
class TomlDate extends Date {
    #hasDate = false;
    #hasTime = false;
    #offset = null;
    constructor(date, fasttype, unsafeDelim) {
        let hasDate = true;
        let hasTime = true;
        let offset = 'Z';
        let c;
        if (typeof date === 'string') {
            if (fasttype)
                prep: {
                    // Date-time
                    if (fasttype < 3) {
                        if (+date.slice(11, 13) > 23) {
                            date = '';
                            break prep;
                        }
                        // Local
                        if (fasttype === 2) {
                            offset = null;
                            date += 'Z';
                        }
                        // Offset; keep track of offset if not Z
                        else if ((c = date.charCodeAt(date.length - 1)) !== 0x5a /* Z */ && c !== 0x7a /* z */) {
                            offset = date.slice(date.length - 6);
                        }
                        if (unsafeDelim)
                            date = date.slice(0, 10) + 'T' + date.slice(11);
                    }
                    // Time
                    else if (fasttype === 4) {
                        date = +date.slice(0, 2) > 23 ? '' : `0000-01-01T${date}Z`;
                    }
                    hasDate = fasttype !== 4;
                    hasTime = fasttype !== 3;
                }
            else {
                let match = date.match(DATE_TIME_RE);
                if (match) {
                    if (!match[1]) {
                        hasDate = false;
                        date = `0000-01-01T${date}`;
                    }
                    hasTime = !!match[2];
                    // Make sure to use T instead of a space. Breaks in case of extreme values otherwise.
                    hasTime && date[10] === ' ' && (date = date.replace(' ', 'T'));
                    // Do not allow rollover hours.
                    if (match[2] && +match[2] > 23) {
                        date = '';
                    }
                    else {
                        offset = match[3] || null;
                        if (!offset && hasTime)
                            date += 'Z';
                    }
                }
                else {
                    date = '';
                }
            }
        }
        super(date);
        if (!isNaN(this.getTime())) {
            this.#hasDate = hasDate;
            this.#hasTime = hasTime;
            this.#offset = offset;
        }
    }
    isDateTime() {
        return this.#hasDate && this.#hasTime;
    }
    isLocal() {
        return !this.#hasDate || !this.#hasTime || !this.#offset;
    }
    isDate() {
        return this.#hasDate && !this.#hasTime;
    }
    isTime() {
        return this.#hasTime && !this.#hasDate;
    }
    isValid() {
        return this.#hasDate || this.#hasTime;
    }
    toISOString() {
        let iso = super.toISOString();
        // Local Date
        if (this.isDate())
            return iso.slice(0, 10);
        // Local Time
        if (this.isTime())
            return iso.slice(11, 23);
        // Local DateTime
        if (this.#offset === null)
            return iso.slice(0, -1);
        // Offset DateTime
        if (this.#offset === 'Z' || this.#offset === 'z')
            return iso;
        // This part is quite annoying: JS strips the original timezone from the ISO string representation
        // Instead of using a "modified" date and "Z", we restore the representation "as authored"
        let offset = (+(this.#offset.slice(1, 3)) * 60) + +(this.#offset.slice(4, 6));
        offset = this.#offset[0] === '-' ? offset : -offset;
        let offsetDate = new Date(this.getTime() - (offset * 60e3));
        return offsetDate.toISOString().slice(0, -1) + this.#offset;
    }
    static wrapAsOffsetDateTime(jsDate, offset = 'Z') {
        let date = new TomlDate(jsDate);
        date.#offset = offset;
        return date;
    }
    static wrapAsLocalDateTime(jsDate) {
        let date = new TomlDate(jsDate);
        date.#offset = null;
        return date;
    }
    static wrapAsLocalDate(jsDate) {
        let date = new TomlDate(jsDate);
        date.#hasTime = false;
        date.#offset = null;
        return date;
    }
    static wrapAsLocalTime(jsDate) {
        let date = new TomlDate(jsDate);
        date.#hasDate = false;
        date.#offset = null;
        return date;
    }
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/extract.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */




function isDigit(char, base = 10) {
    return base === 16
        ? (char > 0x2f && char < 0x3a) || (char > 0x40 && char < 0x47) || (char > 0x60 && char < 0x67)
        : (char > 0x2f && char < 0x30 + base);
}
function isEndOfValue(char, delim) {
    // Whitespace -- we're permissive on `\r` for performance; it'll be dealt with later anyway
    return char === 0x20 || char === 0x9 /* \t */ || char === 0xa /* \n */ || char === 0xd /* \r */ ||
        // Structure end or next value delimiter
        (delim && (char === delim || char === 0x2c /* , */)) ||
        // Comment
        char === 0x23; /* # */
}
/** @internal */
function extractValue(ctx, end) {
    let errPtr = ctx.p;
    let c = ctx.s.charCodeAt(ctx.p);
    // Structs
    if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
        ctx.d-- || TomlError.x('document contains excessively nested structures. aborting.', ctx);
        let value = c === 0x5b /* [ */
            ? parseArray(ctx)
            : parseInlineTable(ctx);
        ctx.d++;
        return value;
    }
    // Strings
    if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
        return parseString(ctx);
    }
    // Booleans
    // We can fast-path because the first character is enough to know the only possible value
    if (c === 0x74 /* t */) { // Only possible valid value is `true`
        if (ctx.s.charCodeAt(++ctx.p) !== 0x72 || ctx.s.charCodeAt(++ctx.p) !== 0x75 || ctx.s.charCodeAt(++ctx.p) !== 0x65)
            TomlError.x('invalid value', ctx, errPtr);
        return ctx.p++, true;
    }
    if (c === 0x66 /* f */) { // Only possible valid value is `false`
        if (ctx.s.charCodeAt(++ctx.p) !== 0x61 || ctx.s.charCodeAt(++ctx.p) !== 0x6c || ctx.s.charCodeAt(++ctx.p) !== 0x73 || ctx.s.charCodeAt(++ctx.p) !== 0x65)
            TomlError.x('invalid value', ctx, errPtr);
        return ctx.p++, false;
    }
    if (c === 0x2b /* + */ || c === 0x2d /* - */) {
        return parseNumber(ctx, ctx.p, ctx.s.charCodeAt(++ctx.p), 0x2c - c, end);
    }
    // Rough heuristic, but `parseDate` falls back to number parsing if it's a false positive.
    // e.g.: `a = 1\n-------------- = 1` would match this heuristic, but gracefully fallback to numbers.
    if (ctx.s.charCodeAt(ctx.p + 4) === 0x2d /* - */ && ctx.s.charCodeAt(ctx.p + 7) === 0x2d /* - */) {
        return parseDate(ctx, c, end);
    }
    // Same logic as above; `parseTime` falls back to number parsing if it's a false positive.
    if (ctx.s.charCodeAt(ctx.p + 2) === 0x3a /* : */) {
        return parseTime(ctx, c, end);
    }
    return parseNumber(ctx, ctx.p, c, 0, end);
}
// State:
// 0: init
// 1: integer
// 2: fractional dot
// 3: fractional
// 4: exponent letter
// 5: exponent
// 6: exponent sign
// 7: exponent with sign
// >9: underscore; see below
//     -> 12: was integer
//     -> 14: was fractional
//     -> 16: was exponent
// states 2-5, 14, 16 are ONLY permitted iif base === 10
function parseNumber(ctx, startPtr, startChr, sign, endChr) {
    let c = startChr;
    let state = 0;
    let hasUnderscores = false;
    // (+/-)inf
    if (c === 0x69 /* i */) {
        if (ctx.s.charCodeAt(++ctx.p) !== 0x6e || ctx.s.charCodeAt(++ctx.p) !== 0x66)
            TomlError.x('invalid value', ctx, startPtr);
        return ctx.p++, (sign || 1) / 0;
    }
    // (+/-)nan
    if (c === 0x6e /* n */) {
        if (ctx.s.charCodeAt(++ctx.p) !== 0x61 || ctx.s.charCodeAt(++ctx.p) !== 0x6e)
            TomlError.x('invalid value', ctx, startPtr);
        return ctx.p++, NaN;
    }
    // Leading zero
    // Only allowed cases: `0<EOV>`, `0.(...)`, `0e(...)`, `0x(...)`, `0b(...)`, `0o(...)`
    // FWIW, `0e(...)` is a stupid case, but it's not banned per-se so we have to parse it
    if (c === 0x30 /* 0 */) {
        if (++ctx.p >= ctx.s.length || isEndOfValue(c = ctx.s.charCodeAt(ctx.p), endChr))
            return ctx.bi === true ? 0n : 0; // note: conveniently deals with `-0`
        if (!sign) {
            if (c === 0x78 /* x */)
                return parseIntegerBaseN(ctx, startPtr, 16, endChr);
            else if (c === 0x62 /* b */)
                return parseIntegerBaseN(ctx, startPtr, 2, endChr);
            else if (c === 0x6f /* o */)
                return parseIntegerBaseN(ctx, startPtr, 8, endChr);
        }
        if (c === 0x2e /* . */)
            state = 2;
        else if (c === 0x65 /* e */ || c === 0x45 /* E */)
            state = 4;
        else
            TomlError.x('illegal leading zero', ctx, startPtr);
    }
    // If the 1st char is not a digit by now, then it's not a valid TOML value at all
    else if (!isDigit(c))
        TomlError.x('invalid value', ctx, startPtr);
    while (++ctx.p < ctx.s.length && (c = ctx.s.charCodeAt(ctx.p), !isEndOfValue(c, endChr))) {
        if (!state)
            state = 1; // Detects single-digit numbers we can use a fast parse path for
        // The way the states are numbered is not random: underscores are always permitted in odd-numbered states and
        // never permitted in even-numbered ones.
        if (c === 0x5f /* _ */) {
            if (!(state & 1))
                TomlError.x('illegal underscore', ctx);
            state += 11; // 11 is a marker that makes the state even and greater than 9; see the numbering + rationale above
            hasUnderscores = true;
        }
        // Transition to fractional part.
        else if (state === 1 && c === 0x2e /* . */)
            state = 2;
        // Transition to exponent part.
        else if ((state === 1 || state === 3) && (c === 0x65 /* e */ || c === 0x45 /* E */))
            state = 4;
        // + and - are permitted in state 4 only (handled before entering the function for state 0)
        else if (state === 4 && (c === 0x2b /* + */ || c === 0x2d /* - */)) {
            state = 6;
        }
        // All special cases have been handled; only digits are allowed here
        else if (!isDigit(c))
            TomlError.x(`illegal character in numeric literal`, ctx);
        // Clear state flags
        else if (state > 9)
            state -= 11;
        else if (!(state & 1))
            state++;
    }
    // Single-char number; we can fast-path these very easily.
    if (!state) {
        let val = (startChr - 0x30 /* 0 */) * (sign || 1);
        return ctx.bi === true ? BigInt(val) : val;
    }
    // Even-numbered states absolutely require a digit next; not even end of value is permitted
    if (!(state & 1))
        TomlError.x('unfinished numeric value', ctx, startPtr);
    let str = ctx.s.slice(startPtr, ctx.p);
    if (hasUnderscores)
        str = str.replaceAll('_', ''); // perf: replaceAll 1.25x faster than replace with a regex
    return state > 1
        ? parseFloat(str)
        : parseInteger(ctx, str, 10, startPtr);
}
function parseIntegerBaseN(ctx, startPtr, base, endChr) {
    let c, underscore = 1;
    while (++ctx.p < ctx.s.length && (c = ctx.s.charCodeAt(ctx.p), !isEndOfValue(c, endChr))) {
        if (c === 0x5f /* _ */) {
            if (underscore & 1)
                TomlError.x('illegal underscore', ctx);
            underscore = 3;
        }
        // We only need to check if the number is a valid digit, nothing else is permitted
        else if (!isDigit(c, base))
            TomlError.x(`illegal character in numeric literal`, ctx);
        // Clear underscore flag
        else if (underscore & 1)
            underscore--;
    }
    // Trailing underscore is not allowed
    if (underscore & 1)
        TomlError.x('unfinished numeric value', ctx);
    let str = ctx.s.slice(startPtr + 2, ctx.p);
    if (underscore)
        str = str.replaceAll('_', ''); // perf: replaceAll 1.25x faster than replace with a regex
    return parseInteger(ctx, str, base, startPtr);
}
function parseInteger(ctx, str, base, startPtr) {
    if (ctx.bi !== true)
        int: {
            let val = parseInt(str, base);
            if (!Number.isSafeInteger(val)) {
                if (ctx.bi)
                    break int;
                TomlError.x('integer value cannot be represented losslessly', ctx, startPtr);
            }
            return val;
        }
    return base === 10 ? BigInt(str) : BigInt((base === 2 ? '0b' : base === 8 ? '0o' : '0x') + str);
}
function parseDate(ctx, c, endChr) {
    let startPtr = ctx.p++, unsafeSeparator;
    if (!isDigit(c) ||
        !isDigit(ctx.s.charCodeAt(ctx.p++)) ||
        !isDigit(ctx.s.charCodeAt(ctx.p++)) ||
        !isDigit(ctx.s.charCodeAt(ctx.p++))) {
        return parseNumber(ctx, ctx.p = startPtr, c, 0, endChr);
    }
    ctx.p += 5;
    if (!isDigit(ctx.s.charCodeAt(ctx.p++)))
        TomlError.x('invalid date-time: date part is malformed', ctx, startPtr);
    if (ctx.p >= ctx.s.length || (((c = ctx.s.charCodeAt(ctx.p)) !== 0x20 || (unsafeSeparator = true, !isDigit(ctx.s.charCodeAt(ctx.p + 1)))) && c !== 0x54 /* T */ && c !== 0x74 /* t */)) {
        let t = ctx.s.slice(startPtr, ctx.p);
        return readDate(ctx, t, 3, false, startPtr);
    }
    if (ctx.s.charCodeAt(ctx.p += 3) !== 0x3a /* : */)
        TomlError.x('invalid date-time: time part is malformed', ctx, startPtr);
    if (ctx.s.charCodeAt(ctx.p += 3) === 0x3a /* : */)
        ctx.p += 3;
    if (ctx.s.charCodeAt(ctx.p) === 0x2e /* . */)
        while (isDigit(ctx.s.charCodeAt(++ctx.p)))
            ;
    if (c = ctx.s.charCodeAt(ctx.p)) {
        if (c === 0x5a /* Z */ || c === 0x7a /* z */) {
            let t = ctx.s.slice(startPtr, ++ctx.p);
            return readDate(ctx, t, 1, unsafeSeparator, startPtr, '[+00:00]');
        }
        if (c === 0x2b /* + */ || c === 0x2d /* - */) {
            // Temporal's ZonedDateTime is weird asf when it comes to dealing with traditional offsets...
            // It's 1.2x faster to allocate a new string to pass to ZDT than use Instant.toZonedDateTimeISO
            let t = ctx.s.slice(startPtr, ctx.p += 6);
            return readDate(ctx, t, 1, unsafeSeparator, startPtr, !ctx.ld && ('[' + ctx.s.slice(ctx.p - 6, ctx.p) + ']'));
        }
    }
    let t = ctx.s.slice(startPtr, ctx.p);
    return readDate(ctx, t, 2, unsafeSeparator, startPtr);
}
function parseTime(ctx, c, endChr) {
    let start = ctx.p;
    if (!isDigit(c) || !isDigit(ctx.s.charCodeAt(++ctx.p))) {
        return parseNumber(ctx, --ctx.p, c, 0, endChr);
    }
    if (ctx.s.charCodeAt(ctx.p += 4) === 0x3a /* : */)
        ctx.p += 3;
    if (ctx.s.charCodeAt(ctx.p) === 0x2e /* . */)
        while (isDigit(ctx.s.charCodeAt(++ctx.p)))
            ;
    let t = ctx.s.slice(start, ctx.p);
    return readDate(ctx, t, 4, false, start);
}
function readDate(ctx, str, type, unsafeDelim, errPtr, temporalSuffix) {
    if (ctx.ld) {
        let date = new TomlDate(str, type, unsafeDelim);
        if (!date.isValid())
            TomlError.x('invalid date', ctx, errPtr);
        return date;
    }
    try {
        if (temporalSuffix)
            str += temporalSuffix;
        switch (type) {
            case 1: return Temporal.ZonedDateTime.from(str);
            case 2: return Temporal.PlainDateTime.from(str);
            case 3: return Temporal.PlainDate.from(str);
            case 4: return Temporal.PlainTime.from(str);
        }
    }
    catch (e) {
        TomlError.x(e instanceof Error ? e.message : '' + e, ctx, errPtr);
    }
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/util.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */

/** @internal */
function skipComment(ctx) {
    for (; ctx.p < ctx.s.length; ctx.p++) {
        let c = ctx.s.charCodeAt(ctx.p);
        if (c === 0xa /* \n */)
            break;
        if (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */) {
            ctx.p++;
            break;
        }
        if ((c < 0x20 && c !== 0x9 /* \t */) || c === 0x7f) {
            TomlError.x('control characters are not allowed in comments', ctx);
        }
    }
}
/** @internal */
function skipVoid(ctx, banNewLines, banComments) {
    let c;
    while (ctx.p < ctx.s.length) {
        while (ctx.p < ctx.s.length && ((c = ctx.s.charCodeAt(ctx.p)) === 0x20 ||
            c === 0x9 /* \t */ ||
            (!banNewLines &&
                (c === 0xa /* \n */ || (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */)))))
            ctx.p++;
        if (banComments || c !== 0x23 /* # */)
            break;
        skipComment(ctx);
    }
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/struct.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */




/** @internal */
function parseKey(ctx, end = 0x3d /* = */) {
    // States:
    // 0: before first char
    // 1: parsing bare key
    // 2: after key component
    let startPtr;
    let state = 0;
    let parsed = [];
    let sliceStart;
    let c = ctx.s.charCodeAt(startPtr = ctx.p);
    do {
        // End of key
        if (c === end) {
            if (!state)
                TomlError.x('unexpected end of key', ctx);
            if (state === 1)
                parsed.push(ctx.s.slice(sliceStart, ctx.p));
            return ctx.p++, parsed;
        }
        // Dotted key separator
        else if (c === 0x2e /* . */) {
            if (!state)
                TomlError.x('illegal empty bare key', ctx);
            if (state === 1)
                parsed.push(ctx.s.slice(sliceStart, ctx.p));
            state = 0;
        }
        // Quoted key
        else if (!state && (c === 0x22 /* " */ || c === 0x27 /* ' */)) {
            if (c === ctx.s.charCodeAt(ctx.p + 1) && c === ctx.s.charCodeAt(ctx.p + 2))
                TomlError.x('illegal quoted key: multiline strings are not allowed', ctx);
            parsed.push(parseString(ctx));
            state = 2;
            ctx.p--;
        }
        // Whitespace; no-op in state 0 and 2, end of bare key in state 1
        else if (c === 0x20 || c === 0x9 /* \t */) {
            if (state === 1) {
                parsed.push(ctx.s.slice(sliceStart, ctx.p));
                state = 2;
            }
        }
        // If state is post-key, no character is allowed; otherwise ensure it's a bare-key component
        else if (state === 2 || (c < 0x30 && c !== 0x2d /* - */) || (c > 0x39 && c < 0x41) || (c > 0x5a && c < 0x61 && c !== 0x5f /* _ */) || c > 0x7a) {
            TomlError.x('illegal character in key', ctx);
        }
        // Illegal character
        else if (!state) {
            state = 1;
            sliceStart = ctx.p;
        }
    } while (c = ctx.s.charCodeAt(++ctx.p));
    TomlError.x('incomplete key-value: cannot find end of key', ctx, startPtr);
}
/** @internal */
function parseInlineTable(ctx) {
    let startPtr = ctx.p++;
    let res = Object.create(null);
    let seen = new Set();
    let c;
    while (ctx.p < ctx.s.length) {
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p)) === 0x7d /* } */) {
            ctx.p++;
            return res;
        }
        let k;
        let t = res;
        let hasOwn = false;
        let errPtr = ctx.p;
        let key = parseKey(ctx);
        for (let i = 0; i < key.length; i++) {
            if (i)
                t = hasOwn ? t[k] : (t[k] = Object.create(null));
            k = key[i];
            if ((hasOwn = Object.hasOwn(t, k)) && (typeof t[k] !== 'object' || seen.has(t[k]))) {
                TomlError.x('trying to redefine an already defined value', ctx, errPtr);
            }
            let unsafe = k === '__proto__';
            if (ctx.uk && (unsafe || k === 'constructor')) {
                t = ctx.uk !== 1 && TomlError.x('document contains an unsafe property', ctx, errPtr);
                break;
            }
            if (!hasOwn && unsafe) {
                Object.defineProperty(t, k, { enumerable: true, configurable: true, writable: true });
            }
        }
        if (hasOwn) {
            TomlError.x('trying to redefine an already defined value', ctx, errPtr);
        }
        skipVoid(ctx, true, true);
        let value = extractValue(ctx, 0x7d /* } */);
        if (t && typeof (t[k] = value) === 'object')
            seen.add(value);
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p++)) === 0x7d /* } */) {
            return res;
        }
        if (c !== 0x2c /* , */)
            TomlError.x('expected comma or end of structure', ctx, ctx.p - 1);
    }
    TomlError.x('unfinished table', ctx, startPtr);
}
/** @internal */
function parseArray(ctx) {
    let startPtr = ctx.p++;
    let res = [];
    let c;
    while (ctx.p < ctx.s.length) {
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p)) === 0x5d /* ] */) {
            ctx.p++;
            return res;
        }
        res.push(extractValue(ctx, 0x5d /* ] */));
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p++)) === 0x5d /* ] */) {
            return res;
        }
        if (c !== 0x2c /* , */)
            TomlError.x('expected comma or end of structure', ctx, ctx.p - 1);
    }
    TomlError.x('unfinished array', ctx, startPtr);
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/parse.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */




function peekTable(ctx, key, table, meta, type) {
    let t = table;
    let m = meta;
    let k;
    let hasOwn = false;
    let state;
    for (let i = 0; i < key.length; i++) {
        if (i) {
            t = hasOwn ? t[k] : (t[k] = Object.create(null));
            m = (state = m[k]).c;
            if (type === 0 /* Type.DOTTED */ && (state.t === 1 /* Type.EXPLICIT */ || state.t === 2 /* Type.ARRAY */)) {
                return null;
            }
            if (state.t === 2 /* Type.ARRAY */) {
                let l = t.length - 1;
                t = t[l];
                m = m[l].c;
            }
        }
        k = key[i];
        if ((hasOwn = Object.hasOwn(t, k)) && m[k]?.t === 0 /* Type.DOTTED */ && m[k]?.d) {
            return null;
        }
        if (!hasOwn) {
            let unsafe = k === '__proto__';
            if (ctx.uk && (unsafe || k === 'constructor'))
                return false;
            if (unsafe) {
                Object.defineProperty(t, k, { enumerable: true, configurable: true, writable: true });
                Object.defineProperty(m, k, { enumerable: true, configurable: true, writable: true });
            }
            m[k] = {
                t: i < key.length - 1 && type === 2 /* Type.ARRAY */
                    ? 3 /* Type.ARRAY_DOTTED */ : type,
                d: false,
                i: 0,
                c: Object.create(null),
            };
        }
    }
    state = m[k];
    if (state.t !== type && !(type === 1 /* Type.EXPLICIT */ && state.t === 3 /* Type.ARRAY_DOTTED */)) {
        // Bad key type!
        return null;
    }
    if (type === 2 /* Type.ARRAY */) {
        if (!state.d) {
            state.d = true;
            t[k] = [];
        }
        t[k].push(t = Object.create(null));
        state.c[state.i++] = (state = { t: 1 /* Type.EXPLICIT */, d: false, i: 0, c: Object.create(null) });
    }
    if (state.d) {
        // Redefining a table!
        return null;
    }
    state.d = true;
    if (type === 1 /* Type.EXPLICIT */) {
        t = hasOwn ? t[k] : (t[k] = Object.create(null));
    }
    else if (type === 0 /* Type.DOTTED */ && hasOwn) {
        return null;
    }
    return [k, t, state.c];
}
function validateTablePeek(ctx, peek, ptr) {
    if (peek === null || ctx.uk === 2)
        TomlError.x(peek === null
            ? 'trying to redefine an already defined table or value'
            : 'document contains an unsafe property', ctx, ptr);
}
function parse(toml, options = {}) {
    let ctx = {
        s: toml,
        p: 0,
        d: options.maxDepth ?? 1000,
        bi: options.integersAsBigInt ?? false,
        ld: options.useLegacyDate ?? true,
        uk: options.unsafeKeyBehaviour === 'throw' ? 2 : options.unsafeKeyBehaviour === 'drop' ? 1 : 0,
    };
    let res = Object.create(null);
    let meta = Object.create(null);
    let tmp;
    let skipping = false;
    let tbl = res;
    let m = meta;
    // BOM is allowed, skip.
    // JS is UTF-16, so we have to check for the UTF-16 BOM instead of the UTF-8 BOM sequence!
    if (toml.charCodeAt(0) === 0xfeff)
        ctx.p++;
    skipVoid(ctx);
    while (ctx.p < toml.length) {
        if (toml.charCodeAt(ctx.p) === 0x5b /* [ */) {
            let isTableArray = toml.charCodeAt(++ctx.p) === 0x5b; /* [ */
            tmp = ctx.p += +isTableArray;
            skipping = false;
            let k = parseKey(ctx, 0x5d /* ] */);
            if (isTableArray) {
                if (toml.charCodeAt(ctx.p) !== 0x5d /* ] */) {
                    TomlError.x('expected end of table array declaration', ctx);
                }
                ctx.p++;
            }
            let p = peekTable(ctx, k, res, meta, isTableArray ? 2 /* Type.ARRAY */ : 1 /* Type.EXPLICIT */);
            if (!p) {
                validateTablePeek(ctx, p, tmp);
                skipping = true;
            }
            else {
                m = p[2];
                tbl = p[1];
            }
        }
        else {
            tmp = ctx.p;
            let k = parseKey(ctx);
            let p = peekTable(ctx, k, tbl, m, 0 /* Type.DOTTED */);
            if (!p && !skipping)
                validateTablePeek(ctx, p, tmp);
            skipVoid(ctx, true, true);
            let v = extractValue(ctx, void 0);
            if (p && !skipping)
                p[1][p[0]] = v;
        }
        skipVoid(ctx, true);
        if (ctx.p < toml.length && (tmp = toml.charCodeAt(ctx.p)) !== 0xa /* \n */ && (tmp !== 0xd /* \r */ || toml.charCodeAt(ctx.p + 1) !== 0xa /* \n */)) {
            TomlError.x('each key-value declaration must be followed by an end-of-line', ctx);
        }
        skipVoid(ctx);
    }
    return res;
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/stringify.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
let BARE_KEY = /^[a-z0-9-_]+$/i;
let HAS_WELLFORMED = !!(''.isWellFormed);
function extendedTypeOf(obj) {
    let type = typeof obj;
    if (type === 'object') {
        if (Array.isArray(obj))
            return 'array';
        if (typeof obj.getUTCDate === 'function' && obj instanceof Date)
            return 'date';
        if (globalThis.Temporal) {
            if (obj.until) {
                if (obj instanceof Temporal.ZonedDateTime)
                    return 'temporal/tz+uc';
                if (obj instanceof Temporal.PlainDateTime || obj instanceof Temporal.PlainDate)
                    return 'temporal/uc';
                if (obj instanceof Temporal.PlainTime || obj instanceof Temporal.Instant)
                    return 'temporal';
                if (obj instanceof Temporal.PlainYearMonth)
                    return 'temporal/x';
            }
            else if ((obj.toPlainDate && obj instanceof Temporal.PlainMonthDay) ||
                (obj.negated && obj instanceof Temporal.Duration)) {
                return 'temporal/x';
            }
        }
    }
    return type;
}
function isArrayOfTables(obj) {
    for (let i = 0; i < obj.length; i++) {
        if (extendedTypeOf(obj[i]) !== 'object')
            return false;
    }
    return obj.length != 0;
}
function formatWellFormedStringUnchecked(s) {
    return JSON.stringify(s).replaceAll('\x7f', '\\u007f');
}
function formatString(s) {
    return formatWellFormedStringUnchecked(HAS_WELLFORMED ? s.toWellFormed() : s);
}
function formatKey(s) {
    if (BARE_KEY.test(s))
        return s;
    if (HAS_WELLFORMED && !s.isWellFormed())
        throw new RangeError('key contains illegal lone surrogates');
    return formatWellFormedStringUnchecked(s);
}
function stringifyValue(val, type, depth, numberAsFloat, strictTemporal) {
    if (depth === 0) {
        throw new Error('Could not stringify the object: maximum object depth exceeded');
    }
    switch (type) {
        // @ts-expect-error -- intentional fallthrough case
        case 'number':
            if (isNaN(val))
                return 'nan';
            if (val === Infinity)
                return 'inf';
            if (val === -Infinity)
                return '-inf';
            if (Number.isInteger(val) && (numberAsFloat || !Number.isSafeInteger(val)))
                return val.toFixed(1);
        case 'bigint':
        case 'boolean':
        case 'temporal':
            return val.toString();
        case 'string':
            return formatString(val);
        case 'date':
            if (isNaN(val.getTime()))
                throw new TypeError('cannot serialize invalid date');
            return val.toISOString();
        case 'object':
            return stringifyInlineTable(val, depth, numberAsFloat, strictTemporal);
        case 'array':
            return stringifyArray(val, depth, numberAsFloat, strictTemporal);
        // @ts-expect-error -- intentional fallthrough case
        case 'temporal/tz+uc':
            if (strictTemporal) {
                let tz = val.timeZoneId;
                let tzc = tz.charCodeAt(0);
                if (
                // Classic offset
                tzc !== 0x2b /* + */ && tzc !== 0x2d /* - */ &&
                    (
                    // Fast pre-check pass; see below for the actually accepted values
                    (tzc !== 0x55 /* U */ && tzc !== 0x47 /* G */ && tzc !== 0x5a /* Z */ && tzc !== 0x45 /* E */) ||
                        (
                        // UTC and its aliases; Temporal implementations don't all canonicalise unfortunately
                        tz !== 'UTC' && tz !== 'UCT' && tz !== 'Universal' && tz !== 'Zulu' &&
                            // GMT is a TZ but it's for all intents and purposes equivalent to UTC. Safe to downgrade.
                            !tz.startsWith('GMT') && tz !== 'Greenwich' &&
                            // Etc/* are all safe to downgrade to offset (either UTC, GMT, or offset)
                            !tz.startsWith('Etc/')))) {
                    throw new TypeError('Temporal objects with an IANA timezone are not allowed in Temporal strict mode');
                }
            }
        case 'temporal/uc':
            if (strictTemporal && val.calendarId !== 'iso8601')
                throw new TypeError('Temporal objects with a non-default calendar are not allowed in Temporal strict mode');
            return val.toString({
                calendarName: 'never',
                timeZoneName: 'never',
            });
        case 'temporal/x':
            throw new TypeError('Unsupported ' + val[Symbol.toStringTag]);
    }
}
function stringifyInlineTable(obj, depth, numberAsFloat, strictTemporal) {
    let keys = Object.keys(obj);
    if (keys.length === 0)
        return '{}';
    let res = '{ ';
    for (let i = 0; i < keys.length; i++) {
        let k = keys[i];
        if (i)
            res += ', ';
        res += formatKey(k) + ' = ' + stringifyValue(obj[k], extendedTypeOf(obj[k]), depth - 1, numberAsFloat, strictTemporal);
    }
    return res + ' }';
}
function stringifyArray(array, depth, numberAsFloat, strictTemporal) {
    if (array.length === 0)
        return '[]';
    let res = '[ ';
    for (let i = 0; i < array.length; i++) {
        if (i)
            res += ', ';
        if (array[i] === null || array[i] === void 0) {
            throw new TypeError('arrays cannot contain null or undefined values');
        }
        res += stringifyValue(array[i], extendedTypeOf(array[i]), depth - 1, numberAsFloat, strictTemporal);
    }
    return res + ' ]';
}
function stringifyArrayTable(array, key, depth, numberAsFloat, strictTemporal) {
    if (depth === 0) {
        throw new Error('Could not stringify the object: maximum object depth exceeded');
    }
    let res = '';
    for (let i = 0; i < array.length; i++) {
        res += `${res && '\n'}[[${key}]]\n`;
        res += stringifyTable(0, array[i], key, depth, numberAsFloat, strictTemporal);
    }
    return res;
}
function stringifyTable(tableKey, obj, prefix, depth, numberAsFloat, strictTemporal) {
    if (depth === 0) {
        throw new Error('Could not stringify the object: maximum object depth exceeded');
    }
    let preamble = '';
    let tables = '';
    let keys = Object.keys(obj);
    for (let i = 0; i < keys.length; i++) {
        let k = keys[i];
        if (obj[k] !== null && obj[k] !== void 0) {
            let type = extendedTypeOf(obj[k]);
            if (type === 'symbol' || type === 'function') {
                throw new TypeError(`cannot serialize values of type '${type}'`);
            }
            let key = formatKey(k);
            if (type === 'array' && isArrayOfTables(obj[k])) {
                tables += (tables && '\n') + stringifyArrayTable(obj[k], prefix ? `${prefix}.${key}` : key, depth - 1, numberAsFloat, strictTemporal);
            }
            else if (type === 'object') {
                let tblKey = prefix ? `${prefix}.${key}` : key;
                tables += (tables && '\n') + stringifyTable(tblKey, obj[k], tblKey, depth - 1, numberAsFloat, strictTemporal);
            }
            else {
                preamble += key;
                preamble += ' = ';
                preamble += stringifyValue(obj[k], type, depth, numberAsFloat, strictTemporal);
                preamble += '\n';
            }
        }
    }
    if (tableKey && (preamble || !tables)) // Create table only if necessary
        preamble = preamble ? `[${tableKey}]\n${preamble}` : `[${tableKey}]`;
    return preamble && tables
        ? `${preamble}\n${tables}`
        : preamble || tables;
}
function stringify(obj, { maxDepth = 1000, numbersAsFloat = false, strictTemporal = false } = {}) {
    if (extendedTypeOf(obj) !== 'object') {
        throw new TypeError('stringify can only be called with an object');
    }
    let str = stringifyTable(0, obj, '', maxDepth, numbersAsFloat, strictTemporal);
    if (str[str.length - 1] !== '\n')
        return str + '\n';
    return str;
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/index.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */





/** @deprecated use `import * as ... from 'smol-toml'` instead */
/* harmony default export */ const dist = ({ parse: parse, stringify: stringify, TomlDate: TomlDate, TomlError: TomlError });

;// CONCATENATED MODULE: ./build/agent-config.js
// An Action Llama project's per-agent config (`agents/<agent>/config.toml`): the credentials the
// agent requires and its timeout, which become this action's defaults.



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
    let parsed = {};
    try {
        if (external_node_fs_default().existsSync(file))
            parsed = parse(external_node_fs_default().readFileSync(file, 'utf8'));
    }
    catch (error) {
        throw new Error(`${file} is not valid TOML: ${error.message.split('\n')[0]}`, {
            cause: error,
        });
    }
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
    };
}

;// CONCATENATED MODULE: ./build/inputs.js
// Every input of the action, read and validated in one place before anything is created in the
// cloud. Problems are collected so a user sees them all at once; each names the input and the fix.






class InputError extends Error {
    problems;
    constructor(problems) {
        super(problems.length === 1
            ? problems[0]
            : `The inputs have ${problems.length} problems:\n${problems.map((p) => `- ${p}`).join('\n')}`);
        this.problems = problems;
    }
}
// https://cloud.google.com/run/docs/configuring/jobs/cpu, /memory-limits (jobs need at least 512Mi)
const cpuPattern = /^(\d+(\.\d+)?|\d+m)$/;
const memoryPattern = /^(\d+)(Mi|Gi|M|G)$/;
const reservedEnv = /^(CLOUD_RUN_|K_|AL_SECRET_)|^(PORT|PROMPT|GATEWAY_URL|SHUTDOWN_SECRET)$/;
function readInputs(get, env) {
    const problems = [];
    const text = (name) => get(name).trim();
    const workspace = env.GITHUB_WORKSPACE || process.cwd();
    const mode = text('mode') || 'run';
    if (mode !== 'run' && mode !== 'reap')
        problems.push(`Input "mode" must be "run" or "reap", got "${mode}".`);
    const agent = text('agent');
    if (mode === 'run') {
        if (!agent)
            problems.push('Input "agent" is required: the name of the agent to run (for example "reviewer").');
        else if (!slug(agent)) {
            problems.push(`Input "agent": "${agent}" cannot become a Cloud Run job name: it has no letters or digits. Use a name such as "reviewer".`);
        }
    }
    const projectId = text('project_id') ||
        env.GCP_PROJECT ||
        env.GOOGLE_CLOUD_PROJECT ||
        env.CLOUDSDK_CORE_PROJECT ||
        env.CLOUDSDK_PROJECT ||
        '';
    if (!projectId) {
        problems.push('Input "project_id" is required: set it, or run google-github-actions/auth first (it sets GOOGLE_CLOUD_PROJECT).');
    }
    else if (!/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(projectId)) {
        problems.push(`Input "project_id": "${projectId}" is not a Google Cloud project id (6–30 lowercase letters, digits and hyphens).`);
    }
    const region = text('region');
    if (!region)
        problems.push('Input "region" is required: the Cloud Run region, e.g. "us-central1".');
    else if (!/^[a-z]+-[a-z]+\d+$/.test(region))
        problems.push(`Input "region": "${region}" is not a Cloud Run region such as "us-central1".`);
    const agentConfig = safely(problems, () => (agent ? readAgentConfig(workspace, agent) : undefined));
    const image = text('image') || undefined;
    const context = text('context');
    const dockerfileInput = text('dockerfile');
    let build;
    if (mode === 'run' && image && (context || dockerfileInput)) {
        problems.push('Give either "image" (a prebuilt image) or a build ("context", "dockerfile"), not both.');
    }
    else if (mode === 'run' && !image) {
        const contextDir = external_node_path_default().resolve(workspace, context || '.');
        const dockerfile = dockerfileInput
            ? external_node_path_default().resolve(workspace, dockerfileInput)
            : (agentConfig?.dockerfile ?? external_node_path_default().join(contextDir, 'Dockerfile'));
        if (!external_node_fs_default().existsSync(contextDir) || !external_node_fs_default().statSync(contextDir).isDirectory()) {
            problems.push(`Input "context": directory "${context || '.'}" does not exist. Check out the repository first (actions/checkout), or set "image".`);
        }
        else if (!external_node_fs_default().existsSync(dockerfile)) {
            problems.push(`Input "dockerfile": "${external_node_path_default().relative(workspace, dockerfile)}" does not exist. Set "dockerfile", or "image" for a prebuilt image.`);
        }
        const repository = text('repository');
        if (!repository) {
            problems.push('Input "repository" is required to build an image: the Artifact Registry Docker repository to push to (or set "image").');
        }
        else if (!/^[a-z]([a-z0-9-]*[a-z0-9])?$/.test(repository)) {
            problems.push(`Input "repository": "${repository}" is not an Artifact Registry repository id (lowercase letters, digits and hyphens).`);
        }
        const tag = text('tag') || defaultTag(env);
        if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)) {
            problems.push(`Input "tag": "${tag}" is not a valid Docker tag; use at most 128 letters, digits, "_", "." and "-", not starting with "." or "-".`);
        }
        build = {
            context: contextDir,
            dockerfile,
            buildArgs: keyValues(get('build_args'), 'build_args', problems),
            registry: text('registry') || `${region}-docker.pkg.dev`,
            repository,
            tag,
        };
    }
    const keepTagsText = text('keep_tags') || '3';
    const keepTags = /^\d+$/.test(keepTagsText) ? Number(keepTagsText) : NaN;
    if (!Number.isInteger(keepTags) || keepTags < 1)
        problems.push(`Input "keep_tags" must be a whole number of at least 1, got "${text('keep_tags')}".`);
    const { refs: inputRefs, problems: refProblems } = parseRefs(get('credentials'), 'Input "credentials"');
    const { refs: configRefs, problems: configProblems } = parseRefs((agentConfig?.credentials ?? []).join(','), agentConfig?.file ?? '');
    problems.push(...refProblems, ...configProblems);
    const { credentials, problems: credentialProblems } = mode === 'run'
        ? collectCredentials(env, [...inputRefs, ...configRefs])
        : { credentials: [], problems: [] };
    problems.push(...credentialProblems);
    const timeoutText = text('timeout') || String(agentConfig?.timeout ?? '3600');
    // A bad default from config.toml is fixed there (or overridden by the input), so say where it came from.
    const timeoutSource = text('timeout') || agentConfig?.timeout === undefined
        ? 'Input "timeout"'
        : `${agentConfig.file}: "timeout"`;
    const timeoutSeconds = parseDuration(timeoutText);
    if (timeoutSeconds === undefined || timeoutSeconds < 1 || timeoutSeconds > 168 * 3600) {
        problems.push(`${timeoutSource}: "${timeoutText}" is not a timeout between 1s and 168h. Use seconds (3600) or a duration like 45m or 2h.`);
    }
    const cpu = text('cpu') || '1';
    if (!cpuPattern.test(cpu) || cpuValue(cpu) <= 0 || cpuValue(cpu) > 8) {
        problems.push(`Input "cpu": "${cpu}" is not a Cloud Run CPU limit; use 1, 2, 4, 6 or 8 (or a fraction such as 0.5).`);
    }
    const memory = text('memory') || '512Mi';
    if (!memoryPattern.test(memory) || memoryMiB(memory) < 512 || memoryMiB(memory) > 32 * 1024) {
        problems.push(`Input "memory": "${memory}" is not a Cloud Run memory limit; use a size between 512Mi (the minimum for jobs) and 32Gi such as 1Gi or 2Gi.`);
    }
    const gatewayUrl = text('gateway_url') || undefined;
    if (gatewayUrl)
        problems.push(...gatewayProblems(gatewayUrl));
    const serviceAccount = text('service_account') || undefined;
    if (serviceAccount &&
        !/^[^@\s]+@[^@\s]+\.iam\.gserviceaccount\.com$|^[^@\s]+@developer\.gserviceaccount\.com$/.test(serviceAccount)) {
        problems.push(`Input "service_account": "${serviceAccount}" is not a service account email (name@project.iam.gserviceaccount.com).`);
    }
    const userEnv = keyValues(get('env'), 'env', problems);
    for (const name of Object.keys(userEnv)) {
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
            problems.push(`Input "env": "${name}" is not a valid environment variable name; use letters, digits and "_", not starting with a digit.`);
        }
        else if (reservedEnv.test(name)) {
            problems.push(`Input "env": ${name} is set by the action or by Cloud Run; use the "prompt" or "gateway_url" inputs, or another name.`);
        }
    }
    const labels = keyValues(get('labels'), 'labels', problems);
    for (const [key, value] of Object.entries(labels)) {
        const problem = labelProblem(key, value);
        if (problem)
            problems.push(`Input "labels": ${problem}.`);
        else if (key.startsWith('managed-by') || key.startsWith('gh-') || key === 'al-agent') {
            problems.push(`Input "labels": "${key}" is reserved by this action; choose another key.`);
        }
    }
    const summaryText = (text('summary') || 'true').toLowerCase();
    if (!['true', 'false'].includes(summaryText))
        problems.push(`Input "summary" must be true or false, got "${summaryText}".`);
    const dryRunText = (text('dry_run') || 'false').toLowerCase();
    if (!['true', 'false'].includes(dryRunText))
        problems.push(`Input "dry_run" must be true or false, got "${dryRunText}".`);
    const graceText = text('reap_grace') || '10m';
    const reapGraceSeconds = parseDuration(graceText);
    if (reapGraceSeconds === undefined || reapGraceSeconds > 7 * 86400) {
        problems.push(`Input "reap_grace": "${graceText}" is not a duration of at most 7d. Use seconds (600) or a duration like 10m or 1h.`);
    }
    if (problems.length)
        throw new InputError(problems);
    return {
        mode: mode,
        agent,
        projectId,
        region,
        image,
        build,
        keepTags,
        credentials,
        prompt: get('prompt') || undefined,
        env: userEnv,
        gatewayUrl,
        timeoutSeconds: timeoutSeconds,
        cpu,
        memory,
        serviceAccount,
        labels,
        summary: summaryText === 'true',
        dryRun: dryRunText === 'true',
        reapGraceSeconds: reapGraceSeconds,
        githubToken: text('github_token') || undefined,
    };
}
function safely(problems, read) {
    try {
        return read();
    }
    catch (error) {
        problems.push(error.message);
        return undefined;
    }
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
const job_finished = (execution) => Boolean(execution.completionTime);

;// CONCATENATED MODULE: ./build/links.js
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

;// CONCATENATED MODULE: ./build/seen.js
// The ids of log entries already printed, kept compactly so a burst of 100,000 lines does not
// fill the heap with 100,000 small objects: each id is hashed to 64 bits and stored in a typed
// array (an open-addressing hash set), one set per span of entry time, and spans older than the
// window are dropped whole. A repeat of an entry has the same timestamp, so it is looked up in
// its own span only. Two different ids of one span collide with a probability of about n² / 2⁶⁵
// (1 in 10⁹ for 100,000 lines); a Map of strings cost 25–30 MB of peak memory per 50,000 lines
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

;// CONCATENATED MODULE: ./build/logs.js
// Mirrors the job's Cloud Logging entries into the workflow log while it runs, completely:
// - a TailLogEntries stream opened before the execution starts (no polling delay, no read quota);
// - when the stream is cut or refused (10 sessions per project), it is reopened with backoff, and
//   the gap — every entry since shortly before the last one printed — is read from
//   ListLogEntries once the new stream has settled (so nothing falls between the read and the
//   stream). Gaps coalesce and reads are spaced out: ListLogEntries is quota-limited per project
//   (60 a minute), shared by every concurrent run;
// - entries the tail reports as suppressed (its rate limit, or a slow reader) are read the same way;
// - entries are deduplicated by insertId (bounded memory), so a line is printed exactly once; a
//   gap's lines are printed when it is read, after the lines the new stream already delivered;
// - after the execution ends, reading goes on until Cloud Run's "Container called exit(N)." entry
//   has arrived and no gap is left (ingestion lags several seconds), within a bounded time.




const maxBatchLines = 2000;
const seenWindowMs = 120_000;
/** How far before the last printed entry a gap read starts: entries arrive out of order by up to the ingestion lag. */
const lookbackMs = 20_000;
/** Reads for one run are at least this far apart, so gaps coalesce. */
const minReadIntervalMs = 3_000;
/** Without a live tail, the gap is read this often (each run's share of the project's 60 reads a minute). */
const pollWithoutTailMs = 45_000;
/** After the grace, how long the last gap reads may take (quota backoff included). */
const finalReadMs = 45_000;
function followLogs(cloud, options) {
    const stats = { mirrored: 0, duplicates: 0, suppressed: 0, tailSessions: 0, listRequests: 0 };
    // Ids older than the window are dropped: memory stays bounded however long the agent runs.
    const seen = new SeenIds(seenWindowMs);
    let lastPrintedMs = options.sinceMs;
    let result;
    let exitCode;
    let stopped = false;
    let exitArrived = () => { };
    const exitPromise = new Promise((resolve) => (exitArrived = resolve));
    const bufferWindow = options.bufferWindowSeconds ?? 2;
    // A new stream is trusted to carry everything readable after this long: the server has it open.
    const settleMs = bufferWindow * 1000 + 2_000;
    let stream;
    /** When the current stream was requested; undefined while no stream is open. */
    let tailOpenedAt;
    /** The earliest entry time a gap may have missed; undefined when there is no gap. */
    let gapFrom;
    let gapEpoch = 0;
    /** When the current gap was first noticed. */
    let gapSince = 0;
    let lastReadAt = 0;
    let readError;
    /** Where a failed read stopped, to go on from there. */
    let resume;
    let lastProgressAt = 0;
    /** The exit entry came from a read, which therefore saw every entry of the run. */
    let exitRead = false;
    /** Set by drain(), which does the last reads itself. */
    let draining = false;
    const wake = new AbortController();
    let nudge = () => { };
    function print(entries, fromRead = false) {
        let lines = [];
        for (const entry of entries) {
            const id = entry.insertId ?? '';
            const ms = Number(entry.timestamp?.seconds ?? 0) * 1000 + (entry.timestamp?.nanos ?? 0) / 1e6;
            if (id && !seen.add(id, ms)) {
                stats.duplicates++;
                continue;
            }
            lastPrintedMs = Math.max(lastPrintedMs, ms);
            const rendered = renderEntry(entry);
            if (rendered.result !== undefined)
                result = rendered.result;
            lines.push(...rendered.lines);
            stats.mirrored++;
            if (rendered.exitCode !== undefined) {
                exitCode = rendered.exitCode;
                if (fromRead)
                    exitRead = true;
                exitArrived();
            }
            if (lines.length >= maxBatchLines) {
                options.print(lines);
                lines = [];
            }
        }
        if (lines.length)
            options.print(lines);
    }
    /**
     * Notes that entries from `fromMs` on may have been missed: by default from shortly before the
     * last printed one (entries arrive out of order by up to the ingestion lag).
     */
    function recordGap(fromMs = lastPrintedMs - lookbackMs) {
        const from = Math.max(options.sinceMs, fromMs);
        if (gapFrom === undefined)
            gapSince = Date.now();
        gapFrom = Math.min(gapFrom ?? from, from);
        gapEpoch++;
        nudge();
    }
    function pause(ms) {
        return (0,promises_namespaceObject.setTimeout)(ms, undefined, { signal: wake.signal }).catch(() => { });
    }
    /** Reads every entry from `from` on (all pages) and prints what was not printed yet. */
    async function readFrom(from) {
        const filter = `${options.filter} AND timestamp >= "${new Date(from).toISOString()}"`;
        // A read that failed half-way resumes at the page it failed on: restarting from the first page
        // would spend the read quota on pages already printed, and a large gap would never finish.
        let pageToken = resume?.from === from ? resume.pageToken : undefined;
        let pages = 0;
        do {
            resume = { from, pageToken };
            // Past a few pages, 50 pages a minute: a large gap leaves some of the project's 60 reads a minute to other runs.
            if (++pages > 5)
                await pause(1_200 - (Date.now() - lastReadAt));
            stats.listRequests++;
            lastReadAt = Date.now();
            const page = await cloud.logs.list(filter, pageToken);
            lastProgressAt = Date.now();
            print(page.entries, true);
            pageToken = page.nextPageToken;
        } while (pageToken && !stopped);
        resume = undefined;
    }
    /** Reads the current gap once; false (with `readError` set) when the read failed. */
    async function readGap() {
        if (gapFrom === undefined)
            return true;
        const from = gapFrom;
        const epoch = gapEpoch;
        const startedAt = Date.now();
        // What becomes readable once a stream has settled, it carries; once the exit entry is in,
        // every entry of the run is readable. Either way a read from here closes the gap.
        const closes = (tailOpenedAt !== undefined && tailOpenedAt + settleMs <= startedAt) || exitCode !== undefined;
        try {
            await readFrom(from);
        }
        catch (error) {
            readError = error;
            options.debug?.(`log gap read failed (${error.message}); retrying`);
            return false;
        }
        if (epoch === gapEpoch)
            gapFrom = closes || exitRead ? undefined : Math.max(from, startedAt - lookbackMs);
        return true;
    }
    /** Backoff after a failed read: longer on the read quota. */
    const readBackoff = (failures) => Math.min(retry_errorCode(readError) === retry_Code.RESOURCE_EXHAUSTED ? 30_000 : 5_000, 500 * 2 ** failures) *
        (0.5 + Math.random());
    // The gap reader: reads a gap once the new stream has settled (or, with no stream, now and then).
    void (async () => {
        let failures = 0;
        while (!stopped) {
            if (gapFrom === undefined || draining) {
                await new Promise((resolve) => {
                    nudge = resolve;
                    wake.signal.addEventListener('abort', () => resolve(), { once: true });
                });
                nudge = () => { };
                continue;
            }
            const due = Math.max(lastReadAt + minReadIntervalMs, tailOpenedAt !== undefined
                ? tailOpenedAt + settleMs
                : Math.max(lastReadAt, gapSince) + pollWithoutTailMs);
            if (Date.now() < due) {
                await pause(Math.min(due - Date.now(), 1_000));
                continue;
            }
            if (await readGap()) {
                failures = 0;
            }
            else {
                await pause(readBackoff(++failures));
            }
        }
    })();
    /** One tail session; resolves when it ends, with the error that ended it, if any. */
    function tailOnce() {
        return new Promise((resolve) => {
            void cloud.logs
                .tail(options.filter, bufferWindow)
                .then((opened) => {
                if (stopped) {
                    opened.cancel();
                    resolve(undefined);
                    return;
                }
                stream = opened;
                tailOpenedAt = Date.now();
                stats.tailSessions++;
                opened.on('data', (response) => {
                    const before = lastPrintedMs;
                    print(response.entries ?? []);
                    const suppressed = (response.suppressionInfo ?? []).reduce((n, info) => n + (info.suppressedCount ?? 0), 0);
                    if (suppressed) {
                        // Dropped from the live stream (not from Cloud Logging) after the last entry printed
                        // before this response: read them back from there, not from a lookback earlier, so a
                        // burst over the tail's 60,000 a minute costs only the pages it skipped.
                        stats.suppressed += suppressed;
                        options.debug?.(`the live tail skipped ${suppressed} entries; reading them back`);
                        recordGap(before);
                    }
                });
                opened.on('error', (error) => resolve(error));
                opened.on('end', () => resolve(undefined));
            })
                .catch((error) => resolve(error));
        }).finally(() => {
            stream = undefined;
            tailOpenedAt = undefined;
        });
    }
    // The tail loop: one session after another for as long as the run goes on.
    void (async () => {
        let failures = 0;
        while (!stopped) {
            const error = await tailOnce();
            if (stopped)
                break;
            recordGap();
            if (retry_errorCode(error) === retry_Code.RESOURCE_EXHAUSTED) {
                // Live tailing refused (10 sessions per project): try again later; the gap reader reads meanwhile.
                failures++;
                options.debug?.('live tailing refused (session quota); retrying later');
                await pause(Math.min(15_000, 2_000 * failures) * (0.5 + Math.random()));
                continue;
            }
            failures = error ? failures + 1 : 0;
            options.debug?.(`log tail ended${error ? ` (${error.message})` : ''}; reconnecting`);
            await pause(Math.min(5_000, 100 * 2 ** failures) * Math.random());
        }
    })();
    return {
        stats,
        get result() {
            return result;
        },
        get exitCode() {
            return exitCode;
        },
        async drain(graceMs) {
            draining = true;
            const timers = new AbortController();
            const wait = (ms) => (0,promises_namespaceObject.setTimeout)(Math.max(0, ms), undefined, { signal: timers.signal }).catch(() => { });
            const drainStart = Date.now();
            const deadline = drainStart + graceMs;
            // Wait for the exit entry. Without a settled stream it can only come from a read: read every
            // few seconds (the first one after the ingestion lag has had time to pass). A gap left by a
            // cut or a suppression is read as soon as reads are due: the exit entry may be in it.
            let failures = 0;
            while (exitCode === undefined && Date.now() < deadline && !stopped) {
                const live = tailOpenedAt !== undefined && tailOpenedAt + settleMs <= Date.now();
                const due = live ? lastReadAt + minReadIntervalMs : Math.max(lastReadAt, drainStart) + 5_000;
                if ((gapFrom !== undefined || !live) && Date.now() >= due) {
                    if (!live)
                        recordGap();
                    if (await readGap())
                        failures = 0;
                    else
                        await wait(Math.min(readBackoff(++failures), deadline - Date.now()));
                    continue;
                }
                await Promise.race([exitPromise, wait(Math.min(1_000, deadline - Date.now()))]);
            }
            // Then fill what is left (a gap, or the exit entry itself), with retries, within a bound.
            // The bound: `finalReadMs` (less for a short grace) without a page read, 5 minutes in all.
            const hardStop = Date.now() + 5 * 60_000;
            const bound = Math.min(finalReadMs, graceMs + 15_000);
            lastProgressAt = Date.now();
            const last = () => Math.min(hardStop, lastProgressAt + bound);
            for (let failures = 0; !stopped && Date.now() < last();) {
                if (exitCode === undefined)
                    recordGap();
                if (gapFrom === undefined)
                    break;
                if (await readGap()) {
                    failures = 0;
                    if (exitCode === undefined)
                        await wait(Math.min(5_000, last() - Date.now()));
                }
                else {
                    await wait(Math.min(readBackoff(++failures), last() - Date.now()));
                }
            }
            timers.abort();
            const complete = exitCode !== undefined && gapFrom === undefined;
            this.stop();
            return { complete };
        },
        stop() {
            if (stopped)
                return;
            stopped = true;
            wake.abort();
            stream?.cancel();
            exitArrived();
        },
    };
}

;// CONCATENATED MODULE: ./build/ownership.js
// How a run marks what it creates, so that reap mode can tell whose run a job or a secret belongs
// to and whether that run is over. Labels are for filtering (lowercase, so they cannot hold
// `owner/repo`); annotations keep the exact repository, run id and attempt. The keys are valid both
// as Cloud Run annotations and as Secret Manager annotations (no "/": Secret Manager refuses it).
const managedBy = { key: 'managed-by', value: 'cloud-run-agent' };
const annotationKeys = {
    repository: 'gh-repository',
    runId: 'gh-run-id',
    runAttempt: 'gh-run-attempt',
    /** On secrets (a job carries its timeout in its template). */
    timeout: 'timeout-seconds',
};
/** Annotations naming the workflow run of this process (none outside GitHub Actions). */
function runAnnotations(env) {
    const ref = currentRun(env);
    if (!ref)
        return {};
    return {
        [annotationKeys.repository]: ref.repository,
        [annotationKeys.runId]: ref.runId,
        [annotationKeys.runAttempt]: String(ref.attempt),
    };
}
function currentRun(env) {
    return runOf({
        [annotationKeys.repository]: env.GITHUB_REPOSITORY ?? '',
        [annotationKeys.runId]: env.GITHUB_RUN_ID ?? '',
        [annotationKeys.runAttempt]: env.GITHUB_RUN_ATTEMPT || '1',
    });
}
/** The run named by a resource's annotations, when they name one well-formed. */
function runOf(annotations) {
    const repository = annotations?.[annotationKeys.repository] ?? '';
    const runId = annotations?.[annotationKeys.runId] ?? '';
    const attempt = Number(annotations?.[annotationKeys.runAttempt] || '1');
    if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository) || !/^\d{1,20}$/.test(runId))
        return undefined;
    if (!Number.isInteger(attempt) || attempt < 1)
        return undefined;
    return { repository, runId, attempt };
}
const runText = (run) => `${run.repository} run ${run.runId}${run.attempt > 1 ? ` (attempt ${run.attempt})` : ''}`;

;// CONCATENATED MODULE: ./build/prompt.js
// The PROMPT an agent receives, in the shapes Action Llama's scheduler uses, derived from the event
// that triggered the workflow when the user gives none.

const scheduled = 'You are running on a schedule. Check for new work and act on anything you find.';
const manual = 'You have been triggered manually. Check for new work and act on anything you find.';
function userPrompt(text) {
    return `<user-prompt>\n${text}\n</user-prompt>\n\nYou have been given a specific task. Complete the task described above.`;
}
function webhookPrompt(context) {
    return `<webhook-trigger>\n${JSON.stringify(context)}\n</webhook-trigger>\n\nA webhook event just fired. Review the trigger context above and take appropriate action.`;
}
/** The prompt for this run: the user's text if given, else one shaped by the triggering event. */
function defaultPrompt(env, given) {
    if (given)
        return userPrompt(given);
    const eventName = env.GITHUB_EVENT_NAME ?? '';
    if (eventName === 'schedule')
        return scheduled;
    if (eventName === 'pull_request' || eventName === 'pull_request_target') {
        const event = readEvent(env.GITHUB_EVENT_PATH);
        const pr = event.pull_request ?? {};
        const body = pr.body || undefined;
        // The same keys, in the same order and with the same fallbacks, as upstream's GitHub webhook context.
        return webhookPrompt({
            source: 'github',
            event: 'pull_request',
            action: event.action,
            repo: event.repository?.full_name ?? env.GITHUB_REPOSITORY,
            sender: event.sender?.login || 'unknown',
            timestamp: new Date().toISOString(),
            number: pr.number,
            title: pr.title,
            body: body && body.length > 4000 ? `${body.slice(0, 4000)}...` : body,
            url: pr.html_url,
            author: pr.user?.login,
            assignee: pr.assignee?.login,
            labels: (pr.labels ?? []).map((l) => l.name),
            branch: pr.head?.ref,
        });
    }
    return manual;
}
function readEvent(file) {
    if (!file)
        return {};
    try {
        return JSON.parse(external_node_fs_default().readFileSync(file, 'utf8'));
    }
    catch {
        return {};
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
        fs.rmSync(state.dockerConfig, { recursive: true, force: true });
    return failures;
}
/** Cancels an execution that has not finished and waits (bounded) until Cloud Run says it ended. */
async function stopExecution(cloud, execution, waitMs = 30_000) {
    if (job_finished(await cloud.run.getExecution(execution)))
        return;
    await cloud.run.cancelExecution(execution).catch((error) => {
        // Finishing between our read and the cancel is fine.
        if (retry_errorCode(error) !== retry_Code.FAILED_PRECONDITION)
            throw error;
    });
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline) {
        if (job_finished(await cloud.run.getExecution(execution)))
            return;
        await (0,promises_namespaceObject.setTimeout)(500);
    }
}

;// CONCATENATED MODULE: ./build/github.js
// Asks GitHub whether the workflow run that created a resource is over, for reap mode:
// GET {GITHUB_API_URL}/repos/{owner}/{repo}/actions/runs/{run_id}
// (https://docs.github.com/en/rest/actions/workflow-runs#get-a-workflow-run). A run is over when
// its status is `completed`, or when a later attempt exists (a run can only be re-run once it has
// completed). Anything else — in progress, queued, waiting, or no answer — is not "over".

/** A cached lookup of workflow runs; one request per run, whatever the number of resources. */
function githubRuns(options) {
    const cache = new Map();
    const doFetch = options.fetch ?? fetch;
    const base = options.apiUrl.replace(/\/+$/, '');
    async function get(run) {
        const url = `${base}/repos/${run.repository}/actions/runs/${run.runId}`;
        for (let attempt = 1;; attempt++) {
            try {
                const response = await doFetch(url, {
                    headers: {
                        accept: 'application/vnd.github+json',
                        authorization: `Bearer ${options.token}`,
                        'x-github-api-version': '2022-11-28',
                        'user-agent': 'cloud-run-agent',
                    },
                    signal: AbortSignal.timeout(10_000),
                });
                if (response.ok)
                    return (await response.json());
                // 404: no such run, or a token of another repository; 401/403: no permission. Either way the
                // run's state is unknown, and the age rule decides.
                if (response.status < 500 && response.status !== 429) {
                    await response.body?.cancel();
                    return `GitHub answered ${response.status}`;
                }
                await response.body?.cancel();
                if (attempt >= 3)
                    return `GitHub answered ${response.status}`;
            }
            catch (error) {
                if (attempt >= 3)
                    return `GitHub did not answer (${error.message})`;
            }
            await (0,promises_namespaceObject.setTimeout)(500 * 2 ** attempt * (0.5 + Math.random()));
        }
    }
    return async (run) => {
        const key = `${run.repository}/${run.runId}`;
        let pending = cache.get(key);
        if (!pending)
            cache.set(key, (pending = get(run)));
        const answer = await pending;
        if (typeof answer === 'string') {
            options.debug?.(`run ${key}: ${answer}`);
            return { over: false, known: false, why: answer };
        }
        if (answer.status === 'completed')
            return { over: true, why: 'its workflow run has completed' };
        if (Number(answer.run_attempt ?? 0) > run.attempt) {
            return { over: true, why: `its workflow run is on attempt ${answer.run_attempt}` };
        }
        return { over: false, known: true, why: `its workflow run is ${answer.status ?? 'not completed'}` };
    };
}

;// CONCATENATED MODULE: ./build/reap.js
// Reap mode: removes what runs of this action left behind when their runner died before the post
// step (the seed's "orphaned jobs are killed, not re-adopted"). A job or secret of this action
// (label managed-by=cloud-run-agent) is an orphan once its run is over:
//   - it is older than its own timeout plus a grace (`reap_grace`), or
//   - GitHub says the workflow run that created it (annotations gh-repository, gh-run-id,
//     gh-run-attempt) has completed, or has moved on to a later attempt.
// A running execution of an orphaned job is cancelled first; the job is deleted with its
// executions. A resource whose run may still be going on is never touched.






// The margin a secret's expiry has beyond its run's timeout (main.ts), to recover the timeout of a
// secret that does not carry it as an annotation.
const secretTtlMarginSeconds = 30 * 60;
const reap_seconds = (time) => time?.seconds === undefined || time.seconds === null ? undefined : Number(time.seconds);
async function reap(cloud, inputs, now = Date.now(), env = process.env) {
    const dry = inputs.dryRun;
    const removed = [];
    const failed = [];
    const say = (text) => {
        removed.push(text);
        info(`${dry ? 'Would remove' : 'Removed'} ${text}`);
    };
    const token = inputs.githubToken ?? '';
    const lookUp = token
        ? githubRuns({
            apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
            token,
            debug: (m) => debug(m),
        })
        : undefined;
    if (!lookUp)
        info('No github_token: orphans are recognised by age alone.');
    const unknownRepos = new Set();
    /** Why a resource's run is over, or undefined when it may still be going on. */
    async function overBecause(createdSeconds, timeoutSeconds, run) {
        const age = createdSeconds === undefined ? undefined : now / 1000 - createdSeconds;
        if (age !== undefined &&
            timeoutSeconds !== undefined &&
            age >= timeoutSeconds + inputs.reapGraceSeconds) {
            return `older than its timeout (${timeoutSeconds}s) plus ${inputs.reapGraceSeconds}s`;
        }
        if (!run || !lookUp)
            return undefined;
        const verdict = await lookUp(run);
        if (verdict.over)
            return `${verdict.why} (${runText(run)})`;
        if (!verdict.known && !unknownRepos.has(run.repository)) {
            unknownRepos.add(run.repository);
            info(`Cannot read runs of ${run.repository} (${verdict.why}); its resources are reaped by age.`);
        }
        return undefined;
    }
    const tryTo = async (what, action) => {
        try {
            await action();
            return true;
        }
        catch (error) {
            if (retry_errorCode(error) === retry_Code.NOT_FOUND)
                return true; // gone already: someone else cleaned up
            failed.push(`${what}: ${error.message}`);
            return false;
        }
    };
    // Jobs: every page, then decide; the decisions never depend on what is deleted meanwhile.
    const jobs = (await cloud.run.listJobs()).filter((job) => job.labels?.[managedBy.key] === managedBy.value);
    const live = new Set();
    const reapedJobs = new Set();
    for (const job of jobs) {
        const name = job.name;
        const jobId = name.split('/').pop();
        const timeout = reap_seconds(job.template?.template?.timeout) ?? 600;
        const why = await overBecause(reap_seconds(job.createTime), timeout, runOf(job.annotations));
        if (!why) {
            live.add(jobId);
            continue;
        }
        let executions = [];
        const listed = await tryTo(`listing the executions of ${name}`, async () => {
            executions = (await cloud.run.listExecutions(name)).map((e) => ({
                name: e.name,
                running: !job_finished(e),
            }));
            // Cancelled first: deleting a job is not a documented way to stop its execution.
            if (!dry)
                for (const e of executions.filter((x) => x.running))
                    await stopExecution(cloud, e.name);
        });
        if (!listed)
            continue;
        const deleted = dry || (await tryTo(`deleting job ${name}`, () => cloud.run.deleteJob(name)));
        if (!deleted)
            continue;
        reapedJobs.add(jobId);
        for (const e of executions)
            say(`execution ${e.name}${e.running ? ' (cancelled: it was still running)' : ''}`);
        say(`job ${name}: ${why}`);
    }
    // Secrets: those of a live job stay; the others go once their own run is over.
    const secrets = await cloud.secrets.list(`labels.${managedBy.key}=${managedBy.value}`);
    for (const secret of secrets) {
        const name = secret.name;
        const jobId = secret.labels?.['al-job'] ?? '';
        if (live.has(jobId))
            continue;
        const created = reap_seconds(secret.createTime);
        const annotated = Number(secret.annotations?.[annotationKeys.timeout]);
        const expires = reap_seconds(secret.expireTime);
        const timeout = Number.isFinite(annotated) && annotated > 0
            ? annotated
            : created !== undefined && expires !== undefined
                ? expires - created - secretTtlMarginSeconds
                : undefined;
        const why = reapedJobs.has(jobId)
            ? 'its job was reaped'
            : await overBecause(created, timeout, runOf(secret.annotations));
        if (!why)
            continue;
        if (dry || (await tryTo(`deleting secret ${name}`, () => cloud.secrets.delete(name)))) {
            say(`secret ${name}: ${why}`);
        }
    }
    const count = removed.length;
    info(`${count} orphaned resource(s) ${dry ? 'found (dry run: nothing was removed)' : 'removed'}; ${live.size} job(s) of live runs left alone.`);
    setOutput('reaped', String(count));
    if (failed.length)
        setFailed(`Could not remove:\n${failed.join('\n')}`);
    return { removed, failed, live: live.size };
}

;// CONCATENATED MODULE: ./build/secrets.js
// Materialises credentials as ephemeral Secret Manager secrets: one secret per credential
// instance, one version per field. Each secret carries labels naming the run and an expiry, so
// Google deletes it even if no cleanup ever runs.



/** The secret id for the i-th credential of a job: readable, unique within the run. */
const secretId = (jobId, index, credential) => `${jobId}-c${index + 1}-${slug(credential.type)}-${slug(credential.instance)}`.slice(0, 255);
// AddSecretVersion is limited to 2 a second per secret: https://cloud.google.com/secret-manager/quotas
const versionsPerSecond = 2;
async function createSecrets(cloud, jobId, credentials, labels, ttlSeconds, annotations = {}) {
    return Promise.all(credentials.map(async (credential, index) => {
        const secretLabels = {
            ...labels,
            'al-job': labelValue(jobId),
            'al-credential': labelValue(refText(credential).replace(':', '-')),
        };
        const secret = await cloud.secrets.create(secretId(jobId, index, credential), secretLabels, ttlSeconds, undefined, annotations);
        const versions = new Map();
        const fields = [...credential.fields];
        const started = Date.now();
        await Promise.all(fields.map(async ([field, value], i) => {
            // Paced to the per-secret rate, with a margin for clock and network jitter.
            const at = Math.floor(i / versionsPerSecond) * 1100;
            if (at)
                await (0,promises_namespaceObject.setTimeout)(started + at - Date.now());
            const version = await cloud.secrets.addVersion(secret, value);
            versions.set(field, version.split('/').pop());
        }));
        return { credential, secret, versions };
    }));
}

;// CONCATENATED MODULE: ./build/summary.js
// The job summary: what ran, how it ended, where to look, and what it cost.



// The seed's price: Cloud Run Jobs about 0.0000025 per GiB-second.
const pricePerGiBSecond = 0.0000025;
function estimatedCost(memory, seconds) {
    return (memoryMiB(memory) / 1024) * seconds * pricePerGiBSecond;
}
const icons = { succeeded: '✅', failed: '❌', cancelled: '⏹️', timed_out: '⏱️' };
/** Escapes text for a Markdown table cell. */
const cell = (text) => text.replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
async function writeSummary(report) {
    const rows = [
        ['Agent', cell(report.agent)],
        ['Status', `${icons[report.status]} ${report.status}`],
        ['Exit code', report.exitCode === undefined ? '–' : String(report.exitCode)],
        ['Duration', formatDuration(report.durationSeconds)],
        ['Image', `\`${report.image}\``],
        ['Job', `\`${report.job}\``],
        [
            'Estimated cost',
            `$${estimatedCost(report.memory, report.durationSeconds).toFixed(6)} (memory GiB-seconds at the Cloud Run Jobs price)`,
        ],
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
    await summary.addRaw(markdown).write();
}

;// CONCATENATED MODULE: ./build/wait.js
// Noticing the end of an execution at once: a long poll on the RunJob operation (WaitOperation
// returns the moment the execution ends), falling back to reading the execution every second
// where WaitOperation is not offered.



const longPollMs = 30_000;
const pollMs = 1_000;
async function waitForExecution(cloud, operation, execution, signal) {
    let longPoll = Boolean(operation);
    let failures = 0;
    for (;;) {
        if (signal.aborted)
            await new Promise(() => { }); // cancellation exits the process; wait for it
        try {
            if (longPoll) {
                await cloud.run.waitOperation(operation, longPollMs);
            }
            else {
                await (0,promises_namespaceObject.setTimeout)(pollMs);
            }
            const current = await cloud.run.getExecution(execution);
            if (job_finished(current))
                return current;
            failures = 0;
        }
        catch (error) {
            if (retry_errorCode(error) === retry_Code.UNIMPLEMENTED || retry_errorCode(error) === retry_Code.NOT_FOUND) {
                longPoll = false;
                continue;
            }
            if (!isTransient(error) || ++failures > 20)
                throw error;
            await (0,promises_namespaceObject.setTimeout)(Math.min(5_000, 200 * 2 ** failures) * Math.random());
        }
    }
}

;// CONCATENATED MODULE: ./build/main.js
// The main step: build or resolve the image, materialise credentials, create and run the job,
// mirror its logs, report the outcome. Everything created is recorded for the post step first.






















// After the execution ends, how long to wait for its last log lines (Google's ingestion lags 5–10 s).
const drainGraceMs = 30_000;
const cancelledDrainGraceMs = 4_000;
const main_secretTtlMarginSeconds = 30 * 60;
async function run() {
    const started = Date.now();
    const inputs = readInputs(getInput, process.env);
    const cloud = connect(inputs.projectId, inputs.region);
    if (inputs.mode === 'reap') {
        await reap(cloud, inputs);
        return;
    }
    // Masks first: nothing below may print a credential before the runner knows to hide it.
    const secretLines = maskLines(inputs.credentials);
    for (const line of secretLines)
        setSecret(line);
    const shutdownSecret = inputs.gatewayUrl ? (0,external_node_crypto_namespaceObject.randomUUID)() : undefined;
    if (shutdownSecret)
        setSecret(shutdownSecret);
    // The action hides them too, before it cuts or escapes a line (the runner matches exact text only).
    hideInOutput([...secretLines, ...(shutdownSecret ? [shutdownSecret] : [])]);
    cloud.warmUp();
    const runKey = `${process.env.GITHUB_RUN_ID || Date.now()}-${process.env.GITHUB_RUN_ATTEMPT || '1'}-${(0,external_node_crypto_namespaceObject.randomBytes)(2).toString('hex')}`;
    const jobId = names_jobId(inputs.agent, runKey);
    const labels = runLabels(inputs);
    const state = {
        project: inputs.projectId,
        region: inputs.region,
        job: cloud.run.jobName(jobId),
        secrets: inputs.credentials.map((c, i) => `projects/${inputs.projectId}/secrets/${secretId(jobId, i, c)}`),
    };
    state_saveState(state);
    const cancel = watchForCancellation(cloud, state);
    // The run that owns the secrets, for reap mode (labels cannot hold owner/repo).
    const owner = runAnnotations(process.env);
    const createAllSecrets = () => cancel.track(createSecrets(cloud, jobId, inputs.credentials, labels, inputs.timeoutSeconds + main_secretTtlMarginSeconds, {
        ...owner,
        [annotationKeys.timeout]: String(inputs.timeoutSeconds),
    }));
    // A prebuilt image is resolved while the secrets are created. A build comes first: the secrets
    // expire at the timeout plus 30 minutes from their creation, and a long build must not eat into that.
    const [image, mounts] = inputs.build
        ? [await prepareImage(cloud, inputs, state), await createAllSecrets()]
        : await bothOrWait(prepareImage(cloud, inputs, state), createAllSecrets());
    setOutput('image', image);
    if (inputs.gatewayUrl)
        await checkGateway(inputs.gatewayUrl);
    cancel.check();
    const env = { PROMPT: defaultPrompt(process.env, inputs.prompt), ...inputs.env };
    if (inputs.gatewayUrl && shutdownSecret)
        Object.assign(env, { GATEWAY_URL: inputs.gatewayUrl, SHUTDOWN_SECRET: shutdownSecret });
    log.info(`Creating Cloud Run job ${jobId} in ${inputs.region}`);
    await cancel.track(cloud.run.createJob(jobId, jobResource({
        image,
        env,
        mounts,
        timeoutSeconds: inputs.timeoutSeconds,
        cpu: inputs.cpu,
        memory: inputs.memory,
        serviceAccount: inputs.serviceAccount,
        labels: { ...inputs.labels, ...labels },
        annotations: { 'cloud-run-agent/agent': inputs.agent.slice(0, 256), ...owner },
    })));
    log.debug(`Created job ${jobId}`);
    cancel.check();
    // The tail opens before the execution starts, so not a line is missed.
    const filter = jobLogFilter(jobId, inputs.region);
    const logs = followLogs(cloud, {
        filter,
        sinceMs: started - 60_000,
        print: (lines) => untrusted.print(lines),
        notice: (message) => log.warning(message),
        debug: (message) => log.debug(message),
    });
    const links = { logs: logsUrl(inputs.projectId, filter, new Date(started - 60_000).toISOString()) };
    setOutput('job', jobId);
    setOutput('logs_url', links.logs);
    // The execution is known the moment RunJob answers, even when SIGINT came while it was in flight.
    const { execution, operation } = await cancel.track(cloud.run.runJob(state.job).then((started) => {
        cancel.executionStarted(started.execution);
        return started;
    }));
    state.execution = execution;
    state_saveState(state);
    const console = consoleUrl(inputs.projectId, inputs.region, execution);
    setOutput('execution', execution);
    setOutput('console_url', console);
    log.info(`Started execution ${execution.split('/').pop()}: ${console}`);
    const ended = await waitForExecution(cloud, operation, execution, cancel.signal);
    const tasks = await cloud.run.listTasks(execution);
    const result = outcome(ended, tasks);
    state.executionEnded = job_finished(ended);
    state_saveState(state);
    log.debug(`Execution ${execution.split('/').pop()} ended (${result.status}); reading its last log lines`);
    const drained = await logs.drain(result.status === 'cancelled' || result.status === 'timed_out' ? cancelledDrainGraceMs : drainGraceMs);
    if (!drained.complete)
        log.warning('The execution ended but its last log lines did not arrive in time; see the logs link for the full log.');
    const exitCode = result.exitCode ?? logs.exitCode;
    const durationSeconds = (Date.now() - started) / 1000;
    setOutput('status', result.status);
    setOutput('exit_code', exitCode === undefined ? '' : String(exitCode));
    setOutput('result', logs.result ?? '');
    setOutput('rerun_requested', String(exitCode === 42));
    setOutput('duration', String(Math.round(durationSeconds)));
    if (inputs.summary) {
        await writeSummary({
            agent: inputs.agent,
            job: jobId,
            status: result.status,
            exitCode,
            durationSeconds,
            image,
            memory: inputs.memory,
            consoleUrl: console,
            logsUrl: links.logs,
            result: logs.result,
            reason: result.reason,
            logsComplete: drained.complete,
        });
    }
    if (inputs.build)
        await pruneQuietly(cloud, inputs, image);
    if (result.status !== 'succeeded') {
        const code = exitCode === undefined ? '' : ` with exit code ${exitCode}`;
        const why = result.reason ? `: ${result.reason}` : '';
        log.fail(`Agent ${inputs.agent} ${result.status.replace('_', ' ')}${code}${why}\n${console}`);
    }
    else {
        log.info(`Agent ${inputs.agent} succeeded in ${formatDuration(durationSeconds)}`);
    }
}
function runLabels(inputs) {
    return {
        'managed-by': 'cloud-run-agent',
        'al-agent': labelValue(slug(inputs.agent)),
        'gh-repository': labelValue(process.env.GITHUB_REPOSITORY ?? 'local'),
        'gh-run-id': labelValue(process.env.GITHUB_RUN_ID ?? 'local'),
        'gh-run-attempt': labelValue(process.env.GITHUB_RUN_ATTEMPT ?? '1'),
    };
}
function main() {
    return run()
        .catch((error) => log.fail(error.message || String(error)))
        .finally(() => untrusted.close());
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

;// CONCATENATED MODULE: ./build/entries/main.js

// Open gRPC channels must not hold the step open once the work is done.
void main().finally(() => setTimeout(() => process.exit(), 1000).unref());

module.exports = __webpack_exports__;
/******/ })()
;