// "Re-encrypt with S3 Batch Operations…" on a bucket or folder, and the job rows' actions: confirm and run,
// cancel, priority, completion report, refresh, forget. The plan (src/core/reencrypt) decides the operation
// and the manifest; the job waits for confirmation (ConfirmationRequired) and is tracked under its bucket.
import * as vscode from 'vscode';
import { CreateJobCommand, type S3ControlClient } from '@aws-sdk/client-s3-control';
import {
  parseS3Destination,
  prepareBatchJob,
  readCompletionReport,
  selectForBatch,
  setJobPriority,
  setJobStatus,
} from '../../core/batch';
import { planReencryption, planSummaryLines, type ReencryptTarget } from '../../core/reencrypt';
import type { Ctx } from '../ctx';
import type { ConnectionsService } from '../explorer/connections-service';
import type { JobNode } from '../explorer/model/nodes';
import { s3NodeRefFrom } from '../explorer/node-ref';
import type { ReadOnlyDocuments } from '../read-only-documents';
import type { JobTracker } from './job-tracker';
import { chooseRole } from './role-chooser';

export interface BatchDeps {
  ctx: Ctx;
  connections: ConnectionsService;
  tracker: JobTracker;
  controlFor(connectionId: string): Promise<S3ControlClient>;
  /** Completion reports are shown as read-only documents of this scheme. */
  reports: ReadOnlyDocuments;
}

export const REPORT_SCHEME = 's3enc-batch-report';

const ACCOUNT = /^\d{12}$/;

function jobFrom(arg: unknown): JobNode {
  const node = arg as JobNode | undefined;
  if (node?.kind !== 'job')
    throw new Error('Run this on a Batch Operations job under a bucket in the S3 Encryption view.');
  return node;
}

async function pickTarget(): Promise<ReencryptTarget | undefined> {
  const mode = await vscode.window.showQuickPick(
    [
      {
        label: 'SSE-KMS',
        detail: 'With a full key ARN, objects already SSE-S3/SSE-KMS change without copying (S3UpdateObjectEncryption)',
        id: 'SSE-KMS' as const,
      },
      { label: 'SSE-S3', detail: 'An in-place copy of each object (S3PutObjectCopy)', id: 'SSE-S3' as const },
    ],
    { title: 'Re-encrypt with S3 Batch Operations: new encryption' },
  );
  if (!mode) return undefined;
  if (mode.id === 'SSE-S3') return { mode: 'SSE-S3' };
  const keyId = await vscode.window.showInputBox({
    title: 'KMS key ARN',
    placeHolder: 'arn:aws:kms:REGION:ACCOUNT:key/…',
    validateInput: (v) => (v.trim() ? undefined : 'A KMS key is needed'),
  });
  if (!keyId) return undefined;
  const bk = await vscode.window.showQuickPick(
    [
      { label: 'Use an S3 Bucket Key', detail: 'Up to 99% fewer KMS requests', on: true },
      { label: 'No Bucket Key', on: false },
    ],
    { title: 'S3 Bucket Key' },
  );
  if (!bk) return undefined;
  return { mode: 'SSE-KMS', keyId: keyId.trim(), bucketKey: bk.on };
}

/** What a job row's action sends to S3 Control, or undefined when the user declined. */
type JobRequest = ((control: S3ControlClient) => Promise<unknown>) | undefined;

export function batchCommands(deps: BatchDeps): Record<string, (arg?: unknown) => Promise<unknown>> {
  const state = deps.ctx.extension.workspaceState;
  /** A job row's action: asks what it needs, sends it with the job's S3 Control client, then re-reads the job. */
  const jobAction =
    (ask: (job: JobNode) => Promise<JobRequest>) =>
    async (arg?: unknown): Promise<void> => {
      const job = jobFrom(arg);
      const send = await ask(job);
      if (!send) return;
      await send(await deps.controlFor(job.connectionId));
      await deps.tracker.refresh(job);
    };
  return {
    's3enc.batch.reencrypt': async (arg?: unknown) => {
      const ref = s3NodeRefFrom(arg);
      if (!ref)
        return void vscode.window.showInformationMessage(
          'Run "Re-encrypt with S3 Batch Operations…" on a bucket or folder in the S3 Encryption view.',
        );
      const target = await pickTarget();
      if (!target) return;
      const accountKey = `s3enc.batch.account.${ref.connectionId}`;
      const accountId = await vscode.window.showInputBox({
        title: 'AWS account id that owns the job',
        value: state.get<string>(accountKey, ''),
        validateInput: (v) => (ACCOUNT.test(v.trim()) ? undefined : '12 digits'),
      });
      if (!accountId) return;
      await state.update(accountKey, accountId.trim());
      const reportText = await vscode.window.showInputBox({
        title: 'Where the manifest and the completion report go',
        value: `s3://${ref.bucket}/s3enc-batch-reports`,
        validateInput: (v) => (parseS3Destination(v.trim()) ? undefined : 's3://BUCKET/PREFIX'),
      });
      const report = reportText ? parseS3Destination(reportText.trim()) : undefined;
      if (!report) return;
      const client = await deps.connections.getClient(ref.connectionId, ref.region);
      const region = ref.region ?? deps.connections.getConnection(ref.connectionId)?.region ?? 'us-east-1';
      const prefix = ref.prefix ?? ref.key ?? '';
      const plan = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Planning the job for s3://${ref.bucket}/${prefix}` },
        () => planReencryption({ client, bucket: ref.bucket, prefix, target, region, allowKmsKeyChange: true }),
      );
      const selection = selectForBatch(plan);
      if (!selection.keys.length)
        return void vscode.window.showInformationMessage(
          `Nothing to re-encrypt in s3://${ref.bucket}/${prefix}: ${planSummaryLines(plan).slice(1).join(' ')}`,
        );
      const roleArn = await chooseRole(state, accountId.trim(), {
        operation: selection.operation,
        bucket: ref.bucket,
        manifestObjectArn: `arn:aws:s3:::${report.bucket}/${report.prefix ? `${report.prefix}/` : ''}manifests/*`,
        reportBucket: report.bucket,
        kmsKeyArn: target.mode === 'SSE-KMS' ? target.keyId : undefined,
      });
      if (!roleArn) return;
      const lines = [
        `Create an S3 Batch Operations job: ${selection.operation} on ${selection.keys.length.toLocaleString('en-US')} object(s) of s3://${ref.bucket}/${prefix}.`,
        'It waits for your confirmation before it runs.',
        ...planSummaryLines(plan).slice(1),
        ...selection.notes,
      ];
      if ((await vscode.window.showWarningMessage(lines.join('\n'), { modal: true }, 'Create Job')) !== 'Create Job')
        return;
      const prepared = await prepareBatchJob({
        plan,
        accountId: accountId.trim(),
        roleArn,
        report,
        writeManifest: true,
        client,
      });
      const out = await (await deps.controlFor(ref.connectionId)).send(new CreateJobCommand(prepared.request));
      if (!out.JobId) throw new Error('S3 Control created the job without returning its id.');
      deps.ctx.log(
        `batch: created job ${out.JobId} (${selection.operation}, ${selection.keys.length} objects, manifest ${prepared.request.Manifest?.Location?.ObjectArn})`,
      );
      await deps.tracker.track({
        connectionId: ref.connectionId,
        bucket: ref.bucket,
        accountId: accountId.trim(),
        jobId: out.JobId,
      });
      void vscode.window.showInformationMessage(
        `Batch job ${out.JobId.slice(0, 8)} created under ${ref.bucket}. It waits for confirmation: right-click it → "Confirm and Run Job".`,
      );
    },
    's3enc.jobs.confirm': jobAction(
      async (job) => (control) => setJobStatus(control, job.accountId, job.jobId, 'Ready', 'confirmed in VS Code'),
    ),
    's3enc.jobs.cancel': jobAction(async (job) => {
      const answer = await vscode.window.showWarningMessage(
        `Cancel Batch job ${job.jobId}? Objects already changed stay changed.`,
        { modal: true },
        'Cancel Job',
      );
      if (answer !== 'Cancel Job') return undefined;
      return (control) => setJobStatus(control, job.accountId, job.jobId, 'Cancelled', 'cancelled in VS Code');
    }),
    's3enc.jobs.setPriority': jobAction(async (job) => {
      const text = await vscode.window.showInputBox({
        title: `Priority of Batch job ${job.jobId.slice(0, 8)} (higher runs first)`,
        value: String(job.job?.priority ?? 10),
        validateInput: (v) => (/^\d{1,10}$/.test(v.trim()) && Number(v) <= 2147483647 ? undefined : '0 to 2147483647'),
      });
      if (text === undefined) return undefined;
      return (control) => setJobPriority(control, job.accountId, job.jobId, Number(text.trim()));
    }),
    's3enc.jobs.openReport': async (arg?: unknown) => {
      const job = jobFrom(arg);
      if (!job.job?.reportLocation)
        return void vscode.window.showInformationMessage(
          'This job has no completion report yet (it is written when the job ends).',
        );
      const report = await readCompletionReport(
        await deps.connections.getClient(job.connectionId),
        job.job.reportLocation,
      );
      const failed = report.rows.filter((r) => r.taskStatus === 'failed');
      const text = [
        `# Batch job ${job.jobId}: completion report`,
        '',
        `${job.job.reportLocation} — ${report.succeeded} succeeded, ${report.failed} failed.`,
        '',
        ...(failed.length
          ? [
              '## Failed tasks',
              '',
              '| key | error | HTTP | message |',
              '| --- | --- | --- | --- |',
              ...failed.map(
                (r) =>
                  `| ${r.key} | ${r.errorCode ?? ''} | ${r.httpStatus ?? ''} | ${r.message.replace(/\|/g, '\\|')} |`,
              ),
            ]
          : ['Every task succeeded.']),
      ].join('\n');
      // A read-only document, rendered: nothing to save when it is closed.
      const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/Batch job ${job.jobId.slice(0, 8)} report.md` });
      deps.reports.set(uri, text);
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    },
    's3enc.jobs.refresh': async (arg?: unknown) => deps.tracker.refresh(jobFrom(arg)),
    's3enc.jobs.forget': async (arg?: unknown) => deps.tracker.untrack(jobFrom(arg)),
  };
}
