// TensorFlow.js's side of the `mlp` suite, the same steps written the two ways users write them:
// core ops + `optimizer.minimize`, and `tf.sequential` + `trainOnBatch` (tfjs-layers).
// tfjs-core's Node bundle registers no gradients; tfjs-layers' bundle registers all of them.
import '@tensorflow/tfjs-layers';
import type { Tf } from '../../optim-wasm/bench/peers.js';
import { CNN, labels, MLP } from './descent-models.js';

type Variable = ReturnType<Tf['variable']>;
type TfTensor = import('@tensorflow/tfjs-core').Tensor;
type T2 = ReturnType<Tf['tensor2d']>;

/** U(−1/√fanIn, 1/√fanIn) weights [in, out] and biases: PyTorch's default init, tfjs layout. */
function dense(tf: Tf, fanIn: number, shape: number[], seed: number): Variable {
  const k = 1 / Math.sqrt(fanIn);
  return tf.variable(tf.randomUniform(shape, -k, k, 'float32', seed));
}

function oneHot(tf: Tf, n: number, classes: number): T2 {
  return tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labels(n, classes), 'int32'), classes), 'float32')) as T2;
}

/** MLP step with core ops and `tf.train.adam(...).minimize`. */
export function tfMlp(tf: Tf, xData: Float32Array): { run: () => void; dispose: () => void } {
  const [i, h1, h2, c] = MLP.sizes;
  const vars = [dense(tf, i, [i, h1], 1), dense(tf, i, [h1], 2), dense(tf, h1, [h1, h2], 3), dense(tf, h1, [h2], 4), dense(tf, h2, [h2, c], 5), dense(tf, h2, [c], 6)];
  const [w1, b1, w2, b2, w3, b3] = vars as [Variable, Variable, Variable, Variable, Variable, Variable];
  const x = tf.tensor2d(xData, [MLP.batch, i]);
  const y = oneHot(tf, MLP.batch, c);
  const opt = tf.train.adam(1e-3);
  const loss = () => {
    const a1 = tf.relu(tf.add(tf.matMul(x, w1), b1));
    const a2 = tf.relu(tf.add(tf.matMul(a1, w2), b2));
    return tf.losses.softmaxCrossEntropy(y, tf.add(tf.matMul(a2, w3), b3)) as ReturnType<Tf['scalar']>;
  };
  return {
    run: () => opt.minimize(loss, false, vars)?.dispose(),
    dispose: () => {
      tf.dispose([...vars, x, y]);
      opt.dispose();
    },
  };
}

/** The CNN step in NHWC (tfjs's layout): conv 3×3 same → relu → maxPool 2 → dense. */
export function tfCnn(tf: Tf, xData: Float32Array): { run: () => void; dispose: () => void } {
  const half = CNN.hw / 2;
  const flat = CNN.outC * half * half;
  const fanConv = CNN.inC * 9;
  const vars = [dense(tf, fanConv, [3, 3, CNN.inC, CNN.outC], 1), dense(tf, fanConv, [CNN.outC], 2), dense(tf, flat, [flat, CNN.classes], 3), dense(tf, flat, [CNN.classes], 4)];
  const [f, bf, w, b] = vars as [Variable, Variable, Variable, Variable];
  const x = tf.tensor4d(xData, [CNN.batch, CNN.hw, CNN.hw, CNN.inC]);
  const y = oneHot(tf, CNN.batch, CNN.classes);
  const opt = tf.train.adam(1e-3);
  const loss = () => {
    const conv = tf.relu(tf.add(tf.conv2d(x, f as never, 1, 'same'), bf));
    const pooled = tf.maxPool(conv as never, 2, 2, 'valid');
    const logits = tf.add(tf.matMul(tf.reshape(pooled, [CNN.batch, flat]), w), b);
    return tf.losses.softmaxCrossEntropy(y, logits) as ReturnType<Tf['scalar']>;
  };
  return {
    run: () => opt.minimize(loss, false, vars)?.dispose(),
    dispose: () => {
      tf.dispose([...vars, x, y]);
      opt.dispose();
    },
  };
}

/** MLP step through tfjs-layers: `tf.sequential` of dense layers + `trainOnBatch` (async). */
export async function tfLayersMlp(tf: Tf, xData: Float32Array): Promise<{ run: () => Promise<void>; dispose: () => void }> {
  const tfl = await import('@tensorflow/tfjs-layers');
  const [i, h1, h2, c] = MLP.sizes;
  const model = tfl.sequential({
    layers: [tfl.layers.dense({ inputShape: [i], units: h1, activation: 'relu' }), tfl.layers.dense({ units: h2, activation: 'relu' }), tfl.layers.dense({ units: c })],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: (yt: TfTensor, yp: TfTensor) => tf.losses.softmaxCrossEntropy(yt, yp) });
  const x = tf.tensor2d(xData, [MLP.batch, i]);
  const y = oneHot(tf, MLP.batch, c);
  return {
    run: async () => {
      await model.trainOnBatch(x, y);
    },
    dispose: () => {
      tf.dispose([x, y]);
      model.dispose();
    },
  };
}
