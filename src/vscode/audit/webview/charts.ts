/// <reference lib="dom" />
// The audit report's charts (chart.js): share per status, objects per prefix and status, share per status across
// audits. Colours are read from VS Code's theme variables when a chart is drawn; the page draws again when the
// theme changes.
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import type { AuditReport } from '../../../core/audit/report';
import type { AuditHistoryPoint } from '../protocol';

Chart.register(
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);

export const STATUSES = ['SSE-S3', 'SSE-KMS', 'DSSE-KMS', 'SSE-C', 'NOT-SSE', 'unknown'] as const;
export type Status = (typeof STATUSES)[number];

const STATUS_COLOR_VARS: Record<string, string> = {
  'SSE-S3': '--vscode-charts-green',
  'SSE-KMS': '--vscode-charts-blue',
  'DSSE-KMS': '--vscode-charts-purple',
  'SSE-C': '--vscode-charts-yellow',
  'NOT-SSE': '--vscode-charts-red',
  unknown: '--vscode-disabledForeground',
};

const css = (name: string, fallback: string): string =>
  getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
export const colorOf = (status: string): string => css(STATUS_COLOR_VARS[status] ?? '--vscode-foreground', '#888');
const foreground = (): string => css('--vscode-foreground', '#333');

/** Legend and axis labels in the theme's text colour. */
const legendIn = (color: string) => ({ labels: { color } });
const axisIn = (color: string) => ({ ticks: { color } });

/** Doughnut: objects per status. */
export function shareChart(canvas: HTMLCanvasElement, report: AuditReport, statuses: readonly Status[]): Chart {
  return new Chart(canvas, {
    type: 'doughnut',
    data: {
      labels: [...statuses],
      datasets: [
        {
          data: statuses.map((s) => report.byEncryption[s]?.objects ?? 0),
          backgroundColor: statuses.map(colorOf),
          borderColor: css('--vscode-editor-background', '#fff'),
        },
      ],
    },
    options: { animation: false, plugins: { legend: { position: 'bottom', ...legendIn(foreground()) } } },
  });
}

/** Stacked horizontal bars: objects per prefix, one colour per status. */
export function prefixChart(
  canvas: HTMLCanvasElement,
  prefixes: AuditReport['prefixes'],
  statuses: readonly Status[],
): Chart {
  const fg = foreground();
  const stacked = { ...axisIn(fg), stacked: true, grid: { color: css('--vscode-editorWidget-border', '#ccc') } };
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels: prefixes.map((p) => p.prefix || '(top level)'),
      datasets: statuses.map((s) => ({
        label: s,
        data: prefixes.map((p) => p.byEncryption[s]?.objects ?? 0),
        backgroundColor: colorOf(s),
      })),
    },
    options: {
      animation: false,
      indexAxis: 'y',
      maintainAspectRatio: false,
      scales: { x: stacked, y: stacked },
      plugins: { legend: legendIn(fg) },
    },
  });
}

/** Lines: the share of each status (percent of objects) at each audit, oldest first. */
export function trendChart(canvas: HTMLCanvasElement, history: AuditHistoryPoint[]): Chart {
  const fg = foreground();
  const percent = (h: AuditHistoryPoint, s: Status): number =>
    h.objects ? Math.round(((h.byEncryption[s] ?? 0) / h.objects) * 1000) / 10 : 0;
  return new Chart(canvas, {
    type: 'line',
    data: {
      labels: history.map((h) => `${h.date.slice(0, 10)}${h.source === 'scan' ? ' (scan)' : ''}`),
      datasets: STATUSES.filter((s) => history.some((h) => h.byEncryption[s])).map((s) => ({
        label: `${s} %`,
        data: history.map((h) => percent(h, s)),
        borderColor: colorOf(s),
        backgroundColor: colorOf(s),
      })),
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      scales: { x: axisIn(fg), y: { ...axisIn(fg), min: 0, max: 100 } },
      plugins: { legend: legendIn(fg) },
    },
  });
}
