import { DescentError } from '@descent/optim-wasm';
import { CONFIG_ERROR } from '@descent/train';

/** Exit codes of the `descent` command (issue #8). */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

/**
 * An error the CLI reports as one line on stderr and turns into an exit code:
 * 2 for bad usage or input, 1 for a run that failed (e.g. a non-finite loss).
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Bad usage or input: exit 2. */
export function usageError(message: string): CliError {
  return new CliError(message, EXIT.usage);
}

/** The run itself failed: exit 1. */
export function runError(message: string): CliError {
  return new CliError(message, EXIT.failed);
}

/**
 * Run setup code (parsing, loading data, building the model and optimizer): any library error
 * it throws is bad input, so it becomes a usage error (exit 2) keeping the library's message
 * (a recipe's config error already names the flag, so it gets no prefix).
 */
export function asInputError<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof CliError) throw e;
    if (e instanceof DescentError) throw usageError(e.code === CONFIG_ERROR ? e.message : `${what}: ${e.message}`);
    throw e;
  }
}

/** The one line printed for an error (no stack unless --debug). */
export function describeError(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
