import type { SgdOptions } from '../../optim/sgd.js';
import { decayAndGrad, type RefRule } from './types.js';

/**
 * SGD in f64:  g = ±g + wd·p;  momentum: buf = g (first step) | μ·buf + (1−τ)·g;
 * d = nesterov ? g + μ·buf : buf;  p −= lr·d.
 * Keras form: v = μ·v − lr·g;  p += nesterov ? μ·v − lr·g : v.
 */
export const sgdReference: RefRule<SgdOptions> = {
  init: () => ({ step: 0 }),
  update(p, g0, s, o, lr) {
    const g = decayAndGrad(p, g0, o, lr);
    s.step++;
    if (o.momentum === 0) {
      for (let i = 0; i < p.length; i++) p[i] = p[i]! - lr * g[i]!;
      return;
    }
    const mu = o.momentum;
    if (o.nesterovForm === 'keras') {
      const v = (s['momentumBuffer'] ??= new Float64Array(p.length)) as Float64Array;
      for (let i = 0; i < p.length; i++) {
        v[i] = mu * v[i]! - lr * g[i]!;
        p[i] = p[i]! + (o.nesterov ? mu * v[i]! - lr * g[i]! : v[i]!);
      }
      return;
    }
    let buf = s['momentumBuffer'] as Float64Array | undefined;
    if (!buf) buf = s['momentumBuffer'] = g.slice();
    else for (let i = 0; i < p.length; i++) buf[i] = mu * buf[i]! + (1 - o.dampening) * g[i]!;
    for (let i = 0; i < p.length; i++) {
      const d = o.nesterov ? g[i]! + mu * buf[i]! : buf[i]!;
      p[i] = p[i]! - lr * d;
    }
  },
};
