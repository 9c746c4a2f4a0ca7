import { Command, CommanderError, Option } from 'commander';
import { TRAIN_OPTIONS } from './config/options.js';
import { trainCommand, typedFlags } from './commands/train.js';
import { cvCommand } from './commands/cv.js';
import { ensembleCommand } from './commands/ensemble.js';
import { reportCommand } from './commands/report.js';
import { EXPORT_FORMATS, exportCommand, importCommand } from './commands/interop.js';
import { experimentCommand } from './commands/experiment.js';
import { benchCommand, BENCH_SUITES } from './commands/bench.js';
import { EXPERIMENT_NAMES, EXPERIMENTS } from './experiments/index.js';
import { addKernelOptions, applyKernelOptions } from './kernel-options.js';
import { sweepCommand } from './commands/sweep.js';
import { workerCommand } from './commands/worker.js';
import { addFanoutOptions } from './fanout/runner.js';

export const VERSION = '0.0.0';

/** Attach every training option (shared by train, cv, ensemble). */
export function addTrainOptions(cmd: Command): Command {
  for (const d of TRAIN_OPTIONS) cmd.addOption(new Option(d.flag, d.help));
  cmd.option('--config <file.json>', 'read options from a JSON file (flags override it)');
  return addCommonOptions(cmd);
}

export function addCommonOptions(cmd: Command): Command {
  return cmd
    .exitOverride()
    .showSuggestionAfterError(true)
    .option('--out <dir>', 'run directory (default runs/<timestamp>-<name>)')
    .option('--json', 'print one JSON object at the end (progress goes to stderr)')
    .option('--quiet', 'no progress output')
    .option('--debug', 'print stack traces of errors');
}

const TRAIN_EXAMPLES = `
Examples:
  $ descent train                                         # MLP 64-128-10 on digits with Adam
  $ descent train --dataset moons --model mlp:32-32 --optimizer sgd --lr 0.1 --momentum 0.9 --nesterov
  $ descent train --model cnn --epochs 10 --batch-norm --augment
  $ descent train --dataset spirals --samples 1000 --model mlp:64-64 --schedule warmup:5+cosine --epochs 60
  $ descent train --data my.csv --label species --dropout 0.2 --early-stopping 5
  $ descent train --config runs/2026-…/config.json --seed 1 --json
  $ descent train --resume runs/2026-…-digits-mlp128-adam --epochs 40`;

/** The `descent` program with every command. `run` receives each command's exit code. */
export function buildProgram(exit: (code: number) => void): Command {
  const program = new Command('descent')
    .description('descent: deep-learning optimization from scratch on WebAssembly — training runs, cross-validation, ensembles, experiments, benchmarks, reports')
    .version(VERSION)
    .showSuggestionAfterError(true)
    .exitOverride();
  // bench picks its own cores per contender; every other command computes on the default core
  addKernelOptions(program).hook('preAction', (_program, action) => {
    // `descent worker` is itself one worker of a job pool: one kernel thread unless asked
    const workers = action.name() === 'worker' ? 2 : action.opts()['workers'];
    if (action.name() !== 'bench') applyKernelOptions({ ...program.opts(), workers });
  });

  const train = addTrainOptions(new Command('train').description('train a model and write its run directory (config.json, metrics.jsonl, checkpoint/, report.html)'));
  train
    .option('--resume <dir>', 'continue a run from its checkpoint (bit-identical); flags such as --epochs override its config')
    .addHelpText('after', TRAIN_EXAMPLES)
    .action(async (opts: Record<string, unknown>, cmd: Command) => {
      exit(await trainCommand(typedFlags(opts, (k) => cmd.getOptionValueSource(k)), opts));
    });
  program.addCommand(train);

  const cv = addFanoutOptions(addTrainOptions(new Command('cv').description('k-fold cross-validation (stratified for classification) with a grid search, refit of the best, one sealed test evaluation')));
  cv.option('--folds <k>', 'number of folds', '5')
    .option('--search <grid>', "grid over any train options, e.g. 'lr=0.1,0.01;batch-size=32,64' (betas: '0.9,0.999|0.8,0.99')")
    .option('--no-stratify', 'plain k-fold even for classification')
    .addHelpText('after', `
Examples:
  $ descent cv --dataset iris --model mlp:16 --epochs 30 --folds 5
  $ descent cv --search 'lr=0.01,0.001;batch-size=32,128' --epochs 10
  $ descent cv --dataset sine --model mlp:32-32 --search 'activation=tanh,relu' --json
  $ descent cv --dataset digits --folds 5 --search 'lr=0.01,0.001;l2=0,0.001' --workers 4

Each candidate × fold model is one job (--workers threads or a --queue); the refit of the best
candidate and the sealed test run here. Results are the same bits on every runner.`)
    .action(async (opts: Record<string, unknown>, cmd: Command) => {
      exit(await cvCommand(typedFlags(opts, (k) => cmd.getOptionValueSource(k)), opts));
    });
  program.addCommand(cv);

  const sweep = addFanoutOptions(addTrainOptions(new Command('sweep').description('train every setting of a grid (or N random ones) with K seeds; mean ± std of the final validation and test scores, best first')));
  sweep
    .option('--search <grid>', "grid over any train options, e.g. 'lr=0.1,0.01;batch-size=32,64' (betas: '0.9,0.999|0.8,0.99')")
    .option('--random <n>', 'random search: N settings drawn from the --search grid (without replacement, from --seed)')
    .option('--seeds <k>', 'train each setting with seeds seed … seed+K-1 (default 1)')
    .addHelpText('after', `
Each (setting, seed) is one job: --workers N runs them on N threads, --queue URL on every
machine running \`descent worker --queue URL\`; the results are the same bits either way.

Examples:
  $ descent sweep --dataset moons --model mlp:16 --epochs 20 --search 'lr=0.1,0.03,0.01;batch-size=16,64' --seeds 3
  $ descent sweep --search 'optimizer=sgd,adam,rmsprop;lr=0.1,0.01,0.001' --random 4 --seeds 5 --workers 4 --json
  $ descent sweep --data my.csv --label y --search 'l2=0,0.001,0.01' --seeds 3 --queue redis://10.0.0.5:6379/0`)
    .action(async (opts: Record<string, unknown>, cmd: Command) => {
      exit(await sweepCommand(typedFlags(opts, (k) => cmd.getOptionValueSource(k)), opts));
    });
  program.addCommand(sweep);

  const worker = new Command('worker')
    .description('serve the jobs of a Redis queue (descent sweep/cv/ensemble/experiment --queue URL) until Ctrl-C')
    .exitOverride()
    .showSuggestionAfterError(true)
    .option('--queue <url>', 'the queue: redis://[:password@]HOST:PORT/DB (rediss:// for TLS; ?queue=NAME for another queue than "descent")')
    .option('--concurrency <n>', 'jobs at once, each on its own thread (default 1; at most the cores)')
    .option('--quiet', 'no line per job')
    .option('--debug', 'print stack traces of errors')
    .addHelpText('after', `
Only job specs and data travel on the queue, never code: a worker runs the job kinds it knows,
and refuses jobs from another descent version. Keep Redis on a private network (see docs/scale-out.md).

Examples:
  $ descent worker --queue redis://127.0.0.1:6379/0
  $ descent worker --queue redis://:secret@10.0.0.5:6379/0 --concurrency 8`)
    .action(async (opts: Record<string, unknown>) => {
      exit(await workerCommand(opts));
    });
  program.addCommand(worker);

  const ensemble = addFanoutOptions(addTrainOptions(new Command('ensemble').description('bagging (vote / average) or boosting (AdaBoost SAMME, gradient boosting for regression)')));
  ensemble
    .argument('<method>', 'bag or boost')
    .option('--members <n>', 'bagging: ensemble size (default 5)')
    .option('--combine <how>', 'bagging: vote or average (default vote)')
    .option('--rounds <n>', 'boosting: rounds (default 10)')
    .option('--shrinkage <nu>', 'boosting: learning rate ν of each member (default 1 for AdaBoost, 0.1 for gradient boosting)')
    .option('--learner <kind>', 'net (the --model network) or stump (a decision stump)', 'net')
    .addHelpText('after', `
Examples:
  $ descent ensemble bag --dataset moons --model mlp:16 --epochs 20 --members 7 --combine average
  $ descent ensemble boost --dataset digits --learner stump --rounds 50
  $ descent ensemble boost --dataset sine --model mlp:8 --epochs 20 --rounds 10 --shrinkage 0.3

Boosting rounds run one after another: round t trains on the weights (AdaBoost) or residuals
(gradient boosting) left by rounds 1…t−1, so they cannot fan out to workers: --workers and
--queue apply to \`ensemble bag\` (each member is a job).`)
    .action(async (method: string, opts: Record<string, unknown>, cmd: Command) => {
      exit(await ensembleCommand(method, typedFlags(opts, (k) => cmd.getOptionValueSource(k)), opts));
    });
  program.addCommand(ensemble);

  const experiment = addFanoutOptions(addCommonOptions(new Command('experiment').description('run one of the lecture experiments (or all of them into one report)')));
  experiment
    .argument('<name>', `${EXPERIMENT_NAMES.join(', ')} or all`)
    .option('--quick', 'smaller settings that finish in seconds')
    .option('--seed <n>', 'the seed of every random choice', '0')
    .option('--function <name>', 'optimizers only: run the playground\'s race on rosenbrock|beale|himmelblau|quadratic|saddle')
    .option('--start <x,y>', 'race: the common start point (default: the function\'s own)')
    .option('--steps <n>', 'race: optimizer steps (default 300)')
    .option('--lr <lr>', 'race: learning rate of every racer but Adadelta (default 0.05); batch-size view: SGD lr (default 0.1)')
    .option('--momentum <m>', 'race: Momentum and Nesterov momentum (default 0.9); batch-size view: SGD momentum (default 0.9)')
    .option('--beta1 <b>', 'race: β1 of the Adam family (default 0.9)')
    .option('--beta2 <b>', 'race: β2 of the Adam family (default 0.999)')
    .option('--eps <e>', 'race: ε of the adaptive rules (default 1e-8)')
    .option('--rho <r>', 'race: Adadelta ρ (default 0.9)')
    .option('--alpha <a>', 'race: RMSprop α (default 0.99)')
    .option('--optimizers <list>', 'race: comma-separated racers (default all: sgd,momentum,nesterov,adagrad,adadelta,rmsprop,adam,adamw,nadam,radam,adamax)')
    .option('--samples <n>', "bias-variance only: run the playground's view — noisy sine points (default 40)")
    .option('--noise <sigma>', 'bias-variance view: noise σ of the sine (default 0.3)')
    .option('--fits <k>', 'bias-variance view: bootstrap fits K (default 20)')
    .option('--degree <d>', 'bias-variance view: polynomial degree of the fits (default 3)')
    .option('--max-degree <d>', 'bias-variance view: the U-curve runs over degrees 0 … d (default 12)')
    .option('--members <n>', 'bias-variance view: bagged MLPs of the 2-D part (default min(K, 12))')
    .option('--width <n>', 'bias-variance view: hidden width of those MLPs (default 2·degree + 2, 2 … 64)')
    .option('--no-disagreement', 'bias-variance view: skip the 2-D part (bagged MLPs on moons)')
    .option('--batch-sizes <a,b>', "batch-size only: run the playground's view — two batch sizes (e.g. 8,full) on a 2-D dataset, each trained to --target-loss")
    .option('--target-loss <x>', 'batch-size view: train each batch size until the training loss is below this (default 0.05)')
    .option('--max-epochs <n>', 'batch-size view: epoch cap per batch size (default 300)')
    .option('--epsilon <e>', 'batch-size view: ε of the ε-sharpness box (default 0.01)')
    .option('--dataset <name>', "batch-size, regularizers, optimizers, adam-epsilon, adagrad-decay, cross-validation, bagging: run on this dataset instead of the lecture's; batch-size view: moons|circles|spirals|xor|blobs (default moons; --samples, --noise as above)")
    .option('--data <file.csv>', 'the same experiments on your CSV (with --label, and --missing, --drop, --features, --task, --delimiter as for train)')
    .option('--label <name>', '--data: the label column')
    .option('--missing <how>', '--data: missing cells: error, drop-rows, mean, median')
    .option('--drop <cols>', '--data: columns to leave out')
    .option('--features <cols>', '--data: only these columns are features')
    .option('--task <task>', '--data: auto, classification or regression')
    .option('--delimiter <c>', '--data: field separator (default: detected)')
    .option('--model <spec>', "the network of those experiments, e.g. 'mlp:64-32' (default: the lecture's); batch-size view: mlp:H1-H2… ReLU (default mlp:32-32)")
    .addHelpText('after', `
Experiments:
${EXPERIMENTS.map((e) => `  ${e.name.padEnd(17)} ${e.summary}`).join('\n')}

Examples:
  $ descent experiment optimizers
  $ descent experiment optimizers --function rosenbrock --start -1.5,2.5 --steps 500 --lr 0.01 --optimizers sgd,adam --json
  $ descent experiment batch-size --quick --json
  $ descent experiment batch-size --batch-sizes 8,full --dataset moons --samples 400 --noise 0.2 --lr 0.1 --momentum 0.9 --seed 7
  $ descent experiment bias-variance --samples 40 --noise 0.3 --fits 20 --degree 3 --max-degree 12 --seed 7 --json
  $ descent experiment all --quick --out runs/lecture
  $ descent experiment regularizers --dataset penguins --model mlp:32 --quick
  $ descent experiment cross-validation --data my.csv --label species --missing drop-rows`)
    .action(async (name: string, opts: Record<string, unknown>) => {
      exit(await experimentCommand(name, opts));
    });
  program.addCommand(experiment);

  const bench = new Command('bench')
    .description('run the benchmarks (optim-wasm: matmul, kernels, startup, optim, threads; autodiff: mlp) against TensorFlow.js and plain JS')
    .exitOverride()
    .showSuggestionAfterError(true)
    .option('--suite <name...>', `suites to run (${Object.keys(BENCH_SUITES).join(', ')}; default all)`)
    .option('--case <text>', 'only cases whose name contains TEXT')
    .option('--reps <n>', 'samples per contender')
    .option('--json', 'print one JSON object {suites, rows} at the end')
    .option('--debug', 'print stack traces of errors')
    .addHelpText('after', `
Examples:
  $ descent bench --suite matmul
  $ descent bench --suite optim --case adam --reps 5 --json
  $ descent bench --suite mlp`)
    .action(async (opts: Record<string, unknown>) => {
      exit(await benchCommand(opts));
    });
  program.addCommand(bench);

  const report = addCommonOptions(new Command('report').description("re-render a run directory's report.html from its files (--out FILE writes it elsewhere)"));
  report
    .argument('<dir>', 'a run directory (runs/<timestamp>-<name>)')
    .addHelpText('after', `
Examples:
  $ descent report runs/2026-11-28T04-34-00-000Z-digits-mlp128-adam
  $ descent report runs/2026-11-28T04-34-00-000Z-digits-mlp128-adam --out digits.html`)
    .action((dir: string, opts: Record<string, unknown>) => {
      exit(reportCommand(dir, opts));
    });
  program.addCommand(report);

  const exp = addCommonOptions(new Command('export').description("write a run's model weights for other tools (safetensors with PyTorch state-dict names)"));
  exp
    .argument('<dir>', 'a run directory')
    .addOption(new Option('--format <format>', 'file format').choices([...EXPORT_FORMATS]).default('safetensors'))
    .addHelpText('after', `
Examples:
  $ descent export runs/2026-…-iris-mlp8-adam --format safetensors
  $ descent export runs/2026-…-iris-mlp8-adam --out weights.safetensors

Writes DIR/model.safetensors (or --out FILE); in Python: model.load_state_dict(safetensors.torch.load_file(FILE)).`)
    .action((dir: string, opts: Record<string, unknown>) => {
      exit(exportCommand(dir, opts));
    });
  program.addCommand(exp);

  const imp = addTrainOptions(new Command('import').description('evaluate or keep training weights from a safetensors file (PyTorch state-dict names) on a --model architecture'));
  imp
    .argument('<file>', 'a .safetensors file (e.g. torch: safetensors.torch.save_file(model.state_dict(), FILE))')
    .option('--evaluate', 'only score the weights on the train/val/test splits; no training')
    .addHelpText('after', `
Examples:
  $ descent import model.safetensors --dataset iris --model mlp:8 --batch-norm --evaluate
  $ descent import model.safetensors --dataset iris --model mlp:8 --batch-norm --epochs 5`)
    .action(async (file: string, opts: Record<string, unknown>, cmd: Command) => {
      exit(await importCommand(file, typedFlags(opts, (k) => cmd.getOptionValueSource(k)), opts));
    });
  program.addCommand(imp);
  return program;
}

export { CommanderError };
