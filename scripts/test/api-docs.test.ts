// The API reference (`npm run docs`, TypeDoc over every library package) builds, and every public
// export has a doc comment: TypeDoc's notDocumented validation with warnings as errors. The list of
// exports excused from it (docs/api-undocumented.json) is empty: anything without a comment fails here.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

describe('API reference', () => {
  it('TypeDoc validates with warnings as errors (every new public export documented)', () => {
    const r = spawnSync('npx', ['typedoc', '--emit', 'none'], { cwd: root, encoding: 'utf8' });
    const warnings = `${r.stdout}${r.stderr}`.split('\n').filter((l) => /warning|error/.test(l));
    expect(warnings.filter((l) => !/Found 0 errors and 0 warnings/.test(l))).toEqual([]);
    expect(r.status).toBe(0);
  }, 600_000);

  it('no export is excused from documentation', () => {
    const list = (JSON.parse(readFileSync(join(root, 'docs', 'api-undocumented.json'), 'utf8')) as { intentionallyNotDocumented: string[] }).intentionallyNotDocumented;
    expect(list).toEqual([]);
  });
});
