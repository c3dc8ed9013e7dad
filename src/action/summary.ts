// The job summary: what ran, how it ended, where to look, and what it cost: Cloud Run's compute, and
// in project mode the model's usage as the agent's container reported it.
import * as core from '@actions/core';
import { formatDuration } from '../shared/durations.ts';
import { formatLlmUsd, usageText, type UsageFigures } from '../shared/llm-usage.ts';
import { formatUsd, type Cost } from '../job/cost.ts';
import { type Status } from '../job/outcome.ts';

export interface RunReport {
  agent: string;
  job: string;
  status: Status;
  exitCode?: number;
  durationSeconds: number;
  image: string;
  /** The execution's estimated cost (src/job/cost.ts). */
  cost: Cost;
  /** Project mode: the model usage the container reported (undefined when none came). */
  llm?: { usage?: UsageFigures };
  consoleUrl?: string;
  logsUrl: string;
  result?: string;
  reason?: string;
  logsComplete: boolean;
}

const round = (n: number): string => String(Math.round(n * 10) / 10);

const icons: Record<Status, string> = { succeeded: '✅', failed: '❌', cancelled: '⏹️', timed_out: '⏱️' };

/** Escapes text for a Markdown table cell. */
const cell = (text: string): string => text.replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');

/** The model's usage and cost, said to be the container's own report. */
function modelRows(usage: UsageFigures | undefined): [string, string][] {
  if (!usage) return [['Model usage', "unknown: the agent's container reported none"]];
  const cost =
    usage.costUsd === undefined
      ? "unknown: a model of the agent has no price in pi-ai's registry"
      : `$${formatLlmUsd(usage.costUsd)} (an estimate at pi-ai's list prices for the agent's models; the provider's bill is the truth)`;
  return [
    ['Model usage', `${usageText(usage)} (as the agent's container counted and reported them)`],
    ['Model cost', cost],
  ];
}

export async function writeSummary(report: RunReport): Promise<void> {
  const rows: [string, string][] = [
    ['Agent', cell(report.agent)],
    ['Status', `${icons[report.status]} ${report.status}`],
    ['Exit code', report.exitCode === undefined ? '–' : String(report.exitCode)],
    ['Duration', formatDuration(report.durationSeconds)],
    ['Image', `\`${report.image}\``],
    ['Job', `\`${report.job}\``],
    [
      'Cloud Run cost',
      `$${formatUsd(report.cost.usd)} (the execution's compute, an estimate: ${round(report.cost.vcpuSeconds)} vCPU-seconds and ${round(report.cost.gibSeconds)} GiB-seconds at Cloud Run jobs' Tier 1 prices; free tier and committed-use discounts not counted)`,
    ],
    ...(report.llm ? modelRows(report.llm.usage) : []),
  ];
  if (report.reason && report.status !== 'succeeded') rows.push(['Reason', cell(report.reason)]);
  if (!report.logsComplete)
    rows.push(['Logs', 'The last lines may be missing: the exit entry did not arrive in time.']);
  const links = [report.consoleUrl ? `[Execution](${report.consoleUrl})` : '', `[Logs](${report.logsUrl})`]
    .filter(Boolean)
    .join(' · ');
  let markdown = `### Cloud Run agent: ${cell(report.agent)}\n\n| | |\n|---|---|\n${rows.map(([k, v]) => `| ${k} | ${v} |`).join('\n')}\n\n${links}\n`;
  if (report.result !== undefined) {
    markdown += `\n<details><summary>Result</summary>\n\n\`\`\`\`text\n${report.result.replace(/````/g, "'''")}\n\`\`\`\`\n\n</details>\n`;
  }
  await core.summary.addRaw(markdown).write();
}
