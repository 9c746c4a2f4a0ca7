// Labelled, keyboard-operable controls built from a view's field table (state.ts): sliders for
// numbers (log-scaled where the value spans decades), selects, checkboxes, text for lists.
import type { ViewName } from '../config.js';
import { fieldKind } from '../state.js';
import { el, fmt } from './dom.js';

/** Slider ranges of the UI (the URL accepts wider values and is clamped by state.ts). */
const SLIDERS: Record<string, { min: number; max: number; step: number; log?: boolean }> = {
  lr: { min: -4, max: 1, step: 0.05, log: true },
  eps: { min: -10, max: 0, step: 0.5, log: true },
  momentum: { min: 0, max: 0.99, step: 0.01 },
  beta1: { min: 0, max: 0.99, step: 0.01 },
  beta2: { min: 0.9, max: 0.9999, step: 0.0001 },
  rho: { min: 0, max: 0.99, step: 0.01 },
  alpha: { min: 0.5, max: 0.999, step: 0.001 },
  steps: { min: 50, max: 3000, step: 50 },
  samples: { min: 20, max: 1000, step: 10 },
  noise: { min: 0, max: 1, step: 0.05 },
  batchSize: { min: 0, max: 256, step: 1 },
  epochs: { min: 1, max: 300, step: 1 },
  dropout: { min: 0, max: 0.8, step: 0.05 },
  l1: { min: 0, max: 0.05, step: 0.001 },
  l2: { min: 0, max: 0.1, step: 0.001 },
  inputNoise: { min: 0, max: 1, step: 0.05 },
  weightNoise: { min: 0, max: 0.3, step: 0.01 },
  labelSmoothing: { min: 0, max: 0.4, step: 0.01 },
  mixup: { min: 0, max: 2, step: 0.05 },
  earlyStopping: { min: 0, max: 30, step: 1 },
  valSplit: { min: 0, max: 0.5, step: 0.05 },
  testSplit: { min: 0, max: 0.4, step: 0.05 },
  smallBatch: { min: 1, max: 64, step: 1 },
  largeBatch: { min: 0, max: 512, step: 1 },
  epsilon: { min: -4, max: -0.5, step: 0.1, log: true },
  targetLoss: { min: -3, max: 0, step: 0.05, log: true },
  maxEpochs: { min: 10, max: 1000, step: 10 },
  degree: { min: 0, max: 15, step: 1 },
  fits: { min: 2, max: 60, step: 1 },
  maxDegree: { min: 1, max: 15, step: 1 },
  members: { min: 1, max: 25, step: 1 },
  rounds: { min: 1, max: 60, step: 1 },
  folds: { min: 2, max: 10, step: 1 },
};

export type OnChange = (key: string, raw: string) => void;

function display(key: string, v: number): string {
  if ((key === 'batchSize' || key === 'largeBatch') && v === 0) return 'full';
  if (key === 'earlyStopping' && v === 0) return 'off';
  return fmt(v, 4);
}

/** One labelled control for `key` of `view` holding `value`; `label` is its visible name. */
export function control(view: ViewName, key: string, value: unknown, label: string, onChange: OnChange): HTMLElement {
  const kind = fieldKind(view, key);
  const id = `ctl-${view}-${key}`;
  const wrap = el('div', { class: 'ctl', 'data-key': key });
  if (!kind) return wrap;
  if (kind.t === 'num' && SLIDERS[key]) {
    const s = SLIDERS[key]!;
    const v = value as number;
    const pos = s.log ? Math.log10(Math.max(v, 10 ** s.min)) : v;
    const input = el('input', { id, type: 'range', min: s.min, max: s.max, step: s.step, value: pos });
    const out = el('output', { for: id }, display(key, v));
    input.addEventListener('input', () => {
      const raw = s.log ? String(Number((10 ** Number(input.value)).toPrecision(3))) : input.value;
      out.textContent = display(key, Number(raw));
    });
    input.addEventListener('change', () => {
      const raw = s.log ? String(Number((10 ** Number(input.value)).toPrecision(3))) : input.value;
      onChange(key, raw);
    });
    // label and value on one row, apart: a long label never runs into its value
    wrap.append(el('div', { class: 'ctl-head' }, el('label', { for: id }, label), out), input);
    return wrap;
  }
  if (kind.t === 'num') {
    const input = el('input', { id, type: 'number', value: String(value), step: 'any', min: kind.min, max: kind.max });
    input.addEventListener('change', () => onChange(key, input.value));
    wrap.append(el('label', { for: id }, label), input);
    return wrap;
  }
  if (kind.t === 'bool') {
    const input = el('input', { id, type: 'checkbox', checked: Boolean(value) });
    input.addEventListener('change', () => onChange(key, input.checked ? '1' : '0'));
    wrap.append(input, el('label', { for: id }, ' ', label));
    return wrap;
  }
  if (kind.t === 'enum') {
    const select = el('select', { id });
    for (const o of kind.options) select.append(el('option', { value: o, selected: o === value }, o));
    select.addEventListener('change', () => onChange(key, select.value));
    wrap.append(el('label', { for: id }, label), select);
    return wrap;
  }
  if (kind.t === 'list') {
    const chosen = new Set(value as string[]);
    const fs = el('fieldset', { id }, el('legend', {}, label));
    for (const o of kind.options) {
      const cid = `${id}-${o}`;
      const box = el('input', { id: cid, type: 'checkbox', value: o, checked: chosen.has(o) });
      box.addEventListener('change', () => {
        if (box.checked) chosen.add(o);
        else chosen.delete(o);
        onChange(key, kind.options.filter((x) => chosen.has(x)).join(','));
      });
      fs.append(el('span', { class: 'chk' }, box, el('label', { for: cid }, o)));
    }
    wrap.append(fs);
    return wrap;
  }
  const text = kind.t === 'ints' ? (value as number[]).join('-') : (value as number[]).join(',');
  const input = el('input', { id, type: 'text', value: text, spellcheck: false });
  input.addEventListener('change', () => onChange(key, input.value));
  wrap.append(el('label', { for: id }, label), input);
  return wrap;
}
