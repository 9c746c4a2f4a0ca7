// The plane of a 2-D classification view: a box around the (standardised) points and the centres
// of a res×res grid over it, where a model's probabilities are painted. Plain f32/f64 math.

/** The box [x0, x1, y0, y1] around interleaved 2-D points x = [x₀, y₀, x₁, y₁, …], widened by 15 % each side. */
export function planeBounds(x: ArrayLike<number>): [number, number, number, number] {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < x.length; i += 2) {
    x0 = Math.min(x0, x[i]!);
    x1 = Math.max(x1, x[i]!);
    y0 = Math.min(y0, x[i + 1]!);
    y1 = Math.max(y1, x[i + 1]!);
  }
  const mx = 0.15 * (x1 - x0 || 1);
  const my = 0.15 * (y1 - y0 || 1);
  return [x0 - mx, x1 + mx, y0 - my, y1 + my];
}

/**
 * The cell centres of a res×res grid over `bounds`, row-major with row 0 at the top (y1):
 * point (r, c) = (x0 + (c + ½)/res·(x1 − x0), y1 − (r + ½)/res·(y1 − y0)), interleaved in f32.
 */
export function planeGrid(res: number, bounds: [number, number, number, number]): Float32Array {
  const [x0, x1, y0, y1] = bounds;
  const g = new Float32Array(res * res * 2);
  for (let r = 0; r < res; r++) {
    for (let c = 0; c < res; c++) {
      g[(r * res + c) * 2] = x0 + ((c + 0.5) / res) * (x1 - x0);
      g[(r * res + c) * 2 + 1] = y1 - ((r + 0.5) / res) * (y1 - y0);
    }
  }
  return g;
}
