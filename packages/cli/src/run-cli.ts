import { DescentError } from '@descent/optim-wasm';
import { CONFIG_ERROR } from '@descent/train';
import type { Command } from 'commander';
import { flagsIn } from './config/options.js';
import { CliError, EXIT } from './errors.js';
import { installFaultsFromEnv } from './faults.js';
import { buildProgram, CommanderError } from './program.js';
import { stdoutFailed } from './streams.js';

/** Commander's own errors (unknown option, missing argument) as one `descent: …` line, on every command. */
function oneLineErrors(cmd: Command): void {
  cmd.configureOutput({ outputError: (text, write) => write(`descent: ${text.replace(/^error: /, '').trim().replace(/\s*\n\s*/g, ' ')}\n`) });
  for (const sub of cmd.commands) oneLineErrors(sub);
}

function fail(e: unknown, debug: boolean): number {
  if (e instanceof CommanderError) {
    // commander already printed its message (unknown option, missing argument, …)
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
    return EXIT.usage;
  }
  const msg = flagsIn(e instanceof Error ? e.message : String(e));
  process.stderr.write(`descent: ${msg.replace(/\s*\n\s*/g, ' ')}\n`);
  if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  if (e instanceof CliError) return e.exitCode;
  // a recipe's config error (bad flag, checkpoint of another run) is bad usage; the rest failed runs
  if (e instanceof DescentError && e.code === CONFIG_ERROR) return EXIT.usage;
  return EXIT.failed;
}

/** Run the `descent` command line; resolves to the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram((c) => (code = c));
  oneLineErrors(program);
  try {
    if (!process.env['DESCENT_FAULT']?.startsWith('startup:')) installFaultsFromEnv(process.env['DESCENT_FAULT']);
    await program.parseAsync(argv);
  } catch (e) {
    code = fail(e, argv.includes('--debug'));
  }
  return code === EXIT.ok && stdoutFailed() ? EXIT.failed : code;
}
