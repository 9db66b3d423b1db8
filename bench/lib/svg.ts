/** Self-contained SVG charts for the bench report (issue #6): no dependencies, opens in any browser. */
import type { Row } from './rows.js';
import { fmt } from './stats.js';

const COLORS: Record<string, string> = {
  greenhub: '#1b9e3e',
  'greenhub-spawnN': '#66c27c',
  'raw-generator': '#444444',
  'raw-generator-bare': '#999999',
  'raw-heap': '#444444',
  setImmediate: '#1f77b4',
  setTimeout: '#1f77b4',
  'await-null': '#9467bd',
  effection: '#ff7f0e',
  eventlet: '#d62728',
  gevent: '#8c564b',
  'oslo.service': '#d62728',
  'node:cluster': '#1f77b4',
  'no-storm': '#999999',
};
const color = (impl: string): string => COLORS[impl] ?? '#17becf';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Log-log line chart of one metric against a numeric parameter parsed from the case name (e.g. N=100). */
export function lineChart(title: string, rows: Row[], param: string, unit: string): string {
  const W = 720;
  const H = 420;
  const L = 70;
  const R = 160;
  const T = 40;
  const B = 50;
  const byImpl = new Map<string, { x: number; y: number; lo: number; hi: number }[]>();
  for (const r of rows) {
    const m = new RegExp(`${param}=(\\d+)`).exec(r.case);
    if (m === null) continue;
    const list = byImpl.get(r.impl) ?? [];
    list.push({ x: Number(m[1]), y: r.median, lo: r.min, hi: r.max });
    byImpl.set(r.impl, list);
  }
  const pts = [...byImpl.values()].flat();
  if (pts.length === 0) return '';
  const xs = pts.map((p) => p.x);
  const ys = pts.flatMap((p) => [p.lo, p.hi]).filter((v) => v > 0);
  const x0 = Math.log10(Math.min(...xs)) - 0.2;
  const x1 = Math.log10(Math.max(...xs)) + 0.2;
  const y0 = Math.floor(Math.log10(Math.min(...ys)));
  const y1 = Math.ceil(Math.log10(Math.max(...ys)));
  const sx = (x: number): number => L + ((Math.log10(x) - x0) / (x1 - x0)) * (W - L - R);
  const sy = (y: number): number => T + (1 - (Math.log10(Math.max(y, 10 ** y0)) - y0) / (y1 - y0 || 1)) * (H - T - B);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(`<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${esc(title)}</text>`);
  for (let e = y0; e <= y1; e++) {
    const y = sy(10 ** e);
    out.push(`<line x1="${L}" x2="${W - R}" y1="${y}" y2="${y}" stroke="#ddd"/>`);
    out.push(`<text x="${L - 6}" y="${y + 4}" text-anchor="end">${fmt(10 ** e)}</text>`);
  }
  for (const x of [...new Set(xs)].sort((a, b) => a - b)) {
    out.push(`<line x1="${sx(x)}" x2="${sx(x)}" y1="${T}" y2="${H - B}" stroke="#eee"/>`);
    out.push(`<text x="${sx(x)}" y="${H - B + 16}" text-anchor="middle">${param} = ${x.toLocaleString('en-US')}</text>`);
  }
  out.push(`<text x="16" y="${(H - B + T) / 2}" transform="rotate(-90 16 ${(H - B + T) / 2})" text-anchor="middle">${esc(unit)} (log scale, lower is better)</text>`);
  let legendY = T + 10;
  for (const [impl, list] of byImpl) {
    list.sort((a, b) => a.x - b.x);
    const c = color(impl);
    out.push(`<polyline fill="none" stroke="${c}" stroke-width="${impl === 'greenhub' ? 3 : 1.5}" points="${list.map((p) => `${sx(p.x)},${sy(p.y)}`).join(' ')}"/>`);
    for (const p of list) {
      out.push(`<line x1="${sx(p.x)}" x2="${sx(p.x)}" y1="${sy(p.lo)}" y2="${sy(p.hi)}" stroke="${c}"/>`);
      out.push(`<circle cx="${sx(p.x)}" cy="${sy(p.y)}" r="3.5" fill="${c}"><title>${esc(`${impl} ${param}=${p.x}: ${fmt(p.y)} ${unit}`)}</title></circle>`);
    }
    out.push(`<rect x="${W - R + 12}" y="${legendY - 9}" width="12" height="12" fill="${c}"/>`);
    out.push(`<text x="${W - R + 30}" y="${legendY + 1}">${esc(impl)}</text>`);
    legendY += 18;
  }
  out.push('</svg>');
  return out.join('\n');
}

/** One panel per (case, metric): a horizontal bar per implementation, median with a min–max whisker. */
export function barPanels(title: string, rows: Row[]): string {
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const k = `${r.case} — ${r.metric} (${r.unit})`;
    const g = groups.get(k) ?? [];
    g.push(r);
    groups.set(k, g);
  }
  const W = 760;
  const L = 150;
  const R = 90;
  const barH = 16;
  const out: string[] = [];
  let y = 44;
  const body: string[] = [];
  for (const [label, g] of groups) {
    body.push(`<text x="10" y="${y}" font-weight="bold">${esc(label)}</text>`);
    y += 8;
    const vals = g.flatMap((r) => [r.max, r.median]).filter((v) => Number.isFinite(v));
    const hi = Math.max(...vals.map(Math.abs), 1e-12);
    const lo = Math.min(0, ...vals);
    const span = hi - lo || 1;
    const sx = (v: number): number => L + ((v - lo) / span) * (W - L - R);
    for (const r of g) {
      const c = color(r.impl);
      const x0 = sx(Math.max(lo, 0));
      body.push(`<text x="${L - 6}" y="${y + barH - 4}" text-anchor="end">${esc(r.impl)}</text>`);
      const xm = sx(r.median);
      body.push(`<rect x="${Math.min(x0, xm)}" y="${y}" width="${Math.max(1, Math.abs(xm - x0))}" height="${barH}" fill="${c}"><title>${esc(`${r.impl}: median ${fmt(r.median)}, min ${fmt(r.min)}, max ${fmt(r.max)} ${r.unit}`)}</title></rect>`);
      body.push(`<line x1="${sx(r.min)}" x2="${sx(r.max)}" y1="${y + barH / 2}" y2="${y + barH / 2}" stroke="#000" stroke-width="1"/>`);
      body.push(`<text x="${Math.max(xm, sx(r.max)) + 5}" y="${y + barH - 4}">${esc(fmt(r.median))}</text>`);
      y += barH + 4;
    }
    y += 22;
  }
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${y}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${y}" fill="white"/>`);
  out.push(`<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${esc(title)}</text>`);
  out.push(...body, '</svg>');
  return out.join('\n');
}
