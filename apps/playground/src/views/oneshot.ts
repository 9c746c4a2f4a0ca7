// Views 3–6 compute their result in one worker job; this shell gives them a Run button, the
// controls, a busy note and the result area. The pooled views (their jobs on the Web Worker pool)
// also get a Stop button, the count of finished jobs, and a line saying where the jobs ran.
import type { ViewName } from '../config.js';
import { fill } from '../i18n.js';
import type { FromWorker, Job, PoolUse } from '../protocol.js';
import { el } from '../ui/dom.js';
import { controlsPanel, words, type View, type ViewContext } from './view.js';

export interface OneShot {
  keys: string[];
  job(): Job;
  /** Build the result DOM for the worker's answer; return false for messages of other views. */
  render(m: FromWorker, out: HTMLElement): boolean;
  extra?: HTMLElement;
}

export function oneShotView(ctx: ViewContext, name: ViewName, spec: OneShot): View {
  const w = words(ctx);
  const out = el('div', { class: 'result', 'aria-live': 'polite' });
  const busy = el('p', { class: 'busy', hidden: true }, '…');
  const ranOn = el('p', { class: 'pool', 'data-stat': 'pool', hidden: true });
  const run = el('button', { type: 'button', id: 'play' }, w.run!);
  const stop = el('button', { type: 'button', id: 'stop', hidden: true }, w.stop!);
  const on = (n: number | 'auto') => (n === 'auto' ? w.auto! : n === 1 ? w.oneWorker! : fill(w.nWorkers!, { n }));
  let progress = { done: 0, total: 0 };
  const idle = () => {
    busy.hidden = true;
    stop.hidden = true;
  };
  run.addEventListener('click', () => view.start());
  stop.addEventListener('click', () => {
    ctx.stop();
    idle();
    busy.hidden = false;
    busy.textContent = fill(w.stopped!, { d: progress.done, t: progress.total || '?' });
  });
  const root = el(
    'div',
    { class: `view ${name}` },
    el('div', { class: 'col' }, controlsPanel(ctx, name, spec.keys), spec.extra ?? null),
    el('div', { class: 'col wide' }, el('div', { class: 'buttons' }, run, stop), busy, out, ranOn),
  );
  const view: View = {
    root,
    start() {
      const job = spec.job();
      progress = { done: 0, total: 0 };
      busy.hidden = false;
      busy.textContent = w.computing!;
      stop.hidden = !('workers' in job);
      ctx.run(job);
    },
    onMessage(m) {
      if (m.type === 'jobs-progress') {
        if (stop.hidden) return;
        progress = { done: m.done, total: m.total };
        busy.textContent = fill(w.jobsDone!, { d: m.done, t: m.total, w: on(ctx.workers) });
        busy.setAttribute('data-done', String(m.done));
        return;
      }
      if (!spec.render(m, out)) return;
      idle();
      ctx.record(m);
      const pool = (m as { pool?: PoolUse }).pool;
      ranOn.hidden = !pool;
      if (pool) {
        const auto = pool.reason === 'small' ? w.autoSmall! : pool.reason === 'pays' ? w.autoPays! : '';
        ranOn.textContent = fill(w.ranOn!, { j: pool.jobs, w: on(pool.workersUsed) }) + fill(auto, { s: (pool.workMs / 1000).toFixed(1) });
        ranOn.setAttribute('data-lanes', String(pool.lanes));
        ranOn.setAttribute('data-reason', pool.reason);
        ranOn.setAttribute('data-runner', pool.runner);
        ranOn.setAttribute('data-jobs', String(pool.jobs));
        ranOn.setAttribute('data-workers-used', String(pool.workersUsed));
      }
    },
    finished: idle,
    draw() {},
  };
  return view;
}
