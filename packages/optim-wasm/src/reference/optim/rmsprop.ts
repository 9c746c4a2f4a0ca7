import type { RmspropOptions } from '../../optim/rmsprop.js';
import { decayAndGrad, slot, type RefRule, type RefState } from './types.js';

/**
 * RMSprop in f64:  v = αv + (1−α)g²;  centered: ga = α·ga + (1−α)g, w = v − ga² (else w = v);
 * avg = sqrt(w) + eps (epsInsideSqrt: sqrt(w + eps));  momentum: buf = μ·buf + g/avg, p −= lr·buf
 * (momentumForm 'keras': buf = μ·buf + lr·g/avg, p −= buf);  else p −= lr·g/avg.
 */
export const rmspropReference: RefRule<RmspropOptions> = {
  init(n, o) {
    const s: RefState = { step: 0, squareAvg: new Float64Array(n) };
    if (o.momentum > 0) s['momentumBuffer'] = new Float64Array(n);
    if (o.centered) s['gradAvg'] = new Float64Array(n);
    return s;
  },
  update(p, g0, s, o, lr) {
    const g = decayAndGrad(p, g0, o, lr);
    s.step++;
    const v = slot(s, 'squareAvg');
    const a = o.alpha;
    for (let i = 0; i < p.length; i++) {
      v[i] = a * v[i]! + (1 - a) * g[i]! * g[i]!;
      let w = v[i]!;
      if (o.centered) {
        const ga = slot(s, 'gradAvg');
        ga[i] = a * ga[i]! + (1 - a) * g[i]!;
        w = v[i]! - ga[i]! * ga[i]!;
      }
      const avg = o.epsInsideSqrt ? Math.sqrt(w + o.eps) : Math.sqrt(w) + o.eps;
      if (o.momentum > 0) {
        const buf = slot(s, 'momentumBuffer');
        if (o.momentumForm === 'keras') {
          buf[i] = o.momentum * buf[i]! + (lr * g[i]!) / avg;
          p[i] = p[i]! - buf[i]!;
        } else {
          buf[i] = o.momentum * buf[i]! + g[i]! / avg;
          p[i] = p[i]! - lr * buf[i]!;
        }
      } else {
        p[i] = p[i]! - (lr * g[i]!) / avg;
      }
    }
  },
};
