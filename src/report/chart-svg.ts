import { html } from '../core/escape.js';
import type { ChartData } from './report-model.js';

const PALETTE = ['#c0392b', '#2471a3', '#d68910', '#7d3c98', '#138d75', '#5d6d7e', '#a04000', '#1e8449'];
const W = 960;
const H = 300;
const PAD = { left: 48, right: 16, bottom: 48 };
/** One label row per marker above the plot: key events cluster (the seed-003 takeover is four events in an hour). */
const ROW = 13;
const HOUR = 3_600_000;

/**
 * Failed sign-ins per hour per attacker address as a stacked bar chart, with the key events marked, written as SVG
 * on the server: the report needs no chart library, no script and no network. Every label passes through html().
 */
export function failuresChartSvg(data: ChartData): string {
  if (data.hours.length === 0 && data.markers.length === 0)
    return '<p class="muted">No failed sign-ins from the attacker addresses to chart.</p>';
  const times = [...data.hours.map((h) => Date.parse(h.hour)), ...data.markers.map((m) => Date.parse(m.at))];
  const t0 = Math.floor(Math.min(...times) / HOUR) * HOUR;
  const t1 = Math.ceil((Math.max(...times) + 1) / HOUR) * HOUR;
  const hours = Math.max(1, (t1 - t0) / HOUR);
  const ips = [...new Set(data.hours.map((h) => h.ip))].sort();
  const totals = new Map<string, number>();
  for (const h of data.hours) totals.set(h.hour, (totals.get(h.hour) ?? 0) + h.failures);
  const max = Math.max(1, ...totals.values());
  const top = 12 + ROW * data.markers.length;
  const height = H + ROW * data.markers.length;
  const plotW = W - PAD.left - PAD.right;
  const plotH = height - top - PAD.bottom;
  const x = (t: number) => PAD.left + ((t - t0) / (t1 - t0)) * plotW;
  const y = (n: number) => top + plotH - (n / max) * plotH;
  const barW = Math.max(1, plotW / hours - 0.5);
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${height}" width="100%" role="img" aria-label="Failed sign-ins per hour per attacker address, key events marked" class="chart">`,
  );
  parts.push(`<rect x="0" y="0" width="${W}" height="${height}" fill="#ffffff"/>`);
  // Axes and the y scale.
  parts.push(`<line x1="${PAD.left}" y1="${top + plotH}" x2="${W - PAD.right}" y2="${top + plotH}" stroke="#555"/>`);
  parts.push(`<line x1="${PAD.left}" y1="${top}" x2="${PAD.left}" y2="${top + plotH}" stroke="#555"/>`);
  for (const v of [0, Math.round(max / 2), max]) {
    parts.push(`<text x="${PAD.left - 6}" y="${y(v) + 4}" font-size="11" text-anchor="end" fill="#333">${v}</text>`);
  }
  // Day ticks: at most ~12 labels whatever the span.
  const days = Math.ceil((t1 - t0) / (24 * HOUR));
  const step = Math.max(1, Math.ceil(days / 12));
  for (let d = 0; d <= days; d += step) {
    const t = Math.ceil(t0 / (24 * HOUR)) * 24 * HOUR + d * 24 * HOUR;
    if (t > t1) break;
    const label = new Date(t).toISOString().slice(5, 10);
    parts.push(
      `<line x1="${x(t).toFixed(1)}" y1="${top + plotH}" x2="${x(t).toFixed(1)}" y2="${top + plotH + 4}" stroke="#555"/>`,
    );
    parts.push(
      `<text x="${x(t).toFixed(1)}" y="${top + plotH + 16}" font-size="11" text-anchor="middle" fill="#333">${label}</text>`,
    );
  }
  // Stacked bars, one colour per address.
  const stacked = new Map<string, number>();
  for (const h of data.hours) {
    const below = stacked.get(h.hour) ?? 0;
    const color = PALETTE[ips.indexOf(h.ip) % PALETTE.length];
    const barTop = y(below + h.failures);
    parts.push(
      `<rect x="${x(Date.parse(h.hour)).toFixed(1)}" y="${barTop.toFixed(1)}" width="${barW.toFixed(2)}" height="${(y(below) - barTop).toFixed(1)}" fill="${color}"><title>${html(`${h.hour.slice(0, 13)}:00Z ${h.ip}: ${h.failures} failed`)}</title></rect>`,
    );
    stacked.set(h.hour, below + h.failures);
  }
  // Key events: dashed lines, labels staggered so neighbours do not overlap.
  data.markers.forEach((m, i) => {
    const mx = x(Date.parse(m.at)).toFixed(1);
    const ly = 12 + i * ROW;
    parts.push(`<line x1="${mx}" y1="${ly + 3}" x2="${mx}" y2="${top + plotH}" stroke="#111" stroke-dasharray="3,3"/>`);
    parts.push(
      `<text x="${mx}" y="${ly}" font-size="11" text-anchor="${Number(mx) > W * 0.7 ? 'end' : 'start'}" fill="#111">${html(`${m.at.slice(5, 16).replace('T', ' ')} ${m.label}`)}</text>`,
    );
  });
  // Legend.
  ips.forEach((ip, i) => {
    const lx = PAD.left + i * 150;
    const ly = height - 14;
    parts.push(`<rect x="${lx}" y="${ly - 9}" width="10" height="10" fill="${PALETTE[i % PALETTE.length]}"/>`);
    parts.push(`<text x="${lx + 14}" y="${ly}" font-size="11" fill="#333">${html(ip)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}
