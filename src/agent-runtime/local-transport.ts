// Upstream's `Transport` for a one-shot run: this container is the runtime, so commands run in
// a local shell and files are read and written directly. Upstream uses it to stage credentials
// and to run the agent's pre/post hooks; the agent's own tools run in-process either way.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ExecOptions, ExecResult, Transport } from './upstream.ts';

const defaultExecTimeoutMs = 300_000;

export function localTransport(cwd: string): Transport {
  return {
    connect: () => Promise.resolve(),
    close: () => Promise.resolve(),
    exec: (command, options) => exec(command, cwd, options),
    readFiles: async (paths) => {
      const found = new Map<string, Buffer>();
      for (const file of paths) {
        try {
          found.set(file, await fs.promises.readFile(file));
        } catch {
          // Missing files are left out, as the interface says.
        }
      }
      return found;
    },
    writeFiles: async (files) => {
      for (const [file, content] of files) {
        await fs.promises.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
        await fs.promises.writeFile(file, content, { mode: 0o600 });
      }
    },
  };
}

function exec(command: string, cwd: string, options: ExecOptions = {}): Promise<ExecResult> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], {
      cwd,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      stdout.push(chunk);
      options.onData?.(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const stop = () => child.kill('SIGKILL');
    const timer = setTimeout(stop, options.timeout ?? defaultExecTimeoutMs);
    options.signal?.addEventListener('abort', stop, { once: true });
    const done = (exitCode: number | null) => {
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
