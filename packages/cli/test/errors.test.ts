import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, descent, readJson, SMALL, tmp } from './helpers.js';

beforeAll(() => buildCli());

/** [args, expected stderr pattern]: each must exit 2 with ONE line and no stack trace. */
const USAGE_ERRORS: [string[], RegExp][] = [
  [['train', '--optimizer', 'adma'], /unknown optimizer 'adma' \(did you mean adam\?\)/],
  [['train', '--dataset', 'digts'], /unknown dataset 'digts' \(did you mean digits\?\)/],
  [['train', '--lr', '-1'], /--lr: must be >= 0, got -1/],
  [['train', '--batch-size', '0'], /--batch-size: must be at least 1 or 'full', got 0/],
  [['train', '--batch-size', 'half'], /--batch-size: expected a whole number or 'full'/],
  [['train', '--epochs', '0'], /--epochs: must be an integer >= 1/],
  [['train', '--momentum', '0.9'], /--momentum does not apply to adam \(its options: --lr, --betas/],
  [['train', '--eps-outside-max'], /--eps-outside-max does not apply to adam \(its options: .*--decoupled-weight-decay.*--eps-hat\)/],
  [['train', '--optimizer', 'rmsprop', '--momentum-form', 'tf'], /rmsprop: momentumForm must be one of 'pytorch', 'keras', got "tf"/],
  [['train', '--schedule', 'cosin'], /unknown schedule 'cosin' \(did you mean cosine\?\)/],
  [['train', '--model', 'cnnn'], /did you mean cnn\?/],
  [['train', '--activation', 'rellu'], /did you mean relu\?/],
  [['train', '--data', 'missing.csv', '--label', 'y'], /missing\.csv: no such file/],
  [['train', '--data', 'bad.csv', '--label', 'y'], /bad\.csv: .*line 3, column 2/],
  [['train', '--data', 'bad.csv'], /--data needs --label/],
  [['train', '--config', 'bad.json'], /bad\.json:3:15: malformed JSON/],
  [['train', '--config', 'missing.json'], /missing\.json: no such file/],
  [['train', '--config', 'unknown-key.json'], /unknown option 'lrr' \(did you mean lr\?\)/],
  [['train', '--resume', 'nowhere'], /not a run directory/],
  [['train', '--epoch', '3'], /unknown option '--epoch'/],
  [['trian'], /unknown command 'trian'/],
  [['train', '--model', 'cnn', '--dataset', 'iris'], /--model cnn needs image data/],
  [['train', '--dataset', 'iris', '--augment'], /--augment needs image data/],
  [['cv', '--folds', '1'], /--folds: must be an integer >= 2/],
  [['cv', '--search', 'lrr=0.1'], /unknown option 'lrr'/],
  [['ensemble', 'bagg'], /unknown method 'bagg' \(did you mean bag\?\)/],
  [['experiment', 'optimisers'], /unknown experiment 'optimisers' \(did you mean optimizers\?\)/],
  [['bench', '--suite', 'matmull'], /unknown suite 'matmull' \(did you mean matmul\?\)/],
  [['report', 'nowhere'], /not a run directory/],
];

describe('bad input: one clear line on stderr, exit 2', () => {
  const dir = tmp();
  writeFileSync(join(dir, 'bad.csv'), 'a,b,y\n1,2,0\n3,x,1\n');
  writeFileSync(join(dir, 'bad.json'), '{\n  "lr": 0.1,\n  "epochs": 3,,\n}\n');
  writeFileSync(join(dir, 'unknown-key.json'), '{"lrr": 0.1}');
  it.each(USAGE_ERRORS)('descent %j', async (args, pattern) => {
    const r = await descent(args, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const lines = r.stderr.trim().split('\n').filter((l) => !l.startsWith('(Did you mean'));
    expect(lines).toHaveLength(1);
  });

  it('--debug adds the stack trace', async () => {
    const r = await descent(['train', '--lr', '-1', '--debug'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  it('--help shows real examples on every command and exits 0', async () => {
    for (const cmd of ['train', 'cv', 'ensemble', 'experiment', 'bench', 'report', 'export', 'import']) {
      const r = await descent([cmd, '--help'], dir);
      expect(r.code, cmd).toBe(0);
      expect(r.stdout, cmd).toMatch(/Examples:\n\s+\$ descent /);
    }
    const top = await descent(['--help'], dir);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/train.*\n[\s\S]*cv[\s\S]*ensemble[\s\S]*experiment[\s\S]*bench[\s\S]*report/);
  });

  it('a damaged checkpoint is a clear error (exit 2), a truncated blob too', async () => {
    const d = tmp();
    expect((await descent(['train', ...SMALL, '--out', 'run'], d)).code).toBe(0);
    const manifest = join(d, 'run', 'checkpoint', 'checkpoint.json');
    const m = readJson<{ blob: { file: string } }>(manifest);
    writeFileSync(join(d, 'run', 'checkpoint', m.blob.file), Buffer.alloc(12));
    const r = await descent(['train', '--resume', 'run', '--epochs', '4', '--quiet'], d);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/checkpoint-\d+\.bin: 12 bytes, checkpoint\.json expects \d+/);
    writeFileSync(manifest, '{"format": "descent-checkpoint/1", "gener');
    const r2 = await descent(['train', '--resume', 'run', '--epochs', '4', '--quiet'], d);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/checkpoint\.json: not valid JSON/);
  });

  it('a checkpoint of another model or optimizer is refused (exit 2 names the mismatch)', async () => {
    const d = tmp();
    expect((await descent(['train', ...SMALL, '--out', 'run'], d)).code).toBe(0);
    const r = await descent(['train', '--resume', 'run', '--model', 'mlp:4', '--epochs', '4', '--quiet'], d);
    expect(r.code).toBe(2);
    // the model is fixed on resume: refused before the checkpoint is read
    expect(r.stderr).toBe('descent: --resume run: cannot change --model "mlp:8" → "mlp:4": they define the data split or the model (start a new run instead)\n');
    const r2 = await descent(['train', '--resume', 'run', '--optimizer', 'sgd', '--epochs', '4', '--quiet'], d);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/checkpoint does not match the model or optimizer: .*adam/);
  });
});
