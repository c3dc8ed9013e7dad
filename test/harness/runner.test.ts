import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseYamlSubset } from './action-yml.ts';
import { CommandProcessor, LineSplitter, type LogEntry } from './commands.ts';
import { parseFileCommands, parseWorkflowCommands, runAction, SecretMasker, splitLines } from './runner.ts';

describe('workflow commands', () => {
  test('stop-commands blocks every command until the token comes back', () => {
    const r = parseWorkflowCommands([
      '::stop-commands::tok12345',
      '::set-output name=a::1',
      '::warning::from the container',
      '::tok12345x::',
      '::tok12345::',
      '::set-output name=b::2',
    ]);
    assert.deepEqual(r.outputs, { b: '2' });
    assert.deepEqual(r.annotations, []);
    // Lines seen while stopped are printed as they are; the token itself is masked (> 6 chars).
    assert.deepEqual(r.log, [
      '::stop-commands::***',
      '::set-output name=a::1',
      '::warning::from the container',
      '::***x::',
      '::***::',
    ]);
  });

  test('an invalid stop token fails the step instead of stopping', () => {
    const r = parseWorkflowCommands(['::stop-commands::warning', '::set-output name=a::1']);
    assert.equal(r.failed, true);
    assert.deepEqual(r.outputs, { a: '1' });
  });

  test('indenting a command does not neutralise it', () => {
    const r = parseWorkflowCommands(['   \t::warning file=a.ts,line=3::careful']);
    assert.deepEqual(r.annotations, [
      { type: 'warning', message: 'careful', props: { file: 'a.ts', line: '3' } },
    ]);
    assert.deepEqual(r.log, ['##[warning]careful']);
  });

  test('the legacy ##[…] syntax works in the middle of a line', () => {
    const r = parseWorkflowCommands(['some prefix ##[set-output name=x;]y%5Dz', 'plain :: line']);
    assert.deepEqual(r.outputs, { x: 'y]z' });
    assert.deepEqual(r.log, ['plain :: line']);
  });

  test('a lone CR ends a line, as in the runner', () => {
    const r = parseWorkflowCommands('progress 10%\r::set-output name=r::1\r\nnext\n');
    assert.deepEqual(r.outputs, { r: '1' });
    assert.deepEqual(r.log, ['progress 10%', 'next']);
    assert.deepEqual(splitLines('a\r\nb\rc\n\nd'), ['a', 'b', 'c', '', 'd']);
  });

  test('a CRLF split across two chunks is one line end', () => {
    const splitter = new LineSplitter();
    assert.deepEqual(splitter.push('a\r'), []);
    assert.deepEqual(splitter.push('\nb'), ['a']);
    assert.deepEqual(splitter.end(), ['b']);
  });

  test('escapes are decoded per the runner rules', () => {
    const r = parseWorkflowCommands(['::error title=a%2Cb%3Ac%250A::one%0Atwo%25%3A']);
    assert.deepEqual(r.annotations, [
      { type: 'error', message: 'one\ntwo%%3A', props: { title: 'a,b:c%0A' } },
    ]);
  });

  test('add-mask masks later lines only, with the encoded forms', () => {
    const secret = 's3cr3t-value';
    const r = parseWorkflowCommands([
      `before ${secret}`,
      `::add-mask::${secret}`,
      `after ${secret}!`,
      `base64 ${Buffer.from(secret).toString('base64')}`,
    ]);
    assert.deepEqual(r.log, [`before ${secret}`, 'after ***!', 'base64 ***']);
    assert.equal(r.commands.at(0)?.name, 'add-mask');
  });

  test('overlapping or touching masks merge into one ***', () => {
    const masker = new SecretMasker();
    masker.add('abcdef');
    masker.add('defghi');
    masker.add('jklmno');
    assert.equal(masker.mask('xabcdefghiy abcdef'), 'x***y ***');
    assert.equal(masker.mask('abcdefjklmno'), '***');
  });

  test('disabled or malformed commands fail the step', () => {
    assert.equal(parseWorkflowCommands(['::set-env name=A::b']).failed, true);
    assert.equal(parseWorkflowCommands(['::set-output::no name']).failed, true);
    assert.equal(parseWorkflowCommands(['::notacommand::x']).failed, false);
  });

  test('each log line is told with what it is: fenced lines are output, the fence lines commands', () => {
    const processor = new CommandProcessor();
    const entries: LogEntry[] = [];
    processor.onEntry = (entry) => entries.push(entry);
    for (const line of [
      '::group::Build sk-secret-value',
      '::add-mask::sk-secret-value',
      'key sk-secret-value',
      '::endgroup::',
      '::stop-commands::tok12345',
      '::error::from the container',
      '##[group]also from the container',
      '::tok12345::',
      '::warning file=a.ts::careful',
      '::echo::on',
      '::debug::not echoed',
      '::set-output name=x::1',
      '::notice::noted',
    ])
      processor.line(line);
    assert.deepEqual(entries, [
      { kind: 'group', title: 'Build sk-secret-value' },
      { kind: 'output', text: 'key ***' },
      { kind: 'endgroup' },
      { kind: 'command', text: '::stop-commands::***' },
      { kind: 'output', text: '::error::from the container' },
      { kind: 'output', text: '##[group]also from the container' },
      { kind: 'command', text: '::***::' },
      { kind: 'annotation', type: 'warning', message: 'careful' },
      { kind: 'command', text: '::set-output name=x::1' },
      { kind: 'annotation', type: 'notice', message: 'noted' },
    ]);
    assert.equal(entries.length, processor.log.length, 'one entry per line of the log');
  });

  test('group and endgroup become log markers', () => {
    assert.deepEqual(parseWorkflowCommands(['::group::Logs', 'x', '::endgroup::']).log, [
      '##[group]Logs',
      'x',
      '##[endgroup]',
    ]);
  });
});

describe('file commands', () => {
  test('NAME=value and heredocs', () => {
    const r = parseFileCommands('a=1\nmulti<<EOF\nx\ny=z\nEOF\nb=2=3\nempty<<E\nE\n');
    assert.deepEqual(r, { values: { a: '1', multi: 'x\ny=z', b: '2=3', empty: '' } });
  });

  test('a heredoc without its delimiter is an error, earlier values are kept', () => {
    const r = parseFileCommands('a=1\nb<<EOF\nnever closed\n');
    assert.deepEqual(r.values, { a: '1' });
    assert.match(r.error ?? '', /Matching delimiter not found 'EOF'/);
  });
});

test('action.yml subset: nested maps, quoting, block scalars', () => {
  const doc = parseYamlSubset(
    [
      'name: x # comment',
      'description: >-',
      '  folded',
      '  text',
      'inputs:',
      "  'job name':",
      '    default: "a: b"',
      '  lit:',
      '    default: |',
      '      one',
      '      two',
      'branding:',
      '  - ignored',
      'runs:',
      "  using: 'node24'",
    ].join('\n'),
  );
  assert.deepEqual(doc, {
    name: 'x',
    description: 'folded text',
    inputs: { 'job name': { default: 'a: b' }, lit: { default: 'one\ntwo\n' } },
    branding: '  - ignored',
    runs: { using: 'node24' },
  });
});

describe('runAction', () => {
  let dir = '';
  const action = (main: string, post = '') =>
    Promise.all([
      writeFile(join(dir, 'main.cjs'), main),
      writeFile(join(dir, 'post.cjs'), post || 'console.log("post ran")'),
    ]);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cra-fixture-action-'));
    await writeFile(
      join(dir, 'action.yml'),
      [
        'name: fixture',
        'inputs:',
        '  project-id:',
        '    default: p-default',
        '  job name:',
        '    default: ${{ github.repository }}',
        '  no-default:',
        '    description: has none',
        'runs:',
        '  using: node24',
        '  main: main.cjs',
        '  post: post.cjs',
      ].join('\n'),
    );
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('inputs, outputs, state into post, env, masks across steps, summary', async () => {
    await action(
      `const fs = require('node:fs');
       const e = process.env;
       console.log(JSON.stringify([e['INPUT_PROJECT-ID'], e.INPUT_JOB_NAME, e['INPUT_NO-DEFAULT'], e.INPUT_EXTRA]));
       fs.appendFileSync(e.GITHUB_OUTPUT, 'single=1\\nmulti<<DELIM\\nline a\\nline b\\nDELIM\\n');
       fs.appendFileSync(e.GITHUB_STATE, 'fromFile=f\\n');
       fs.appendFileSync(e.GITHUB_ENV, 'FROM_MAIN=yes\\n');
       fs.appendFileSync(e.GITHUB_PATH, '/opt/first\\n/opt/second\\n');
       fs.appendFileSync(e.GITHUB_STEP_SUMMARY, '# Summary hunter22secret\\n');
       console.log('::save-state name=fromCommand::c');
       console.log('::add-mask::hunter22secret');
       console.error('stderr hunter22secret');`,
      `const e = process.env;
       console.log([e.STATE_fromFile, e.STATE_fromCommand, e.FROM_MAIN, e['INPUT_PROJECT-ID']].join(' '));
       console.log(e.PATH.split(':').slice(0, 2).join(' '));
       console.log('post sees hunter22secret');`,
    );
    const r = await runAction({ actionDir: dir, inputs: { 'project-id': 'p1', extra: 'x' } });
    assert.equal(r.main.conclusion, 'success');
    assert.deepEqual(JSON.parse(r.main.log.find((l) => l.startsWith('[')) ?? ''), [
      'p1',
      'octo-org/octo-repo',
      '',
      'x',
    ]);
    assert.match(r.main.log[0] ?? '', /^##\[warning\]Unexpected input\(s\) 'extra'/);
    assert.deepEqual(r.outputs, { single: '1', multi: 'line a\nline b' });
    assert.deepEqual(r.main.state, { fromCommand: 'c', fromFile: 'f' });
    assert.deepEqual(r.main.env, { FROM_MAIN: 'yes' });
    assert.equal(r.main.summary, '# Summary ***\n');
    assert.ok(r.main.log.includes('stderr ***'));
    assert.match(r.main.rawStderr.toString(), /stderr hunter22secret/);
    assert.deepEqual(r.post?.log, ['f c yes p1', '/opt/second /opt/first', 'post sees ***']);
  });

  test("onLog tells each step's lines as they come, with what they are", async () => {
    await action(
      `console.log('::group::Making');
       console.log('::add-mask::hunter22secret');
       console.log('made hunter22secret');
       console.log('::endgroup::');
       setTimeout(() => console.log('::error::late'), 200);`,
    );
    const seen: { step: string; entry: LogEntry; at: number }[] = [];
    const started = Date.now();
    const r = await runAction({
      actionDir: dir,
      onLog: (step, entry) => seen.push({ step, entry, at: Date.now() - started }),
    });
    assert.deepEqual(
      seen.map(({ step, entry }) => [step, entry]),
      [
        ['main', { kind: 'group', title: 'Making' }],
        ['main', { kind: 'output', text: 'made ***' }],
        ['main', { kind: 'endgroup' }],
        ['main', { kind: 'annotation', type: 'error', message: 'late' }],
        ['post', { kind: 'output', text: 'post ran' }],
      ],
    );
    // Live: the first lines arrive before main ends, not with its result.
    assert.ok(seen[0]!.at + 100 < seen[3]!.at, JSON.stringify(seen));
    assert.equal(r.main.log.length, 4);
  });

  test('cancellation: SIGINT first, post still runs', async () => {
    await action(`process.on('SIGINT', () => { console.log('got SIGINT'); process.exit(0); });
      console.log('ready'); setInterval(() => {}, 1000);`);
    const r = await runAction({
      actionDir: dir,
      signal: { when: (log) => log.some((l) => l.line === 'ready') },
    });
    assert.equal(r.main.conclusion, 'cancelled');
    assert.deepEqual(r.main.log, ['ready', 'got SIGINT']);
    assert.deepEqual(r.post?.log, ['post ran']);
  });

  test('cancellation escalates to SIGTERM after 7.5 s, then SIGKILL 2.5 s later', async () => {
    await action(`for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => console.log(s));
      console.log('ready'); setInterval(() => {}, 1000);`);
    const r = await runAction({
      actionDir: dir,
      signal: { when: (log) => log.some((l) => l.line === 'ready') },
    });
    const at = (line: string) => r.main.timeline.find((l) => l.line === line)?.t ?? NaN;
    assert.equal(r.main.signal, 'SIGKILL');
    assert.ok(Math.abs(at('SIGTERM') - at('SIGINT') - 7_500) < 500, JSON.stringify(r.main.timeline));
    assert.ok(Math.abs(r.main.durationMs - at('SIGINT') - 10_000) < 1_000, String(r.main.durationMs));
  });

  test('a child still holding stdout keeps the step 5 s, then the tree is killed', async () => {
    await action(`const { spawn } = require('node:child_process');
      spawn(process.execPath, ['-e', 'setTimeout(() => console.log("too late"), 30000)'], { stdio: 'inherit' }).unref();
      console.log('main done');`);
    const r = await runAction({ actionDir: dir });
    assert.equal(r.main.conclusion, 'success');
    assert.deepEqual(r.main.log, ['main done']);
    assert.ok(r.main.durationMs > 5_000 && r.main.durationMs < 6_500, String(r.main.durationMs));
  });

  test('a crash (SIGKILL, no cancellation) fails the step; post is optional', async () => {
    await action(`console.log('ready'); setInterval(() => {}, 1000);`);
    const killMainAt = { when: (log: { line: string }[]) => log.some((l) => l.line === 'ready') };
    const r = await runAction({ actionDir: dir, killMainAt });
    assert.equal(r.main.conclusion, 'failure');
    assert.equal(r.main.signal, 'SIGKILL');
    assert.deepEqual(r.post?.log, ['post ran']);
    assert.equal((await runAction({ actionDir: dir, killMainAt, runPost: false })).post, undefined);
  });

  test('a polled trigger fires on a condition outside the log', async () => {
    await action(`setInterval(() => {}, 1000);`);
    let asked = 0;
    const t0 = Date.now();
    const r = await runAction({
      actionDir: dir,
      killMainAt: { poll: () => ++asked > 0 && Date.now() - t0 > 300 },
      runPost: false,
    });
    assert.equal(r.main.signal, 'SIGKILL');
    assert.ok(asked > 3, `asked ${asked} times`);
  });

  test('forged set-output and save-state from main are honoured, as the runner would', async () => {
    await action(
      `console.log('  ::set-output name=planted::yes');
      console.log('log ##[save-state name=token;]forged');`,
      'console.log(process.env.STATE_token)',
    );
    const r = await runAction({ actionDir: dir });
    assert.deepEqual(r.outputs, { planted: 'yes' });
    assert.deepEqual(r.post?.log, ['forged']);
  });
});
