// The built playground (dist/) for the Chromium tests: built here when missing or older than the
// sources (turbo's build normally ran already).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, serveStatic, type StaticServer } from '@descent/browser-test';

export const root = join(import.meta.dirname, '..');
export const dist = join(root, 'dist');

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return t;
}

/** Build when dist is missing or older than the sources. */
export function ensureBuilt(): void {
  const html = join(dist, 'index.html');
  const stale = !existsSync(html) || statSync(html).mtimeMs < Math.max(newest(join(root, 'src')), statSync(join(root, 'index.html')).mtimeMs);
  if (stale) execFileSync(process.execPath, [join(root, '..', '..', 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'error'], { cwd: root, stdio: 'inherit' });
}

/** The built app served on 127.0.0.1 and a Chromium to open it in (close both at the end). */
export async function servedApp(): Promise<{ server: StaticServer; browser: Awaited<ReturnType<typeof launchChromium>> }> {
  ensureBuilt();
  return { server: await serveStatic({ '/': dist }), browser: await launchChromium() };
}
