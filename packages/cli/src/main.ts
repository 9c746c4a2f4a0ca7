#!/usr/bin/env node
import { DescentError } from '@descent/optim-wasm';
import { CONFIG_ERROR } from '@descent/train';
import { CliError, EXIT } from './errors.js';
import { buildProgram, CommanderError } from './program.js';
import { installInterruptHandler } from './signals.js';

const debug = process.argv.includes('--debug');

function fail(e: unknown): number {
  if (e instanceof CommanderError) {
    // commander already printed its message (unknown option, missing argument, …)
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
    return EXIT.usage;
  }
  const msg = e instanceof Error ? e.message : String(e);
  process.stderr.write(`descent: ${msg}\n`);
  if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  if (e instanceof CliError) return e.exitCode;
  // a recipe's config error (bad flag, checkpoint of another run) is bad usage; the rest failed runs
  if (e instanceof DescentError && e.code === CONFIG_ERROR) return EXIT.usage;
  return EXIT.failed;
}

async function main(): Promise<void> {
  installInterruptHandler();
  let code: number = EXIT.ok;
  const program = buildProgram((c) => (code = c));
  try {
    await program.parseAsync(process.argv);
  } catch (e) {
    code = fail(e);
  }
  process.exitCode = code;
}

void main();
