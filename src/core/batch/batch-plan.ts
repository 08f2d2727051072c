// From a re-encryption plan to a Batch Operations job: which operation, which objects go in the manifest,
// and what is left out (client-side encrypted and SSE-C objects need this machine's keys; Batch cannot).
import { createHash, randomUUID } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { updateIneligibility } from '../reencrypt/choose-method';
import type { ReencryptPlan } from '../reencrypt/plan';
import { buildCreateJobRequest, type BatchJobSpec, type BatchOperationKind } from './create-job-request';
import { csvManifest, writeCsvManifest, type S3Destination } from './manifest';
import type { CreateJobCommandInput } from '@aws-sdk/client-s3-control';

export interface BatchSelection {
  operation: BatchOperationKind;
  keys: string[];
  /** Objects the plan would rewrite through this machine: not in the manifest. */
  leftOut: Array<{ key: string; why: string }>;
  storageClass?: string;
  notes: string[];
}

export function selectForBatch(plan: ReencryptPlan): BatchSelection {
  const work = plan.items.filter((i) => i.choice.method !== 'skip');
  const batchable = work.filter((i) => i.choice.method !== 'rewrite');
  const leftOut = work.filter((i) => i.choice.method === 'rewrite').map((i) => ({ key: i.key, why: i.choice.why }));
  // Batch runs on AWS, which implements UpdateObjectEncryption whatever this endpoint does.
  const allUpdatable =
    batchable.length > 0 &&
    batchable.every((i) => !updateIneligibility(i, plan.target, { bucket: plan.bucket, updateSupported: true }));
  const notes: string[] = [];
  let storageClass: string | undefined;
  if (!allUpdatable) {
    const classes = new Set(batchable.map((i) => i.storageClass ?? 'STANDARD'));
    if (classes.size === 1) {
      const only = [...classes][0];
      if (only !== 'STANDARD') storageClass = only;
    } else if (classes.size > 1) {
      notes.push(
        `Objects are in several storage classes (${[...classes].join(', ')}); a Batch copy writes them all as STANDARD. Split the job by storage class to keep them.`,
      );
    }
  }
  if (leftOut.length)
    notes.push(
      `${leftOut.length} object(s) need keys only this machine has (client-side or SSE-C); re-encrypt them here rather than in the job.`,
    );
  return {
    operation: allUpdatable ? 'S3UpdateObjectEncryption' : 'S3PutObjectCopy',
    keys: batchable.map((i) => i.key),
    leftOut,
    storageClass,
    notes,
  };
}

export interface PreparedBatchJob {
  request: CreateJobCommandInput;
  selection: BatchSelection;
}

export interface BatchPrepareOptions {
  plan: ReencryptPlan;
  accountId: string;
  roleArn: string;
  report: S3Destination;
  /** Writes the manifest to S3 (false for a dry run: the request then names where it would be). */
  writeManifest: boolean;
  client: S3Client;
  clientRequestToken?: string;
}

export async function prepareBatchJob(o: BatchPrepareOptions): Promise<PreparedBatchJob> {
  const selection = selectForBatch(o.plan);
  const token = o.clientRequestToken ?? randomUUID();
  const csv = csvManifest(o.plan.bucket, selection.keys);
  const name = `s3enc-reencrypt-${token}`;
  const manifest = o.writeManifest
    ? await writeCsvManifest(o.client, o.report, name, csv)
    : // A single-part upload's ETag is the MD5 of its bytes (SSE-S3 or no SSE): what the written manifest will have.
      {
        objectArn: `arn:aws:s3:::${o.report.bucket}/${o.report.prefix ? `${o.report.prefix}/` : ''}manifests/${name}.csv`,
        etag: createHash('md5').update(csv).digest('hex'),
      };
  const spec: BatchJobSpec = {
    accountId: o.accountId,
    roleArn: o.roleArn,
    bucket: o.plan.bucket,
    target: o.plan.target,
    operation: selection.operation,
    manifest: { kind: 'csv', objectArn: manifest.objectArn, etag: manifest.etag },
    report: o.report,
    clientRequestToken: token,
    storageClass: selection.storageClass,
  };
  return { request: buildCreateJobRequest(spec), selection };
}
