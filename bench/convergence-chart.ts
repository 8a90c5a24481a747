// `npx tsx bench/convergence-chart.ts`: draws docs/bench/convergence.svg from the numbers in
// docs/bench/convergence.json (written by hand from `npm run bench:convergence`), so the chart and the
// figures it shows are committed together and the chart can be redrawn without re-running anything.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface Point {
  prefixes: number;
  ours: number;
  goal: number;
}
interface Results {
  command: string;
  date: string;
  machine: string;
  points: Point[];
}

const DIR = join(import.meta.dirname, '..', 'docs', 'bench');
const results = JSON.parse(readFileSync(join(DIR, 'convergence.json'), 'utf8')) as Results;

const W = 560;
const H = 320;
const M = { left: 60, right: 20, top: 56, bottom: 60 };
const maxY = Math.ceil(Math.max(...results.points.flatMap((p) => [p.ours, p.goal])) + 0.5);
const x = (i: number): number => M.left + ((i + 0.5) * (W - M.left - M.right)) / results.points.length;
const y = (s: number): number => H - M.bottom - (s / maxY) * (H - M.top - M.bottom);
const esc = (t: string): string => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');

const parts: string[] = [];
for (let s = 0; s <= maxY; s++) {
  parts.push(
    `<line x1="${M.left}" x2="${W - M.right}" y1="${y(s)}" y2="${y(s)}" stroke="#ddd"/>`,
    `<text x="${M.left - 8}" y="${y(s) + 4}" text-anchor="end">${s} s</text>`,
  );
}
const bar = (W - M.left - M.right) / results.points.length / 3;
results.points.forEach((p, i) => {
  parts.push(
    `<rect x="${x(i) - bar / 2}" y="${y(p.ours)}" width="${bar}" height="${y(0) - y(p.ours)}" fill="#3b7dd8"/>`,
    `<text x="${x(i)}" y="${y(p.ours) - 6}" text-anchor="middle">${p.ours.toFixed(2)} s</text>`,
    `<line x1="${x(i) - bar}" x2="${x(i) + bar}" y1="${y(p.goal)}" y2="${y(p.goal)}" stroke="#d83b3b" stroke-width="2" stroke-dasharray="5,3"/>`,
    `<text x="${x(i)}" y="${H - M.bottom + 18}" text-anchor="middle">${p.prefixes.toLocaleString('en')} prefixes</text>`,
  );
});
parts.push(
  `<text x="${W / 2}" y="20" text-anchor="middle" font-weight="bold">One-prefix change → router RIB (median)</text>`,
  `<rect x="${M.left}" y="${H - 24}" width="12" height="12" fill="#3b7dd8"/>`,
  `<text x="${M.left + 18}" y="${H - 14}">frrk8s</text>`,
  `<line x1="${M.left + 90}" x2="${M.left + 110}" y1="${H - 18}" y2="${H - 18}" stroke="#d83b3b" stroke-width="2" stroke-dasharray="5,3"/>`,
  `<text x="${M.left + 116}" y="${H - 14}">goal (issue 11)</text>`,
  `<text x="${W / 2}" y="36" text-anchor="middle" fill="#666">${esc(`${results.date}, ${results.machine}`)}</text>`,
);
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11">\n<rect width="${W}" height="${H}" fill="white"/>\n${parts.join('\n')}\n</svg>\n`;
writeFileSync(join(DIR, 'convergence.svg'), svg);
console.log(`wrote ${join(DIR, 'convergence.svg')}`);
