import { DescentError } from '@descent/optim-wasm';

/**
 * The code of a recipe error whose message is complete as it stands: it names the config field
 * (`field('epochs')` → \`epochs\`) and the value at fault; the CLI prints it with flag names (exit 2).
 */
export const CONFIG_ERROR = 'bad-config';

/**
 * A DescentError with code CONFIG_ERROR ('bad-config') carrying `message` as it stands (it names
 * the config field and the value at fault).
 */
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

/**
 * How a message names a config field: `weightDecay`, in backticks. The library never names a
 * flag; the CLI turns each backticked field into its flag (`--weight-decay`) when it prints.
 */
export function field(key: string): string {
  return `\`${key}\``;
}
