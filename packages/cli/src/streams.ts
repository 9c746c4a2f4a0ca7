let stdoutFailure: string | null = null;

/**
 * Keep a broken standard output from killing the process with a stack trace. A reader that went
 * away (`descent train … | head -1`, EPIPE) is what Unix tools expect: print nothing more and let
 * the run finish its directory quietly. A failing output (`--json > /dev/full`: ENOSPC, EIO) is
 * said once on stderr, and the command exits 1.
 */
export function guardStdStreams(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED' || stdoutFailure !== null) return;
    stdoutFailure = `${e.code ?? 'error'}: ${e.message.replace(/^\w+: /, '')}`;
    process.stderr.write(`descent: cannot write to standard output (${stdoutFailure})\n`);
    // the error may arrive after the command returned its code
    if (!process.exitCode) process.exitCode = 1;
  });
  process.stderr.on('error', () => {
    // nowhere left to report anything; the exit code still tells
  });
}

/** Whether standard output failed (other than a closed pipe): the command's output is lost. */
export function stdoutFailed(): boolean {
  return stdoutFailure !== null;
}
