import { DescentError } from '@descent/optim-wasm';
import { fmt, type Shape } from '../shape.js';

/** Nonlinearity names as in torch.nn.init.calculate_gain ('leakyRelu' is accepted for 'leaky_relu'). */
export type Nonlinearity =
  | 'linear'
  | 'conv1d'
  | 'conv2d'
  | 'conv3d'
  | 'conv_transpose1d'
  | 'conv_transpose2d'
  | 'conv_transpose3d'
  | 'sigmoid'
  | 'tanh'
  | 'relu'
  | 'leaky_relu'
  | 'leakyRelu'
  | 'selu';

const UNIT = new Set(['linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d', 'sigmoid']);

/**
 * The recommended gain for a nonlinearity (torch.nn.init.calculate_gain): 1 for linear/conv/sigmoid,
 * 5/3 for tanh, √2 for relu, √(2 / (1 + slope²)) for leaky_relu (`param` = slope, default 0.01),
 * 3/4 for selu.
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  if (UNIT.has(nonlinearity)) return 1;
  switch (nonlinearity) {
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leaky_relu':
    case 'leakyRelu': {
      const slope = param ?? 0.01;
      if (!Number.isFinite(slope)) throw new DescentError('value', `calculateGain: negative slope must be a finite number, got ${slope}`);
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu':
      return 3 / 4;
    default:
      throw new DescentError('value', `calculateGain: unsupported nonlinearity '${String(nonlinearity)}'`);
  }
}

/**
 * fanIn = shape[1]·receptive, fanOut = shape[0]·receptive with receptive = Π shape[2:]
 * (PyTorch's _calculate_fan_in_and_fan_out: a Linear weight [out, in] has fanIn = in, a Conv2d
 * weight [O, C, kh, kw] has fanIn = C·kh·kw). Needs at least 2 dims.
 */
export function calculateFans(shape: Shape, op = 'calculateFans'): { fanIn: number; fanOut: number } {
  if (shape.length < 2) throw new DescentError('shape', `${op}: fan in and fan out need a tensor with at least 2 dims, got ${fmt(shape)}`);
  let receptive = 1;
  for (const d of shape.slice(2)) receptive *= d;
  return { fanIn: shape[1]! * receptive, fanOut: shape[0]! * receptive };
}
