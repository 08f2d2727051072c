// s3enc reencrypt: bring a bucket or prefix to one server-side encryption with the cheapest correct method
// per object (src/core/reencrypt), or hand the work to an S3 Batch Operations job (--batch).
import { parseArgs } from 'node:util';
import { CreateJobCommand } from '@aws-sdk/client-s3-control';
import { createS3ControlClient, parseS3Destination, prepareBatchJob } from '../../core/batch';
import {
  ENCRYPTION_STATUSES,
  planReencryption,
  runReencryption,
  type EncryptionStatus,
  type ReencryptTarget,
} from '../../core/reencrypt';
import { createS3Client, DEFAULT_REGION } from '../../core/s3/connection';
import { parseLocation } from '../../core/transfer/locations';
import type { CliCommand } from '../command';
import { connectionFromFlags, connectionOptionSpecs } from '../connection-options';
import { KEY_OPTIONS_HELP, keyOptionSpecs, keyringFromOptions, parseContextOption } from '../crypto-options';
import { UsageError } from '../errors';
import { parseIntegerOption } from '../integer-option';
import { formatPlan, formatReport, planJson } from '../reencrypt-format';
import { readSseCKey } from './cp';

const HELP = `Usage: s3enc reencrypt s3://BUCKET[/PREFIX] --sse aws:kms|AES256 [options]

Re-encrypts every object under BUCKET/PREFIX with the cheapest correct method per object:
UpdateObjectEncryption where S3 allows it (SSE-S3/SSE-KMS source, SSE-KMS target with a full key ARN),
else an in-place copy keeping metadata, content type, tags and storage class, else download + upload
(client-side encrypted or SSE-C sources, with their keys). Objects it cannot or should not change are
skipped and listed: SSE-C without its key, another KMS key (unless --allow-kms-key-change), Object Lock,
already in the target encryption.

Target:
  --sse aws:kms|AES256         the new server-side encryption
  --sse-kms-key-id ID          KMS key (a full ARN lets S3 use UpdateObjectEncryption)
  --bucket-key                 use an S3 Bucket Key (up to 99% fewer KMS requests)
Selection and safety:
  --only STATUS,...            only objects now in these states: ${ENCRYPTION_STATUSES.join(', ')}
  --allow-kms-key-change       also move objects that are under another KMS key
  --dry-run                    print the plan and the KMS request estimate; change nothing
  --json                       machine-readable output
  --concurrency N              objects in flight (default 8)
Keys of the current objects:
  --sse-c-key-file FILE        SSE-C key of SSE-C objects (32 bytes raw, base64 or hex)
  --allow-http-loopback        allow SSE-C over plain HTTP to a loopback endpoint
${KEY_OPTIONS_HELP.replace('Key options (exactly one of the first three):', 'Client-side encrypted objects (optional; one of the first three):')}

S3 Batch Operations (runs on AWS instead of this machine):
  --batch                      create a Batch Operations job (confirmation required before it runs)
  --account-id ID              the AWS account that owns the job (or $AWS_ACCOUNT_ID)
  --role-arn ARN               IAM role the job runs as
  --report s3://BUCKET/PREFIX  where the manifest and the completion report are written
  --control-endpoint URL       S3 Control endpoint (default: AWS's for the region)
  With --dry-run --json, prints {"createJob": <the CreateJob request>} and writes nothing.

  --profile P, --region R, --endpoint URL, --path-style   as for s3enc ls
`;

export const reencryptCommand: CliCommand = {
  name: 'reencrypt',
  summary: 'Re-encrypt a bucket or prefix (UpdateObjectEncryption, copy, or a Batch Operations job)',
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        ...keyOptionSpecs,
        sse: { type: 'string' },
        'sse-kms-key-id': { type: 'string' },
        'bucket-key': { type: 'boolean', default: false },
        only: { type: 'string' },
        'allow-kms-key-change': { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        concurrency: { type: 'string' },
        'sse-c-key-file': { type: 'string' },
        'allow-http-loopback': { type: 'boolean', default: false },
        batch: { type: 'boolean', default: false },
        'account-id': { type: 'string' },
        'role-arn': { type: 'string' },
        report: { type: 'string' },
        'control-endpoint': { type: 'string' },
        ...connectionOptionSpecs,
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      process.stdout.write(HELP);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError('expected one s3://BUCKET[/PREFIX]');
    const loc = parseLocation(positionals[0]);
    if (loc.kind !== 's3') throw new UsageError('the location must be s3://BUCKET[/PREFIX]');
    const target = targetFromFlags(values.sse, values['sse-kms-key-id'], values['bucket-key']);
    const only = values.only ? parseOnly(values.only) : undefined;
    const conn = connectionFromFlags(values);
    const sseCKey = values['sse-c-key-file'] ? readSseCKey(values['sse-c-key-file'], '--sse-c-key-file') : undefined;
    const haveCse = ['aes-key-file', 'rsa-key-file', 'kms-key-id'].some(
      (k) => values[k as keyof typeof values] !== undefined,
    );
    const cse = haveCse
      ? { keyring: keyringFromOptions(values), context: parseContextOption(values.context) }
      : undefined;
    const concurrency = values.concurrency === undefined ? 8 : parseIntegerOption('concurrency', values.concurrency, 1);
    const batch = values.batch ? batchFlags(values) : undefined;
    const client = createS3Client(conn, { allowSseCOverHttpLoopback: values['allow-http-loopback'] });
    try {
      const plan = await planReencryption({
        client,
        bucket: loc.bucket,
        prefix: loc.key,
        target,
        only,
        allowKmsKeyChange: values['allow-kms-key-change'],
        sseCKey,
        haveCseKeys: !!cse,
        region: conn.region ?? (await client.config.region()) ?? DEFAULT_REGION,
        concurrency: Math.max(concurrency, 16),
        probeUpdateSupport: !values['dry-run'] && !batch,
      });
      if (batch) {
        const prepared = await prepareBatchJob({ plan, ...batch, writeManifest: !values['dry-run'], client });
        if (values['dry-run']) {
          if (values.json) process.stdout.write(`${JSON.stringify({ createJob: prepared.request })}\n`);
          else
            process.stdout.write(
              `${formatPlan(plan)}Batch job (not created): ${prepared.selection.operation} on ${prepared.selection.keys.length} object(s)\n${prepared.selection.notes.join('\n')}\n`,
            );
          return 0;
        }
        const control = createS3ControlClient(conn, { endpoint: values['control-endpoint'] });
        try {
          const out = await control.send(new CreateJobCommand(prepared.request));
          const result = {
            jobId: out.JobId,
            operation: prepared.selection.operation,
            objects: prepared.selection.keys.length,
            manifest: prepared.request.Manifest?.Location,
            notes: prepared.selection.notes,
          };
          if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
          else {
            process.stdout.write(
              `Created Batch Operations job ${out.JobId} (${result.operation}, ${result.objects} objects). It waits for confirmation:\n`,
            );
            process.stdout.write(
              `  s3enc jobs --account-id ${batch.accountId} ${out.JobId} --confirm\n${prepared.selection.notes.join('\n')}\n`,
            );
          }
          return 0;
        } finally {
          control.destroy();
        }
      }
      if (values['dry-run']) {
        process.stdout.write(values.json ? `${JSON.stringify({ plan: planJson(plan) })}\n` : formatPlan(plan));
        return 0;
      }
      if (!values.json) process.stdout.write(formatPlan(plan));
      const controller = new AbortController();
      process.once('SIGINT', () => controller.abort());
      const report = await runReencryption(plan, { client, sseCKey, cse, concurrency, signal: controller.signal });
      process.stdout.write(
        values.json ? `${JSON.stringify({ plan: planJson(plan), report })}\n` : formatReport(report, plan),
      );
      return report.failed.length || report.cancelled ? 1 : 0;
    } finally {
      client.destroy();
    }
  },
};

function targetFromFlags(sse: string | undefined, keyId: string | undefined, bucketKey: boolean): ReencryptTarget {
  if (sse === 'aws:kms')
    return { mode: 'SSE-KMS', ...(keyId ? { keyId } : {}), ...(bucketKey ? { bucketKey: true } : {}) };
  if (sse === 'AES256') {
    if (keyId || bucketKey) throw new UsageError('--sse-kms-key-id and --bucket-key need --sse aws:kms');
    return { mode: 'SSE-S3' };
  }
  throw new UsageError(`--sse must be aws:kms or AES256${sse ? `, got '${sse}'` : ''}`);
}

function parseOnly(text: string): EncryptionStatus[] {
  const out = text.split(',').map((s) => s.trim().toUpperCase());
  for (const s of out)
    if (!(ENCRYPTION_STATUSES as readonly string[]).includes(s))
      throw new UsageError(`--only takes ${ENCRYPTION_STATUSES.join(', ')}; got '${s}'`);
  return out as EncryptionStatus[];
}

function batchFlags(v: { 'account-id'?: string; 'role-arn'?: string; report?: string }) {
  const accountId = v['account-id'] ?? process.env.AWS_ACCOUNT_ID;
  if (!accountId || !/^\d{12}$/.test(accountId))
    throw new UsageError('--batch needs --account-id with the 12-digit AWS account id (or $AWS_ACCOUNT_ID)');
  const roleArn = v['role-arn'];
  if (!roleArn || !/^arn:aws[a-z-]*:iam::\d{12}:role\/.+/.test(roleArn))
    throw new UsageError(
      '--batch needs --role-arn arn:aws:iam::ACCOUNT:role/NAME (see docs/reencrypt.md for its policies)',
    );
  const report = v.report ? parseS3Destination(v.report) : undefined;
  if (!report)
    throw new UsageError('--batch needs --report s3://BUCKET/PREFIX for the manifest and the completion report');
  return { accountId, roleArn, report };
}
