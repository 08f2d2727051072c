/// <reference lib="dom" />
// The audit report page inside the webview (bundled with chart.js into dist/audit-webview.js). It renders
// what the extension posts; links and buttons post back (open a prefix, re-encrypt, export). Colours come
// from VS Code's theme variables, so light, dark and high-contrast themes all work.
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
import type { AuditHistoryPoint, ShowReportMessage, WebviewToHost } from '../protocol';

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

declare function acquireVsCodeApi(): { postMessage(m: WebviewToHost): void };
const vscode = acquireVsCodeApi();

const STATUSES = ['SSE-S3', 'SSE-KMS', 'DSSE-KMS', 'SSE-C', 'NOT-SSE', 'unknown'] as const;
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
const colorOf = (status: string): string => css(STATUS_COLOR_VARS[status] ?? '--vscode-foreground', '#888');
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

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

function button(label: string, onClick: () => void, title = ''): HTMLButtonElement {
  const b = el('button', { type: 'button', title }, label);
  b.addEventListener('click', onClick);
  return b;
}

const charts: Chart[] = [];

function render(report: AuditReport, history: AuditHistoryPoint[]): void {
  for (const c of charts.splice(0)) c.destroy();
  const app = document.getElementById('app') as HTMLElement;
  app.replaceChildren();
  const statuses = STATUSES.filter((s) => report.byEncryption[s]);
  const origin =
    report.source === 'scan'
      ? 'live scan (HeadObject per object)'
      : `S3 Inventory of ${report.inventoryDate?.slice(0, 16).replace('T', ' ') ?? 'unknown date'}`;
  app.append(
    el(
      'header',
      {},
      el('h1', {}, `s3://${report.bucket}`),
      el(
        'p',
        { class: 'muted' },
        `${origin} · ${n(report.objects)} objects · ${size(report.bytes)}${report.deleteMarkers ? ` · ${n(report.deleteMarkers)} delete markers not counted` : ''}`,
      ),
    ),
  );

  const ssec = report.byEncryption['SSE-C']?.objects ?? 0;
  const notSse = report.byEncryption['NOT-SSE']?.objects ?? 0;
  const callouts = el('section', { class: 'callouts' });
  if (notSse)
    callouts.append(
      el(
        'div',
        { class: 'callout danger' },
        el('strong', {}, `${n(notSse)} NOT-SSE objects`),
        ' are stored without server-side encryption.',
      ),
    );
  if (ssec)
    callouts.append(
      el(
        'div',
        { class: 'callout warning' },
        el('strong', {}, `${n(ssec)} SSE-C objects`),
        " need the customer's key for every read; new AWS buckets block SSE-C writes by default since April 2026.",
      ),
    );
  if (notSse || ssec)
    callouts.append(
      button('Re-encrypt NOT-SSE and SSE-C objects…', () =>
        vscode.postMessage({ type: 'reencrypt', prefix: '', statuses: ['NOT-SSE', 'SSE-C'] }),
      ),
    );
  if (callouts.childElementCount) app.append(callouts);

  // Share per status (doughnut) and the status table.
  const shareCanvas = el('canvas', {
    id: 'share-chart',
    'aria-label': 'Share of objects per encryption status',
    role: 'img',
  });
  const table = el(
    'table',
    { class: 'status-table' },
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', {}, 'Encryption'),
        el('th', { class: 'num' }, 'Objects'),
        el('th', { class: 'num' }, 'Share'),
        el('th', { class: 'num' }, 'Bytes'),
      ),
    ),
  );
  const body = el('tbody');
  for (const s of statuses) {
    const c = report.byEncryption[s] ?? { objects: 0, bytes: 0 };
    const swatch = el('span', { class: 'swatch' });
    swatch.style.background = colorOf(s);
    body.append(
      el(
        'tr',
        {},
        el('td', {}, swatch, s),
        el('td', { class: 'num' }, n(c.objects)),
        el('td', { class: 'num' }, report.objects ? `${((c.objects / report.objects) * 100).toFixed(1)}%` : '-'),
        el('td', { class: 'num' }, size(c.bytes)),
      ),
    );
  }
  table.append(body);
  const bk = Object.entries(report.bucketKey)
    .map(([k, v]) => `${k} ${n(v)}`)
    .join(' · ');
  app.append(
    el(
      'section',
      { class: 'row' },
      el('div', { class: 'chart small' }, shareCanvas),
      el('div', {}, table, el('p', { class: 'muted' }, `Bucket Key: ${bk}`)),
    ),
  );
  charts.push(
    new Chart(shareCanvas, {
      type: 'doughnut',
      data: {
        labels: statuses as unknown as string[],
        datasets: [
          {
            data: statuses.map((s) => report.byEncryption[s]?.objects ?? 0),
            backgroundColor: statuses.map(colorOf),
            borderColor: css('--vscode-editor-background', '#fff'),
          },
        ],
      },
      options: {
        animation: false,
        plugins: { legend: { position: 'bottom', labels: { color: css('--vscode-foreground', '#333') } } },
      },
    }),
  );

  // Prefix breakdown: stacked bars, then a table with links into the tree.
  const prefixes = [...report.prefixes].sort((a, b) => b.objects - a.objects).slice(0, 25);
  if (prefixes.length) {
    app.append(el('h2', {}, `Per prefix (depth ${report.prefixDepth})`));
    const prefixCanvas = el('canvas', {
      id: 'prefix-chart',
      'aria-label': 'Objects per prefix and status',
      role: 'img',
    });
    app.append(el('div', { class: 'chart wide' }, prefixCanvas));
    const fg = css('--vscode-foreground', '#333');
    const grid = css('--vscode-editorWidget-border', '#ccc');
    charts.push(
      new Chart(prefixCanvas, {
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
          scales: {
            x: { stacked: true, ticks: { color: fg }, grid: { color: grid } },
            y: { stacked: true, ticks: { color: fg }, grid: { color: grid } },
          },
          plugins: { legend: { labels: { color: fg } } },
        },
      }),
    );
    const t = el(
      'table',
      { class: 'prefix-table' },
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', {}, 'Prefix'),
          el('th', { class: 'num' }, 'Objects'),
          el('th', { class: 'num' }, 'Bytes'),
          el('th', { class: 'num' }, 'NOT-SSE'),
          el('th', { class: 'num' }, 'SSE-C'),
          el('th', {}, ''),
        ),
      ),
    );
    const tb = el('tbody');
    for (const p of prefixes) {
      const open = el(
        'a',
        { href: '#', title: 'Show this prefix in the S3 Encryption view' },
        p.prefix || '(top level)',
      );
      open.addEventListener('click', (e) => {
        e.preventDefault();
        vscode.postMessage({ type: 'openPrefix', prefix: p.prefix });
      });
      const bad = (p.byEncryption['NOT-SSE']?.objects ?? 0) + (p.byEncryption['SSE-C']?.objects ?? 0);
      tb.append(
        el(
          'tr',
          {},
          el('td', {}, open),
          el('td', { class: 'num' }, n(p.objects)),
          el('td', { class: 'num' }, size(p.bytes)),
          el('td', { class: 'num' }, n(p.byEncryption['NOT-SSE']?.objects ?? 0)),
          el('td', { class: 'num' }, n(p.byEncryption['SSE-C']?.objects ?? 0)),
          el(
            'td',
            {},
            bad
              ? button(
                  'Re-encrypt these…',
                  () => vscode.postMessage({ type: 'reencrypt', prefix: p.prefix, statuses: ['NOT-SSE', 'SSE-C'] }),
                  `Re-encrypt the NOT-SSE and SSE-C objects under ${p.prefix || 'the bucket'}`,
                )
              : '',
          ),
        ),
      );
    }
    t.append(tb);
    app.append(t);
  }

  // Trend across audits (inventory dates and scans).
  if (history.length) {
    app.append(el('h2', {}, 'Trend across audits'));
    const trendCanvas = el('canvas', {
      id: 'trend-chart',
      'aria-label': 'Share per status across audits',
      role: 'img',
    });
    app.append(el('div', { class: 'chart wide short' }, trendCanvas));
    const fg = css('--vscode-foreground', '#333');
    charts.push(
      new Chart(trendCanvas, {
        type: 'line',
        data: {
          labels: history.map((h) => `${h.date.slice(0, 10)}${h.source === 'scan' ? ' (scan)' : ''}`),
          datasets: STATUSES.filter((s) => history.some((h) => h.byEncryption[s])).map((s) => ({
            label: `${s} %`,
            data: history.map((h) => (h.objects ? Math.round(((h.byEncryption[s] ?? 0) / h.objects) * 1000) / 10 : 0)),
            borderColor: colorOf(s),
            backgroundColor: colorOf(s),
          })),
        },
        options: {
          animation: false,
          maintainAspectRatio: false,
          scales: { x: { ticks: { color: fg } }, y: { min: 0, max: 100, ticks: { color: fg } } },
          plugins: { legend: { labels: { color: fg } } },
        },
      }),
    );
  }

  if (report.kmsKeys?.keys.length) {
    const k = report.kmsKeys;
    app.append(
      el('h2', {}, 'KMS keys'),
      el(
        'p',
        { class: 'muted' },
        k.exact
          ? `All ${n(k.sampled)} KMS objects`
          : `Sample of ${n(k.sampled)} of ${n(k.population)} KMS objects (95% margin shown)`,
      ),
    );
    const t = el(
      'table',
      {},
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', {}, 'Key'),
          el('th', { class: 'num' }, 'Share'),
          el('th', { class: 'num' }, 'Objects (est.)'),
        ),
      ),
    );
    const tb = el('tbody');
    for (const key of k.keys)
      tb.append(
        el(
          'tr',
          {},
          el('td', { class: 'mono' }, key.keyId),
          el(
            'td',
            { class: 'num' },
            `${(key.share * 100).toFixed(1)}%${k.exact ? '' : ` ±${(key.margin95 * 100).toFixed(1)}`}`,
          ),
          el('td', { class: 'num' }, n(key.estimatedObjects)),
        ),
      );
    t.append(tb);
    app.append(t);
  }

  app.append(
    el(
      'footer',
      {},
      button('Export JSON', () => vscode.postMessage({ type: 'export', format: 'json' })),
      button('Export CSV', () => vscode.postMessage({ type: 'export', format: 'csv' })),
      ...(report.source === 'inventory'
        ? [button('Athena table and queries', () => vscode.postMessage({ type: 'export', format: 'athena' }))]
        : []),
    ),
  );
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
