import type { AdadeltaOptions } from '../../optim/adadelta.js';
import { decayAndGrad, slot, type RefRule } from './types.js';

/**
 * Adadelta in f64:  v = ρv + (1−ρ)g²;  δ = sqrt(u + eps)/sqrt(v + eps)·g;  u = ρu + (1−ρ)δ²;  p −= lr·δ.
 */
export const adadeltaReference: RefRule<AdadeltaOptions> = {
  init: (n) => ({ step: 0, squareAvg: new Float64Array(n), accDelta: new Float64Array(n) }),
  update(p, g0, s, o, lr) {
    const g = decayAndGrad(p, g0, o, lr);
    s.step++;
    const v = slot(s, 'squareAvg');
    const u = slot(s, 'accDelta');
    const rho = o.rho;
    for (let i = 0; i < p.length; i++) {
      v[i] = rho * v[i]! + (1 - rho) * g[i]! * g[i]!;
      const delta = (Math.sqrt(u[i]! + o.eps) / Math.sqrt(v[i]! + o.eps)) * g[i]!;
      u[i] = rho * u[i]! + (1 - rho) * delta * delta;
      p[i] = p[i]! - lr * delta;
    }
  },
};
