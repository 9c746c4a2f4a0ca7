// Suite `mlp`: one full training step (forward, cross-entropy, backward, Adam) of an MLP
// 784-256-256-10 ReLU at batch 128, and of a small CNN (conv 8→16 on 28×28, batch 64), descent
// (both builds) against TensorFlow.js wasm and cpu, interleaved in one process. Unit: steps/s.
import type { ContenderName } from '../../optim-wasm/bench/harness.js';
import { benchData, descentBuilds, loadTf, type Tf } from '../../optim-wasm/bench/peers.js';
import type { AsyncBenchCase, AsyncContender } from './async-case.js';
import { CNN, descentCnn, descentFitMlp, descentMlp, MLP, type StepBench } from './descent-models.js';
import { tfCnn, tfLayersMlp, tfMlp } from './tfjs-models.js';

export interface MemoryNote {
  case: string;
  contender: ContenderName;
  steps: number;
  drifted: number;
  heapTop: number;
}

const MLP_NAME = `mlp ${MLP.sizes.join('-')} relu b${MLP.batch} adam step`;
const CNN_NAME = `cnn conv3x3 ${CNN.inC}→${CNN.outC} ${CNN.hw}×${CNN.hw} b${CNN.batch} adam step`;

function descentContenders(name: string, make: typeof descentMlp, xData: Float32Array, notes: MemoryNote[], relaxed = true): AsyncContender[] {
  return descentBuilds()
    .filter(([n]) => relaxed || n === 'descent')
    .map(([n, core]) => {
      const b: StepBench = make(core, xData);
      return {
        name: n,
        run: b.step,
        dispose: () => {
          notes.push({ case: name, contender: n, ...b.memoryDrift() });
          b.dispose();
        },
      };
    });
}

/** `descent-fit`: the same step through train's fit loop on the plain SIMD build (ratio to `descent` = fit's overhead). */
function fitContender(notes: MemoryNote[]): AsyncContender {
  const [name, core] = descentBuilds()[0]!;
  const b = descentFitMlp(core, MLP.batch * 32);
  return {
    name: 'descent-fit',
    run: b.step,
    dispose: () => {
      notes.push({ case: `${MLP_NAME} via fit (vs ${name})`, contender: 'descent-fit', ...b.memoryDrift() });
      b.dispose();
    },
  };
}

type Setup = () => { run: () => void | Promise<void>; dispose: () => void } | Promise<{ run: () => void | Promise<void>; dispose: () => void }>;

/** A tfjs contender, or none (with a note) when this backend cannot run the step at all. */
async function tfOn(tf: Tf, backend: 'wasm' | 'cpu', setup: Setup, notes: string[]): Promise<AsyncContender[]> {
  await tf.setBackend(backend);
  const c = await setup();
  try {
    await c.run(); // probe: tfjs-wasm 4.22 lacks some backward kernels (e.g. Conv2DBackpropFilter)
  } catch (e) {
    c.dispose();
    notes.push(`tfjs-${backend} cannot run this step: ${(e as Error).message}`);
    return [];
  }
  return [{
    name: backend === 'wasm' ? 'tfjs-wasm' : 'tfjs-cpu',
    before: () => {
      void tf.setBackend(backend);
      if (tf.getBackend() !== backend) throw new Error(`bench: tfjs did not switch to ${backend}`);
    },
    run: c.run,
    dispose: () => {
      void tf.setBackend(backend);
      c.dispose();
    },
  }];
}

export function mlpCases(notes: MemoryNote[], peerNotes: string[]): AsyncBenchCase[] {
  const mlpX = benchData(MLP.batch * MLP.sizes[0], 1);
  const cnnX = benchData(CNN.batch * CNN.inC * CNN.hw * CNN.hw, 2);
  return [
    {
      name: `${MLP_NAME} (tfjs: core ops + minimize)`,
      unit: 'steps/s',
      work: 1,
      // the goal lines' case: 15 rounds, so the median of same-round pairs has 15 pairs
      reps: 15,
      minSampleMs: 150,
      contenders: async () => {
        const tf = await loadTf();
        const peers = tf ? [...(await tfOn(tf, 'wasm', () => tfMlp(tf, mlpX), peerNotes)), ...(await tfOn(tf, 'cpu', () => tfMlp(tf, mlpX), peerNotes))] : [];
        // descent-fit right after descent: the goal's pairs are taken in the same round, back to back
        const [bare, ...relaxed] = descentContenders(MLP_NAME, descentMlp, mlpX, notes);
        return [bare!, fitContender(notes), ...relaxed, ...peers];
      },
    },
    {
      name: `${MLP_NAME} (tfjs: tf.sequential + trainOnBatch)`,
      unit: 'steps/s',
      work: 1,
      reps: 5,
      minSampleMs: 150,
      contenders: async () => {
        const tf = await loadTf();
        const peers = tf ? [...(await tfOn(tf, 'wasm', () => tfLayersMlp(tf, mlpX), peerNotes)), ...(await tfOn(tf, 'cpu', () => tfLayersMlp(tf, mlpX), peerNotes))] : [];
        return [...descentContenders(MLP_NAME, descentMlp, mlpX, notes, false), fitContender(notes), ...peers];
      },
    },
    {
      name: `${CNN_NAME} (tfjs: core ops + minimize)`,
      unit: 'steps/s',
      work: 1,
      reps: 5,
      minSampleMs: 150,
      contenders: async () => {
        const tf = await loadTf();
        const peers = tf ? [...(await tfOn(tf, 'wasm', () => tfCnn(tf, cnnX), peerNotes)), ...(await tfOn(tf, 'cpu', () => tfCnn(tf, cnnX), peerNotes))] : [];
        return [...descentContenders(CNN_NAME, descentCnn, cnnX, notes), ...peers];
      },
    },
  ];
}
