import { describe, expect, it } from 'vitest';
import { DescentError, Rng } from '@descent/optim-wasm';
import { filterNormalizedDirection } from './directions.js';
import { hessianTopEigenvalue } from './hessian.js';
import { linearInterpolation } from './interpolation.js';
import { quadraticObjective, type Objective } from './objective.js';
import { epsSharpness } from './sharpness.js';
import { lossSlice1d, lossSlice2d } from './slices.js';
import { dot } from './vec.js';

/** H = Q diag(λ) Qᵀ with Q = I − 2uuᵀ/uᵀu (a reflection): eigenvalues exactly λ. */
function withEigenvalues(lambda: number[], u: number[]): number[][] {
  const n = lambda.length;
  const uu = dot(u, u);
  const Q = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0) - (2 * u[i]! * u[j]!) / uu));
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => lambda.reduce((s, l, k) => s + Q[i]![k]! * l * Q[j]![k]!, 0)));
}

/** max over the corners s ∈ {±1}ⁿ of ½ (b ⊙ s)ᵀ M (b ⊙ s): the box maximum of a convex quadratic at 0. */
function cornerMax(M: number[][], b: number[]): number {
  const n = b.length;
  let best = -Infinity;
  for (let mask = 0; mask < 1 << n; mask++) {
    const y = b.map((bi, i) => (mask & (1 << i) ? bi : -bi));
    best = Math.max(best, 0.5 * dot(y, M.map((row) => dot(row, y))));
  }
  return best;
}

const H = withEigenvalues([6, 3, 1, 0.25], [1, -2, 0.5, 1]);

describe('epsSharpness', () => {
  it('f = ½xᵀHx + c at 0: the box maximum ½ε² max_s sᵀHs over corners, reported as 100·Δ/(1 + f)', () => {
    // H = 6vvᵀ + diag + 0.2wwᵀ: the best corner is sign(v) = (+, +, +, −), not the all-+ start.
    const v = [0.5, 0.5, 0.5, -0.5];
    const w = [1, -1, 0.5, 0.2];
    const Hc = v.map((vi, i) => v.map((vj, j) => 6 * vi * vj + 0.2 * w[i]! * w[j]! + (i === j ? [0.5, 0.3, 0.2, 0.1][i]! : 0)));
    const eps = 1e-2;
    const c = 0.5;
    const r = epsSharpness(quadraticObjective({ hessian: Hc, constant: c }), { epsilon: eps, steps: 30 });
    const want = cornerMax(Hc, [eps, eps, eps, eps]);
    expect(r.value).toBe(c);
    expect(r.maxValue - c).toBeCloseTo(want, 14);
    expect(r.sharpness).toBeCloseTo((100 * want) / (1 + c), 12);
    expect(Array.from(r.delta, (d) => Math.sign(d) * Math.abs(d) / eps)).toEqual([1, 1, 1, -1].map((s) => expect.closeTo(s, 12)));
    expect(r.start).toBe('corner');
    expect(r.evaluations).toBeLessThanOrEqual(2 * 30 + 2);
  });

  it('at a stationary point a local method stops at a corner that is a local box maximum: a lower bound', () => {
    // For this H the all-+ start is already a KKT corner (sign(Hs) = s) while (+, +, −, −) is higher.
    const eps = 1e-2;
    const r = epsSharpness(quadraticObjective({ hessian: H }), { epsilon: eps, steps: 30 });
    const s = Array.from(r.delta, (d) => Math.sign(d));
    expect(H.map((row) => Math.sign(dot(row, s)))).toEqual(s);
    expect(r.maxValue).toBeLessThanOrEqual(cornerMax(H, [eps, eps, eps, eps]));
    expect(r.maxValue).toBeCloseTo(0.5 * eps * eps * dot(s, H.map((row) => dot(row, s))), 15);
  });

  it('separable f = Σ ½hᵢxᵢ² + bᵢxᵢ away from 0: box |δᵢ| ≤ ε(|xᵢ| + 1), concave coordinates stop inside the box', () => {
    const h = [2, -40, 1];
    const b = [0.3, 0.1, -0.2];
    const x = [1.5, -0.5, 0];
    const eps = 0.05;
    const f = (t: number[]) => t.reduce((s, ti, i) => s + 0.5 * h[i]! * ti * ti + b[i]! * ti, 0);
    // Coordinate-wise maximum of the separable objective over [x − w, x + w].
    const best = x.map((xi, i) => {
      const w = eps * (Math.abs(xi) + 1);
      const cands = [xi - w, xi + w];
      const stat = -b[i]! / h[i]!;
      if (h[i]! < 0 && stat > xi - w && stat < xi + w) cands.push(stat);
      return cands.reduce((m, t) => (0.5 * h[i]! * t * t + b[i]! * t > 0.5 * h[i]! * m * m + b[i]! * m ? t : m));
    });
    const obj = quadraticObjective({ hessian: h.map((hi, i) => h.map((_, j) => (i === j ? hi : 0))), linear: b, at: x });
    const r = epsSharpness(obj, { epsilon: eps, steps: 60 });
    const f0 = f(x);
    expect(r.value).toBeCloseTo(f0, 14);
    expect(r.maxValue).toBeLessThanOrEqual(f(best) + 1e-15);
    expect(r.maxValue).toBeCloseTo(f(best), 8);
    expect(r.sharpness).toBeCloseTo((100 * (f(best) - f0)) / (1 + f0), 6);
  });

  it('random subspace: the maximum of ½yᵀ(AᵀHA)y over the y-box (A⁺x = 0 at x = 0) is a corner', () => {
    const eps = 1e-3;
    const r = epsSharpness(quadraticObjective({ hessian: H }), { epsilon: eps, subspace: { dim: 2, rng: 5 }, steps: 20 });
    // Rebuild Keskar's A from the same stream: p columns of n normals.
    const rng = new Rng(5);
    const A = Array.from({ length: 2 }, () => Array.from({ length: 4 }, () => rng.normal()));
    const M = A.map((ai) => A.map((aj) => dot(ai, H.map((row) => dot(row, aj)))));
    expect(r.maxValue).toBeCloseTo(cornerMax(M, [eps, eps]), 15);
    expect(r.sharpness).toBeCloseTo(100 * cornerMax(M, [eps, eps]), 12);
    // δ = A·y lies in the span of A's columns: its size matches ‖A y‖ for a box corner.
    expect(Math.abs(dot(r.delta, r.delta))).toBeGreaterThan(0);
  });

  it('rejects bad options with DescentErrors naming the field', () => {
    const obj = quadraticObjective({ hessian: H });
    expect(() => epsSharpness(obj, { epsilon: 0 })).toThrow(/epsSharpness: 'epsilon' must be a finite number > 0, got 0/);
    expect(() => epsSharpness(obj, { steps: -1 })).toThrow(/'steps' must be an integer >= 0/);
    expect(() => epsSharpness(obj, { subspace: { dim: 9, rng: 1 } })).toThrow(/subspace.dim must be an integer in \[1, 4\], got 9/);
    expect(() => epsSharpness(obj, { theta: [1, 2] })).toThrow(DescentError);
    expect(() => epsSharpness(obj, { theta: [1, 2] })).toThrow(/'theta' has 2 values, the objective has 4 parameters/);
  });
});

describe('hessianTopEigenvalue', () => {
  it('the top eigenvalue of a quadratic, by exact Hv and by finite differences of gradients', () => {
    const q = quadraticObjective({ hessian: withEigenvalues([6, -2, 1, 0.5], [0.3, 1, -1, 2]), at: [0.1, 0.2, -0.3, 1] });
    const r = hessianTopEigenvalue(q, { rng: 3, iterations: 200, tol: 1e-14 });
    expect(r.method).toBe('hvp');
    expect(r.converged).toBe(true);
    expect(r.eigenvalue).toBeCloseTo(6, 10);
    const Hv = q.hvp!(q.theta(), r.eigenvector);
    Hv.forEach((x, i) => expect(x).toBeCloseTo(6 * r.eigenvector[i]!, 6));
    const noHvp: Objective = { dim: q.dim, params: q.params, theta: q.theta, value: q.value, valueAndGrad: q.valueAndGrad };
    const fd = hessianTopEigenvalue(noHvp, { rng: 3, iterations: 200, tol: 1e-14 });
    expect(fd.method).toBe('finite-differences');
    expect(fd.eigenvalue).toBeCloseTo(6, 8);
    expect(fd.history.length).toBe(fd.iterations);
  });

  it('same rng, same history; requires an rng', () => {
    const q = quadraticObjective({ hessian: H });
    expect(hessianTopEigenvalue(q, { rng: 9, iterations: 5 }).history).toEqual(hessianTopEigenvalue(q, { rng: new Rng(9), iterations: 5 }).history);
    expect(() => hessianTopEigenvalue(q, {} as never)).toThrow(/hessianTopEigenvalue: 'rng' is required/);
  });
});

describe('linear interpolation and slices', () => {
  const b = [0.5, -1, 0.25, 0];
  const q = quadraticObjective({ hessian: H, linear: b, constant: 2, at: [1, -0.5, 0.2, 0.7] });
  const f = (t: ArrayLike<number>) => q.value(Float64Array.from(t));

  it('interpolation endpoints equal the two solutions losses; θ(α) = (1 − α)θ₁ + αθ₂ in between', () => {
    const t1 = [1, 2, 3, 4];
    const t2 = [-1, 0.5, 0, 2];
    const rows = linearInterpolation(q, t1, t2, { range: [-0.5, 1.5], points: 9 });
    expect(rows.map((r) => r.alpha)).toEqual([-0.5, -0.25, 0, 0.25, 0.5, 0.75, 1, 1.25, 1.5]);
    expect(rows[2]!.loss).toBe(f(t1));
    expect(rows[6]!.loss).toBe(f(t2));
    rows.forEach((r) => expect(r.loss).toBeCloseTo(f(t1.map((a, i) => (1 - r.alpha) * a + r.alpha * t2[i]!)), 12));
    expect(rows[0]!.accuracy).toBeUndefined();
  });

  it('1-D and 2-D slices of a quadratic are exact parabolas / quadratic surfaces', () => {
    const theta = q.theta();
    const { value, grad } = q.valueAndGrad(theta);
    const d1 = [0.3, -0.1, 1, 0.5];
    const d2 = [-1, 0.4, 0.2, 0];
    const Hd = (d: number[]) => H.map((row) => dot(row, d));
    const rows = lossSlice1d(q, d1, { range: [-2, 2], points: 11 });
    expect(rows).toHaveLength(11);
    for (const r of rows) {
      expect(r.loss).toBeCloseTo(value + r.alpha * dot(grad, d1) + 0.5 * r.alpha ** 2 * dot(d1, Hd(d1)), 12);
    }
    const s = lossSlice2d(q, d1, d2, { range: [-1, 1], points: 5 });
    expect(s.loss).toHaveLength(5);
    s.alphas.forEach((a, i) =>
      s.betas.forEach((be, j) => {
        const want = value + a * dot(grad, d1) + be * dot(grad, d2) + 0.5 * (a * a * dot(d1, Hd(d1)) + 2 * a * be * dot(d1, Hd(d2)) + be * be * dot(d2, Hd(d2)));
        expect(s.loss[i]![j]).toBeCloseTo(want, 12);
      }),
    );
    expect(() => lossSlice1d(q, [1, 2])).toThrow(/lossSlice1d: 'direction' has 2 values/);
    expect(() => lossSlice1d(q, d1, { range: [1, -1] })).toThrow(/range \[1, -1\] is empty/);
  });
});

describe('filterNormalizedDirection', () => {
  const params = [
    { name: 'w', shape: [2, 3], offset: 0, length: 6 },
    { name: 'b', shape: [2], offset: 6, length: 2 },
    { name: 'conv', shape: [2, 1, 2, 1], offset: 8, length: 4 },
  ];
  const theta = [1, 2, 2, 0, 3, 4, 0.5, -0.5, 1, 1, 0, -2];
  const rowNorm = (v: ArrayLike<number>, lo: number, len: number) => Math.sqrt(Array.from({ length: len }, (_, i) => v[lo + i]! ** 2).reduce((a, x) => a + x, 0));

  it('each filter (slice along dim 0) gets the norm of the weights filter; 1-D params are zeroed or copied', () => {
    const d = filterNormalizedDirection(theta, params, { rng: 11 });
    for (const [lo, len] of [[0, 3], [3, 3], [8, 2], [10, 2]] as const) expect(rowNorm(d, lo, len)).toBeCloseTo(rowNorm(theta, lo, len), 9);
    expect([d[6], d[7]]).toEqual([0, 0]);
    const c = filterNormalizedDirection(theta, params, { rng: 11, biasBn: 'copy' });
    expect([c[6], c[7]]).toEqual([0.5, -0.5]);
    expect(Array.from(c.subarray(0, 6))).toEqual(Array.from(d.subarray(0, 6)));
    expect(Array.from(filterNormalizedDirection(theta, params, { rng: new Rng(11) }))).toEqual(Array.from(d));
    expect(() => filterNormalizedDirection(theta.slice(1), params, { rng: 1 })).toThrow(/'theta' has 11 values/);
    expect(() => filterNormalizedDirection(theta, params, { rng: 1, biasBn: 'keep' as never })).toThrow(/'biasBn' must be 'zero' or 'copy'/);
  });
});

