// s3enc audit: how a whole bucket is encrypted, from its S3 Inventory (or a live scan). The work is core's
// runAudit; this file parses flags, shows progress on a terminal and renders the report.
import { parseArgs } from 'node:util';
import { formatAuditProgress, formatDuration } from '../../core/audit/audit-progress';
import { InventoryError } from '../../core/audit/errors';
import { auditReportToCsv, athenaExport, athenaExportText } from '../../core/audit/exports';
import {
  diffConfigurations,
  proposeAuditInventory,
  putInventoryConfiguration,
  switchedToParquet,
} from '../../core/audit/inventory-config';
import { listInventoryConfigurations } from '../../core/audit/locate-inventory';
import { runAudit } from '../../core/audit/run-audit';
import { ClientPool } from '../../core/s3/client-pool';
import type { CliCommand } from '../command';
import { formatAuditReport } from '../audit-text';
import { connectionFromFlags, connectionOptionSpecs } from '../connection-options';
import { UsageError, usageErrorOf } from '../errors';
import { parseIntegerOption } from '../integer-option';
import { parseS3Uri } from './ls';

const HELP = `Usage: s3enc audit s3://BUCKET [--manifest s3://DEST/…/manifest.json | --manifest FILE] [--scan]
                   [--by-prefix N] [--current-only] [--json] [options]

How much of a bucket is SSE-S3, SSE-KMS, DSSE-KMS, SSE-C or NOT-SSE, per prefix, storage class and Bucket Key
status, read from the bucket's newest S3 Inventory report (manifest and data files verified by MD5).

Options:
  --manifest M       audit this report: an s3:// URL of a manifest.json, or a local manifest.json (data files
                     beside it or in the same layout above it, else read from the destination bucket)
  --scan             no inventory: list the bucket and classify every object with HeadObject
  --by-prefix N      prefix depth of the breakdown (default 1)
  --current-only     count only current versions (IsLatest)
  --json             one JSON object
  --export F         csv | athena: the report as CSV, or an Athena table over the inventory with its queries
  --kms-sample N     SSE-KMS objects to HeadObject for the key distribution (default 100, 0 = none)
  --concurrency N    HeadObject requests in flight (default 16)
  --files N          inventory data files read at once (default 4)
  --create-inventory s3://DEST[/prefix]
                     show the inventory configuration an audit needs (diff); --apply puts it
  --switch-to-parquet
                     show the bucket's ORC/CSV inventory configuration switched to Parquet (diff); --apply puts it
  --apply            send the PutBucketInventoryConfiguration shown
  --profile P, --region R, --endpoint URL, --path-style   connection, as in 's3enc ls'
`;

/** An integer flag, or its default when absent. */
function intFlag(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  return raw === undefined ? fallback : parseIntegerOption(name, raw, min, max);
}

export const auditCommand: CliCommand = {
  name: 'audit',
  summary: 'encryption of a whole bucket, from S3 Inventory or a live scan',
  async run(args) {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        allowPositionals: true,
        options: {
          manifest: { type: 'string' },
          scan: { type: 'boolean' },
          'by-prefix': { type: 'string' },
          'current-only': { type: 'boolean' },
          json: { type: 'boolean' },
          export: { type: 'string' },
          'kms-sample': { type: 'string' },
          concurrency: { type: 'string' },
          files: { type: 'string' },
          'create-inventory': { type: 'string' },
          'switch-to-parquet': { type: 'boolean' },
          apply: { type: 'boolean' },
          ...connectionOptionSpecs,
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
    if (parsed.positionals.length !== 1) throw new UsageError('expected one s3://BUCKET');
    const loc = parseS3Uri(parsed.positionals[0]);
    if (!loc.bucket || loc.prefix)
      throw new UsageError(`expected s3://BUCKET (a whole bucket), got '${parsed.positionals[0]}'`);
    const bucket = loc.bucket;
    if (v.scan && v.manifest) throw new UsageError('--scan and --manifest exclude each other');
    if (v.export && v.export !== 'csv' && v.export !== 'athena') throw new UsageError('--export must be csv or athena');
    if (v.export && v.json) throw new UsageError('--export and --json exclude each other');
    if (v.export === 'athena' && v.scan) throw new UsageError('--export athena needs an inventory, not --scan');
    const prefixDepth = intFlag('by-prefix', v['by-prefix'], 1, 0, 100);
    const kmsSampleSize = intFlag('kms-sample', v['kms-sample'], 100, 0, 100_000);
    const headConcurrency = intFlag('concurrency', v.concurrency, 16, 1, 256);
    const fileConcurrency = intFlag('files', v.files, 4, 1, 64);

    const pool = new ClientPool(connectionFromFlags(v));
    const controller = new AbortController();
    const onSigint = (): void => controller.abort();
    process.once('SIGINT', onSigint);
    const tty = process.stderr.isTTY === true;
    const status = (line: string): void => {
      if (tty) process.stderr.write(`\r\x1b[K${line}`);
    };
    try {
      if (v['create-inventory'] || v['switch-to-parquet'])
        return await configure(pool, bucket, v['create-inventory'], !!v.apply);
      const outcome = await runAudit(pool, {
        bucket,
        manifest: v.manifest,
        scan: v.scan,
        prefixDepth,
        currentOnly: v['current-only'],
        kmsSampleSize,
        headConcurrency,
        fileConcurrency,
        signal: controller.signal,
        onProgress: (p) => status(formatAuditProgress(p)),
        onScanPlan: (plan) => {
          // The plan goes to stderr even in pipes: a long scan should say how long it will take.
          process.stderr.write(
            `${tty ? '\r\x1b[K' : ''}Scanning ${plan.objects.toLocaleString('en-US')} objects with HeadObject: about ${formatDuration(plan.etaSeconds)} at ${Math.round(plan.headsPerSecond)}/s.\n`,
          );
        },
        onScanProgress: (p) =>
          status(
            `${p.classified.toLocaleString('en-US')}/${p.total.toLocaleString('en-US')} objects, ${Math.round(p.headsPerSecond)}/s, ETA ${formatDuration(p.etaSeconds)}`,
          ),
      });
      if (tty) process.stderr.write('\r\x1b[K');
      const r = outcome.report;
      if (v.json) process.stdout.write(`${JSON.stringify(r)}\n`);
      else if (v.export === 'csv') process.stdout.write(auditReportToCsv(r));
      else if (v.export === 'athena' && outcome.loaded)
        process.stdout.write(`${athenaExportText(athenaExport(outcome.loaded, r))}\n`);
      else {
        process.stdout.write(formatAuditReport(r));
        if (r.source === 'scan')
          process.stdout.write(
            `\nFor buckets of millions of objects, an S3 Inventory is faster: s3enc audit s3://${bucket} --create-inventory s3://DEST-BUCKET/inventory\n`,
          );
      }
      return 0;
    } catch (err) {
      if (controller.signal.aborted)
        throw new InventoryError('AuditCancelled', 'The audit was cancelled; nothing was counted.');
      throw err;
    } finally {
      process.removeListener('SIGINT', onSigint);
      pool.dispose();
    }
  },
};

/** --create-inventory / --switch-to-parquet: print the configuration change as a diff; put it with --apply. */
async function configure(
  pool: ClientPool,
  bucket: string,
  createAt: string | undefined,
  apply: boolean,
): Promise<number> {
  const hints = pool.faultHints();
  let before;
  let after;
  if (createAt) {
    const dest = parseS3Uri(createAt);
    if (!dest.bucket) throw new UsageError('--create-inventory needs s3://DEST-BUCKET[/prefix]');
    after = proposeAuditInventory({ bucket: dest.bucket, prefix: dest.prefix || undefined });
  } else {
    const configs = await pool.forBucket(bucket, (c) => listInventoryConfigurations(c, bucket, hints));
    before =
      configs.find((c) => c.Destination?.S3BucketDestination?.Format === 'ORC') ??
      configs.find((c) => c.Destination?.S3BucketDestination?.Format !== 'Parquet');
    if (!before) {
      process.stdout.write(
        configs.length
          ? 'Every inventory configuration of this bucket already writes Parquet.\n'
          : `s3://${bucket} has no inventory configuration; use --create-inventory.\n`,
      );
      return 0;
    }
    after = switchedToParquet(before);
  }
  process.stdout.write(
    `PutBucketInventoryConfiguration s3://${bucket} (Id ${after.Id}):\n${diffConfigurations(before, after)}\n`,
  );
  if (!apply) {
    process.stdout.write('Not applied: run again with --apply to put this configuration.\n');
    return 0;
  }
  await pool.forBucket(bucket, (c) => putInventoryConfiguration(c, bucket, after, hints));
  process.stdout.write('Applied. S3 delivers the first report within 48 hours.\n');
  return 0;
}
