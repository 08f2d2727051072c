// The benchmark's peer: DuckDB (@duckdb/node-api, dev dependency) running the audit's aggregation on the same
// inventory files in one query: objects and bytes per encryption status x Bucket Key status x storage class x
// top-level prefix, delete markers excluded. Prints JSON { ms, objects, bytes, groups }.
// Usage: node bench/audit-duckdb-peer.mjs csv|parquet <glob>
import { DuckDBInstance } from '@duckdb/node-api';

const [format, glob] = process.argv.slice(2);
const started = performance.now();
const instance = await DuckDBInstance.create(':memory:');
const db = await instance.connect();
const csvColumns =
  "{'bucket':'VARCHAR','key':'VARCHAR','version_id':'VARCHAR','is_latest':'BOOLEAN','is_delete_marker':'BOOLEAN','size':'BIGINT'," +
  "'last_modified_date':'VARCHAR','e_tag':'VARCHAR','storage_class':'VARCHAR','is_multipart_uploaded':'BOOLEAN'," +
  "'replication_status':'VARCHAR','encryption_status':'VARCHAR','bucket_key_status':'VARCHAR'}";
const source =
  format === 'csv'
    ? `read_csv('${glob}', header=false, quote='"', escape='"', columns=${csvColumns})`
    : `read_parquet('${glob}')`;
// CSV keys are URL-encoded form-style ('+' is a space); Parquet keys are plain.
const key = format === 'csv' ? "url_decode(replace(key, '+', ' '))" : 'key';
const sql = `
  SELECT encryption_status, bucket_key_status, storage_class, regexp_extract(${key}, '^([^/]*/)?') AS prefix,
         count(*) AS objects, sum(size) AS bytes
  FROM ${source}
  WHERE NOT coalesce(is_delete_marker, false)
  GROUP BY ALL`;
const reader = await db.runAndReadAll(sql);
const rows = reader.getRows();
let objects = 0;
let bytes = 0;
for (const r of rows) {
  objects += Number(r[4]);
  bytes += Number(r[5] ?? 0);
}
process.stdout.write(JSON.stringify({ ms: performance.now() - started, objects, bytes, groups: rows.length }));
