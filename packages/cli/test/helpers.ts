import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = resolve(CLI_ROOT, '..', '..');
export const MAIN = join(CLI_ROOT, 'dist', 'main.js');

let built = false;
/** Build the CLI once per test file (tsc -b is incremental: cheap when up to date). */
export function buildCli(): void {
  if (built) return;
  execFileSync('npx', ['tsc', '-b', 'packages/cli'], { cwd: REPO_ROOT, stdio: 'inherit' });
  built = true;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the BUILT binary: `node packages/cli/dist/main.js ...args` in `cwd`. */
export function descent(args: string[], cwd: string): Promise<RunResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [MAIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

/** Start the binary without waiting (for the SIGINT test). */
export function start(args: string[], cwd: string): ChildProcess {
  return spawn(process.execPath, [MAIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function tmp(prefix = 'descent-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function readJson<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

export function readJsonl(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Small, fast training flags for tests. */
export const SMALL = ['--dataset', 'iris', '--model', 'mlp:8', '--epochs', '3', '--quiet'];
