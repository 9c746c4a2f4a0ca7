/**
 * Whether ops record themselves on the tape. `noGrad` turns recording off for a scope (evaluation,
 * optimizer bookkeeping); `backward` runs the backward closures with recording off unless asked to
 * build a graph of the gradient itself (`createGraph`, used for Hessian-vector products).
 */
let enabled = true;

/** Whether ops record themselves on the tape right now (false inside `noGrad`). */
export function isGradEnabled(): boolean {
  return enabled;
}

/**
 * Set the mode and return the previous one, for the engine's hot path (no closure per call);
 * callers restore it in a `finally`. Everyone else uses `noGrad` / `enableGrad`.
 */
export function setGradEnabled(mode: boolean): boolean {
  const prev = enabled;
  enabled = mode;
  return prev;
}

function withMode<T>(mode: boolean, fn: () => T): T {
  const prev = setGradEnabled(mode);
  try {
    return fn();
  } finally {
    enabled = prev;
  }
}

/** Run `fn` without recording: results have no graph and `requiresGrad` false. */
export function noGrad<T>(fn: () => T): T {
  return withMode(false, fn);
}

/** Run `fn` with recording on (inside a `noGrad` scope, for example). */
export function enableGrad<T>(fn: () => T): T {
  return withMode(true, fn);
}
