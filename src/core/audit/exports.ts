// Exports of an audit: CSV (one line per status, Bucket Key status, storage class and prefix/status), and an
// Athena CREATE EXTERNAL TABLE over the same inventory with the queries that reproduce the report in SQL.
import type { LoadedManifest } from './locate-inventory';
import { schemaColumns } from './manifest';
import type { AuditReport } from './report';

const csvField = (v: string | number): string =>
  typeof v === 'number' ? String(v) : /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;

export function auditReportToCsv(r: AuditReport): string {
  const lines = [['section', 'name', 'status', 'objects', 'bytes']];
  const push = (section: string, name: string, status: string, objects: number, bytes: number | string): void => {
    lines.push([section, name, status, String(objects), String(bytes)]);
  };
  push('total', r.bucket, '', r.objects, r.bytes);
  for (const [status, c] of Object.entries(r.byEncryption)) push('encryption', r.bucket, status, c.objects, c.bytes);
  for (const [status, n] of Object.entries(r.bucketKey)) push('bucket-key', r.bucket, status, n, '');
  for (const s of r.storageClasses) push('storage-class', s.storageClass, '', s.objects, s.bytes);
  for (const p of r.prefixes)
    for (const [status, c] of Object.entries(p.byEncryption))
      if (c.objects) push('prefix', p.prefix, status, c.objects, c.bytes);
  for (const k of r.kmsKeys?.keys ?? [])
    push('kms-key', k.keyId, `share ${k.share.toFixed(4)} ±${k.margin95.toFixed(4)}`, k.estimatedObjects, '');
  return `${lines.map((l) => l.map(csvField).join(',')).join('\n')}\n`;
}

const PARQUET_TYPES: Record<string, string> = {
  size: 'bigint',
  is_latest: 'boolean',
  is_delete_marker: 'boolean',
  is_multipart_uploaded: 'boolean',
  last_modified_date: 'timestamp',
  object_lock_retain_until_date: 'timestamp',
};

/** EncryptionStatus → encryption_status (Athena's names, as in AWS's own examples). */
export function athenaColumnName(column: string): string {
  if (column === 'ETag') return 'e_tag';
  return column
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

export interface AthenaExport {
  table: string;
  createTable: string;
  queries: { title: string; sql: string }[];
}

export function athenaExport(loaded: LoadedManifest, report: AuditReport): AthenaExport {
  const m = loaded.manifest;
  const table = `s3enc_inventory_${m.sourceBucket.replace(/[^a-z0-9]/gi, '_')}`.toLowerCase();
  const csv = m.fileFormat === 'CSV';
  const columns = schemaColumns(m).map((c) => (csv ? athenaColumnName(c) : c));
  const cols = columns.map((c) => `  \`${c}\` ${csv ? 'string' : (PARQUET_TYPES[c] ?? 'string')}`).join(',\n');
  const key = loaded.ref.kind === 's3' ? loaded.ref.key : `${m.sourceBucket}/CONFIG-ID/YYYY-MM-DDTHH-MMZ/manifest.json`;
  const hive = `s3://${m.destinationBucket || 'DESTINATION-BUCKET'}/${key.replace(/\d{4}-\d{2}-\d{2}T\d{2}-\d{2}Z\/manifest\.json$/, '')}hive/`;
  const serde = csv
    ? "ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde'"
    : "ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'";
  const createTable = `CREATE EXTERNAL TABLE IF NOT EXISTS \`${table}\` (\n${cols}\n)\nPARTITIONED BY (dt string)\n${serde}\nSTORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.SymlinkTextInputFormat'\nOUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.IgnoreKeyTextOutputFormat'\nLOCATION '${hive}';`;
  const dt = report.inventoryDate
    ? report.inventoryDate.slice(0, 16).replace('T', '-').replace(':', '-')
    : 'YYYY-MM-DD-HH-MM';
  const size = csv ? "CAST(NULLIF(size, '') AS bigint)" : 'size';
  const isTrue = (c: string): string => (csv ? `${c} = 'true'` : c);
  const objectsOnly = columns.includes('is_delete_marker') ? `NOT (${isTrue('is_delete_marker')})` : 'TRUE';
  const current = report.currentOnly && columns.includes('is_latest') ? ` AND ${isTrue('is_latest')}` : '';
  const where = `dt = '${dt}' AND ${objectsOnly}${current}`;
  const keyExpr = csv ? "url_decode(replace(key, '+', ' '))" : 'key';
  const prefixExpr = `regexp_extract(${keyExpr}, '^((?:[^/]*/){0,${report.prefixDepth}})')`;
  return {
    table,
    createTable,
    queries: [
      { title: 'Load the report partitions', sql: `MSCK REPAIR TABLE \`${table}\`;` },
      {
        title: 'Objects and bytes per encryption status',
        sql: `SELECT encryption_status, count(*) AS objects, sum(${size}) AS bytes\nFROM \`${table}\`\nWHERE ${where}\nGROUP BY encryption_status\nORDER BY objects DESC;`,
      },
      {
        title: 'Per Bucket Key status',
        sql: `SELECT bucket_key_status, count(*) AS objects\nFROM \`${table}\`\nWHERE ${where}\nGROUP BY bucket_key_status;`,
      },
      {
        title: `Per prefix (depth ${report.prefixDepth}) and status`,
        sql: `SELECT ${prefixExpr} AS prefix, encryption_status, count(*) AS objects, sum(${size}) AS bytes\nFROM \`${table}\`\nWHERE ${where}\nGROUP BY 1, 2\nORDER BY 1, 2;`,
      },
      {
        title: 'SSE-C and unencrypted objects',
        sql: `SELECT ${keyExpr} AS key, version_id, encryption_status, ${size} AS size\nFROM \`${table}\`\nWHERE ${where} AND encryption_status IN ('SSE-C', 'NOT-SSE');`,
      },
    ],
  };
}

export function athenaExportText(a: AthenaExport): string {
  return [
    `-- Athena: the same audit in SQL over the inventory (table ${a.table})`,
    a.createTable,
    ...a.queries.map((q) => `\n-- ${q.title}\n${q.sql}`),
  ].join('\n');
}
