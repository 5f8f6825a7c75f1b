/** A small server-side SVG line chart of a 0–100 score over time (no script, no external resource). */
import { html, type Safe } from '../html.js';

export function scoreChart(points: readonly { label: string; value: number }[]): Safe {
  const w = 520;
  const h = 140;
  const pad = 28;
  const step = points.length > 1 ? (w - 2 * pad) / (points.length - 1) : 0;
  const xy = points.map((p, i) => ({
    x: pad + i * step,
    y: h - pad - ((h - 2 * pad) * Math.max(0, Math.min(100, p.value))) / 100,
    p,
  }));
  const line = xy.map((q) => `${q.x.toFixed(1)},${q.y.toFixed(1)}`).join(' ');
  return html`<svg class="chart" role="img" aria-label="score over time" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" xmlns="http://www.w3.org/2000/svg">
<line x1="${pad}" y1="${h - pad}" x2="${w - pad}" y2="${h - pad}" stroke="#999"/><line x1="${pad}" y1="${pad}" x2="${pad}" y2="${h - pad}" stroke="#999"/>
<text x="2" y="${pad + 4}" font-size="10">100</text><text x="10" y="${h - pad + 4}" font-size="10">0</text>
<polyline fill="none" stroke="#2f6fdb" stroke-width="2" points="${line}"/>
${xy.map(
  (
    q,
  ) => html`<circle cx="${q.x.toFixed(1)}" cy="${q.y.toFixed(1)}" r="3" fill="#2f6fdb"><title>${q.p.label}: ${q.p.value}</title></circle>
<text x="${q.x.toFixed(1)}" y="${h - 8}" font-size="10" text-anchor="middle">${q.p.label}</text>`,
)}
</svg>`;
}
