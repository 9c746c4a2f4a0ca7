import { describe, expect, it } from 'vitest';
import { tableDefaults } from '../recipe/csv-data.js';
import { namedDataset } from '../recipe/data.js';
import { adoptJobData, csvJobData, jobDataset, namedJobData, parsedJobData } from './job-data.js';
import type { JobSpec } from './jobs.js';

const noBlob = { blob: (): Uint8Array => { throw new Error('no blobs in this test'); } };

describe('parsedJobData / adoptJobData: a run parses its datasets once for every thread', () => {
  it('parses each distinct config.data once, as jobDataset does, and skips specs without data', () => {
    const moons = namedJobData({ dataset: 'moons', samples: 60, noise: 0.1, seed: 4 });
    const circles = namedJobData({ dataset: 'circles', samples: 50, noise: 0.1, seed: 4 });
    const specs: JobSpec[] = [
      { kind: 'a', config: { data: moons }, seed: 1 },
      { kind: 'a', config: { data: moons }, seed: 2 },
      { kind: 'b', config: { data: circles }, seed: 1 },
      { kind: 'c', config: { id: 3 }, seed: 1 },
      { kind: 'd', config: null, seed: 1 },
    ];
    const parsed = parsedJobData(specs);
    expect(parsed.map(([key]) => key)).toEqual([JSON.stringify(moons), JSON.stringify(circles)]);
    const direct = namedDataset({ dataset: 'moons', samples: 60, noise: 0.1, seed: 4 });
    expect(Array.from(parsed[0]![1].x)).toEqual(Array.from(direct.x));
    expect(Array.from(parsed[0]![1].y)).toEqual(Array.from(direct.y));
  });

  it('a CSV whose blob was not sent is left to the job (no empty dataset kept), and is parsed once the blob comes', async () => {
    const { data, blobs } = await csvJobData('a,b,label\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n', { name: 't.csv', table: tableDefaults({ label: 'label', seed: 1 }) });
    const spec: JobSpec = { kind: 'a', config: { data: data as never }, seed: 0 };
    expect(parsedJobData([spec])).toEqual([]);
    const [[key, d]] = parsedJobData([spec], blobs) as [[string, { n: number }]];
    expect(key).toBe(JSON.stringify(data));
    expect(d.n).toBe(4);
  });

  it('adopted datasets are what jobDataset returns for their data (a thread skips its own parse)', () => {
    const data = namedJobData({ dataset: 'xor', samples: 40, noise: 0.2, seed: 9 });
    const copy = structuredClone(namedDataset({ dataset: 'xor', samples: 40, noise: 0.2, seed: 9 }));
    adoptJobData([[JSON.stringify(data), copy]]);
    expect(jobDataset(data, noBlob)).toBe(copy);
  });
});
