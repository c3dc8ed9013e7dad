/******/ (() => { // webpackBootstrap
/******/ 	"use strict";
/******/ 	// The require scope
/******/ 	var __nccwpck_require__ = {};
/******/ 	
/************************************************************************/
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
/******/ 	/* webpack/runtime/hasOwnProperty shorthand */
/******/ 	(() => {
/******/ 		__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ 	})();
/******/ 	
/************************************************************************/
var __webpack_exports__ = {};

;// CONCATENATED MODULE: external "node:child_process"
const external_node_child_process_namespaceObject = require("node:child_process");
;// CONCATENATED MODULE: external "node:crypto"
const external_node_crypto_namespaceObject = require("node:crypto");
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
const newEndNonce = () => randomBytes(16).toString('hex');
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

;// CONCATENATED MODULE: ./build/agent-runtime/agent-log.js
// The entry's output: one JSON line per event, in Action Llama's container log shape
// ({"_log":true,"level":\u2026,"msg":\u2026,"ts":\u2026}), which the action renders in the workflow log.
// Upstream's runner logs through a pino-style logger; this one prints those lines and lets the
// entry watch for the messages that tell a failed run from a completed one. The entry's own lines
// for the action (the return value, the failure) are those of shared/container-lines.ts.

const rank = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };
function emit(level, msg, fields = {}) {
    process.stdout.write(`${JSON.stringify({ _log: true, level, msg, ...fields, ts: Date.now() })}\n`);
}
/**
 * The run's failure line: why agent `agent` failed, which the action shows in the step's error, the
 * summary and the comment (log-mirror/printer.ts reads it), not only in the mirrored log.
 */
function emitFailure(agent, reason) {
    emit('error', signals.failure, { agent, reason });
}
/**
 * A pino-compatible logger: `log.info(msg)`, `log.info({ fields }, msg)`, `log.child({ \u2026 })`.
 * Lines below `minLevel` are not printed but are still seen by `watch`.
 */
function agentLogger(minLevel, watch, bindings = {}) {
    const write = (level) => (...args) => {
        const line = toLine(level, args, bindings);
        watch(line);
        if (rank[level] >= rank[minLevel])
            emit(level, line.msg, line.fields);
    };
    return {
        trace: write('trace'),
        debug: write('debug'),
        info: write('info'),
        warn: write('warn'),
        error: write('error'),
        fatal: write('fatal'),
        child: (more) => agentLogger(minLevel, watch, { ...bindings, ...more }),
    };
}
function toLine(level, args, bindings) {
    const [first, second] = args;
    if (first !== null && typeof first === 'object' && !(first instanceof Error)) {
        return { level, msg: typeof second === 'string' ? second : '', fields: { ...bindings, ...plain(first) } };
    }
    if (first instanceof Error)
        return {
            level,
            msg: typeof second === 'string' ? second : first.message,
            fields: { ...bindings, err: first.message },
        };
    return { level, msg: String(first ?? ''), fields: { ...bindings } };
}
/** Errors become their message: a stack trace says nothing to the user and may be long. */
function plain(fields) {
    const out = {};
    for (const [key, value] of Object.entries(fields))
        out[key] = value instanceof Error ? value.message : value;
    return out;
}

;// CONCATENATED MODULE: ./build/shared/llm-usage.js
// The model usage of a project-mode run, as the entry inside the container counts it and the action
// reports it: turns, tokens and the cost in US dollars; and the caps (max_turns, max_llm_cost) the
// action passes in and the entry enforces. The entry prints the figures as its usage line
// (signals.usage of container-lines.ts) after every turn and at the end; the log mirror reads them
// with readUsage.
//
// Trust: the line comes from the agent's container, where the agent's own tools run as the entry's
// user, so a tool can print a line that looks like it. readUsage therefore takes numbers only, each
// checked (whole, not negative, bounded), and nothing else from it, and the mirror keeps the highest
// figures it saw (mergeUsage), so a forged line can make the reported usage larger or the cost
// unknown, never smaller than the entry's own. The figures are the run's own report, not the provider's bill; the caps are
// enforced inside the container on the entry's own count, which no printed line changes.
const noUsage = {
    turns: 0,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
};
const counts = ['turns', 'inputTokens', 'outputTokens', 'cacheReadTokens', 'cacheWriteTokens'];
/** Beyond any real run (a thousand billion tokens, a billion dollars): a bigger figure is no report. */
const maxCount = 1e12;
const maxCostUsd = 1e9;
/** The usage line's fields: the figures, the cost `null` when unknown. */
function usageFields(usage) {
    const fields = {};
    for (const name of counts)
        fields[name] = usage[name];
    fields.costUsd = usage.costUsd ?? null;
    return fields;
}
/**
 * The figures of a usage line's fields, or undefined when any is missing or not a plain number in
 * range: whole counts from 0 to 10^12, a cost from 0 to 10^9 dollars or null (unknown).
 */
function readUsage(fields) {
    const usage = { ...noUsage };
    for (const name of counts) {
        const value = fields[name];
        if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > maxCount)
            return undefined;
        usage[name] = value;
    }
    const cost = fields.costUsd;
    if (cost === null || cost === undefined)
        return usage;
    if (typeof cost !== 'number' || !Number.isFinite(cost) || cost < 0 || cost > maxCostUsd)
        return undefined;
    return { ...usage, costUsd: cost };
}
/**
 * The figures of two usage lines together: each the higher, the cost unknown when either says so.
 * The entry's figures only grow, so for its own lines this is the latest; a forged line can raise
 * a figure or make the cost unknown, never lower one.
 */
function mergeUsage(kept, next) {
    if (!kept)
        return next;
    const merged = { ...noUsage };
    for (const name of counts)
        merged[name] = Math.max(kept[name], next[name]);
    if (kept.costUsd !== undefined && next.costUsd !== undefined)
        merged.costUsd = Math.max(kept.costUsd, next.costUsd);
    return merged;
}
/** The environment variables that carry the caps into the container. */
const capVariables = { maxTurns: 'AL_MAX_TURNS', maxLlmCost: 'AL_MAX_LLM_COST' };
/** The exit code of a run a cap stopped: none of the container contract's (0, 1, 5, 10\u201316, 42, 124). */
const capExitCode = 123;
/** max_turns as written: a whole number of at least 1 (NaN otherwise). */
const parseMaxTurns = (text) => /^[1-9]\d{0,8}$/.test(text.trim()) ? Number(text) : NaN;
/** max_llm_cost as written: a positive decimal number of US dollars, such as 2 or 0.50 (NaN otherwise). */
function parseMaxLlmCost(text) {
    const value = /^\d{1,9}(\.\d{1,9})?$/.test(text.trim()) ? Number(text) : NaN;
    return value > 0 ? value : NaN;
}
/** The caps the action put in the container's environment; a variable set to what is no cap is a problem. */
function readCaps(env) {
    const caps = {};
    const problems = [];
    const turns = env[capVariables.maxTurns];
    const cost = env[capVariables.maxLlmCost];
    if (turns)
        caps.maxTurns = parseMaxTurns(turns);
    if (cost)
        caps.maxLlmCost = parseMaxLlmCost(cost);
    if (Number.isNaN(caps.maxTurns))
        problems.push(`${capVariables.maxTurns}="${turns}" is not a whole number \u2265 1`);
    if (Number.isNaN(caps.maxLlmCost))
        problems.push(`${capVariables.maxLlmCost}="${cost}" is not a positive number of dollars`);
    return { caps, problems };
}
/** The cap `usage` has reached (turns first), if any. */
function reachedCap(usage, caps) {
    if (caps.maxTurns !== undefined && usage.turns >= caps.maxTurns)
        return 'max_turns';
    if (caps.maxLlmCost !== undefined && usage.costUsd !== undefined && usage.costUsd >= caps.maxLlmCost)
        return 'max_llm_cost';
    return undefined;
}
/** Dollars as the llm_cost output gives them: six decimals, as the cost output. */
const formatLlmUsd = (usd) => usd.toFixed(6);
/** The counts in words: "3 turns, 300 input and 30 output tokens" (and the cache's, when any). */
function usageText(usage) {
    const cache = usage.cacheReadTokens || usage.cacheWriteTokens;
    return [
        `${usage.turns} turn${usage.turns === 1 ? '' : 's'}`,
        `${usage.inputTokens} input and ${usage.outputTokens} output tokens`,
        ...(cache
            ? [`${usage.cacheReadTokens} cache-read and ${usage.cacheWriteTokens} cache-write tokens`]
            : []),
    ].join(', ');
}
/** Why the run stopped, naming the cap and the figure reached: the step's error. */
function capStopReason(cap, usage, caps) {
    if (cap === 'max_turns')
        return `the agent stopped after ${usage.turns} turn${usage.turns === 1 ? '' : 's'}: max_turns is ${caps.maxTurns}`;
    const cost = usage.costUsd === undefined ? 'an unknown cost' : `$${formatLlmUsd(usage.costUsd)}`;
    return `the agent stopped after ${cost} of model usage: max_llm_cost is ${caps.maxLlmCost}`;
}

;// CONCATENATED MODULE: ./build/agent-runtime/meter.js
// The entry's own count of a run's model usage, and its caps. It sums the usage of every assistant
// message as the agent loop ends it (message_end), which still counts turns that upstream's final
// figure loses: those compaction drops from the session, and those of a model the run fell back
// from (upstream makes a session per model and reports only the last one's). The LLM calls that
// compaction makes itself are not agent messages and are not counted.
//
// A turn is one model response: a message with its usage. A call that failed (an HTTP error, each
// of pi's retries one) or that the entry aborted (a cap, the timeout) is not a turn; its usage,
// usually none, is still summed. The cost is priced here, not taken from the message: upstream
// prices a model with a baseUrl at zero (transport-runner.js, "custom provider with baseUrl"), so the
// message says $0 for what may be a proxy of a priced model. The rates are pi-ai's registry's for
// the configured provider/model, behind a baseUrl too; a model the registry does not price (absent,
// or every rate 0: free tiers, subscriptions) makes the cost unknown, never zero.

const rateNames = ['input', 'output', 'cacheRead', 'cacheWrite'];
/** The rates when they price anything (some rate above 0), else undefined: the cost is unknown. */
function priced(rates) {
    if (!rates)
        return undefined;
    const clean = Object.fromEntries(rateNames.map((name) => [name, Number.isFinite(rates[name]) ? Math.max(0, rates[name]) : 0]));
    return rateNames.some((name) => clean[name] > 0) ? clean : undefined;
}
/**
 * The rates of the session's model: the registry's for the configured model it is (a model with a
 * baseUrl is found by its baseUrl and id, as upstream registers it as provider "custom_<provider>"),
 * else the session's own.
 */
function ratesOf(model, configured, registry) {
    if (!model)
        return undefined;
    const config = configured.find((c) => c.model === model.id && (c.baseUrl ? c.baseUrl === model.baseUrl : c.provider === model.provider));
    return priced(config ? registry(config.provider, config.model) : model.cost);
}
/** What a message cost at `rates`: pi-ai's calculateCost (models.js), per million tokens. */
function costOf(usage, rates) {
    return rateNames.reduce((sum, name) => sum + (rates[name] / 1e6) * count(usage[name]), 0);
}
const count = (value) => typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
/** `everyModelPriced`: the cost of a run that has no message yet is $0, else unknown. */
function createMeter(caps, everyModelPriced) {
    let usage = { ...noUsage };
    let messages = 0;
    let cost = 0;
    let unpricedMessage = false;
    let stoppedBy;
    const figures = () => {
        // Unknown for good once a model without a price answered: a partial sum would be made up.
        const known = !unpricedMessage && (messages > 0 || everyModelPriced);
        return known ? { ...usage, costUsd: cost } : { ...usage };
    };
    const addMessage = (message, rates) => {
        const tokens = message.usage ?? {};
        messages++;
        if (rates)
            cost += costOf(tokens, rates);
        else
            unpricedMessage = true;
        const answered = message.stopReason !== 'error' && message.stopReason !== 'aborted';
        usage = {
            turns: usage.turns + (answered ? 1 : 0),
            inputTokens: usage.inputTokens + count(tokens.input),
            outputTokens: usage.outputTokens + count(tokens.output),
            cacheReadTokens: usage.cacheReadTokens + count(tokens.cacheRead),
            cacheWriteTokens: usage.cacheWriteTokens + count(tokens.cacheWrite),
        };
    };
    return {
        figures,
        onEvent(event, rates) {
            if (event.type === 'message_end' && event.message?.role === 'assistant')
                addMessage(event.message, rates);
            // The loop calls the model again only after a turn whose tools ran (agent-loop.js, runLoop).
            const goesOn = event.type === 'turn_end' && (event.toolResults?.length ?? 0) > 0;
            if (!goesOn || stoppedBy)
                return undefined;
            stoppedBy = reachedCap(figures(), caps);
            return stoppedBy;
        },
    };
}

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = require("node:fs");
var external_node_fs_default = /*#__PURE__*/__nccwpck_require__.n(external_node_fs_namespaceObject);
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = require("node:path");
var external_node_path_default = /*#__PURE__*/__nccwpck_require__.n(external_node_path_namespaceObject);
;// CONCATENATED MODULE: ./build/agent-runtime/local-transport.js
// Upstream's `Transport` for a one-shot run: this container is the runtime, so commands run in
// a local shell and files are read and written directly. Upstream uses it to stage credentials
// and to run the agent's pre/post hooks; the agent's own tools run in-process either way.



const defaultExecTimeoutMs = 300_000;
function localTransport(cwd) {
    return {
        connect: () => Promise.resolve(),
        close: () => Promise.resolve(),
        exec: (command, options) => exec(command, cwd, options),
        readFiles: async (paths) => {
            const found = new Map();
            for (const file of paths) {
                try {
                    found.set(file, await external_node_fs_default().promises.readFile(file));
                }
                catch {
                    // Missing files are left out, as the interface says.
                }
            }
            return found;
        },
        writeFiles: async (files) => {
            for (const [file, content] of files) {
                await external_node_fs_default().promises.mkdir(external_node_path_default().dirname(file), { recursive: true, mode: 0o700 });
                await external_node_fs_default().promises.writeFile(file, content, { mode: 0o600 });
            }
        },
    };
}
function exec(command, cwd, options = {}) {
    return new Promise((resolve) => {
        const child = (0,external_node_child_process_namespaceObject.spawn)('/bin/sh', ['-c', command], {
            cwd,
            env: process.env,
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        const stdout = [];
        const stderr = [];
        child.stdout.on('data', (chunk) => {
            stdout.push(chunk);
            options.onData?.(chunk);
        });
        child.stderr.on('data', (chunk) => stderr.push(chunk));
        const stop = () => child.kill('SIGKILL');
        const timer = setTimeout(stop, options.timeout ?? defaultExecTimeoutMs);
        options.signal?.addEventListener('abort', stop, { once: true });
        const done = (exitCode) => {
            clearTimeout(timer);
            options.signal?.removeEventListener('abort', stop);
            resolve({
                stdout: Buffer.concat(stdout).toString(),
                stderr: Buffer.concat(stderr).toString(),
                exitCode,
            });
        };
        child.on('error', (error) => {
            stderr.push(Buffer.from(error.message));
            done(127);
        });
        child.on('close', (code) => done(code));
    });
}

;// CONCATENATED MODULE: ./build/agent-runtime/processes.js
// Stopping what the agent's tools started. Upstream's bash tool starts each command in a process
// group of its own, and its timeout only disposes the model session, so a command that ignores
// it runs on; the entry finds such processes by their parent links in /proc.

/** Every live descendant of `root`, children before grandchildren. */
function descendantsOf(root, proc = '/proc') {
    const children = new Map();
    for (const name of safeReaddir(proc)) {
        if (!/^\d+$/.test(name))
            continue;
        const ppid = parentOf(`${proc}/${name}/stat`);
        if (ppid === undefined)
            continue;
        children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    }
    const found = [];
    const queue = [root];
    while (queue.length) {
        for (const child of children.get(queue.shift()) ?? []) {
            found.push(child);
            queue.push(child);
        }
    }
    return found;
}
/** Sends SIGKILL to every descendant of `root`; returns how many there were. */
function killDescendants(root) {
    const pids = descendantsOf(root);
    for (const pid of pids) {
        try {
            process.kill(pid, 'SIGKILL');
        }
        catch {
            // Already gone.
        }
    }
    return pids.length;
}
// /proc/<pid>/stat: "pid (comm) state ppid \u2026"; comm may hold spaces and parentheses.
function parentOf(statFile) {
    try {
        const stat = external_node_fs_default().readFileSync(statFile, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return Number(fields[1]);
    }
    catch {
        return undefined;
    }
}
function safeReaddir(dir) {
    try {
        return external_node_fs_default().readdirSync(dir);
    }
    catch {
        return [];
    }
}

;// CONCATENATED MODULE: ./build/agent-runtime/exit-code.js
// How a one-shot run ends: upstream's outcome, corrected by what its log showed, as an exit code
// of the agent container contract (0 ok, 1 error, 10 auth, 12 rate-limited, 42 rerun, 124 timeout),
// or this entry's own for a run a cap stopped (123, shared/llm-usage.ts).

const exitCodes = {
    ok: 0,
    error: 1,
    auth: 10,
    rateLimited: 12,
    config: 13,
    dependency: 14,
    rerun: 42,
    capReached: capExitCode,
    timeout: 124,
};
const authFailure = /\b(401|403)\b|unauthori[sz]ed|invalid[ _-]?api[ _-]?key|authentication|forbidden/i;
const rateLimit = /\b429\b|rate.?limit|quota|overloaded/i;
function ending(outcome, observed, timeoutSeconds) {
    if (observed.timedOut)
        return { exitCode: exitCodes.timeout, reason: `the agent's timeout of ${timeoutSeconds} s was reached` };
    // Upstream says "completed" when the loop was aborted; the return value is kept all the same.
    if (observed.capStop)
        return { exitCode: exitCodes.capReached, reason: observed.capStop };
    if (outcome.result === 'error') {
        const why = outcome.exitReason || observed.modelError || 'the run failed';
        return { exitCode: classify(why, observed), reason: why };
    }
    if (observed.modelError)
        return {
            exitCode: classify(observed.modelError, observed),
            reason: `the model call failed: ${observed.modelError}`,
        };
    if (outcome.result === 'rerun')
        return { exitCode: exitCodes.rerun };
    return { exitCode: exitCodes.ok };
}
function classify(message, observed) {
    if (observed.modelsExhausted || rateLimit.test(message))
        return exitCodes.rateLimited;
    if (authFailure.test(message))
        return exitCodes.auth;
    return exitCodes.error;
}

;// CONCATENATED MODULE: ./build/github/context.js
// The trigger context of the event that started the workflow, in the shape Action Llama's GitHub
// webhook provider builds it (GitHubWebhookProvider.parseEvent and extractContext, 0.29): the same
// keys in the same order, the same fallbacks, texts cut at 4,000 characters plus "...", null where
// upstream reads no context. The agent's prompt and its trigger filters (src/project/triggers.ts) both read
// it, so an agent sees and accepts in a workflow what it would see and accept behind upstream's
// gateway. test/unit/github/context.test.ts compares it with upstream's own on recorded payloads.

/**
 * The webhook event GitHub would deliver for an Actions event. Only pull_request_target differs:
 * it is Actions' name for a `pull_request` delivery run in the base repository's context, with the
 * same payload, so upstream (and an agent's `events = ["pull_request"]`) sees "pull_request".
 */
function webhookEventName(actionsEvent) {
    return actionsEvent === 'pull_request_target' ? 'pull_request' : actionsEvent;
}
/** The context of the workflow's event (GITHUB_EVENT_NAME, GITHUB_EVENT_PATH), or null as upstream. */
function context_eventContext(env, now = new Date()) {
    const event = env.GITHUB_EVENT_NAME;
    if (!event)
        return null;
    return githubContext(webhookEventName(event), context_readPayload(env.GITHUB_EVENT_PATH), now);
}
/** Upstream's parseEvent for the webhook event `event` with payload `body`. */
function githubContext(event, body, now = new Date()) {
    if (event === 'ping')
        return null; // webhook set-up, not an event
    const repo = body.repository?.full_name;
    if (!repo)
        return null;
    const base = {
        source: 'github',
        event,
        action: body.action,
        repo,
        sender: body.sender?.login || 'unknown',
        timestamp: now.toISOString(),
    };
    return extract(event, body, base);
}
function extract(event, body, base) {
    switch (event) {
        case 'issues':
            return body.issue ? issues(body.issue, base) : null;
        case 'pull_request':
            return body.pull_request ? pullRequest(body.pull_request, base) : null;
        case 'issue_comment':
            return body.issue && body.comment ? issueComment(body.issue, body.comment, base) : null;
        case 'pull_request_review':
            return body.pull_request && body.review ? review(body.pull_request, body.review, base) : null;
        case 'push':
            return push(body, base);
        case 'workflow_run':
            return body.workflow_run ? workflowRun(body.workflow_run, base) : null;
        default:
            // Every other event: upstream's generic context.
            return { ...base, title: body.action || event };
    }
}
const names = (labels) => labels?.map((l) => l.name) || [];
function issues(issue, base) {
    return {
        ...base,
        number: issue.number,
        title: issue.title,
        body: truncate(issue.body),
        url: issue.html_url,
        author: issue.user?.login,
        assignee: issue.assignee?.login,
        labels: names(issue.labels),
    };
}
function pullRequest(pr, base) {
    return { ...issues(pr, base), branch: pr.head?.ref };
}
function issueComment(issue, comment, base) {
    return {
        ...base,
        number: issue.number,
        title: issue.title,
        url: comment.html_url,
        author: issue.user?.login,
        comment: truncate(comment.body),
        labels: names(issue.labels),
    };
}
function review(pr, review, base) {
    return {
        ...base,
        number: pr.number,
        title: pr.title,
        url: review.html_url,
        author: pr.user?.login,
        comment: truncate(review.body),
        branch: pr.head?.ref,
    };
}
function push(body, base) {
    // As upstream: the first "refs/heads/" goes, so a tag push keeps its whole ref.
    const branch = (body.ref || '').replace('refs/heads/', '');
    return {
        ...base,
        branch,
        url: body.compare,
        title: body.head_commit?.message,
        author: body.head_commit?.author?.username || body.pusher?.name,
    };
}
function workflowRun(run, base) {
    const first = run.pull_requests?.length ? run.pull_requests[0] : undefined;
    return {
        ...base,
        title: run.name,
        url: run.html_url,
        branch: run.head_branch,
        author: run.actor?.login,
        conclusion: run.conclusion,
        number: first?.number,
    };
}
/** Upstream's truncateEventText: empty is undefined, more than 4,000 characters is cut with "...". */
function truncate(text, max = 4000) {
    if (!text)
        return undefined;
    return text.length > max ? `${text.slice(0, max)}...` : text;
}
/** The payload at GITHUB_EVENT_PATH; one that cannot be read is empty (and so has no context). */
function context_readPayload(file) {
    if (!file)
        return {};
    try {
        const payload = JSON.parse(fs.readFileSync(file, 'utf8'));
        return payload && typeof payload === 'object' ? payload : {};
    }
    catch {
        return {};
    }
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
    const extra = dispatchSection(eventName, readPayload(env.GITHUB_EVENT_PATH));
    if (given)
        return userPrompt(given) + extra;
    if (eventName === 'schedule')
        return scheduled;
    const context = eventName === 'workflow_dispatch' ? null : eventContext(env);
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

;// CONCATENATED MODULE: ./build/agent-runtime/event-prompt.js
// What started this run, as the action passes it to the container (AL_EVENT_NAME, AL_EVENT: the
// GitHub event's name and its payload, slimmed by src/github/payload.ts; AL_PROMPT: the `prompt`
// input), turned into upstream's own prompt by upstream's own GitHub provider and prompt builders.

function parseTrigger(env) {
    const payload = env.AL_EVENT ? JSON.parse(env.AL_EVENT) : {};
    if (!payload || typeof payload !== 'object' || Array.isArray(payload))
        throw new Error('AL_EVENT is not a JSON object');
    return {
        event: env.AL_EVENT_NAME ?? '',
        payload: payload,
        prompt: env.AL_PROMPT || undefined,
    };
}
// The scheduler's prompt context: it offers the lock skill to every agent.
const ctx = { skills: { locking: true } };
/**
 * A given prompt is the task of a manual run; a schedule is upstream's scheduled prompt;
 * workflow_dispatch a manual run; any other event goes through upstream's GitHub provider as a
 * webhook would. The dispatch events' data is appended in every case (src/github/prompt.ts).
 */
function buildPrompt(upstream, config, trigger) {
    const { event, payload, prompt } = trigger;
    const extra = dispatchSection(event, payload);
    const manual = (note) => ({
        prompt: upstream.makeManualPrompt(config, ctx, prompt) + extra,
        info: { type: 'manual' },
        note,
    });
    if (prompt || event === 'workflow_dispatch' || !event)
        return manual();
    if (event === 'schedule')
        return { prompt: upstream.makeScheduledPrompt(config, ctx), info: { type: 'schedule' } };
    const context = upstream.parseGitHubEvent(webhookEvent(event), payload);
    if (!context)
        return manual(`Action Llama's GitHub provider finds no trigger context in the ${event} event (a ping, or a payload without its repository, issue, pull request, comment or review): the agent gets the manual prompt`);
    return {
        prompt: upstream.makeWebhookPrompt(config, context, ctx) + extra,
        info: { type: 'webhook', source: 'github' },
    };
}
/** The webhook a workflow event corresponds to: pull_request_target carries a pull_request payload. */
function webhookEvent(event) {
    return event === 'pull_request_target' ? 'pull_request' : event;
}

;// CONCATENATED MODULE: external "node:url"
const external_node_url_namespaceObject = require("node:url");
;// CONCATENATED MODULE: ./build/agent-runtime/upstream.js
var __rewriteRelativeImportExtension = (undefined && undefined.__rewriteRelativeImportExtension) || function (path, preserveJsx) {
    if (typeof path === "string" && /^\.\.?\//.test(path)) {
        return path.replace(/\.(tsx)$|((?:\.d)?)((?:\.[^./]+?)?)\.([cm]?)ts$/i, function (m, tsx, d, ext, cm) {
            return tsx ? preserveJsx ? ".jsx" : ".js" : d && (!ext || !cm) ? m : (d + ext + "." + cm.toLowerCase() + "js");
        });
    }
    return path;
};
// The boundary with upstream Action Llama inside the agent's container. Release 0.29 has no
// one-shot command and no in-container entry: its agent loop (TransportAgentRunner) is meant to
// run inside the scheduler. This module loads exactly the parts a one-shot run needs, half of them
// by file path (they are not in the package's `exports`), and checks their shape before anything
// runs, so that an upstream release that moved them fails at start-up with a clear message
// instead of half-way through a run.



/** Upstream versions this entry was run against (README "Project mode"). */
const testedVersions = ['0.29.1'];
/** Log messages of upstream's runner that the entry watches; each must occur in its source. */
const upstreamMessages = {
    modelError: 'session.prompt() completed with error',
    timeout: 'agent timeout reached, aborting',
    modelsExhausted: 'all models exhausted across all retry passes',
};
class UpstreamShapeError extends Error {
}
/** Loads upstream from `root` (the installed package folder) and checks what the entry relies on. */
async function loadUpstream(root) {
    const pkg = JSON.parse(external_node_fs_default().readFileSync(external_node_path_default().join(root, 'package.json'), 'utf8'));
    const file = (rel) => importFile(root, rel);
    const [config, execution, runnerModule, fallback, locks, calls, credentialSetup, github] = await Promise.all([
        file('dist/shared/config.js'),
        file('dist/execution/execution.js'),
        file('dist/agents/transport-runner.js'),
        file('dist/agents/model-fallback.js'),
        file('dist/execution/lock-store.js'),
        file('dist/execution/call-store.js'),
        file('dist/agents/credential-setup.js'),
        file('dist/webhooks/providers/github.js'),
    ]);
    const fn = (module, name, where) => need(module, name, 'function', where);
    const loadGlobalConfig = fn(config, 'loadGlobalConfig', 'dist/shared/config.js');
    const loadAgentConfig = fn(config, 'loadAgentConfig', 'dist/shared/config.js');
    const validateAgentConfig = fn(config, 'validateAgentConfig', 'dist/shared/config.js');
    const makeScheduledPrompt = fn(execution, 'makeScheduledPrompt', 'dist/execution/execution.js');
    const makeManualPrompt = fn(execution, 'makeManualPrompt', 'dist/execution/execution.js');
    const makeWebhookPrompt = fn(execution, 'makeWebhookPrompt', 'dist/execution/execution.js');
    const loadContainerCredentials = fn(credentialSetup, 'loadContainerCredentials', 'dist/agents/credential-setup.js');
    const TransportAgentRunner = fn(runnerModule, 'TransportAgentRunner', 'dist/agents/transport-runner.js');
    const ModelCircuitBreaker = fn(fallback, 'ModelCircuitBreaker', 'dist/agents/model-fallback.js');
    const LockStore = fn(locks, 'LockStore', 'dist/execution/lock-store.js');
    const CallStore = fn(calls, 'CallStore', 'dist/execution/call-store.js');
    const GitHubWebhookProvider = fn(github, 'GitHubWebhookProvider', 'dist/webhooks/providers/github.js');
    const provider = new GitHubWebhookProvider();
    if (typeof provider.parseEvent !== 'function')
        throw new UpstreamShapeError('GitHubWebhookProvider has no method parseEvent()');
    const parseEvent = provider.parseEvent;
    checkRunner(root, TransportAgentRunner);
    const createRunner = runnerMaker(TransportAgentRunner, { ModelCircuitBreaker, LockStore, CallStore });
    return {
        version: pkg.version,
        loadGlobalConfig: loadGlobalConfig,
        loadAgentConfig: loadAgentConfig,
        validateAgentConfig: validateAgentConfig,
        makeScheduledPrompt: makeScheduledPrompt,
        makeManualPrompt: makeManualPrompt,
        makeWebhookPrompt: makeWebhookPrompt,
        parseGitHubEvent: (event, payload) => (parseEvent.call(provider, { 'x-github-event': event }, payload) ?? null),
        loadContainerCredentials: loadContainerCredentials,
        createRunner,
        modelRates: await loadRegistry(root),
    };
}
/** The runner's methods the entry overrides or calls, and the log lines it watches, are still there. */
function checkRunner(root, TransportAgentRunner) {
    const proto = TransportAgentRunner.prototype;
    const methods = [
        'run',
        'abort',
        'createTransport',
        'stageCredentials',
        'runPiSession',
        'subscribeToEvents',
    ];
    for (const method of methods) {
        if (typeof proto[method] !== 'function')
            throw new UpstreamShapeError(`TransportAgentRunner has no method ${method}()`);
    }
    const source = external_node_fs_default().readFileSync(external_node_path_default().join(root, 'dist/agents/transport-runner.js'), 'utf8');
    for (const message of [...Object.values(upstreamMessages), '"host-user"', 'schedulerToolsDeps']) {
        if (!source.includes(message))
            throw new UpstreamShapeError(`dist/agents/transport-runner.js no longer contains ${JSON.stringify(message)}`);
    }
}
/** Makes upstream's runner for one run in this container, with the scheduler's parts it needs. */
function runnerMaker(TransportAgentRunner, parts) {
    const Runner = TransportAgentRunner;
    const make = (part) => new part();
    return (options) => {
        // The runtime is this container: upstream's runner would start a Docker container or a
        // `sudo` shell here; in a one-shot job its commands run in the entry's own process tree.
        class OneShotRunner extends Runner {
            createTransport() {
                return Promise.resolve(options.transport);
            }
            // Called by runPiSession right after it creates each model's session (transport-runner.js).
            subscribeToEvents(session) {
                Runner.prototype.subscribeToEvents.call(this, session);
                if (options.onSession)
                    options.onSession(checkedSession(session));
            }
        }
        const noSubAgents = {
            ok: false,
            reason: 'sub-agent calls need Action Llama\u2019s scheduler; this run is a one-shot Cloud Run job',
        };
        return new OneShotRunner({
            globalConfig: options.globalConfig,
            agentConfig: options.agentConfig,
            logger: options.logger,
            circuitBreaker: make(parts.ModelCircuitBreaker),
            baseImage: 'unused',
            projectPath: options.projectPath,
            // The scheduler's tools (return_value, locks, status) with in-memory stores: locks are
            // held for this run only, and a call to another agent is refused.
            schedulerToolsDeps: {
                lockStore: make(parts.LockStore),
                callStore: make(parts.CallStore),
                dispatchCall: () => noSubAgents,
                logger: options.logger,
            },
        });
    };
}
/**
 * pi-ai's getModel, from the pi-ai upstream itself imports: found as Node finds it from upstream's
 * folder (its own node_modules, then each parent's), and imported by path (its package exports
 * only `import`, which a bundle's require cannot resolve).
 */
async function loadRegistry(root) {
    const name = '@mariozechner/pi-ai';
    let dir = root;
    while (!external_node_fs_default().existsSync(external_node_path_default().join(dir, 'node_modules', name, 'package.json'))) {
        const parent = external_node_path_default().dirname(dir);
        if (parent === dir)
            throw new UpstreamShapeError(`${name} (upstream's model registry) is not installed`);
        dir = parent;
    }
    const models = await importFile(external_node_path_default().join(dir, 'node_modules', name), 'dist/models.js');
    const getModel = need(models, 'getModel', 'function', `${name}/dist/models.js`);
    return (provider, id) => getModel(provider, id)?.cost;
}
/** The session as the entry uses it, its shape checked: a pi release that changed it fails clearly. */
function checkedSession(value) {
    const session = value;
    if (typeof session?.abortRetry !== 'function' ||
        typeof session.agent?.subscribe !== 'function' ||
        typeof session.agent.abort !== 'function')
        throw new UpstreamShapeError("pi's AgentSession has no agent.subscribe(), agent.abort() or abortRetry()");
    return session;
}
async function importFile(root, rel) {
    const file = external_node_path_default().join(root, rel);
    if (!external_node_fs_default().existsSync(file))
        throw new UpstreamShapeError(`${rel} is missing`);
    // webpackIgnore: the bundler must leave this import to Node at run time.
    return (await import(__rewriteRelativeImportExtension(/* webpackIgnore: true */ (0,external_node_url_namespaceObject.pathToFileURL)(file).href)));
}
function need(module, name, type, where) {
    if (typeof module[name] !== type)
        throw new UpstreamShapeError(`${where} no longer exports ${name}`);
    return module[name];
}

;// CONCATENATED MODULE: ./build/agent-runtime/run-once.js
// The one-shot entry of a project-mode agent image: runs one Action Llama agent once, with
// upstream's own runtime, and exits with the outcome. Two processes: a supervisor (the container's
// PID 1) that enforces a hard timeout, stops whatever the agent's tools started and prints the end
// marker last, and a worker that drives upstream's runner. See README "Project mode".










const env = process.env;
const agent = env.AL_AGENT ?? '';
const defaultTimeoutSeconds = 3600; // upstream's DEFAULT_AGENT_TIMEOUT
// After upstream's own timeout, how long its runner gets to wind down before everything is killed.
const hardTimeoutGraceSeconds = 15;
const timeoutSeconds = Number(env.AL_TIMEOUT_SECONDS) > 0 ? Number(env.AL_TIMEOUT_SECONDS) : defaultTimeoutSeconds;
// The end marker's nonce, for the supervisor alone: removed before the worker starts, so the agent's
// tools do not inherit it (a tool that looks for it can find it: shared/container-lines.ts says why that
// does no harm).
const endNonce = env[endNonceVariable];
delete env[endNonceVariable];
if (process.argv[2] === '--worker') {
    // A crash of the runner (an error nothing caught) is a failure with its message, not a bare exit 1.
    process.on('uncaughtException', crashed);
    process.on('unhandledRejection', crashed);
    work().catch(crashed);
}
else
    supervise();
/** The run's usage so far, once the worker has started the agent: a crash or a stop still reports it. */
let meter;
/** The usage line (shared/llm-usage.ts): after every turn and at the end; the mirror keeps the highest. */
function emitUsage() {
    if (meter)
        emit('info', signals.usage, usageFields(meter.figures()));
}
function crashed(error) {
    emitUsage();
    emitFailure(agent, `the run crashed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(exitCodes.error);
}
function supervise() {
    const worker = (0,external_node_child_process_namespaceObject.spawn)(process.execPath, [process.argv[1], '--worker'], { stdio: 'inherit' });
    let stopping = false;
    const hardTimeout = setTimeout(() => {
        stopping = true;
        emitFailure(agent, `the agent did not stop within ${hardTimeoutGraceSeconds} s of its ${timeoutSeconds} s timeout; stopping it and everything it started`);
        stopEverything();
        exitMarked(exitCodes.timeout);
    }, (timeoutSeconds + hardTimeoutGraceSeconds) * 1000);
    // Cloud Run sends SIGTERM when the execution is cancelled or the task times out.
    for (const signal of ['SIGTERM', 'SIGINT']) {
        process.on(signal, () => {
            if (stopping)
                return;
            stopping = true;
            worker.kill('SIGTERM');
            setTimeout(() => {
                stopEverything();
                exitMarked(128 + (signal === 'SIGTERM' ? 15 : 2));
            }, 5_000).unref();
        });
    }
    worker.on('exit', (code, signal) => {
        clearTimeout(hardTimeout);
        stopEverything(); // what the agent's tools started and left running
        if (signal)
            emitFailure(agent, `the agent's process was killed by ${signal}`);
        exitMarked(code ?? exitCodes.error);
    });
}
/**
 * Exits with `code`, the end marker the last line on stdout and on stderr, once the worker and
 * what it started are gone (writes to pipes are synchronous on Linux: nothing is lost at exit).
 */
function exitMarked(code) {
    if (endNonce) {
        const line = `${endMarkerLine(endNonce)}\n`;
        process.stdout.write(line);
        process.stderr.write(line);
    }
    process.exit(code);
}
function stopEverything() {
    try {
        // kill(-1) reaches every process this user may signal except the caller: in the container,
        // every process but PID 1 (orphans included). Only ever as PID 1: on a host it would reach
        // the user's other work, so there the worker's descendants are stopped instead.
        if (process.pid === 1)
            process.kill(-1, 'SIGKILL');
        else
            killDescendants(process.pid);
    }
    catch {
        // Nothing left to stop.
    }
}
async function work() {
    const observed = {};
    let stopAgent = () => { };
    const watch = (line) => {
        if (line.msg === upstreamMessages.modelError)
            observed.modelError = String(line.fields.errorMessage ?? 'unknown error');
        if (line.msg === upstreamMessages.timeout) {
            observed.timedOut = true;
            // Upstream's timeout only disposes the model session: the loop would go on calling the model
            // and running tools, silently. Ending the loop (and the tool it runs) ends the run now.
            stopAgent();
            setImmediate(() => killDescendants(process.pid));
        }
        if (line.msg === upstreamMessages.modelsExhausted)
            observed.modelsExhausted = true;
    };
    const logger = agentLogger(env.AL_LOG_LEVEL === 'debug' ? 'debug' : 'info', watch);
    const projectPath = env.AL_PROJECT_DIR ?? '/app/project';
    const caps = await step(exitCodes.config, 'reading the caps', () => capsOf(env));
    const upstream = await step(exitCodes.dependency, 'loading Action Llama', () => loadUpstream(env.AL_UPSTREAM_DIR ?? '/app/node_modules/@action-llama/action-llama'));
    if (!testedVersions.includes(upstream.version))
        emit('warn', `@action-llama/action-llama ${upstream.version} has not been tested with this entry (tested: ${testedVersions.join(', ')})`);
    const { config, globalConfig } = await step(exitCodes.config, `loading agent ${agent}`, () => loadConfig(upstream, projectPath, agent));
    const metered = await step(exitCodes.config, 'pricing the models', () => meterRun(upstream, config, caps, observed));
    meter = metered.meter;
    stopAgent = metered.stop;
    await step(exitCodes.auth, 'reading the credentials', () => upstream.loadContainerCredentials(config));
    const trigger = await step(exitCodes.config, 'reading the event', () => parseTrigger(env));
    const built = buildPrompt(upstream, config, trigger);
    if (built.note)
        emit('warn', built.note);
    const runner = upstream.createRunner({
        globalConfig,
        agentConfig: config,
        logger,
        projectPath,
        transport: localTransport('/tmp'),
        onSession: metered.onSession,
    });
    process.on('SIGTERM', () => {
        runner.abort();
        emitUsage();
        process.exit(128 + 15);
    });
    emit('info', `running agent ${agent} once with Action Llama ${upstream.version} (timeout ${timeoutSeconds} s${capsText(caps)})`);
    const outcome = await runner.run(built.prompt, built.info);
    emitUsage();
    if (outcome.returnValue !== undefined)
        emit('info', signals.result, { type: 'return', value: outcome.returnValue });
    const end = ending(outcome, observed, timeoutSeconds);
    if (end.reason)
        emitFailure(agent, end.reason);
    emit('info', 'run finished', { exitCode: end.exitCode });
    process.exit(end.exitCode);
}
function capsOf(env) {
    const { caps, problems } = readCaps(env);
    if (problems.length)
        throw new Error(problems.join('; '));
    return caps;
}
const capsText = (caps) => (caps.maxTurns ? `, max_turns ${caps.maxTurns}` : '') +
    (caps.maxLlmCost ? `, max_llm_cost ${caps.maxLlmCost}` : '');
/**
 * Meters every model session of the run (meter.ts) and stops the agent when a turn reaches a cap.
 * A cost cap needs a price for every model the run may fall back to: without one it refuses to start.
 */
function meterRun(upstream, config, caps, observed) {
    const unpriced = config.models.filter((m) => !priced(upstream.modelRates(m.provider, m.model)));
    if (caps.maxLlmCost !== undefined && unpriced.length)
        throw new Error(`max_llm_cost is set, but pi-ai's model registry has no price for ${unpriced.map((m) => `${m.provider}/${m.model}`).join(', ')}, so the cost cannot be counted. ` +
            'Use models it prices (one behind a baseUrl is priced as its provider/model), or remove max_llm_cost.');
    const counted = createMeter(caps, unpriced.length === 0);
    let current;
    const onSession = (session) => {
        current = session;
        // An agent listener: the loop waits for it, so a stop here comes before the next model call.
        session.agent.subscribe((event) => {
            const cap = counted.onEvent(event, ratesOf(session.model, config.models, upstream.modelRates));
            if (event.type === 'turn_end')
                emitUsage();
            if (!cap)
                return;
            observed.capStop = capStopReason(cap, counted.figures(), caps);
            emit('warn', `${cap} reached: stopping the agent before its next model call`);
            abortLoop(session);
        });
    };
    return { meter: counted, onSession, stop: () => current && abortLoop(current) };
}
/**
 * Ends the agent loop at once: a waiting retry is dropped, the running tool aborted, and the next
 * model call never sent. Upstream's own abort only disposes the session, and the loop goes on.
 * Not awaited (session.abort() would wait for the listener that calls it).
 */
function abortLoop(session) {
    session.abortRetry();
    session.agent.abort();
}
function loadConfig(upstream, projectPath, agent) {
    const globalConfig = upstream.loadGlobalConfig(projectPath);
    const config = upstream.loadAgentConfig(projectPath, agent);
    upstream.validateAgentConfig(config);
    // One timeout for the task, the supervisor and upstream's own timer: the action sets it.
    config.timeout = timeoutSeconds;
    // Upstream stages credential copies for its runtime; "host-user" stages them under /tmp,
    // where this non-root process may write, instead of over the read-only /credentials mounts.
    config.runtime = { ...config.runtime, type: 'host-user' };
    return { config, globalConfig };
}
/** Runs one start-up step; a failure ends the run with `exitCode` and a line saying what failed. */
async function step(exitCode, what, run) {
    try {
        return await run();
    }
    catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const hint = error instanceof UpstreamShapeError
            ? `; this entry was written for @action-llama/action-llama ${testedVersions.join(', ')}: set action_llama_version to one of them`
            : '';
        emitFailure(agent, `${what} failed: ${message}${hint}`);
        process.exit(exitCode);
    }
}

module.exports = __webpack_exports__;
/******/ })()
;