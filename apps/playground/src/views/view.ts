// What every view gets from the app shell and gives back.
import type { ViewName } from '../config.js';
import type { CsvFile, FromWorker, Job, Workers } from '../protocol.js';
import type { AppState, Lang } from '../state.js';
import { LABELS, WORDS } from '../i18n.js';
import { control } from '../ui/controls.js';
import { el } from '../ui/dom.js';

export interface ViewContext {
  state: AppState;
  lang: Lang;
  /** Lanes the pooled views run their job specs on (1 = one after another in the training worker; 'auto': as many as the work pays for). */
  workers: Workers;
  /** Start a job in the worker (cancels the previous one). */
  run(job: Job): void;
  pause(): void;
  resume(): void;
  /** Stop the current run (its jobs not yet finished are cancelled). */
  stop(): void;
  /** Change one field of the view's config (URL updated, run restarted). */
  change(key: string, raw: string): void;
  /** Show or clear the visible error message. */
  error(message: string | null): void;
  /** Total optimizer steps of the current run so far (for steps/s). */
  progress(steps: number): void;
  /** The CSV the user dropped (its name and text), if any. */
  csv(): CsvFile | null;
  setCsv(file: CsvFile): void;
  /** Publish the run's numbers on window.__playground.run (read by tests); returns the record to fill. */
  record<T extends object>(r: T): T;
}

export interface View {
  root: HTMLElement;
  /** Begin (or restart) the view's run. */
  start(): void;
  onMessage(m: FromWorker): void;
  /** Redraw if something changed (called once per animation frame). */
  draw(): void;
  /** Called when the worker reports the run finished. */
  finished?(): void;
}

/** The controls panel of a view: one labelled control per key. */
export function controlsPanel(ctx: ViewContext, view: ViewName, keys: string[]): HTMLElement {
  const cfg = ctx.state.config as unknown as Record<string, unknown>;
  const panel = el('form', { class: 'controls', 'aria-label': 'settings' });
  panel.addEventListener('submit', (e) => e.preventDefault());
  for (const k of keys) panel.append(control(view, k, cfg[k], LABELS[ctx.lang][k] ?? k, ctx.change));
  return panel;
}

export const words = (ctx: ViewContext) => WORDS[ctx.lang];

/** A labelled number readout: <span data-stat="key">. */
export function stat(key: string, label: string): { root: HTMLElement; set(v: string): void } {
  const value = el('span', { 'data-stat': key }, '–');
  return { root: el('div', { class: 'stat' }, el('span', { class: 'k' }, label, ': '), value), set: (v) => (value.textContent = v) };
}

/** A drop zone + file picker that hands the CSV text to the app. */
export function csvDrop(ctx: ViewContext): HTMLElement {
  const input = el('input', { type: 'file', accept: '.csv,text/csv', id: 'csv-file' });
  const zone = el('div', { class: 'drop', tabindex: 0, role: 'button', 'aria-label': words(ctx).drop! }, el('label', { for: 'csv-file' }, words(ctx).drop), input);
  const take = (f: File | undefined) => {
    if (!f) return;
    void f.text().then((text) => ctx.setCsv({ name: f.name, text }));
  };
  input.addEventListener('change', () => take(input.files?.[0]));
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    take(e.dataTransfer?.files[0]);
  });
  zone.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') input.click();
  });
  return zone;
}
