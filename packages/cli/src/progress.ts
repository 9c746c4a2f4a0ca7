import cliProgress from 'cli-progress';

/** Where a command prints progress: bars on a terminal, plain lines otherwise, nothing with --quiet. */
export interface Progress {
  start(epochs: number, batches: number, firstEpoch: number): void;
  batch(epoch: number, batch: number, loss: number): void;
  epoch(line: string, epoch: number): void;
  line(text: string): void;
  stop(): void;
}

export interface ProgressOptions {
  quiet: boolean;
  stream: NodeJS.WriteStream;
}

/** A progress reporter for `stream` (stdout, or stderr when stdout carries --json). */
export function createProgress(o: ProgressOptions): Progress {
  if (o.quiet) return { start() {}, batch() {}, epoch() {}, line() {}, stop() {} };
  if (!o.stream.isTTY) {
    return {
      start() {},
      batch() {},
      epoch: (line) => o.stream.write(`${line}\n`),
      line: (text) => o.stream.write(`${text}\n`),
      stop() {},
    };
  }
  const multi = new cliProgress.MultiBar(
    { stream: o.stream, clearOnComplete: false, hideCursor: true, format: '{label} [{bar}] {value}/{total} {info}', barsize: 30 },
    cliProgress.Presets.shades_classic,
  );
  let epochs: cliProgress.SingleBar | null = null;
  let batches: cliProgress.SingleBar | null = null;
  return {
    start(total, perEpoch, first) {
      epochs = multi.create(total, first, { label: 'epochs ', info: '' });
      batches = multi.create(perEpoch, 0, { label: 'batches', info: '' });
    },
    batch(_e, b, loss) {
      batches?.update(b, { info: `loss ${loss.toFixed(4)}` });
    },
    epoch(line, e) {
      epochs?.update(e, { info: line });
      batches?.update(0);
    },
    line(text) {
      multi.log(`${text}\n`);
    },
    stop() {
      multi.stop();
    },
  };
}
