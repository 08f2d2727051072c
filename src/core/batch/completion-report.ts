// Reads a Batch Operations completion report: `job-<id>/manifest.json` names the result CSVs and their
// schema ("Bucket, Key, VersionId, TaskStatus, ErrorCode, HTTPStatusCode, ResultMessage").
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { decodeManifestKey } from './manifest';

export interface ReportRow {
  bucket: string;
  key: string;
  versionId?: string;
  taskStatus: string;
  errorCode?: string;
  httpStatus?: number;
  message: string;
}

export interface CompletionReport {
  created?: string;
  rows: ReportRow[];
  succeeded: number;
  failed: number;
}

export class CompletionReportError extends Error {
  override name = 'CompletionReportUnreadable';
}

/** `location` is `s3://bucket/prefix/job-<id>/` (as JobDetails.reportLocation gives it). */
export async function readCompletionReport(client: S3Client, location: string): Promise<CompletionReport> {
  const m = /^s3:\/\/([^/]+)\/(.*?)\/?$/.exec(location);
  if (!m) throw new CompletionReportError(`not an s3:// report location: ${location}`);
  const [, bucket, base] = m;
  const manifest = JSON.parse(await readText(client, bucket, `${base}/manifest.json`)) as {
    ReportCreationDate?: string;
    ReportSchema?: string;
    Results?: Array<{ Bucket?: string; Key?: string }>;
  };
  const schema = (
    manifest.ReportSchema ?? 'Bucket, Key, VersionId, TaskStatus, ErrorCode, HTTPStatusCode, ResultMessage'
  )
    .split(',')
    .map((s) => s.trim());
  const rows: ReportRow[] = [];
  for (const r of manifest.Results ?? []) {
    if (!r.Key) continue;
    for (const fields of parseCsv(await readText(client, r.Bucket ?? bucket, r.Key))) {
      const get = (name: string) => fields[schema.indexOf(name)] ?? '';
      rows.push({
        bucket: get('Bucket'),
        key: decodeManifestKey(get('Key')),
        ...(get('VersionId') ? { versionId: get('VersionId') } : {}),
        taskStatus: get('TaskStatus'),
        ...(get('ErrorCode') ? { errorCode: get('ErrorCode') } : {}),
        ...(get('HTTPStatusCode') ? { httpStatus: Number(get('HTTPStatusCode')) } : {}),
        message: get('ResultMessage'),
      });
    }
  }
  const failed = rows.filter((r) => r.taskStatus === 'failed').length;
  return { created: manifest.ReportCreationDate, rows, succeeded: rows.length - failed, failed };
}

async function readText(client: S3Client, bucket: string, key: string): Promise<string> {
  try {
    const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return (await out.Body?.transformToString('utf8')) ?? '';
  } catch (err) {
    throw new CompletionReportError(
      `cannot read s3://${bucket}/${key}: ${(err as Error).name}: ${(err as Error).message}`,
    );
  }
}

/** RFC 4180 rows (quoted fields may hold commas, quotes and newlines). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
