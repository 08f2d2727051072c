// The terminal rendering of an audit report: totals, a table per status, the SSE-C / NOT-SSE call-outs,
// Bucket Key, storage classes, prefixes and the KMS key sample.
import { STATUS_ORDER } from '../core/audit/tally';
import type { AuditReport } from '../core/audit/report';
import { formatSize, formatTable } from './table';

const pct = (part: number, whole: number): string => (whole ? `${((part / whole) * 100).toFixed(1)}%` : '-');
const n = (v: number): string => v.toLocaleString('en-US');

export function formatAuditReport(r: AuditReport): string {
  const out: string[] = [];
  const origin =
    r.source === 'scan'
      ? 'live scan (HeadObject per object, current versions)'
      : `inventory of ${r.inventoryDate ?? 'unknown date'} (${r.manifest})`;
  out.push(`Audit of s3://${r.bucket}: ${origin}`);
  const extras = [
    r.deleteMarkers ? `${n(r.deleteMarkers)} delete markers not counted` : '',
    r.currentOnly ? 'current versions only' : '',
  ].filter(Boolean);
  out.push(`${n(r.objects)} objects, ${formatSize(r.bytes)}${extras.length ? ` (${extras.join('; ')})` : ''}`);
  if (r.missingFields.length)
    out.push(`The inventory lacks ${r.missingFields.join(', ')}: those values count as "unknown".`);
  out.push('');
  const statuses = STATUS_ORDER.filter((s) => r.byEncryption[s]);
  out.push(
    formatTable(statuses, [
      { header: 'ENCRYPTION', cell: (s) => s },
      { header: 'OBJECTS', cell: (s) => n(r.byEncryption[s]?.objects ?? 0), align: 'right' },
      { header: 'SHARE', cell: (s) => pct(r.byEncryption[s]?.objects ?? 0, r.objects), align: 'right' },
      { header: 'BYTES', cell: (s) => formatSize(r.byEncryption[s]?.bytes ?? 0), align: 'right' },
    ]),
  );
  const ssec = r.byEncryption['SSE-C']?.objects ?? 0;
  const notSse = r.byEncryption['NOT-SSE']?.objects ?? 0;
  if (ssec)
    out.push(
      `! ${n(ssec)} objects use SSE-C: every read needs the customer's key, and new AWS buckets block SSE-C writes by default since April 2026.`,
    );
  if (notSse) out.push(`! ${n(notSse)} objects are NOT-SSE: stored without server-side encryption.`);
  out.push(
    '',
    `Bucket Key: ${Object.entries(r.bucketKey)
      .map(([k, v]) => `${k} ${n(v)}`)
      .join(', ')}`,
  );
  if (r.byMode)
    out.push(
      `Explorer modes: ${Object.entries(r.byMode)
        .map(([k, v]) => `${k} ${n(v.objects)}`)
        .join(', ')}`,
    );
  if (r.storageClasses.length) {
    out.push(
      '',
      formatTable(r.storageClasses, [
        { header: 'STORAGE CLASS', cell: (s) => s.storageClass },
        { header: 'OBJECTS', cell: (s) => n(s.objects), align: 'right' },
        { header: 'BYTES', cell: (s) => formatSize(s.bytes), align: 'right' },
      ]),
    );
  }
  if (r.prefixes.length) {
    const shown = STATUS_ORDER.filter((s) => r.prefixes.some((p) => (p.byEncryption[s]?.objects ?? 0) > 0));
    out.push(
      '',
      formatTable(r.prefixes, [
        { header: `PREFIX (depth ${r.prefixDepth})`, cell: (p) => p.prefix || '(top level)' },
        { header: 'OBJECTS', cell: (p) => n(p.objects), align: 'right' },
        { header: 'BYTES', cell: (p) => formatSize(p.bytes), align: 'right' },
        ...shown.map((s) => ({
          header: s,
          cell: (p: (typeof r.prefixes)[number]) => n(p.byEncryption[s]?.objects ?? 0),
          align: 'right' as const,
        })),
      ]),
    );
    if (r.prefixesTruncated) out.push('(more prefixes than shown: the rest are counted under "(other prefixes)")');
  }
  const k = r.kmsKeys;
  if (k && k.keys.length) {
    const how = k.exact
      ? `all ${n(k.sampled)} KMS objects`
      : `a sample of ${n(k.sampled)} of ${n(k.population)} KMS objects`;
    out.push('', `KMS keys (${how}${k.failed ? `; ${n(k.failed)} HeadObject failures not counted` : ''}):`);
    out.push(
      formatTable(k.keys, [
        { header: 'KEY', cell: (x) => x.keyId },
        {
          header: 'SHARE',
          cell: (x) => `${(x.share * 100).toFixed(1)}%${k.exact ? '' : ` ±${(x.margin95 * 100).toFixed(1)}`}`,
          align: 'right',
        },
        { header: 'OBJECTS (EST.)', cell: (x) => n(x.estimatedObjects), align: 'right' },
      ]),
    );
  }
  return `${out.join('\n')}\n`;
}
