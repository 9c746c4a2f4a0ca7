// Views 3–6 compute their result in one worker job; this shell gives them a Run button, the
// controls, a busy note and the result area.
import type { ViewName } from '../config.js';
import type { FromWorker, Job } from '../protocol.js';
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
  const run = el('button', { type: 'button', id: 'play' }, w.run!);
  run.addEventListener('click', () => view.start());
  const root = el(
    'div',
    { class: `view ${name}` },
    el('div', { class: 'col' }, controlsPanel(ctx, name, spec.keys), spec.extra ?? null),
    el('div', { class: 'col wide' }, el('div', { class: 'buttons' }, run), busy, out),
  );
  const view: View = {
    root,
    start() {
      busy.hidden = false;
      busy.textContent = w.computing!;
      ctx.run(spec.job());
    },
    onMessage(m) {
      if (spec.render(m, out)) busy.hidden = true;
    },
    finished() {
      busy.hidden = true;
    },
    draw() {},
  };
  return view;
}
