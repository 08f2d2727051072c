// s3enc ls: buckets with their default encryption, or the objects under a bucket/prefix with each one's
// encryption mode. Uses the same core listing and classifier as the explorer tree.
import { parseArgs } from 'node:util';
import { getBucketEncryptionInfo, describeDefaultEncryption, type BucketEncryptionInfo } from '../../core/s3/bucket-info';
import { ClientPool } from '../../core/s3/client-pool';
import { listBuckets, listObjectsPage, MAX_PAGE_SIZE } from '../../core/s3/listing';
import { describeEncryption } from '../../core/s3/object-encryption';
import { classifyPage, mapWithConcurrency, type ClassifiedObject } from '../../core/s3/object-listing-report';
import type { CliCommand } from '../command';
import { connectionFromFlags, connectionOptionSpecs } from '../connection-options';
import { UsageError } from '../errors';
import { formatDate, formatSize, formatTable } from '../table';

const HELP = `Usage: s3enc ls [s3://bucket[/prefix]] [options]

Lists buckets (no URI or s3://) with their default encryption and policy, or the objects under a
bucket/prefix with the encryption mode of each (HeadObject per object).

Options:
  --json             one JSON object per line
  --recursive        every key under the prefix, without folders
  --profile P        credentials and region from AWS profile P (~/.aws/config, ~/.aws/credentials)
  --region R         region (default: the profile's, else us-east-1)
  --endpoint URL     S3-compatible endpoint (Ceph RGW, MinIO, ...)
  --path-style       path-style addressing (default with --endpoint)
  --concurrency N    HeadObject requests in flight (default 8)
  --page-size N      keys per ListObjectsV2 request (1-1000, default 1000)
Credentials: --profile, else AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, else the SDK's default chain.
`;

export interface S3Location {
  bucket?: string;
  prefix: string;
}

export function parseS3Uri(uri: string | undefined): S3Location {
  if (uri === undefined || uri === 's3://' || uri === '') return { prefix: '' };
  const m = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(uri);
  if (!m) throw new UsageError(`expected s3://bucket[/prefix], got '${uri}'`);
  return { bucket: m[1], prefix: m[2] ?? '' };
}

function positiveInt(name: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`--${name} must be an integer from 1 to ${max}`);
  return n;
}

async function listBucketsCommand(pool: ClientPool, json: boolean, concurrency: number): Promise<void> {
  const hints = pool.faultHints();
  const buckets = await listBuckets(pool.client(), hints);
  const rows = await mapWithConcurrency(buckets, concurrency, async (b) => {
    if (b.region) pool.regions.set(pool.connection.id, b.name, { region: b.region, source: 'listing' });
    const region = (await pool.bucketRegion(b.name)).region;
    const info: BucketEncryptionInfo = await pool.forBucket(b.name, (client) => getBucketEncryptionInfo(client, b.name, hints));
    return { bucket: b.name, region, info };
  });
  if (json) {
    for (const r of rows) {
      process.stdout.write(`${JSON.stringify({ bucket: r.bucket, region: r.region, defaultEncryption: r.info.defaultEncryption, policy: r.info.policy })}\n`);
    }
    return;
  }
  const policyText = (info: BucketEncryptionInfo): string => {
    const p = info.policy;
    if (p.status === 'no-policy') return 'no policy';
    if (p.status === 'unknown') return 'policy unknown';
    const parts = [p.deniesInsecureTransport ? 'TLS required' : 'TLS not required'];
    if (p.deniesUnencryptedUploads) parts.push('unencrypted uploads denied');
    return parts.join(', ');
  };
  process.stdout.write(
    `${formatTable(rows, [
      { header: 'BUCKET', cell: (r) => r.bucket },
      { header: 'REGION', cell: (r) => r.region },
      { header: 'DEFAULT ENCRYPTION', cell: (r) => describeDefaultEncryption(r.info.defaultEncryption) },
      { header: 'POLICY', cell: (r) => policyText(r.info) },
    ])}\n`,
  );
}

async function listObjectsCommand(
  pool: ClientPool,
  loc: { bucket: string; prefix: string },
  opts: { json: boolean; recursive: boolean; concurrency: number; pageSize: number },
): Promise<void> {
  const hints = pool.faultHints();
  let token: string | undefined;
  let printedHeader = false;
  do {
    const { page, rows } = await pool.forBucket(loc.bucket, async (client) => {
      const page = await listObjectsPage(
        client,
        { bucket: loc.bucket, prefix: loc.prefix, recursive: opts.recursive, pageSize: opts.pageSize, continuationToken: token },
        hints,
      );
      return { page, rows: await classifyPage(client, loc.bucket, page.objects, opts.concurrency, hints) };
    });
    if (opts.json) {
      for (const f of page.folders) process.stdout.write(`${JSON.stringify({ prefix: f })}\n`);
      for (const r of rows) {
        process.stdout.write(
          `${JSON.stringify({ key: r.key, size: r.size, lastModified: r.lastModified?.toISOString(), encryption: r.encryption })}\n`,
        );
      }
    } else {
      type Row = { kind: 'folder'; prefix: string } | ({ kind: 'object' } & ClassifiedObject);
      const table: Row[] = [...page.folders.map((prefix) => ({ kind: 'folder' as const, prefix })), ...rows.map((r) => ({ kind: 'object' as const, ...r }))];
      if (table.length) {
        process.stdout.write(
          `${formatTable(
            table,
            [
              { header: 'LAST MODIFIED', cell: (r) => (r.kind === 'object' ? formatDate(r.lastModified) : '') },
              { header: 'SIZE', cell: (r) => (r.kind === 'object' ? formatSize(r.size) : 'PRE'), align: 'right' },
              { header: 'ENCRYPTION', cell: (r) => (r.kind === 'object' ? describeEncryption(r.encryption) : '') },
              { header: 'KEY', cell: (r) => (r.kind === 'object' ? r.key : r.prefix) },
            ],
            !printedHeader,
          )}\n`,
        );
        printedHeader = true;
      }
    }
    token = page.nextToken;
  } while (token);
}

export const lsCommand: CliCommand = {
  name: 'ls',
  summary: 'list buckets or objects with their encryption',
  async run(args) {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        allowPositionals: true,
        options: {
          json: { type: 'boolean' },
          recursive: { type: 'boolean' },
          ...connectionOptionSpecs,
          concurrency: { type: 'string' },
          'page-size': { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
      });
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const v = parsed.values;
    if (v.help) {
      process.stdout.write(HELP);
      return 0;
    }
    if (parsed.positionals.length > 1) throw new UsageError('expected at most one s3:// URI');
    const loc = parseS3Uri(parsed.positionals[0]);
    const concurrency = positiveInt('concurrency', v.concurrency, 8, 256);
    const pageSize = positiveInt('page-size', v['page-size'], MAX_PAGE_SIZE, MAX_PAGE_SIZE);
    const pool = new ClientPool(connectionFromFlags(v));
    try {
      if (!loc.bucket) await listBucketsCommand(pool, !!v.json, concurrency);
      else await listObjectsCommand(pool, { bucket: loc.bucket, prefix: loc.prefix }, { json: !!v.json, recursive: !!v.recursive, concurrency, pageSize });
    } finally {
      pool.dispose();
    }
    return 0;
  },
};
