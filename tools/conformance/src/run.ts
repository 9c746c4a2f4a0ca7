import { Unsupported } from './adapter.js';
import { adapters as defaultAdapters } from './adapters/index.js';
import type { Adapter } from './adapter.js';
import { compare, type Mismatch } from './compare.js';
import { loadFixtureDir, type FixtureCase } from './fixtures.js';

export type Status = 'passed' | 'failed' | 'skipped';

export interface CaseResult {
  id: string;
  kind: string;
  family: string;
  status: Status;
  optional: boolean;
  reason?: string;
  mismatch?: Mismatch;
}

export interface KindSummary {
  kind: string;
  passed: number;
  failed: number;
  skipped: number;
  /** Families skipped, with why: nothing hides. */
  skippedFamilies: Record<string, string>;
}

export interface ConformanceReport {
  dir: string;
  passed: number;
  failed: number;
  skipped: number;
  kinds: KindSummary[];
  cases: CaseResult[];
}

export async function runCase(c: FixtureCase, adapters: Record<string, Adapter> = defaultAdapters): Promise<CaseResult> {
  const base = { id: c.id, kind: c.kind, family: c.family, optional: c.optional === true };
  const adapter = adapters[c.kind];
  if (!adapter) return { ...base, status: 'skipped', reason: `no adapter for kind ${c.kind} yet` };
  try {
    const checks = await adapter(c);
    if (checks.length === 0) return { ...base, status: 'failed', reason: 'adapter compared nothing' };
    for (const check of checks) {
      const m = compare(check, c.rtol, c.atol);
      if (m) return { ...base, status: 'failed', mismatch: m, reason: m.message };
    }
    return { ...base, status: 'passed' };
  } catch (e) {
    if (e instanceof Unsupported) return { ...base, status: 'skipped', reason: e.message };
    return { ...base, status: 'failed', reason: `${(e as Error).name}: ${(e as Error).message}` };
  }
}

export async function runConformance(dir: string, adapters: Record<string, Adapter> = defaultAdapters): Promise<ConformanceReport> {
  const files = loadFixtureDir(dir);
  const cases: CaseResult[] = [];
  for (const f of files) for (const c of f.cases) cases.push(await runCase(c, adapters));
  const byKind = new Map<string, KindSummary>();
  for (const r of cases) {
    let k = byKind.get(r.kind);
    if (!k) byKind.set(r.kind, (k = { kind: r.kind, passed: 0, failed: 0, skipped: 0, skippedFamilies: {} }));
    k[r.status]++;
    if (r.status === 'skipped') k.skippedFamilies[r.family] = r.reason ?? '';
  }
  const kinds = [...byKind.values()];
  const sum = (s: Status) => cases.filter((r) => r.status === s).length;
  return { dir, passed: sum('passed'), failed: sum('failed'), skipped: sum('skipped'), kinds, cases };
}

export function formatReport(r: ConformanceReport): string {
  const lines: string[] = [];
  const pad = (s: string | number, n: number) => String(s).padEnd(n);
  lines.push(`${pad('kind', 24)}${pad('passed', 8)}${pad('failed', 8)}skipped`);
  for (const k of r.kinds) lines.push(`${pad(k.kind, 24)}${pad(k.passed, 8)}${pad(k.failed, 8)}${k.skipped}`);
  for (const k of r.kinds) {
    const fams = Object.entries(k.skippedFamilies);
    if (fams.length) {
      const reasons = new Map<string, string[]>();
      for (const [fam, why] of fams) reasons.set(why, [...(reasons.get(why) ?? []), fam]);
      for (const [why, list] of reasons) lines.push(`skipped ${k.kind}: ${list.join(', ')} (${why})`);
    }
  }
  for (const c of r.cases.filter((x) => x.status === 'failed')) {
    const m = c.mismatch;
    lines.push(
      m && m.index >= 0
        ? `FAIL ${c.id}: ${m.name}[${m.index}] = ${m.actual}, expected ${m.expected} (abs err ${m.absErr.toExponential(3)}, rel err ${m.relErr.toExponential(3)})`
        : `FAIL ${c.id}: ${c.reason ?? m?.message ?? 'failed'}`,
    );
  }
  lines.push(`conformance: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`);
  return lines.join('\n');
}
