/// <reference lib="dom" />
// The audit report page inside the webview (bundled with chart.js into dist/audit-webview.js). It renders
// what the extension posts; links and buttons post back (open a prefix, re-encrypt, export). Colours come
// from VS Code's theme variables, so light, dark and high-contrast themes all work.
import type { Chart } from 'chart.js';
import type { AuditReport } from '../../../core/audit/report';
import type { AuditHistoryPoint, ShowReportMessage, WebviewToHost } from '../protocol';
import { colorOf, prefixChart, shareChart, STATUSES, trendChart, type Status } from './charts';
import { button, chartCanvas, dataTable, el, num } from './dom';

declare function acquireVsCodeApi(): { postMessage(m: WebviewToHost): void };
const vscode = acquireVsCodeApi();

const n = (v: number): string => v.toLocaleString('en-US');
function size(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${bytes} B` : `${v.toFixed(1)} ${units[i]}`;
}

const BAD: ('NOT-SSE' | 'SSE-C')[] = ['NOT-SSE', 'SSE-C'];
const charts: Chart[] = [];

function header(report: AuditReport): HTMLElement {
  const origin =
    report.source === 'scan'
      ? 'live scan (HeadObject per object)'
      : `S3 Inventory of ${report.inventoryDate?.slice(0, 16).replace('T', ' ') ?? 'unknown date'}`;
  return el(
    'header',
    {},
    el('h1', {}, `s3://${report.bucket}`),
    el(
      'p',
      { class: 'muted' },
      `${origin} · ${n(report.objects)} objects · ${size(report.bytes)}${report.deleteMarkers ? ` · ${n(report.deleteMarkers)} delete markers not counted` : ''}`,
    ),
  );
}

function callouts(report: AuditReport): HTMLElement {
  const ssec = report.byEncryption['SSE-C']?.objects ?? 0;
  const notSse = report.byEncryption['NOT-SSE']?.objects ?? 0;
  const section = el('section', { class: 'callouts' });
  if (notSse)
    section.append(
      el(
        'div',
        { class: 'callout danger' },
        el('strong', {}, `${n(notSse)} NOT-SSE objects`),
        ' are stored without server-side encryption.',
      ),
    );
  if (ssec)
    section.append(
      el(
        'div',
        { class: 'callout warning' },
        el('strong', {}, `${n(ssec)} SSE-C objects`),
        " need the customer's key for every read; new AWS buckets block SSE-C writes by default since April 2026.",
      ),
    );
  if (notSse || ssec)
    section.append(
      button('Re-encrypt NOT-SSE and SSE-C objects…', () =>
        vscode.postMessage({ type: 'reencrypt', prefix: '', statuses: BAD }),
      ),
    );
  return section;
}

// Each section appends itself before drawing its chart: chart.js sizes a chart from its canvas's place in the page.

/** Share per status: the doughnut beside the status table and the Bucket Key counts. */
function shareSection(app: HTMLElement, report: AuditReport, statuses: readonly Status[]): void {
  const canvas = chartCanvas('share-chart', 'Share of objects per encryption status');
  const table = dataTable(
    { class: 'status-table' },
    ['Encryption', num('Objects'), num('Share'), num('Bytes')],
    statuses.map((s) => {
      const c = report.byEncryption[s] ?? { objects: 0, bytes: 0 };
      const swatch = el('span', { class: 'swatch' });
      swatch.style.background = colorOf(s);
      return [
        { content: [swatch, s] },
        num(n(c.objects)),
        num(report.objects ? `${((c.objects / report.objects) * 100).toFixed(1)}%` : '-'),
        num(size(c.bytes)),
      ];
    }),
  );
  const bk = Object.entries(report.bucketKey)
    .map(([k, v]) => `${k} ${n(v)}`)
    .join(' · ');
  app.append(
    el(
      'section',
      { class: 'row' },
      el('div', { class: 'chart small' }, canvas),
      el('div', {}, table, el('p', { class: 'muted' }, `Bucket Key: ${bk}`)),
    ),
  );
  charts.push(shareChart(canvas, report, statuses));
}

/** The 25 largest prefixes: stacked bars, then a table with links into the tree and re-encrypt actions. */
function prefixSection(app: HTMLElement, report: AuditReport, statuses: readonly Status[]): void {
  const prefixes = [...report.prefixes].sort((a, b) => b.objects - a.objects).slice(0, 25);
  if (!prefixes.length) return;
  const canvas = chartCanvas('prefix-chart', 'Objects per prefix and status');
  const objectsOf = (p: AuditReport['prefixes'][number], s: 'NOT-SSE' | 'SSE-C'): number =>
    p.byEncryption[s]?.objects ?? 0;
  const rows = prefixes.map((p) => {
    const open = el('a', { href: '#', title: 'Show this prefix in the S3 Encryption view' }, p.prefix || '(top level)');
    open.addEventListener('click', (e) => {
      e.preventDefault();
      vscode.postMessage({ type: 'openPrefix', prefix: p.prefix });
    });
    const bad = objectsOf(p, 'NOT-SSE') + objectsOf(p, 'SSE-C');
    return [
      open,
      num(n(p.objects)),
      num(size(p.bytes)),
      num(n(objectsOf(p, 'NOT-SSE'))),
      num(n(objectsOf(p, 'SSE-C'))),
      bad
        ? button(
            'Re-encrypt these…',
            () => vscode.postMessage({ type: 'reencrypt', prefix: p.prefix, statuses: BAD }),
            `Re-encrypt the NOT-SSE and SSE-C objects under ${p.prefix || 'the bucket'}`,
          )
        : '',
    ];
  });
  app.append(el('h2', {}, `Per prefix (depth ${report.prefixDepth})`), el('div', { class: 'chart wide' }, canvas));
  charts.push(prefixChart(canvas, prefixes, statuses));
  app.append(
    dataTable(
      { class: 'prefix-table' },
      ['Prefix', num('Objects'), num('Bytes'), num('NOT-SSE'), num('SSE-C'), ''],
      rows,
    ),
  );
}

/** Trend across audits (inventory dates and scans). */
function trendSection(app: HTMLElement, history: AuditHistoryPoint[]): void {
  if (!history.length) return;
  const canvas = chartCanvas('trend-chart', 'Share per status across audits');
  app.append(el('h2', {}, 'Trend across audits'), el('div', { class: 'chart wide short' }, canvas));
  charts.push(trendChart(canvas, history));
}

/** The sampled KMS key distribution, with its 95% margin when it is a sample. */
function kmsSection(report: AuditReport): HTMLElement[] {
  const k = report.kmsKeys;
  if (!k?.keys.length) return [];
  return [
    el('h2', {}, 'KMS keys'),
    el(
      'p',
      { class: 'muted' },
      k.exact
        ? `All ${n(k.sampled)} KMS objects`
        : `Sample of ${n(k.sampled)} of ${n(k.population)} KMS objects (95% margin shown)`,
    ),
    dataTable(
      {},
      ['Key', num('Share'), num('Objects (est.)')],
      k.keys.map((key) => [
        { content: key.keyId, mono: true },
        num(`${(key.share * 100).toFixed(1)}%${k.exact ? '' : ` ±${(key.margin95 * 100).toFixed(1)}`}`),
        num(n(key.estimatedObjects)),
      ]),
    ),
  ];
}

function footer(report: AuditReport): HTMLElement {
  return el(
    'footer',
    {},
    button('Export JSON', () => vscode.postMessage({ type: 'export', format: 'json' })),
    button('Export CSV', () => vscode.postMessage({ type: 'export', format: 'csv' })),
    ...(report.source === 'inventory'
      ? [button('Athena table and queries', () => vscode.postMessage({ type: 'export', format: 'athena' }))]
      : []),
  );
}

function render(report: AuditReport, history: AuditHistoryPoint[]): void {
  for (const c of charts.splice(0)) c.destroy();
  const app = document.getElementById('app') as HTMLElement;
  app.replaceChildren();
  const statuses = STATUSES.filter((s) => report.byEncryption[s]);
  app.append(header(report));
  const calls = callouts(report);
  if (calls.childElementCount) app.append(calls);
  shareSection(app, report, statuses);
  prefixSection(app, report, statuses);
  trendSection(app, history);
  app.append(...kmsSection(report), footer(report));
}

let last: ShowReportMessage | undefined;
window.addEventListener('message', (event: MessageEvent<ShowReportMessage>) => {
  if (event.data?.type !== 'report') return;
  last = event.data;
  render(last.report, last.history);
});
// Theme changes swap the CSS variables: draw again with the new colours.
new MutationObserver(() => last && render(last.report, last.history)).observe(document.body, {
  attributes: true,
  attributeFilter: ['class'],
});
vscode.postMessage({ type: 'ready' });
