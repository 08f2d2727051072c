// Runs the stand-in's jobs over time on Ceph RGW, so a client can watch ProgressSummary move: prepare (read
// the CSV manifest, or list and filter the bucket for the manifest generator), wait for confirmation, run
// one task per tick, then write the completion report (manifest.json + results CSV, the layout of AWS's
// "Completion reports" documentation) into RGW.
import { createHash, randomUUID } from 'node:crypto';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { parseCsvManifest } from '../../src/core/batch/manifest';
import type { SseChoice } from '../../src/core/transfer/sse-params';
import { TERMINAL, type Job, type TaskResult } from './jobs';
import { StandInError, reencryptOnRgw, rgwKeyId, updateObjectEncryption } from './object-encryption-change';
import { childText, path, type XmlNode } from './xml';

export interface RunnerOptions {
  rgw: S3Client;
  /** Pause between tasks, so progress is visible over time. */
  taskDelayMs: number;
  prepareDelayMs: number;
}

export const REPORT_SCHEMA = 'Bucket, Key, VersionId, TaskStatus, ErrorCode, HTTPStatusCode, ResultMessage';

function s3Location(arn: string): { bucket: string; key: string } {
  const m = /^arn:aws[a-z-]*:s3:::([^/]+)\/?(.*)$/.exec(arn);
  if (!m) throw new StandInError(400, 'InvalidRequest', `Not an S3 object ARN: ${arn}`);
  return { bucket: m[1], key: m[2] };
}

export class JobRunner {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly opts: RunnerOptions) {}

  private later(ms: number, fn: () => Promise<void>): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn().catch((err: unknown) => process.stderr.write(`local-s3control: ${String(err)}\n`));
    }, ms);
    this.timers.add(t);
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  start(job: Job): void {
    this.later(this.opts.prepareDelayMs, () => this.prepare(job));
  }

  private async prepare(job: Job): Promise<void> {
    if (TERMINAL.has(job.status)) return;
    job.status = 'Preparing';
    try {
      job.tasks = job.manifest
        ? await this.readManifest(job.manifest)
        : await this.generateManifest(job.manifestGenerator!);
    } catch (err) {
      job.status = 'Failed';
      job.terminated = new Date();
      job.failureReasons.push({
        code: 'ManifestReadFailed',
        reason: `Reading the manifest failed: ${(err as Error).message}`,
      });
      return;
    }
    if (job.confirmationRequired) {
      job.status = 'Suspended';
      job.statusUpdateReason = 'AwaitingConfirmation';
    } else this.activate(job);
  }

  /** UpdateJobStatus Ready on a suspended job. */
  activate(job: Job): void {
    job.status = 'Ready';
    this.later(this.opts.prepareDelayMs, async () => {
      if (job.status !== 'Ready') return;
      job.status = 'Active';
      job.activeSince = Date.now();
      this.nextTask(job);
    });
  }

  private nextTask(job: Job): void {
    this.later(this.opts.taskDelayMs, async () => {
      if (job.status === 'Cancelling') return this.finish(job, 'Cancelled');
      if (job.status !== 'Active') return;
      const task = job.tasks[job.results.length];
      if (!task) return this.finish(job, 'Complete');
      job.results.push(await this.runTask(job, task));
      this.nextTask(job);
    });
  }

  private async runTask(job: Job, task: { bucket: string; key: string }): Promise<TaskResult> {
    try {
      if (job.operationName === 'S3UpdateObjectEncryption') {
        const sseKms = path(job.operation, 'S3UpdateObjectEncryption', 'ObjectEncryption', 'SSE-KMS');
        await updateObjectEncryption(
          this.opts.rgw,
          task.bucket,
          task.key,
          childText(sseKms, 'KMSKeyArn'),
          childText(sseKms, 'BucketKeyEnabled') === 'true',
          { accountId: job.accountId },
        );
      } else if (job.operationName === 'S3PutObjectCopy') {
        await this.copyTask(job.operation, task);
      } else {
        throw new StandInError(
          400,
          'InvalidRequest',
          `The stand-in runs S3UpdateObjectEncryption and S3PutObjectCopy jobs, not ${job.operationName}.`,
        );
      }
      return { ...task, status: 'succeeded', httpStatus: 200, message: 'Successful' };
    } catch (err) {
      const e =
        err instanceof StandInError
          ? err
          : new StandInError(
              (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 500,
              (err as Error).name,
              (err as Error).message,
            );
      return { ...task, status: 'failed', errorCode: e.code, httpStatus: e.status, message: e.message };
    }
  }

  private async copyTask(operation: XmlNode, task: { bucket: string; key: string }): Promise<void> {
    const copy = path(operation, 'S3PutObjectCopy');
    const target = childText(copy, 'TargetResource');
    if (target && s3Location(target).bucket !== task.bucket)
      throw new StandInError(
        400,
        'InvalidRequest',
        'The stand-in copies objects in place only (TargetResource must be the source bucket).',
      );
    const algorithm = childText(path(copy, 'NewObjectMetadata'), 'SSEAlgorithm');
    const keyId = childText(copy, 'SSEAwsKmsKeyId');
    const sse: SseChoice =
      algorithm === 'KMS'
        ? {
            mode: 'SSE-KMS',
            ...(keyId ? { keyId: rgwKeyId(keyId) } : {}),
            bucketKey: childText(copy, 'BucketKeyEnabled') === 'true',
          }
        : { mode: 'SSE-S3' };
    await reencryptOnRgw(this.opts.rgw, task.bucket, task.key, sse);
  }

  private async readManifest(manifest: XmlNode): Promise<Array<{ bucket: string; key: string }>> {
    const loc = path(manifest, 'Location');
    const { bucket, key } = s3Location(childText(loc, 'ObjectArn') ?? '');
    const out = await this.opts.rgw.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const etag = (out.ETag ?? '').replace(/"/g, '');
    const want = (childText(loc, 'ETag') ?? '').replace(/"/g, '');
    if (want !== etag) throw new Error(`the manifest's ETag is ${etag}, the job names ${want}`);
    return parseCsvManifest(await out.Body!.transformToString('utf8')).map(({ bucket: b, key: k }) => ({
      bucket: b,
      key: k,
    }));
  }

  /** S3JobManifestGenerator: the bucket's objects matching KeyNameConstraint and MatchAnyObjectEncryption. */
  private async generateManifest(generator: XmlNode): Promise<Array<{ bucket: string; key: string }>> {
    const gen = path(generator, 'S3JobManifestGenerator');
    const bucket = s3Location(childText(gen, 'SourceBucket') ?? '').bucket;
    const filter = path(gen, 'Filter');
    const prefixes = (path(filter, 'KeyNameConstraint', 'MatchAnyPrefix')?.children ?? []).map((c) => c.text);
    const wanted = (path(filter, 'MatchAnyObjectEncryption')?.children ?? []).map((c) => c.children[0]?.name);
    const out: Array<{ bucket: string; key: string }> = [];
    let token: string | undefined;
    do {
      const page = await this.opts.rgw.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
      for (const o of page.Contents ?? []) {
        if (!o.Key || (prefixes.length && !prefixes.some((p) => o.Key!.startsWith(p)))) continue;
        if (wanted.length && !wanted.includes(await this.encryptionFilterName(bucket, o.Key))) continue;
        out.push({ bucket, key: o.Key });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out;
  }

  private async encryptionFilterName(bucket: string, key: string): Promise<string> {
    try {
      const h = await this.opts.rgw.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return h.ServerSideEncryption === 'aws:kms'
        ? 'SSE-KMS'
        : h.ServerSideEncryption === 'aws:kms:dsse'
          ? 'DSSE-KMS'
          : h.ServerSideEncryption === 'AES256'
            ? 'SSE-S3'
            : 'NOT-SSE';
    } catch {
      return 'SSE-C';
    }
  }

  private async finish(job: Job, status: 'Complete' | 'Cancelled'): Promise<void> {
    if (job.activeSince) job.activeSeconds += (Date.now() - job.activeSince) / 1000;
    job.activeSince = undefined;
    if (status === 'Complete') job.status = 'Completing';
    try {
      await this.writeReport(job);
    } catch (err) {
      job.failureReasons.push({
        code: 'ReportWriteFailed',
        reason: `Writing the completion report failed: ${(err as Error).message}`,
      });
    }
    job.status = status;
    job.terminated = new Date();
  }

  private async writeReport(job: Job): Promise<void> {
    if (childText(job.report, 'Enabled') !== 'true') return;
    const bucket = s3Location(childText(job.report, 'Bucket') ?? '').bucket;
    const prefix = childText(job.report, 'Prefix');
    const base = `${prefix ? `${prefix}/` : ''}job-${job.jobId}`;
    const failedOnly = childText(job.report, 'ReportScope') === 'FailedTasksOnly';
    const results = [];
    for (const status of ['succeeded', 'failed'] as const) {
      const rows = job.results.filter((r) => r.status === status);
      if (!rows.length || (failedOnly && status === 'succeeded')) continue;
      const csv =
        rows
          .map((r) =>
            [
              r.bucket,
              encodeURIComponent(r.key).replace(/%2F/g, '/'),
              '',
              r.status,
              r.errorCode ?? '',
              String(r.httpStatus),
              csvField(r.message),
            ].join(','),
          )
          .join('\n') + '\n';
      const key = `${base}/results/${randomUUID()}.csv`;
      await this.opts.rgw.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: csv, ContentType: 'text/csv' }));
      results.push({
        TaskExecutionStatus: status,
        Bucket: bucket,
        MD5Checksum: createHash('md5').update(csv).digest('hex'),
        Key: key,
      });
    }
    const manifest = {
      Format: 'Report_CSV_20180820',
      ReportCreationDate: new Date().toISOString(),
      Results: results,
      ReportSchema: REPORT_SCHEMA,
    };
    await this.opts.rgw.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: `${base}/manifest.json`,
        Body: JSON.stringify(manifest),
        ContentType: 'application/json',
      }),
    );
  }
}

function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
