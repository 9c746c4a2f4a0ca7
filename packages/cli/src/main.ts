#!/usr/bin/env node
import { installSignalHandlers } from './signals.js';
import { guardStdStreams } from './streams.js';

// First, before loading anything heavy: a signal at start-up exits with its code, not by signal.
installSignalHandlers();
guardStdStreams();
// chaos suite: a signal that arrives while the program is still loading
const early = /^startup:(SIGINT|SIGTERM|SIGHUP)$/.exec(process.env['DESCENT_FAULT'] ?? '');
if (early) process.kill(process.pid, early[1] as NodeJS.Signals);
const { runCli } = await import('./run-cli.js');
process.exitCode = await runCli(process.argv);
