// A tiny DOM builder: el('div', { class: 'x' }, child, 'text').
export type Child = Node | string | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | number | boolean> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false) continue;
    e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) e.append(c);
  return e;
}

/** A canvas drawn at the device pixel ratio; draw in CSS pixels. */
export function canvas(width: number, height: number, label: string): { canvas: HTMLCanvasElement; ctx: CanvasRenderingContext2D } {
  const c = el('canvas', { width: width * devicePixelRatio, height: height * devicePixelRatio, role: 'img', 'aria-label': label });
  c.style.width = `${width}px`;
  c.style.height = `${height}px`;
  const ctx = c.getContext('2d')!;
  ctx.scale(devicePixelRatio, devicePixelRatio);
  return { canvas: c, ctx };
}

/** A short number for labels: 3 significant digits, exponent form for very small or large values. */
export function fmt(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined) return '–';
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(digits - 1);
  return Number(v.toPrecision(digits)).toString();
}

/**
 * The font stack of the page and its canvases: the system UI font, then the fonts that carry
 * Hangul on each platform (Linux's Noto CJK names the family 'Noto Sans CJK KR'; 'Noto Sans KR'
 * is the web and Android name; macOS, Windows), so Korean never falls to a font without it.
 * index.html's CSS names the same stack.
 */
export const FONT_STACK = "system-ui, -apple-system, 'Segoe UI', 'Noto Sans KR', 'Noto Sans CJK KR', 'Apple SD Gothic Neo', 'Malgun Gothic', sans-serif";

/** A canvas font of `px` pixels in the page's stack. */
export const canvasFont = (px: number) => `${px}px ${FONT_STACK}`;

export const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf', '#393b79', '#637939'];
