import { checkGoals } from './goals.js';
import type { BenchResults } from './results.js';

const ROW = 34;
const LABEL_WIDTH = 430;
const PLOT_WIDTH = 380;
const MARGIN = 16;

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] ?? c);
}

/**
 * One bar per ratio (median), a whisker for min..max over rounds, a tick for the target.
 * Plain SVG text, so the report needs no charting dependency.
 */
export function renderChart(results: BenchResults, title: string): string {
  const checks = checkGoals(results).filter((check) => Number.isFinite(check.value.median));
  const scaleMax = Math.max(2, ...checks.map((check) => check.value.max)) * 1.05;
  const x = (value: number): number => LABEL_WIDTH + (Math.min(value, scaleMax) / scaleMax) * PLOT_WIDTH;
  const height = MARGIN * 3 + 20 + checks.length * ROW;
  const width = LABEL_WIDTH + PLOT_WIDTH + MARGIN * 2 + 60;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${MARGIN}" y="${MARGIN + 4}" font-size="14" font-weight="600">${escapeXml(title)}</text>`,
  ];
  const top = MARGIN * 2 + 10;
  for (const tick of [0, 0.5, 1, 1.5, 2, 2.5, 3].filter((value) => value <= scaleMax)) {
    parts.push(
      `<line x1="${x(tick)}" y1="${top - 6}" x2="${x(tick)}" y2="${top + checks.length * ROW}" stroke="#ddd"/>`,
      `<text x="${x(tick)}" y="${top - 8}" text-anchor="middle" fill="#666">${tick}x</text>`,
    );
  }
  checks.forEach((check, index) => {
    const y = top + index * ROW;
    const colour = check.met === false ? '#c0392b' : check.met === undefined ? '#7f8c8d' : '#2e7d32';
    const goal = Number(/([\d.]+)x/.exec(check.goal)?.[1] ?? Number.NaN);
    parts.push(
      `<text x="${LABEL_WIDTH - 8}" y="${y + 17}" text-anchor="end">${escapeXml(check.what)}</text>`,
      `<rect x="${x(0)}" y="${y + 6}" width="${x(check.value.median) - x(0)}" height="16" fill="${colour}" opacity="0.8"/>`,
      `<line x1="${x(check.value.min)}" y1="${y + 14}" x2="${x(check.value.max)}" y2="${y + 14}" stroke="#222"/>`,
      `<text x="${x(check.value.median) + 6}" y="${y + 27}" fill="#333">${check.value.median.toFixed(2)}x</text>`,
    );
    if (Number.isFinite(goal)) {
      parts.push(`<line x1="${x(goal)}" y1="${y + 2}" x2="${x(goal)}" y2="${y + 26}" stroke="#000" stroke-width="2" stroke-dasharray="3,2"/>`);
    }
  });
  parts.push(
    `<text x="${MARGIN}" y="${height - 6}" fill="#666">bar: median of per-round ratios; whisker: min..max; dashed: target. Red: target missed; grey: no target (a rung).</text>`,
    '</svg>',
  );
  return `${parts.join('\n')}\n`;
}
