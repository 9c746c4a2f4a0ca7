import { DescentError } from '@descent/optim-wasm';
import { ELU, GELU, Identity, LeakyReLU, ReLU, Sigmoid, Softplus, Tanh, type Module } from '@descent/autodiff';

/** An activation the model builders (`mlp`, `convNet`) accept by name; 'identity' is none. */
export type ActivationName = 'relu' | 'tanh' | 'sigmoid' | 'gelu' | 'elu' | 'leakyRelu' | 'softplus' | 'identity';

/** A fresh activation module by name (the builders' `activation` option). */
export function activationModule(name: ActivationName, op: string): Module {
  switch (name) {
    case 'relu':
      return new ReLU();
    case 'tanh':
      return new Tanh();
    case 'sigmoid':
      return new Sigmoid();
    case 'gelu':
      return new GELU();
    case 'elu':
      return new ELU();
    case 'leakyRelu':
      return new LeakyReLU();
    case 'softplus':
      return new Softplus();
    case 'identity':
      return new Identity();
    default:
      throw new DescentError('bad-arg', `${op}: unknown activation '${String(name)}' (relu, tanh, sigmoid, gelu, elu, leakyRelu, softplus, identity)`);
  }
}
