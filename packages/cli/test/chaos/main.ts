// `npm run chaos`: the whole fault-injection suite against the built CLI. Prints each failure,
// then one line: `chaos: N trials, F failures`. Exit 1 when anything failed.
import { rmSync } from 'node:fs';
import { badFlags, concurrentWriters, corruptions, faultAtSteps, outputsAndSignals, randomKills, reference, setConcurrency, type Trial } from './cases.js';
import { tmpDir } from './harness.js';

setConcurrency(3);
const root = tmpDir();
const started = Date.now();
const ref = await reference(root);
const every = Array.from({ length: ref.steps }, (_, i) => i + 1);
const trials: Trial[] = [];
const family = async (name: string, f: () => Promise<Trial[]>) => {
  const t = await f();
  trials.push(...t);
  const failed = t.filter((x) => x.failure);
  for (const x of failed) process.stdout.write(`FAIL ${x.name}: ${x.failure}\n`);
  process.stderr.write(`${name}: ${t.length} trials, ${failed.length} failures\n`);
};
await family('SIGKILL at every file-system step', () => faultAtSteps(root, ref, 'kill', every));
// the other faults at every fifth step, each action at another offset: together they cover every step once
for (const [k, action] of ['sigterm', 'sigint', 'sighup', 'enospc', 'eio'].entries()) {
  const steps = every.filter((n) => n % 5 === k);
  await family(`${action} at every fifth file-system step`, () => faultAtSteps(root, ref, action, steps));
}
await family('SIGKILL at random instants', () => randomKills(root, ref, 24, 17, 1500));
await family('damaged run directories', () => corruptions(root));
await family('concurrent writers', () => concurrentWriters(root, ref, 6));
await family('bad flags and inputs', () => badFlags(root));
await family('closed or full stdout, early signals', () => outputsAndSignals(root));
rmSync(root, { recursive: true, force: true });
const failures = trials.filter((t) => t.failure).length;
process.stdout.write(`chaos: ${trials.length} trials, ${failures} failures (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
process.exitCode = failures ? 1 : 0;
