// s3enc ls: buckets with their default encryption, or the objects under a bucket/prefix with each one's
// encryption mode. Uses the same core listing and classifier as the explorer tree.
import { parseArgs } from 'node:util';
import {
  getBucketEncryptionInfo,
  describeDefaultEncryption,
  type BucketEncryptionInfo,
} from '../../core/s3/bucket-info';
import { ClientPool } from '../../core/s3/client-pool';
import { listBuckets, listObjectsPage, MAX_PAGE_SIZE } from '../../core/s3/listing';
import { instructionKeyFor, subjectOfInstructionKey } from '../../core/crypto/envelope/recognize';
import { describeEncryption } from '../../core/s3/object-encryption';
import { classifyPage, mapWithConcurrency, type ClassifiedObject } from '../../core/s3/object-listing-report';
import {
  encryptionFromInventory,
  loadInventoryStatuses,
  type InventoryStatuses,
} from '../../core/audit/inventory-lookup';
import type { ObjectSummary } from '../../core/s3/listing';
import type { S3Client } from '@aws-sdk/client-s3';
import type { CliCommand } from '../command';
import { connectionFromFlags, connectionOptionSpecs } from '../connection-options';
import { UsageError, usageErrorOf } from '../errors';
import { parseIntegerOption } from '../integer-option';
import { formatDate, formatSize, formatTable } from '../table';

const HELP = `Usage: s3enc ls [s3://bucket[/prefix]] [options]

Lists buckets (no URI or s3://) with their default encryption and policy, or the objects under a
bucket/prefix with the encryption mode of each: from the bucket's newest S3 Inventory report when there is one
(labelled with its date; objects missing from it or changed since are headed), else HeadObject per object.

Options:
  --json             one JSON object per line
  --recursive        every key under the prefix, without folders
  --profile P        credentials and region from AWS profile P (~/.aws/config, ~/.aws/credentials)
  --region R         region (default: the profile's, else us-east-1)
  --endpoint URL     S3-compatible endpoint (Ceph RGW, MinIO, ...)
  --path-style       path-style addressing (default with --endpoint)
  --concurrency N    HeadObject requests in flight (default 8)
  --no-classify      plain listing: no encryption, no HeadObject, no inventory
  --no-inventory     classify every object with HeadObject even when an inventory exists
  --manifest M       take statuses from this report (s3://…/manifest.json or a local file)
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

async function listBucketsCommand(pool: ClientPool, json: boolean, concurrency: number): Promise<void> {
  const hints = pool.faultHints();
  const buckets = await listBuckets(pool.client(), hints);
  const rows = await mapWithConcurrency(buckets, concurrency, async (b) => {
    if (b.region) pool.regions.set(pool.connection.id, b.name, { region: b.region, source: 'listing' });
    const region = (await pool.bucketRegion(b.name)).region;
    const info: BucketEncryptionInfo = await pool.forBucket(b.name, (client) =>
      getBucketEncryptionInfo(client, b.name, hints),
    );
    return { bucket: b.name, region, info };
  });
  if (json) {
    for (const r of rows) {
      process.stdout.write(
        `${JSON.stringify({ bucket: r.bucket, region: r.region, defaultEncryption: r.info.defaultEncryption, policy: r.info.policy })}\n`,
      );
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
  opts: {
    json: boolean;
    recursive: boolean;
    concurrency: number;
    pageSize: number;
    classify: boolean;
    inventory: boolean;
    manifest?: string;
  },
): Promise<void> {
  const hints = pool.faultHints();
  const statuses =
    opts.classify && opts.inventory
      ? await loadInventoryStatuses(pool, loc.bucket, loc.prefix, {
          manifest: opts.manifest,
          onWarning: (m) => process.stderr.write(`${m}\n`),
        })
      : undefined;
  if (statuses && !opts.json)
    process.stderr.write(
      `Encryption from the S3 Inventory of ${statuses.inventoryDate ?? 'unknown date'} (${statuses.manifest}); objects not in it or changed since are headed.\n`,
    );
  let token: string | undefined;
  let printedHeader = false;
  do {
    const { page, rows } = await pool.forBucket(loc.bucket, async (client) => {
      const page = await listObjectsPage(
        client,
        {
          bucket: loc.bucket,
          prefix: loc.prefix,
          recursive: opts.recursive,
          pageSize: opts.pageSize,
          continuationToken: token,
        },
        hints,
      );
      return { page, rows: await classifyListed(client, loc.bucket, page.objects, opts, statuses, hints) };
    });
    if (opts.json) {
      for (const f of page.folders) process.stdout.write(`${JSON.stringify({ prefix: f })}\n`);
      for (const r of rows) {
        process.stdout.write(
          `${JSON.stringify({ key: r.key, size: r.size, lastModified: r.lastModified?.toISOString(), encryption: r.encryption, encryptionSource: r.source, inventoryDate: r.source === 'inventory' ? statuses?.inventoryDate : undefined })}\n`,
        );
      }
    } else {
      type Row = { kind: 'folder'; prefix: string } | ({ kind: 'object' } & ListedObject);
      const table: Row[] = [
        ...page.folders.map((prefix) => ({ kind: 'folder' as const, prefix })),
        ...rows.map((r) => ({ kind: 'object' as const, ...r })),
      ];
      if (table.length) {
        process.stdout.write(
          `${formatTable(
            table,
            [
              { header: 'LAST MODIFIED', cell: (r) => (r.kind === 'object' ? formatDate(r.lastModified) : '') },
              { header: 'SIZE', cell: (r) => (r.kind === 'object' ? formatSize(r.size) : 'PRE'), align: 'right' },
              ...(opts.classify
                ? [
                    {
                      header: 'ENCRYPTION',
                      cell: (r: Row) =>
                        r.kind === 'object' && r.encryption
                          ? `${describeEncryption(r.encryption)}${r.source === 'inventory' ? ` (inventory ${statuses?.inventoryDate?.slice(0, 10) ?? ''})` : ''}`
                          : '',
                    },
                  ]
                : []),
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

interface ListedObject extends ObjectSummary {
  encryption?: ClassifiedObject['encryption'];
  source?: 'inventory' | 'head';
}

/** Encryption per listed object: none asked (--no-classify), from the inventory, else HeadObject. */
async function classifyListed(
  client: S3Client,
  bucket: string,
  objects: ObjectSummary[],
  opts: { classify: boolean; concurrency: number },
  statuses: InventoryStatuses | undefined,
  hints: { profile?: string; endpoint?: string },
): Promise<ListedObject[]> {
  if (!opts.classify) return objects;
  // An inventory sees server-side encryption only: objects with an instruction file (client-side envelopes)
  // are headed with it, so they show their client-side mode.
  const keys = new Set(objects.map((o) => o.key));
  const withEnvelope = (key: string): boolean => {
    const subject = subjectOfInstructionKey(key);
    return keys.has(instructionKeyFor(key)) || (subject !== undefined && keys.has(subject));
  };
  const known = objects.map((o) =>
    withEnvelope(o.key) ? undefined : encryptionFromInventory(statuses?.entries.get(o.key), o),
  );
  const toHead = objects.filter((_, i) => !known[i]);
  const headed = new Map(
    (await classifyPage(client, bucket, toHead, opts.concurrency, hints)).map((r) => [r.key, r.encryption]),
  );
  return objects.map((o, i) =>
    known[i]
      ? { ...o, encryption: known[i], source: 'inventory' as const }
      : { ...o, encryption: headed.get(o.key), source: 'head' as const },
  );
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
          'no-classify': { type: 'boolean' },
          'no-inventory': { type: 'boolean' },
          manifest: { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
      });
    } catch (err) {
      throw usageErrorOf(err);
    }
    const v = parsed.values;
    if (v.help) {
      process.stdout.write(HELP);
      return 0;
    }
    if (parsed.positionals.length > 1) throw new UsageError('expected at most one s3:// URI');
    const loc = parseS3Uri(parsed.positionals[0]);
    const concurrency = v.concurrency === undefined ? 8 : parseIntegerOption('concurrency', v.concurrency, 1, 256);
    const pageSize =
      v['page-size'] === undefined ? MAX_PAGE_SIZE : parseIntegerOption('page-size', v['page-size'], 1, MAX_PAGE_SIZE);
    const pool = new ClientPool(connectionFromFlags(v));
    try {
      if (!loc.bucket) await listBucketsCommand(pool, !!v.json, concurrency);
      else
        await listObjectsCommand(
          pool,
          { bucket: loc.bucket, prefix: loc.prefix },
          {
            json: !!v.json,
            recursive: !!v.recursive,
            concurrency,
            pageSize,
            classify: !v['no-classify'],
            inventory: !v['no-inventory'],
            manifest: v.manifest,
          },
        );
    } finally {
      pool.dispose();
    }
    return 0;
  },
};
