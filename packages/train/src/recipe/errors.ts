import { DescentError } from '@descent/optim-wasm';

/**
 * The code of a recipe error whose message is complete as it stands: it names the config field
 * (as its flag, `--epochs`) and the value at fault. The CLI prints it unchanged (exit 2).
 */
export const CONFIG_ERROR = 'bad-config';

export function configError(message: string): DescentError {
  return new DescentError(CONFIG_ERROR, message);
}

/**
 * Run setup code (loading data, building the model, optimizer, schedule): a library error it
 * throws becomes a config error prefixed with `what`; config errors pass unchanged.
 */
export function withContext<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof DescentError && e.code !== CONFIG_ERROR) throw configError(`${what}: ${e.message}`);
    throw e;
  }
}

/** `--weight-decay` for `weightDecay`: how a config field is named in messages (the CLI flag). */
export function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}
