// Small batch vs large batch from the same initialisation (same seed → same 'init' stream):
// the generalisation gap, Keskar et al.'s ε-sharpness, and the 1-D loss along the segment
// θ(α) = (1 − α)·θ_small + α·θ_large.
import { Rng } from '@descent/optim-wasm';
import { SHARP_BASE } from '../cli-command.js';
import type { ClassifierConfig, SharpnessConfig } from '../config.js';
import { ClassifierSession } from './classifier.js';

/** The run of one batch size: exactly `descent train` with the flags of cliCommand's sharpness view. */
export function sessionConfig(c: SharpnessConfig, batch: number): ClassifierConfig {
  return { ...SHARP_BASE, dataset: c.dataset, samples: c.samples, noise: c.noise, hidden: c.hidden, lr: c.lr, epochs: c.epochs, seed: c.seed, batchSize: batch };
}

/**
 * ε-sharpness (Keskar et al. 2017, box variant): 100 · max_δ (L(θ + δ) − L(θ)) / (1 + L(θ)) over
 * the box |δᵢ| ≤ ε(|θᵢ| + 1), estimated at `samples` random corners of the box (seeded).
 */
export function epsSharpnessOf(s: ClassifierSession, epsilon: number, rng: Rng, samples = 24): number {
  const theta = s.arena.values.read();
  const base = s.score('train')!.loss;
  let worst = 0;
  const trial = new Float32Array(theta.length);
  for (let k = 0; k < samples; k++) {
    for (let i = 0; i < theta.length; i++) trial[i] = theta[i]! + (rng.uniform() < 0.5 ? -1 : 1) * epsilon * (Math.abs(theta[i]!) + 1);
    s.arena.values.write(trial);
    worst = Math.max(worst, s.score('train')!.loss - base);
  }
  s.arena.values.write(theta);
  return (100 * worst) / (1 + base);
}

export function runSharpness(c: SharpnessConfig) {
  const sessions = [c.smallBatch, c.largeBatch].map((b) => new ClassifierSession(sessionConfig(c, b)));
  try {
    const runs = sessions.map((s, i) => {
      while (!s.done) s.step();
      const tr = s.score('train')!;
      const te = s.score('test')!;
      return {
        batch: s.batchSize,
        trainLoss: tr.loss,
        testLoss: te.loss,
        trainAcc: tr.acc,
        testAcc: te.acc,
        sharpness: epsSharpnessOf(s, c.epsilon, new Rng(c.seed).fork(`sharpness/${i}`)),
        steps: s.steps,
      };
    });
    const [a, b] = [sessions[0]!.arena.values.read(), sessions[1]!.arena.values.read()];
    const probe = sessions[0]!;
    const alpha: number[] = [];
    const train: number[] = [];
    const test: number[] = [];
    const point = new Float32Array(a.length);
    for (let j = 0; j <= 40; j++) {
      const t = -0.5 + (2 * j) / 40;
      for (let i = 0; i < a.length; i++) point[i] = (1 - t) * a[i]! + t * b[i]!;
      probe.arena.values.write(point);
      alpha.push(t);
      train.push(probe.score('train')!.loss);
      test.push(probe.score('test')!.loss);
    }
    probe.arena.values.write(a);
    return { runs, line: { alpha, train, test } };
  } finally {
    for (const s of sessions) s.free();
  }
}
