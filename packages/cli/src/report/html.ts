import { esc } from './svg.js';

export interface Section {
  title: string;
  /** Trusted markup (SVG charts, tables) or plain paragraphs. */
  html: string;
}

/** A table from rows of objects: columns are the union of keys in first-seen order. */
export function table(rows: readonly Record<string, unknown>[], columns?: readonly string[]): string {
  if (rows.length === 0) return '<p>(no rows)</p>';
  const cols = columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) => esc(formatValue(v));
  const head = cols.map((c) => `<th>${esc(c)}</th>`).join('');
  const body = rows.map((r) => `<tr>${cols.map((c) => `<td>${cell(r[c])}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/**
 * A value as a reader wants it in a table: non-integers to 4 significant digits, arrays as
 * comma-separated values, objects as `key value` pairs (never raw JSON or 16-digit floats).
 */
export function formatValue(v: unknown): string {
  if (typeof v === 'number') {
    if (Number.isInteger(v) || !Number.isFinite(v)) return String(v);
    const a = Math.abs(v);
    return a >= 1e6 || a < 1e-3 ? v.toExponential(3) : String(Number(v.toPrecision(4)));
  }
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(formatValue).join(', ');
  if (typeof v === 'object') return Object.entries(v).map(([k, x]) => `${k} ${formatValue(x)}`).join(', ');
  return String(v);
}

/** Key/value pairs as a two-column table. */
export function keyValues(obj: Record<string, unknown>): string {
  return table(
    Object.entries(obj).map(([k, v]) => ({ key: k, value: v })),
    ['key', 'value'],
  );
}

/** A self-contained HTML page: inline CSS, inline SVG, no scripts, no network. */
export function page(title: string, subtitle: string, sections: readonly Section[]): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${esc(title)}</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:1000px;color:#222;padding:0 16px}
h1{font-size:22px;margin-bottom:4px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd;padding-bottom:4px}
.sub{color:#666;margin-top:0}.figs{display:flex;flex-wrap:wrap;gap:12px}svg{max-width:100%;height:auto;border:1px solid #eee}
table{border-collapse:collapse;font-size:13px;margin:8px 0}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}th{background:#f5f5f5}
td:first-child,th:first-child{text-align:left}code{background:#f5f5f5;padding:1px 4px}
</style>
</head>
<body>
<h1>${esc(title)}</h1>
<p class="sub">${esc(subtitle)}</p>
${sections.map((s) => `<section>\n<h2>${esc(s.title)}</h2>\n${s.html}\n</section>`).join('\n')}
</body>
</html>
`;
}
