// The test reporter of `npm test`: node:test's own spec reporter, then one line when tests were
// skipped for want of a Docker engine (requireDocker in docker.ts), saying how many and how to
// start one, so that a run without an engine does not read as a full pass. Under CI=true a missing
// engine fails those tests instead (a hook's or a file's failure stands for several tests, so the
// line then names the cause without a count).
// Use: node --test --test-reporter=./test/infra/reporter.ts 'test/**/*.test.ts'
import { Readable } from 'node:stream';
import type { TestEvent } from 'node:test/reporters';
import { spec } from 'node:test/reporters';
import { NO_DOCKER } from './docker.ts';

/** What the events say about Docker: tests skipped, or failed, because no engine answered. */
export class DockerTally {
  skipped = 0;
  skippedSuites = 0;
  failed = 0;
  where: string | undefined;

  count(event: TestEvent): void {
    if (event.type === 'test:pass' && typeof event.data.skip === 'string') {
      const suite = event.data.details.type === 'suite';
      this.note(event.data.skip, suite ? 'skippedSuites' : 'skipped');
    }
    if (event.type === 'test:fail') {
      const error = event.data.details.error as Error & { cause?: unknown };
      const cause = error.cause instanceof Error ? error.cause.message : String(error.cause);
      this.note(`${cause} ${error.message}`, 'failed');
    }
  }

  private note(text: string, as: 'skipped' | 'skippedSuites' | 'failed'): void {
    const match = NO_DOCKER.exec(text);
    if (!match) return;
    this[as]++;
    this.where ??= match[1];
  }

  /** The closing line, or none when Docker was there (or no test asked for it). */
  line(): string | undefined {
    const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
    const start =
      'Start one as root with: eval "$(scripts/docker-up.sh)", or run scripts/test.sh, which installs and starts what the tests need.';
    if (this.failed > 0)
      return `Tests failed because no Docker engine answers at ${this.where} (under CI=true that is a failure, not a skip). ${start}`;
    if (this.skipped + this.skippedSuites === 0) return undefined;
    const suites = this.skippedSuites ? ` and ${count(this.skippedSuites, 'suite')}` : '';
    return `${count(this.skipped, 'test')}${suites} skipped: no Docker engine answers at ${this.where}. ${start}`;
  }
}

export default async function* reporter(source: AsyncIterable<TestEvent>): AsyncGenerator<string> {
  const tally = new DockerTally();
  async function* counted() {
    for await (const event of source) {
      tally.count(event);
      yield event;
    }
  }
  for await (const chunk of Readable.from(counted()).pipe(new spec())) yield String(chunk);
  const line = tally.line();
  if (line) yield `\n${process.stdout.hasColors?.() ? `\x1b[33m⚠ ${line}\x1b[0m` : `⚠ ${line}`}\n`;
}
