// The job summary: what ran, how it ended, where to look, and what it cost.
import * as core from '@actions/core';
import { formatDuration } from '../shared/durations.ts';
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

export async function writeSummary(report: RunReport): Promise<void> {
  const rows: [string, string][] = [
    ['Agent', cell(report.agent)],
    ['Status', `${icons[report.status]} ${report.status}`],
    ['Exit code', report.exitCode === undefined ? '–' : String(report.exitCode)],
    ['Duration', formatDuration(report.durationSeconds)],
    ['Image', `\`${report.image}\``],
    ['Job', `\`${report.job}\``],
    [
      'Estimated cost',
      `$${formatUsd(report.cost.usd)} (an estimate: ${round(report.cost.vcpuSeconds)} vCPU-seconds and ${round(report.cost.gibSeconds)} GiB-seconds at Cloud Run jobs' Tier 1 prices; free tier and committed-use discounts not counted)`,
    ],
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
