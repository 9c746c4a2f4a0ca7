import { EXIT } from './errors.js';

let interrupted = false;
let installed = false;

/**
 * Install the SIGINT handler: the first Ctrl-C sets a flag the training loop polls between
 * steps (it then writes a checkpoint and exits 130); a second Ctrl-C exits at once.
 */
export function installInterruptHandler(): void {
  if (installed) return;
  installed = true;
  process.on('SIGINT', () => {
    if (interrupted) process.exit(EXIT.interrupted);
    interrupted = true;
  });
}

export function interruptFlag(): boolean {
  return interrupted;
}
