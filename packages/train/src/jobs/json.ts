import { DescentError } from '@descent/optim-wasm';

/** Plain JSON data: what a job spec may hold, so specs can be saved, sent to workers, re-run. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Throw a DescentError naming the path of the first value that is not plain JSON. */
export function assertJson(value: unknown, path: string): asserts value is Json {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new DescentError('bad-job', `job spec: ${path} = ${value} is not a finite number (JSON has no NaN/Infinity)`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertJson(v, `${path}[${i}]`));
    return;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [k, v] of Object.entries(value)) assertJson(v, `${path}.${k}`);
    return;
  }
  const what = typeof value === 'object' ? (value as object).constructor?.name ?? 'object' : typeof value;
  throw new DescentError('bad-job', `job spec: ${path} is ${what}, not plain JSON (use numbers, strings, arrays, plain objects)`);
}

/** JSON with object keys sorted at every level: equal data gives an equal string. */
export function canonicalJson(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k]!)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
