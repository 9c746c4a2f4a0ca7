import { add, Module, randn, type Tensor } from '@descent/autodiff';
import { DescentError, type Rng } from '@descent/optim-wasm';

/**
 * Gaussian input noise as a layer (Keras `GaussianNoise`): in training y = x + ε,
 * ε ~ N(0, σ²) i.i.d. per element, freshly drawn from the layer's Rng each forward; identity in
 * eval mode. A smoothness regularizer (equivalent, for small σ and squared loss, to a
 * Tikhonov penalty on the input gradient — Bishop 1995). The gradient passes through unchanged.
 *
 * @example new Sequential(new InputNoise(0.1, { rng: rng.fork('noise') }), new Linear(4, 2, { rng }))
 */
export class InputNoise extends Module {
  readonly std: number;
  readonly rng: Rng;

  constructor(std: number, options: { rng: Rng }) {
    super();
    if (!(Number.isFinite(std) && std >= 0)) throw new DescentError('value', `InputNoise: std must be a finite number >= 0, got ${std}`);
    if (!options?.rng) throw new DescentError('value', 'InputNoise: options.rng (a seeded Rng) is required');
    this.std = std;
    this.rng = options.rng;
  }

  forward(x: Tensor): Tensor {
    if (!this.training || this.std === 0) return x;
    return add(x, randn(x.shape, this.rng, { backend: x.backend, std: this.std }));
  }

  protected override extraRepr(): string {
    return `std=${this.std}`;
  }
}
