// The body of the agent's comment on its pull request or issue: a hidden marker on the first line
// (how a re-run finds the comment again), then "running" with its links, or the outcome with the
// agent's return value. The return value is the agent's text, untrusted: it goes in a fenced code
// block longer than any backtick run inside it, where GitHub neither notifies @mentions or teams,
// nor links #references, nor renders HTML, so it cannot ping, cannot break out of its block and
// cannot pose as the marker or as the action's own text. Closing keywords (`fixes #1`) do nothing
// in a comment anyway: GitHub closes issues only from a pull request's description or a commit
// message merged into the default branch. The agent's own failure reason (project mode: the model's
// error, the timeout) is its text too, and goes in such a block the same way.
import { commentMarker } from './authorisation.ts';
import { formatDuration } from '../shared/durations.ts';
import { formatLlmUsd, usageText, type UsageFigures } from '../shared/llm-usage.ts';
import { type Status } from '../job/outcome.ts';

/** GitHub's limit for an issue comment's body, in characters. */
export const bodyLimit = 65_536;
/** Kept free below the limit: GitHub counts characters, the action UTF-16 units (never fewer). */
const margin = 512;
/** At most this much of the body for the failure's block (the printer caps the reason far below). */
const failureRoom = 4096;

/** The first line of the agent's comment. The name is encoded so that no agent name can end the HTML comment. */
// The prefix is what authorisation skips, so the action's own comments never start a run.
export const marker = (agent: string): string => `${commentMarker}${encodeURIComponent(agent)} -->`;

/** Whether a comment's body is the agent's: the marker is its whole first line. */
export const isMarked = (body: string, agent: string): boolean =>
  body === marker(agent) || body.startsWith(`${marker(agent)}\n`);

export interface Links {
  /** The execution in the Cloud console: only while it runs (the job is deleted when it ends). */
  console?: string;
  logs: string;
  /** The workflow run on GitHub. */
  run?: string;
}

export interface CommentOutcome {
  agent: string;
  status: Status;
  exitCode?: number;
  durationSeconds: number;
  /** Cloud Run's estimated cost in US dollars, when known. */
  cost?: number;
  /** Project mode: the model usage the container reported (undefined when none came). */
  llm?: { usage?: UsageFigures };
  /** Why, in Cloud Run's or the action's words: a table cell. */
  reason?: string;
  /** Why, in the agent's own words (untrusted, like the result): a fenced block. */
  failure?: string;
  result?: string;
  links: Links;
}

const icons: Record<Status, string> = { succeeded: '✅', failed: '❌', cancelled: '⏹️', timed_out: '⏱️' };

export function runningBody(agent: string, links: Links): string {
  return [marker(agent), `### 🏃 Agent ${code(agent)} is running`, '', linkLine(links), ''].join('\n');
}

/** The comment post writes when main stopped before it reported (cancelled, or it failed). */
export function stoppedBody(agent: string, links: Links): string {
  return [
    marker(agent),
    `### ⏹️ Agent ${code(agent)} stopped before it reported its outcome`,
    '',
    'The workflow was cancelled or the step failed; the workflow run has the details.',
    '',
    linkLine(links),
    '',
  ].join('\n');
}

export function outcomeBody(report: CommentOutcome): string {
  const rows: [string, string][] = [
    ['Status', `${icons[report.status]} ${report.status}`],
    ['Exit code', report.exitCode === undefined ? '–' : String(report.exitCode)],
    ['Duration', formatDuration(report.durationSeconds)],
  ];
  if (report.cost !== undefined)
    rows.push(['Cloud Run cost', `$${report.cost.toFixed(6)} (compute, estimated)`]);
  if (report.llm) rows.push(...modelRows(report.llm.usage));
  if (report.reason && report.status !== 'succeeded')
    rows.push(['Reason', code(report.reason.slice(0, 1000))]);
  const head = [
    marker(report.agent),
    `### ${icons[report.status]} Agent ${code(report.agent)} ${report.status.replace('_', ' ')}`,
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([key, value]) => `| ${key} | ${value.replace(/\|/g, '\\|')} |`),
    '',
    linkLine({ ...report.links, console: undefined }),
    '',
  ].join('\n');
  const failure =
    report.failure !== undefined && report.status !== 'succeeded'
      ? `\n**Why it failed**\n\n${fencedResult(report.failure, failureRoom, report.links.logs)}`
      : '';
  if (report.result === undefined) return `${head}${failure}`;
  const room = bodyLimit - margin - head.length - failure.length - '\n**Return value**\n\n'.length;
  return `${head}${failure}\n**Return value**\n\n${fencedResult(report.result, room, report.links.logs)}`;
}

/** The model's usage and cost: figures the agent's container reported, numbers only. */
function modelRows(usage: UsageFigures | undefined): [string, string][] {
  if (!usage) return [['Model usage', 'unknown (none reported)']];
  const cost =
    usage.costUsd === undefined
      ? 'unknown (no price for the model)'
      : `$${formatLlmUsd(usage.costUsd)} (list prices, estimated)`;
  return [
    ['Model usage', `${usageText(usage)} (as reported by the container)`],
    ['Model cost', cost],
  ];
}

/**
 * The return value in a code block of at most `room` characters: cut (with a note and the logs
 * link) when it would not fit, control characters shown rather than sent.
 */
export function fencedResult(result: string, room: number, logsUrl: string): string {
  const text = visible(result);
  const whole = fence(text);
  if (whole.length <= room) return whole;
  const note = (kept: number) =>
    `\n_The return value was cut to ${kept} of ${text.length} characters; the [logs](${logsUrl}) have all of it._\n`;
  // No prefix of the text needs a longer fence than the whole, and no note is longer than the
  // one with the whole length, so the cut fits whatever its own fence and note.
  const overhead = 2 * fenceFor(text).length + 'text'.length + 3 + note(text.length).length;
  const cut = cutAt(text, Math.max(0, room - overhead));
  return `${fence(cut)}${note(cut.length)}`;
}

/** Text in a fenced block whose fence no line inside can close. */
function fence(text: string): string {
  const ticks = fenceFor(text);
  return `${ticks}text\n${text}${text.endsWith('\n') || !text ? '' : '\n'}${ticks}\n`;
}

/** Backticks, one more than the longest run in the text, and at least three. */
export function fenceFor(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(Math.max(3, longest + 1));
}

/** Inline code that no backtick inside can end; line breaks become spaces. */
function code(text: string): string {
  const flat = visible(text).replace(/\n/g, ' ');
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${flat}${pad}${ticks}`;
}

/** Line breaks made \n, and other control characters shown as \xNN instead of sent. */
function visible(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    /[\x00-\x08\x0b-\x1f\x7f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

/** The first `length` UTF-16 units, never half a surrogate pair. */
function cutAt(text: string, length: number): string {
  const cut = text.slice(0, length);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}

function linkLine(links: Links): string {
  return [
    links.console ? `[Execution](${links.console})` : '',
    `[Logs](${links.logs})`,
    links.run ? `[Workflow run](${links.run})` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}
