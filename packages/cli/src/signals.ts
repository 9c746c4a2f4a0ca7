/** Exit codes of signals, as shells report them (128 + the signal's number). */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
type Handled = keyof typeof SIGNAL_EXIT;

let received: Handled | null = null;
let polled = false;
let installed = false;
const interruption = new AbortController();

/**
 * Handle SIGINT (Ctrl-C), SIGTERM and SIGHUP alike. While a command polls for them (a training
 * run, between two steps) the first one sets a flag, and the run writes a checkpoint and exits
 * 130 / 143 / 129; a second one, or one that arrives when nothing polls (start-up, commands that
 * cannot resume), exits at once with that code — by exit, not by the signal, so shells and
 * process managers see the code. Imports nothing, so main installs it before loading the rest.
 */
export function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  for (const sig of Object.keys(SIGNAL_EXIT) as Handled[]) {
    process.on(sig, () => {
      if (received !== null || !polled) process.exit(SIGNAL_EXIT[sig]);
      received = sig;
      interruption.abort();
    });
  }
}

/** From now on a signal only sets the flag this returns; the caller stops at its next check. */
export function pollInterrupts(): () => boolean {
  polled = true;
  return () => received !== null;
}

/** The exit code of the signal that stopped the run (130 when none did). */
export function interruptExitCode(): number {
  return received === null ? SIGNAL_EXIT.SIGINT : SIGNAL_EXIT[received];
}

/** The signal's name for messages. */
export function interruptName(): string {
  return received ?? 'SIGINT';
}

/** Like pollInterrupts, as an AbortSignal: runs of jobs cancel what has not finished. */
export function interruptSignal(): AbortSignal {
  polled = true;
  return interruption.signal;
}
