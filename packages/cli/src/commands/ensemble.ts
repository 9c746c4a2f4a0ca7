import { baggingOn, defaultRunName, ensembleLearner, networkMember, type BagRow, type BaggingMemberResult, prepareEnsemble, runBoosting, unknownName, type CheckpointContent, type Dataset, type EnsembleMember, type EpochMetrics, type Learner, type NamedTensor, type Prepared, type Stump, type TrainConfig } from '@descent/train';
import { runData } from '../fanout/job-data.js';
import { runFanout, type FanoutFlags } from '../fanout/runner.js';
import { checkFits } from '../config/limits.js';
import { intFlag, numberFlag } from '../config/options.js';
import { loadDataset } from '../data/load.js';
import { usageError } from '../errors.js';
import { createProgress, type Progress } from '../progress.js';
import type { ExperimentResult } from '../report/results.js';
import { finishResults, type RunArtifacts } from './output.js';
import { trainConfigFrom, type CommonFlags } from './train.js';

/** The run's network as an ensemble member (@descent/train's networkMember: every flag honoured). */
export { networkMember };

export interface EnsembleOptions extends CommonFlags, FanoutFlags {
  config?: string;
  members?: string;
  rounds?: string;
  combine?: string;
  learner?: string;
  shrinkage?: string;
}

export interface EnsembleRun {
  data: Prepared;
  datasetName: string;
  learner: Learner;
  learnerName: string;
  seed: number;
  progress: Progress;
}

/** A bagging run: its members are jobs (`ensemble/bagging-member`) on the runner of `fanout`. */
export interface BagInput {
  /** The run config; its seed seeds the split, the bootstrap and every member. */
  config: TrainConfig;
  dataset: Dataset;
  datasetName: string;
  learner: 'net' | 'stump';
  /** The learner as the title names it (the network's model spec, or 'stump'). */
  learnerName: string;
  progress: Progress;
  fanout: FanoutFlags;
}

export interface EnsembleOutput {
  result: ExperimentResult;
  summary: string;
  /** metrics.jsonl rows (every member's epochs; boosting's rounds) and the checkpoints of the members kept. */
  artifacts: RunArtifacts;
}

/** The decision stumps of an ensemble as [M] tensors: feature, threshold, left and right leaf. */
function stumpTensors(stumps: Stump[]): NamedTensor[] {
  const col = (name: string, f: (s: Stump) => number) => ({ name, shape: [stumps.length], data: Float32Array.from(stumps, f) });
  return [col('feature', (s) => s.feature), col('threshold', (s) => s.threshold), col('left', (s) => s.left), col('right', (s) => s.right)];
}

/** A network member's checkpoint (Trainer.checkpoint) tagged with its index and drawn seed. */
function memberCheckpoint(c: CheckpointContent, seed: number, tag: Record<string, unknown>): CheckpointContent {
  return { meta: { ...c.meta, ...tag, seed }, tensors: c.tensors };
}

/** What a fitted member leaves in metrics.jsonl: a network's epochs or a stump's split. */
type MemberRecord = { history?: readonly EpochMetrics[]; stump?: Stump };

const recordOf = (m: EnsembleMember): MemberRecord => (m.trainer ? { history: m.trainer.history } : m.stump ? { stump: m.stump } : {});
const recordOfJob = (m: BaggingMemberResult): MemberRecord => (m.network ? { history: m.network.history } : m.stump ? { stump: m.stump } : {});

/** A network member's epochs as metrics rows tagged `tag`; a stump's split as one row. */
function memberRows(m: MemberRecord, tag: Record<string, unknown>): Record<string, unknown>[] {
  if (m.history) return m.history.map((h) => ({ ...tag, ...h }));
  if (m.stump) {
    const { feature, threshold, left, right, loss } = m.stump;
    return [{ ...tag, learner: 'stump', feature, threshold: Number.isFinite(threshold) ? threshold : String(threshold), left, right, loss }];
  }
  return [];
}

/** One bagging progress line: member m alone and the first m combined, on the test split. */
function bagLine(row: BagRow): string {
  const f = (v: number) => v.toFixed(4);
  return 'voteTestAccuracy' in row
    ? `test accuracy: member ${f(row.memberTestAccuracy)}, vote ${f(row.voteTestAccuracy)}, average ${f(row.averageTestAccuracy)}`
    : `test mse: member ${f(row.memberTestMse)}, average ${f(row.averageTestMse)}`;
}

/**
 * Bagging on the run's data (@descent/train's baggingOn: every member a job on the runner of
 * --workers / --queue): per ensemble size m, the test score of the first m members combined.
 */
export async function bagResult(r: BagInput, members: number, combine: 'vote' | 'average'): Promise<EnsembleOutput> {
  const source = await runData(r.config);
  const run = await baggingOn(r.config, r.dataset, source.forSeed(r.config, r.config.seed), { members, learner: r.learner }, async (specs) =>
    (await runFanout<BaggingMemberResult>(specs, r.fanout, source.blobs ? { blobs: source.blobs } : {})).map((x) => x.value),
  );
  const { data } = run;
  const classification = data.task === 'classification';
  const table = run.rows as unknown as Record<string, unknown>[];
  for (const row of run.rows) r.progress.line(`bagging: ${row.members}/${members} members: ${bagLine(row)}`);
  const oob = run.oob;
  const last = table[table.length - 1]!;
  const key = classification ? (combine === 'vote' ? 'voteTestAccuracy' : 'averageTestAccuracy') : 'averageTestMse';
  const singleKey = classification ? 'memberTestAccuracy' : 'memberTestMse';
  const metric = classification ? 'test accuracy' : 'test mse';
  const meanMember = table.reduce((s, x) => s + (x[singleKey] as number), 0) / table.length;
  const ms = table.map((x) => x['members'] as number);
  const result: ExperimentResult = {
    experiment: 'bagging',
    title: `Bagging — ${members} ${r.learnerName} members on ${r.datasetName}`,
    results: table,
    figures: [
      {
        type: 'line',
        title: `Bagging: ${metric} vs ensemble size`,
        xLabel: 'members',
        yLabel: metric,
        markers: true,
        series: [
          { name: `ensemble (${classification ? combine : 'average'})`, x: ms, y: table.map((x) => x[key] as number) },
          { name: 'member m alone', x: ms, y: table.map((x) => x[singleKey] as number), dashed: true },
        ],
      },
    ],
    notes: [`Each member is trained on a bootstrap resample of the ${data.train.n} training rows. Out-of-bag ${classification ? 'accuracy' : 'MSE'} ${oob.score.toFixed(4)} over ${oob.rows} rows.`],
    extra: { combine, oob, ensemble: last[key], meanMember },
  };
  const artifacts: RunArtifacts = { metrics: run.members.flatMap((m, b) => memberRows(recordOfJob(m), { member: b + 1 })), checkpoints: [] };
  const stumps = run.members.flatMap((m) => (m.stump ? [m.stump] : []));
  run.members.forEach((m, b) => {
    if (m.network) artifacts.checkpoints!.push({ name: `member-${b + 1}`, content: memberCheckpoint(m.network.checkpoint, m.network.seed, { member: b + 1 }) });
  });
  if (stumps.length) artifacts.checkpoints!.push({ name: 'stumps', content: { meta: { method: 'bagging', members: stumps.length, classes: data.classes }, tensors: stumpTensors(stumps) } });
  return { result, summary: `bagging ${members} members (${classification ? combine : 'average'}): ${metric} ${(last[key] as number).toFixed(4)} vs mean member ${meanMember.toFixed(4)}`, artifacts };
}

/** AdaBoost SAMME (classification) or gradient boosting (regression) (@descent/train's runBoosting), scored per round. */
export function boostResult(r: EnsembleRun, rounds: number, nu: number): EnsembleOutput {
  const { data } = r;
  const run = runBoosting(data, r.learner, { rounds, seed: r.seed, shrinkage: nu });
  try {
    // metrics: each round's member epochs (networks), then the round itself
    const metrics: Record<string, unknown>[] = [];
    const checkpoints: RunArtifacts['checkpoints'] = [];
    const kept = new Set<unknown>(run.model.members);
    run.trained.forEach((m, j) => {
      metrics.push(...memberRows(recordOf(m), { round: j + 1, ...(kept.has(m) ? {} : { dropped: true }) }));
      const row = run.rounds[j];
      if (row) metrics.push({ ...row });
      if (m.trainer && kept.has(m)) checkpoints.push({ name: `member-${j + 1}`, content: memberCheckpoint(m.trainer.checkpoint(), m.trainer.config.seed, { round: j + 1 }) });
    });
    const stumps = run.trained.filter((m) => kept.has(m) && m.stump).map((m) => m.stump!);
    const x = run.rounds.map((t) => t.round);
    if (run.method === 'adaboost-samme') {
      const model = run.model;
      const table = run.rounds;
      for (const t of table) r.progress.line(`boosting: round ${t.round}: error ${t.weightedError.toFixed(4)} alpha ${t.alpha.toFixed(4)} train acc ${t.trainAccuracy.toFixed(4)}`);
      const last = table[table.length - 1]!;
      const alpha = { name: 'alpha', shape: [table.length], data: Float32Array.from(table, (t) => t.alpha) };
      checkpoints.push({ name: 'ensemble', content: { meta: { method: run.method, rounds: table.length, classes: model.classes, shrinkage: nu, stopReason: model.stopReason, learner: r.learnerName }, tensors: [alpha, ...(stumps.length ? stumpTensors(stumps) : [])] } });
      return {
        result: {
          experiment: 'boosting',
          title: `AdaBoost SAMME — ${r.learnerName} learners on ${r.datasetName}`,
          results: table as unknown as Record<string, unknown>[],
          figures: [
            { type: 'line', title: 'AdaBoost: accuracy per round', xLabel: 'round', yLabel: 'accuracy', markers: table.length < 40, series: [
              { name: 'train', x, y: table.map((t) => t.trainAccuracy) },
              { name: 'test', x, y: table.map((t) => t.testAccuracy), dashed: true },
            ] },
            { type: 'line', title: 'Weighted error and α per round', xLabel: 'round', yLabel: 'value', markers: table.length < 40, series: [
              { name: 'weighted error', x, y: table.map((t) => t.weightedError) },
              { name: 'alpha', x, y: table.map((t) => t.alpha) },
            ] },
          ],
          notes: [`Stop reason: ${model.stopReason}. Shrinkage ν = ${nu}. Sample weights are honoured by resampling for network learners.`],
          extra: { method: 'adaboost-samme', stopReason: model.stopReason, testAccuracy: last.testAccuracy },
          // each round's normalised sample weights over the training rows (the playground's point sizes)
          data: { weights: model.rounds.map((br) => Array.from(br.weights)) },
        },
        summary: `AdaBoost ${table.length} rounds: test accuracy ${last.testAccuracy.toFixed(4)}`,
        artifacts: { metrics, checkpoints },
      };
    }
    const model = run.model;
    const table = run.rounds;
    for (const t of table) r.progress.line(`boosting: round ${t.round}: train mse ${t.trainMse.toFixed(4)}`);
    const last = table[table.length - 1]!;
    checkpoints.push({ name: 'ensemble', content: { meta: { method: run.method, rounds: table.length, shrinkage: nu, learner: r.learnerName }, tensors: [{ name: 'init', shape: [1], data: Float32Array.of(model.init) }, ...(stumps.length ? stumpTensors(stumps) : [])] } });
    return {
      result: {
        experiment: 'boosting',
        title: `Gradient boosting — ${r.learnerName} learners on ${r.datasetName}`,
        results: table as unknown as Record<string, unknown>[],
        figures: [
          { type: 'line', title: 'Gradient boosting: MSE per round', xLabel: 'round', yLabel: 'mse', logY: true, markers: table.length < 40, series: [
            { name: 'train', x, y: table.map((t) => t.trainMse) },
            { name: 'test', x, y: table.map((t) => t.testMse), dashed: true },
          ] },
        ],
        notes: [`F₀ = mean(y) = ${model.init.toFixed(4)}, shrinkage ν = ${nu}; each member is fitted to the residuals y − F.`],
        extra: { method: 'gradient-boosting', testMse: last.testMse },
      },
      summary: `gradient boosting ${table.length} rounds: test mse ${last.testMse.toFixed(4)}`,
      artifacts: { metrics, checkpoints },
    };
  } finally {
    run.free();
  }
}

/** `descent ensemble bag|boost`: bagging (vote / average), AdaBoost SAMME or gradient boosting. */
export async function ensembleCommand(method: string, flags: Record<string, unknown>, o: EnsembleOptions): Promise<number> {
  if (method !== 'bag' && method !== 'boost') throw usageError(`ensemble: ${unknownName('method', method, ['bag', 'boost'])}`);
  const c = trainConfigFrom(flags, o.config);
  const learnerName = o.learner ?? 'net';
  if (learnerName !== 'net' && learnerName !== 'stump') throw usageError(`--learner: ${unknownName('learner', learnerName, ['net', 'stump'])}`);
  const d = loadDataset(c);
  const data: Prepared = prepareEnsemble(d, c);
  const classification = data.task === 'classification';
  const progress = createProgress({ quiet: !!o.quiet, stream: o.json ? process.stderr : process.stdout });
  let out: EnsembleOutput;
  if (method === 'bag') {
    const combine = o.combine ?? 'vote';
    if (combine !== 'vote' && combine !== 'average') throw usageError(`--combine: ${unknownName('combine rule', combine, ['vote', 'average'])}`);
    const members = intFlag('members', o.members, 5);
    checkFits('--members', members, `${members} members`);
    out = await bagResult({ config: c, dataset: d, datasetName: d.name, learner: learnerName, learnerName, progress, fanout: o }, members, combine);
  } else {
    const fanned = o.workers !== undefined ? '--workers' : o.queue !== undefined ? '--queue' : null;
    if (fanned) throw usageError(`${fanned}: boosting rounds run one after another (each trains on what the rounds before it left), so \`ensemble boost\` does not fan out; \`ensemble bag\` does`);
    const nu = numberFlag('shrinkage', o.shrinkage, classification ? 1 : 0.1);
    if (!(nu > 0)) throw usageError(`--shrinkage: must be > 0, got ${o.shrinkage}`);
    const rounds = intFlag('rounds', o.rounds, 10);
    checkFits('--rounds', rounds, `${rounds} rounds`);
    const learner: Learner = ensembleLearner(learnerName, c, data);
    out = boostResult({ data, datasetName: d.name, learner, learnerName, seed: c.seed, progress }, rounds, nu);
  }
  // a stump ensemble has no network: name it (and its config's model) after the stumps
  const stumps = learnerName === 'stump';
  const name = stumps && flags['name'] === undefined ? defaultRunName({ ...c, model: 'stumps' }).slice(0, -(c.optimizer.length + 1)) : c.name;
  const config = { ...c, name, ...(stumps ? { model: 'stumps' } : {}), method, learner: learnerName, members: o.members ?? null, rounds: o.rounds ?? null, combine: o.combine ?? null, shrinkage: o.shrinkage ?? null };
  return finishResults('ensemble', `${method}-${name}`, config, [out.result], o, out.summary, out.artifacts);
}
