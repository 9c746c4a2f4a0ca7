/** The weight-decay fields every optimizer has. */
export interface WeightDecayOptions {
  weightDecay: number;
  decoupledWeightDecay: boolean;
}

/**
 * The two forms of weight decay as a fused kernel takes them: `l2` is added to the gradient
 * (PyTorch's `weight_decay`: g + wd·p), `decay` multiplies p before the update (decoupled:
 * p·(1 − lr·wd), AdamW and Keras 3's `weight_decay` on every optimizer). One of them is inert.
 */
export function weightDecayScalars(o: WeightDecayOptions, lr: number): { l2: number; decay: number } {
  return o.decoupledWeightDecay ? { l2: 0, decay: 1 - lr * o.weightDecay } : { l2: o.weightDecay, decay: 1 };
}
