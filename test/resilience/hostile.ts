// Suite 6, hostile output corpus: the agent (untrusted: it runs whatever a prompt made it do)
// prints workflow commands in every form the runner parses, echoes its credentials, and prints
// huge lines, invalid UTF-8, NUL bytes, terminal escapes and a 100,000-line burst. The runner (the
// harness, with the runner's parser, stop-commands and masking) must execute none of it; the
// action's outputs and state must be its own; every credential byte must be masked; the action's
// memory must stay bounded; the log must be complete, or truncated with a clear notice.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { parseYamlSubset } from '../../src/action/manifest.ts';
import { runAgent, startFixture, type Fixture } from '../e2e/fixtures.ts';
import type { ActionResult, WorkflowCommand } from '../harness/runner.ts';
import {
  countLines,
  leftCount,
  newResult,
  quotaLines,
  recordMemory,
  secretBytesIn,
  visible,
  type SuiteResult,
} from './common.ts';

const manifest = parseYamlSubset(fs.readFileSync(new URL('../../action.yml', import.meta.url), 'utf8'));
const declaredOutputs = new Set(typeof manifest.outputs === 'object' ? Object.keys(manifest.outputs) : []);
if (!declaredOutputs.has('result'))
  throw new Error('action.yml declares no outputs: the check would pass anything');

export interface HostileOptions {
  /** Lines in the burst run (100,000 in the full suite). */
  burst: number;
  /** The largest line printed, in MiB. */
  hugeMiB: number;
}

const marker = 'PWNED';

/** A shell word in single quotes. */
const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;
/** printf of a format (octal escapes allowed), as one statement. */
const printf = (format: string) => `printf ${quote(format)}`;
const line = (text: string) => `printf '%s\\n' ${quote(text)}`;

/** Every form of workflow command the runner parses, each carrying the marker. */
function commandLines(): string[] {
  const guesses = Array.from({ length: 50 }, () => `::${randomBytes(16).toString('hex')}::`);
  return [
    `::set-output name=status::${marker}`,
    `::set-output name=exit_code::99`,
    `::save-state name=run::{"project":"${marker}","region":"x","secrets":["projects/x/secrets/victim"]}`,
    `::add-mask::line`,
    `::add-mask::${marker}-mask`,
    `::error::${marker} error`,
    `::warning title=${marker}::${marker} warning`,
    `::notice file=a.ts,line=1::${marker} notice`,
    `::debug::${marker} debug`,
    `::group::${marker} group`,
    `::endgroup::`,
    `::echo::on`,
    `::add-matcher::${marker}.json`,
    `::remove-matcher owner=${marker}::`,
    `::add-path::/${marker}`,
    `::set-env name=${marker}::1`,
    `::SET-OUTPUT name=result::${marker}`,
    `::Error::${marker} in capitals`,
    `   ::set-output name=result::${marker} indented`,
    `\t::error::${marker} after a tab`,
    `\u00a0\u2003::error::${marker} after Unicode spaces`,
    `prefix ##[set-output name=status;]${marker}`,
    `##[error]${marker} legacy`,
    `text ##[add-mask]${marker}`,
    `##[save-state name=run;]${marker}`,
    `##[warning title=x]${marker} legacy warning`,
    `{"_log":true,"level":"info","msg":"::error::${marker} in a structured line"}`,
    `{"message":"::set-output name=status::${marker}","severity":"ERROR"}`,
    `::stop-commands::${marker}TOKEN`,
    `::error::${marker} inside its own stop-commands`,
    `::${marker}TOKEN::`,
    `::error::${marker} after its own resume`,
    `::stop-commands::`,
    `::pause-logging::`,
    ...guesses,
    `::error::${marker} after ${guesses.length} guessed tokens`,
    `::`,
    `##[]`,
  ];
}

/** The shell statements of the hostile run (one line: the `env` input is KEY=VALUE per line). */
function hostileScript(hugeMiB: number): string {
  const statements = [
    ...commandLines().map(line),
    // \r-separated commands, and \r\n endings
    printf(`harmless\\r::set-output name=status::${marker} after CR\\n`),
    printf(`a\\r##[error]${marker} after CR\\r\\n`),
    printf(`x\\r\\r::error::${marker} after two CRs\\n`),
    // credentials: whole, per line, with surrounding text, across the truncation point, in a result
    'cat /credentials/api/default/token; echo',
    'echo "token=$(cat /credentials/api/default/token);"',
    'cat /credentials/git_ssh/botty/id_rsa',
    'while IFS= read -r l; do echo "key line: $l"; done < /credentials/git_ssh/botty/id_rsa',
    'cat /credentials/api/default/ctl; echo',
    `printf '%16366s' x; cat /credentials/api/default/token; echo`,
    `printf '{"_log":true,"level":"info","msg":"signal-result","type":"return","value":"%s"}\\n' "$(cat /credentials/api/default/token)"`,
    // lines of 1 MiB and more
    `head -c ${1024 * 1024} /dev/zero | tr '\\000' a; echo`,
    `head -c ${hugeMiB * 1024 * 1024} /dev/zero | tr '\\000' b; echo`,
    // invalid UTF-8, NUL bytes, terminal escapes
    printf(`bad utf8 \\377\\376 \\300\\200 end\\n`),
    printf(`nul\\000byte\\n`),
    printf(`\\033[31mred\\033[0m \\033]0;title\\007 \\033[2J cleared\\n`),
    line(`${marker}-mask visible`),
    line('the last hostile line'),
  ];
  return statements.join('; ');
}

/** Commands the runner executed that the action did not issue itself. */
function foreign(commands: WorkflowCommand[], ownMasks: Set<string>): WorkflowCommand[] {
  const own = new Set(['stop-commands', 'add-mask', 'error', 'warning', 'debug']);
  return commands.filter((c) => {
    const text = `${c.name} ${c.data} ${Object.entries(c.props).join(' ')}`;
    if (text.toLowerCase().includes(marker.toLowerCase())) return true;
    if (c.name === 'add-mask') return !ownMasks.has(c.data);
    if (/^[0-9a-f]{32}$/.test(c.name)) return false; // the action's own resume token
    return !own.has(c.name);
  });
}

export async function hostileSuite(options: HostileOptions): Promise<SuiteResult> {
  const r = newResult('hostile output corpus');
  const started = Date.now();
  const fixture = await startFixture({ ingestionLagMs: 1000 });
  try {
    await hostileRun(r, fixture, options);
    await burstRun(r, fixture, options);
    const left = leftCount(fixture.emulator);
    r.left = left.total;
    if (left.total) r.problems.push(`left behind: ${left.detail}`);
  } finally {
    await fixture.emulator.stop();
  }
  r.durationMs = Date.now() - started;
  return r;
}

/** Outputs and state as the action alone would leave them. */
function checkOwn(
  r: SuiteResult,
  result: ActionResult,
  label: string,
  want: Record<string, string>,
): boolean {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(want)) {
    if (result.outputs[key] !== value)
      problems.push(`output ${key} is ${JSON.stringify(result.outputs[key])}, not ${JSON.stringify(value)}`);
  }
  // Every output must be one action.yml declares: the agent cannot add one of its own.
  const unexpected = Object.keys(result.outputs).filter((k) => !declaredOutputs.has(k));
  if (unexpected.length) problems.push(`unexpected outputs ${unexpected.join(', ')}`);
  const stateKeys = Object.keys(result.main.state);
  if (stateKeys.join() !== 'run') problems.push(`state keys ${stateKeys.join(', ')}`);
  const state = JSON.parse(result.main.state.run ?? '{}') as {
    project?: string;
    job?: string;
    secrets?: string[];
  };
  if (state.project !== 'test-project' || !state.job?.endsWith(`/${result.outputs.job}`))
    problems.push(`state is not the action's: ${result.main.state.run}`);
  if (result.post?.conclusion !== 'success') problems.push(`post concluded ${result.post?.conclusion}`);
  for (const p of problems) r.problems.push(`${label}: ${p}`);
  return problems.length === 0;
}

async function hostileRun(r: SuiteResult, fixture: Fixture, options: HostileOptions): Promise<void> {
  const token = `tok-${randomBytes(20).toString('hex')}`;
  const keyLines = [randomBytes(40).toString('base64'), randomBytes(40).toString('base64')];
  const key = `-----BEGIN OPENSSH PRIVATE KEY-----\r\n${keyLines.join('\n')}\n-----END OPENSSH PRIVATE KEY-----\n`;
  const ctl = `ctl-${randomBytes(10).toString('hex')}\x01${randomBytes(10).toString('hex')}\x1b[0m${randomBytes(8).toString('hex')}`;
  const secrets = {
    AL_SECRET_api__default__token: token,
    AL_SECRET_api__default__ctl: ctl,
    AL_SECRET_git_ssh__botty__id_rsa: key,
  };
  const result = await runAgent(fixture, {
    inputs: {
      agent: 'hostile',
      credentials: 'api, git_ssh:botty',
      env: `AGENT_SCRIPT=${hostileScript(options.hugeMiB)}\nAGENT_RESULT=hostile ok`,
    },
    env: secrets,
  });
  r.runs++;
  recordMemory(r, result);
  const label = 'hostile';
  const ownMasks = new Set(
    Object.values(secrets)
      .flatMap((v) => [v.trim(), ...v.split(/\r?\n|\r/).map((l) => l.trim())])
      .filter(Boolean),
  );
  const executed = [
    ...foreign(result.main.commands, ownMasks),
    ...foreign(result.post?.commands ?? [], ownMasks),
  ];
  r.commandsExecuted += executed.length;
  for (const c of executed.slice(0, 5)) r.problems.push(`${label}: executed ${JSON.stringify(c)}`);
  const annotations = result.main.annotations.filter((a) => a.message.includes(marker));
  if (annotations.length) r.problems.push(`${label}: ${annotations.length} annotations carry the marker`);
  const correct = checkOwn(r, result, label, {
    status: 'succeeded',
    exit_code: '0',
    result: 'hostile ok',
    rerun_requested: 'false',
  });
  const log = result.main.log;
  // Every hostile line arrives (as text); huge lines are cut with a notice.
  const expected = [
    ...commandLines().filter((l) => !/^::[0-9a-f]{32}::$/.test(l)),
    'the last hostile line',
    `${marker}-mask visible`,
  ];
  const shown = (l: string) =>
    l.replace(/^[\s\u00a0\u2003]+/, '').replace(/^\{.*"msg":"(.*)"\}$/, '[info] $1');
  countLines(
    r,
    log.map((l) => l.replace(/^[\s\u00a0\u2003]+/, '')),
    expected.map(shown).filter((l) => !l.startsWith('{')),
    label,
  );
  const truncated = log.filter((l) => /… \[line truncated: \d+ more characters\]$/.test(l));
  if (truncated.length < 2)
    r.problems.push(
      `${label}: ${truncated.length} truncation notices, expected 2 (1 MiB, ${options.hugeMiB} MiB)`,
    );
  if (!log.some((l) => /^ {16365}x\*\*\*$/.test(l)))
    r.problems.push(`${label}: the credential at the truncation point is not hidden whole`);
  for (const [what, test] of [
    ['invalid UTF-8', (l: string) => l.startsWith('bad utf8 ') && l.endsWith(' end')],
    ['a NUL byte', (l: string) => l === 'nul\\x00byte'],
    ['terminal escapes', (l: string) => l.startsWith('\x1b[31mred\x1b[0m \\x1b]0;title\\x07 \\x1b[2J')],
  ] as const) {
    if (!log.some(test)) r.problems.push(`${label}: no line shows ${what} safely`);
  }
  // eslint-disable-next-line no-control-regex -- looking for control characters is the point
  if (log.some((l) => /[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f]|\x1b(?!\[[0-9;]*m)/.test(l)))
    r.problems.push(`${label}: a raw control character reached the log`);
  const values = [token, ctl, key, ...keyLines, ...ctl.split('\x01').flatMap((p) => p.split('\x1b'))];
  const seen = secretBytesIn(visible(result), values);
  if (seen) r.problems.push(`${label}: ${seen} secret bytes visible`);
  r.secretBytesSeen += seen;
  r.quotaSurfaced += quotaLines(result).length;
  if (correct && !executed.length) r.correct++;
  r.notes.push(
    `hostile: ${commandLines().length + 3} command lines in every form, credentials echoed 7 ways, lines of 16 KiB, 1 MiB and ${options.hugeMiB} MiB, invalid UTF-8, NUL, escapes; main peak RSS ${Math.round(result.main.peakRssKb / 1024)} MiB`,
  );
}

async function burstRun(r: SuiteResult, fixture: Fixture, options: HostileOptions): Promise<void> {
  const result = await runAgent(fixture, {
    inputs: { agent: 'burst', env: `AGENT_LINES=${options.burst}\nAGENT_RESULT=burst ok` },
  });
  r.runs++;
  recordMemory(r, result);
  const label = 'burst';
  const correct = checkOwn(r, result, label, { status: 'succeeded', exit_code: '0', result: 'burst ok' });
  const expected = Array.from({ length: options.burst }, (_, k) => `line ${k + 1}`);
  const { lost } = countLines(r, result.main.log, expected, label);
  const notice = result.main.log.some((l) => /last log lines did not arrive|see the logs link/.test(l));
  if (lost && !notice) r.problems.push(`${label}: ${lost} lines lost without a notice`);
  r.quotaSurfaced += quotaLines(result).length;
  if (correct) r.correct++;
  r.notes.push(
    `burst: ${options.burst} lines at once, ${options.burst - lost} mirrored, in ${Math.round(result.main.durationMs / 1000)} s; main peak RSS ${Math.round(result.main.peakRssKb / 1024)} MiB`,
  );
}
