// `npx tsx bench/convergence-chart.ts`: draws docs/bench/convergence.svg from the numbers in
// docs/bench/convergence.json (copied from `npm run bench:convergence`, which prints them), so the chart
// and the figures it shows are committed together and the chart can be redrawn without re-running
// anything. Per prefix count: frrk8s before and after the last change measured, the upstream-shaped
// baseline (where it was run), and the goal.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface Point {
  prefixes: number;
  ours: number;
  /** frrk8s before the change this run measured (same run), when there was one. */
  before?: number;
  /** Upstream's shape applied as upstream does (bench/convergence-upstream.ts); absent when not run. */
  upstreamShaped?: number;
  goal: number;
}
interface Results {
  command: string;
  date: string;
  machine: string;
  /** What the bars mean beyond the title (what the baseline leaves out, …). */
  notes?: string[];
  points: Point[];
}

const DIR = join(import.meta.dirname, '..', 'docs', 'bench');
const results = JSON.parse(readFileSync(join(DIR, 'convergence.json'), 'utf8')) as Results;

const SERIES = [
  { key: 'before', label: 'frrk8s before', color: '#a9c4ea' },
  { key: 'ours', label: 'frrk8s', color: '#3b7dd8' },
  { key: 'upstreamShaped', label: 'upstream-shaped', color: '#e08a2c' },
] as const;

const W = 640;
const H = 360;
const M = { left: 60, right: 20, top: 56, bottom: 84 };
const values = results.points.flatMap((p) => [p.goal, ...SERIES.map((s) => p[s.key] ?? 0)]);
const maxY = Math.ceil(Math.max(...values) + 0.5);
const step = maxY > 8 ? 2 : 1;
const groupWidth = (W - M.left - M.right) / results.points.length;
const bar = groupWidth / (SERIES.length + 1.5);
const x = (i: number): number => M.left + (i + 0.5) * groupWidth;
const y = (s: number): number => H - M.bottom - (s / maxY) * (H - M.top - M.bottom);
const esc = (t: string): string => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const seconds = (s: number): string => (s < 10 ? s.toFixed(2) : s.toFixed(1));

const parts: string[] = [];
for (let s = 0; s <= maxY; s += step) {
  parts.push(
    `<line x1="${M.left}" x2="${W - M.right}" y1="${y(s)}" y2="${y(s)}" stroke="#ddd"/>`,
    `<text x="${M.left - 8}" y="${y(s) + 4}" text-anchor="end">${s} s</text>`,
  );
}
results.points.forEach((p, i) => {
  SERIES.forEach((s, k) => {
    const left = x(i) + (k - SERIES.length / 2) * bar;
    const v = p[s.key];
    if (v === undefined) {
      // Say why a bar is missing rather than leave a gap that reads as zero.
      parts.push(
        `<text x="${left + bar / 2}" y="${y(0) - 6}" text-anchor="middle" fill="${s.color}" font-size="9">not run</text>`,
      );
      return;
    }
    parts.push(
      `<rect x="${left}" y="${y(v)}" width="${bar - 2}" height="${y(0) - y(v)}" fill="${s.color}"/>`,
      `<text x="${left + bar / 2 - 1}" y="${y(v) - 4}" text-anchor="middle" font-size="9">${seconds(v)}</text>`,
    );
  });
  const half = (SERIES.length / 2) * bar + 4;
  parts.push(
    `<line x1="${x(i) - half}" x2="${x(i) + half}" y1="${y(p.goal)}" y2="${y(p.goal)}" stroke="#d83b3b" stroke-width="2" stroke-dasharray="5,3"/>`,
    `<text x="${x(i)}" y="${H - M.bottom + 16}" text-anchor="middle">${p.prefixes.toLocaleString('en')} prefixes</text>`,
  );
});
let lx = M.left;
const ly = H - M.bottom + 36;
for (const s of SERIES) {
  parts.push(
    `<rect x="${lx}" y="${ly - 10}" width="12" height="12" fill="${s.color}"/>`,
    `<text x="${lx + 18}" y="${ly}">${s.label}</text>`,
  );
  lx += 30 + s.label.length * 6;
}
parts.push(
  `<line x1="${lx}" x2="${lx + 20}" y1="${ly - 4}" y2="${ly - 4}" stroke="#d83b3b" stroke-width="2" stroke-dasharray="5,3"/>`,
  `<text x="${lx + 26}" y="${ly}">goal (issue 11)</text>`,
);
(results.notes ?? []).forEach((n, i) =>
  parts.push(`<text x="${M.left}" y="${ly + 16 + i * 13}" fill="#666" font-size="10">${esc(n)}</text>`),
);
parts.push(
  `<text x="${W / 2}" y="20" text-anchor="middle" font-weight="bold">One-prefix change → router RIB (median)</text>`,
  `<text x="${W / 2}" y="36" text-anchor="middle" fill="#666">${esc(`${results.date}, ${results.machine}`)}</text>`,
);
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11">\n<rect width="${W}" height="${H}" fill="white"/>\n${parts.join('\n')}\n</svg>\n`;
writeFileSync(join(DIR, 'convergence.svg'), svg);
console.log(`wrote ${join(DIR, 'convergence.svg')}`);
