/**
 * The one error type of descent. `code` is a stable machine-readable tag; the message names
 * the op, field, shapes or bytes at fault.
 */
export class DescentError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'DescentError';
    this.code = code;
  }
}

export function fail(code: string, message: string): never {
  throw new DescentError(code, message);
}
