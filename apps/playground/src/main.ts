// The app shell on the main thread: URL state, tabs, language, the CLI command, the worker, and
// one draw per animation frame. It imports no engine package: all training runs in the worker.
import { cliCommand } from './cli-command.js';
import { VIEWS, type ViewName } from './config.js';
import { fill, VIEW_TEXT, WORDS } from './i18n.js';
import type { CsvFile, FromWorker, Job, ToWorker, Workers } from './protocol.js';
import { formatHash, MAX_THREADS, parseHash, withField, type AppState, type EngineSettings } from './state.js';
import { el } from './ui/dom.js';
import { POOL_CAP, poolSize } from './pool-size.js';
import { biasVarianceView, cvView, ensemblesView, sharpnessView } from './views/analysis.js';
import { classifierView } from './views/classifier.js';
import { raceView } from './views/race.js';
import type { View, ViewContext } from './views/view.js';

const FACTORIES: Record<ViewName, (ctx: ViewContext) => View> = {
  race: raceView,
  classifier: classifierView,
  sharpness: sharpnessView,
  'bias-variance': biasVarianceView,
  ensembles: ensemblesView,
  cv: cvView,
};

let state: AppState = parseHash(location.hash);

/** Kernel threads need SharedArrayBuffer: a cross-origin isolated page (COOP + COEP headers). */
const isolated = globalThis.crossOriginIsolated === true;
const engineOf = (s: AppState): EngineSettings => ({ threads: isolated ? (s.engine?.threads ?? 1) : 1, fast: s.engine?.fast ?? false });
let engine = engineOf(state);

/** A worker loading the core with `e` (a change of threads or fast mode starts a new one). */
function startWorker(e: EngineSettings): Worker {
  const w = new Worker(new URL('./worker/worker.ts', import.meta.url), { type: 'module' });
  w.onmessage = onWorkerMessage;
  w.onerror = (ev) => showError(`the worker failed: ${ev.message}`);
  w.postMessage({ type: 'init', threads: e.threads, fast: e.fast } satisfies ToWorker);
  return w;
}
let worker: Worker | null = null;
const send = (m: ToWorker) => worker!.postMessage(m);
const app = document.getElementById('app')!;
let view: View | null = null;
let runId = 0;
let csvFile: CsvFile | null = null;
const errorBox = el('div', { id: 'error', role: 'alert', hidden: true });

/** Measured in the page (read by the browser test, shown in the footer). */
const perf = { fps: 0, stepsPerSec: 0, steps: 0, runStart: 0, runMs: 0, firstSteps: 0, firstAt: 0, variant: '', threads: 0, done: false, runs: 0, run: null as object | null };
(globalThis as unknown as { __playground: unknown }).__playground = perf;

/** A job run started through __playground.jobs (a hook for tests and the console), waiting for its values. */
let pendingJobs: { runId: number; resolve(v: { runner: string; values: unknown[] }): void; reject(e: Error): void } | null = null;
(perf as unknown as { jobs: unknown }).jobs = (specs: Extract<Job, { kind: 'jobs' }>['specs'], workers: Workers) =>
  new Promise<{ runner: string; values: unknown[] }>((resolve, reject) => {
    runId++;
    pendingJobs = { runId, resolve, reject };
    send({ type: 'start', runId, job: { kind: 'jobs', specs, workers } });
  });

function showError(message: string | null): void {
  errorBox.hidden = message === null;
  errorBox.textContent = message ?? '';
}

function writeHash(s: AppState): void {
  const h = formatHash(s);
  if (location.hash !== h) history.replaceState(null, '', h);
}

/** The pooled views' lanes: the URL's `workers`, else auto (the worker plans them from the work). */
const workersOf = (s: AppState): Workers => s.workers ?? 'auto';

const ctx = (): ViewContext => ({
  state,
  lang: state.lang,
  workers: workersOf(state),
  run(job: Job) {
    runId++;
    perf.runs++;
    perf.runStart = performance.now();
    showError(null);
    perf.steps = 0;
    perf.firstAt = 0;
    perf.done = false;
    send({ type: 'start', runId, job });
  },
  pause: () => send({ type: 'pause', runId }),
  resume: () => send({ type: 'resume', runId }),
  stop: () => send({ type: 'stop', runId }),
  change(key, raw) {
    const next = withField(state, key, raw);
    render(next);
  },
  error: showError,
  progress(steps) {
    const t = performance.now();
    if (perf.firstAt === 0) {
      perf.firstAt = t;
      perf.firstSteps = steps;
    } else if (t > perf.firstAt) {
      perf.stepsPerSec = ((steps - perf.firstSteps) * 1000) / (t - perf.firstAt);
    }
    perf.steps = steps;
  },
  csv: () => csvFile,
  record(r) {
    perf.run = r;
    perf.runMs = performance.now() - perf.runStart;
    return r;
  },
  setCsv(file) {
    csvFile = file;
    render(withField(state, 'dataset', 'csv'));
  },
});

function render(next: AppState): void {
  state = next;
  writeHash(state);
  document.documentElement.lang = state.lang;
  const w = WORDS[state.lang];
  const text = VIEW_TEXT[state.lang][state.view];
  const tabs = el('nav', { role: 'tablist', 'aria-label': 'views' });
  for (const v of VIEWS) {
    const b = el('button', { type: 'button', role: 'tab', 'aria-selected': String(v === state.view), 'data-view': v }, VIEW_TEXT[state.lang][v].title);
    b.addEventListener('click', () => render({ ...parseHash(`view=${v}&lang=${state.lang}`), ...(state.engine ? { engine: state.engine } : {}), ...(state.workers !== undefined ? { workers: state.workers } : {}) }));
    tabs.append(b);
  }
  const lang = el('button', { type: 'button', id: 'lang', 'aria-label': 'language' }, w.language!);
  lang.addEventListener('click', () => render({ ...state, lang: state.lang === 'en' ? 'ko' : 'en' }));
  const cli = cliCommand(state, csvFile?.name ?? null);
  const want = engineOf(state);
  if (!worker || want.threads !== engine.threads || want.fast !== engine.fast) {
    worker?.terminate();
    engine = want;
    perf.variant = '';
    perf.threads = 0;
    worker = startWorker(engine);
  }
  const code = el('code', { id: 'cli' }, cli.command);
  const copy = el('button', { type: 'button', id: 'copy' }, w.copy!);
  const engineControls = engineSettings(state, (e) => render({ ...state, engine: e }));
  const poolControl = workersSetting(state, (n) => {
    const { workers: _, ...rest } = state;
    render(n === 'auto' ? rest : { ...rest, workers: n });
  });
  copy.addEventListener('click', () => {
    navigator.clipboard?.writeText(cli.command).then(
      () => (copy.textContent = w.copied!),
      () => window.getSelection()?.selectAllChildren(code),
    );
  });
  view = FACTORIES[state.view](ctx());
  app.replaceChildren(
    el('header', {}, el('h1', {}, 'descent playground'), tabs, engineControls, poolControl, lang),
    el('section', { class: 'explain', 'aria-labelledby': 'view-title' }, el('h2', { id: 'view-title' }, text.title), el('p', {}, text.body)),
    el(
      'div',
      { class: 'cli' },
      copy,
      code,
      el('small', {}, ` — ${cli.exact && !engine.fast ? w.exact : w.fastNumbers}`),
      cli.needsFile === null ? null : el('small', { id: 'cli-file' }, fill(w.needsFile!, { file: cli.needsFile })),
    ),
    errorBox,
    view.root,
    el('footer', {}, el('span', { id: 'perf' }), ` · ${w.footer}`),
  );
  showError(null);
  view.start();
}

/** Threads and fast mode, in the header; a one-line notice when threads cannot be had here. */
function engineSettings(s: AppState, change: (e: EngineSettings) => void): HTMLElement {
  const w = WORDS[s.lang];
  const cur = { threads: s.engine?.threads ?? 1, fast: s.engine?.fast ?? false };
  const cap = Math.max(1, Math.min(MAX_THREADS, navigator.hardwareConcurrency || 1));
  const select = el('select', { id: 'threads', 'aria-label': w.threads! });
  for (let t = 1; t <= Math.max(cap, cur.threads); t++) select.append(el('option', { value: t, selected: t === cur.threads }, String(t)));
  select.addEventListener('change', () => change({ ...cur, threads: Number(select.value) }));
  const fast = el('input', { type: 'checkbox', id: 'fast', checked: cur.fast });
  fast.addEventListener('change', () => change({ ...cur, fast: fast.checked }));
  const note = !isolated && cur.threads > 1 ? el('small', { id: 'threads-note', class: 'warn' }, w.notIsolated) : null;
  return el(
    'div',
    { class: 'engine' },
    el('label', { for: 'threads' }, `${w.threads} `),
    select,
    el('span', { id: 'threads-got', 'data-threads': perf.threads }, perf.threads ? ` (${fill(w.threadsGot!, { n: perf.threads })})` : ''),
    ' ',
    fast,
    el('label', { for: 'fast', title: w.fastHint! }, ` ${w.fast}`),
    note,
  );
}

/** The pooled views' worker count, in the header (only where a view runs jobs on the pool). */
function workersSetting(s: AppState, change: (n: Workers) => void): HTMLElement | null {
  if (s.view !== 'cv' && s.view !== 'ensembles' && s.view !== 'bias-variance') return null;
  const w = WORDS[s.lang];
  const cur = workersOf(s);
  const select = el('select', { id: 'workers', 'aria-label': w.workers! });
  select.append(el('option', { value: 'auto', selected: cur === 'auto' }, fill(w.autoWorkers!, { n: poolSize(navigator.hardwareConcurrency) })));
  for (let n = 1; n <= Math.max(POOL_CAP, cur === 'auto' ? 0 : cur); n++) select.append(el('option', { value: n, selected: n === cur }, String(n)));
  select.addEventListener('change', () => change(select.value === 'auto' ? 'auto' : Number(select.value)));
  return el('div', { class: 'engine' }, el('label', { for: 'workers', title: w.workersHint! }, `${w.workers} `), select);
}

function onWorkerMessage(e: MessageEvent<FromWorker>): void {
  const m = e.data;
  if (m.type === 'ready') {
    perf.variant = m.variant;
    perf.threads = m.threads;
    const got = document.getElementById('threads-got');
    if (got) {
      got.textContent = ` (${fill(WORDS[state.lang].threadsGot!, { n: m.threads })})`;
      got.setAttribute('data-threads', String(m.threads));
    }
    return;
  }
  if (pendingJobs && m.runId === pendingJobs.runId) {
    if (m.type === 'jobs-result') pendingJobs.resolve({ runner: m.runner, values: m.values });
    else if (m.type === 'error') pendingJobs.reject(new Error(m.message));
    else return;
    pendingJobs = null;
    return;
  }
  if (m.runId !== runId && m.runId !== -1) return;
  if (m.type === 'error') {
    showError(m.message);
    view?.finished?.();
    return;
  }
  if (m.type === 'done') {
    perf.done = true;
    view?.finished?.();
    return;
  }
  view?.onMessage(m);
}

window.addEventListener('hashchange', () => {
  if (location.hash !== formatHash(state)) render(parseHash(location.hash));
});

// one draw per frame; frames per second over the last second
let frames = 0;
let since = performance.now();
const perfEl = () => document.getElementById('perf');
function frame(t: number): void {
  view?.draw();
  frames++;
  if (t - since >= 1000) {
    perf.fps = (frames * 1000) / (t - since);
    frames = 0;
    since = t;
    const p = perfEl();
    if (p) p.textContent = `${perf.fps.toFixed(0)} fps · ${perf.stepsPerSec.toFixed(0)} ${WORDS[state.lang].stepsPerSec}`;
  }
  requestAnimationFrame(frame);
}
requestAnimationFrame(frame);
render(state);
