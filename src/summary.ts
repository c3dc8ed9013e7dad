// The job summary: what ran, how it ended, where to look, and what it cost.
import * as core from '@actions/core';
import { formatDuration } from './durations.ts';
import { memoryMiB } from './inputs.ts';
import type { Status } from './job.ts';

export interface RunReport {
  agent: string;
  job: string;
  status: Status;
  exitCode?: number;
  durationSeconds: number;
  image: string;
  memory: string;
  consoleUrl?: string;
  logsUrl: string;
  result?: string;
  reason?: string;
  logsComplete: boolean;
}

// The seed's price: Cloud Run Jobs about 0.0000025 per GiB-second.
const pricePerGiBSecond = 0.0000025;

export function estimatedCost(memory: string, seconds: number): number {
  return (memoryMiB(memory) / 1024) * seconds * pricePerGiBSecond;
}

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
      `$${estimatedCost(report.memory, report.durationSeconds).toFixed(6)} (memory GiB-seconds at the Cloud Run Jobs price)`,
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
