// "Change encryption…" on an object or a folder: pick the new mode, see a dry-run summary, confirm, then run
// with progress and cancel, and get a report. SSE-S3 / SSE-KMS targets use the re-encryption planner (method
// per object, KMS request estimate); client-side, SSE-C and DSSE-KMS targets use the change-encryption job.
import * as vscode from 'vscode';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  planReencryption,
  planSummaryLines,
  runReencryption,
  sameKmsKey,
  type ReencryptTarget,
} from '../../core/reencrypt';
import type { SseReporting } from '../../core/s3/endpoint-probe';
import { executeEncryptionChange, planEncryptionChange } from '../../core/transfer/change-encryption';
import type { ReadMode, WriteMode } from '../../core/transfer/file-transfers';
import type { S3NodeRef } from '../explorer/node-ref';
import { assertMandatoryMode } from '../../core/transfer/mandatory-mode';
import { s3NodeRefFrom } from '../explorer/node-ref';
import { CHANGE_AND_REPLACE_KMS, changeDialog } from './change-dialog';
import { resolveReadMode, resolveWriteMode } from './key-resolver';
import { pickWriteMode } from './mode-picker';
import { withTransferProgress } from './progress-notification';
import { clientFor, type TransferDeps } from './transfer-deps';

export function changeEncryptionCommands(deps: TransferDeps): Record<string, (arg?: unknown) => Promise<unknown>> {
  return {
    's3enc.transfers.changeEncryption': async (arg?: unknown) => {
      const ref = s3NodeRefFrom(arg);
      if (!ref)
        return void vscode.window.showInformationMessage(
          'Run "Change Encryption…" on an object or folder in the S3 Encryption view.',
        );
      const settings = deps.settings();
      const { client, kms } = await clientFor(deps, ref);
      const where = `s3://${ref.bucket}/${ref.key ?? ref.prefix ?? ''}`;
      const spec = await pickWriteMode(
        { store: deps.store, client, region: kms.region, kmsEndpoint: kms.endpoint },
        ref.bucket,
        deps.remembered.modeFor(ref.connectionId, ref.bucket),
        settings.mandatoryModes,
        { title: `New encryption for ${where}${ref.key ? '' : ' (every object under it)'}` },
      );
      if (!spec) return;
      const target = await resolveWriteMode(spec, deps.store, kms);
      assertMandatoryMode(ref.bucket, target, settings.mandatoryModes);
      // Keys to read the current objects: for a single object, found in the key store now.
      const read = ref.key ? (await resolveReadMode(deps.store, client, ref.bucket, ref.key, kms)).read : {};
      // Objects without an SSE header are "none" only if this endpoint would have reported SSE.
      const sseReporting = await deps.explorer.sseReportingOf(ref.connectionId, ref.bucket);
      // SSE-S3 / SSE-KMS targets: the planner picks UpdateObjectEncryption, copy or rewrite per object.
      const planned = reencryptTargetOf(target);
      if (planned) return runPlannedReencryption(deps, client, ref, planned, read, kms.region, sseReporting);
      const plan = await planEncryptionChange(client, ref.bucket, ref.key ?? ref.prefix ?? '', read);
      const dialog = changeDialog(plan, spec.mode, where, sseReporting);
      const confirm = await vscode.window.showWarningMessage(dialog.message, { modal: true }, ...dialog.buttons);
      if (!confirm) return;
      const report = await withTransferProgress(`Changing encryption in ${where}`, plan.bytes, (p) =>
        executeEncryptionChange(plan, {
          client,
          bucket: ref.bucket,
          read,
          target,
          multipart: settings.multipart,
          allowKmsKeyChange: confirm === CHANGE_AND_REPLACE_KMS,
          signal: p.signal,
          onBytes: p.onBytes,
          onObject: (key, i, n) => p.item(`${i + 1}/${n} ${key}`),
        }),
      );
      deps.explorer.refresh(ref);
      const lines = [
        `${report.changed.length} changed, ${report.failed.length} failed, ${report.skipped.length} skipped${report.cancelled ? ' (cancelled)' : ''}.`,
        ...report.failed.map((f) => `failed ${f.key}: ${f.error}`),
        ...report.skipped.map((s) => `skipped ${s.key}: ${s.reason}`),
      ];
      for (const l of lines) deps.ctx.log(`change encryption: ${l}`);
      const show = report.failed.length ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
      void show(`${lines[0]}${lines.length > 1 ? ' Details in the S3 Encryption Explorer output.' : ''}`);
    },
  };
}

/** SSE-S3 and SSE-KMS targets go through the re-encryption planner (UpdateObjectEncryption where allowed). */
function reencryptTargetOf(target: WriteMode): ReencryptTarget | undefined {
  if (target.cse) return undefined;
  if (target.sse.mode === 'SSE-S3') return { mode: 'SSE-S3' };
  if (target.sse.mode === 'SSE-KMS' && !Object.keys(target.sse.context ?? {}).length)
    return { mode: 'SSE-KMS', keyId: target.sse.keyId, bucketKey: target.sse.bucketKey };
  return undefined;
}

async function runPlannedReencryption(
  deps: TransferDeps,
  client: S3Client,
  ref: S3NodeRef,
  target: ReencryptTarget,
  read: ReadMode,
  region: string | undefined,
  sseReporting: SseReporting | undefined,
): Promise<void> {
  const where = `s3://${ref.bucket}/${ref.key ?? ref.prefix ?? ''}`;
  const plan = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Planning the change of ${where}` },
    () =>
      planReencryption({
        client,
        bucket: ref.bucket,
        prefix: ref.key ?? ref.prefix ?? '',
        target,
        sseCKey: read.sseCKey,
        haveCseKeys: !!read.cse,
        region: region ?? 'us-east-1',
        allowKmsKeyChange: true,
        probeUpdateSupport: false,
      }),
  );
  const otherKey = plan.items.filter(
    (i) =>
      i.mode === 'SSE-KMS' &&
      target.mode === 'SSE-KMS' &&
      target.keyId &&
      i.choice.method !== 'skip' &&
      i.kmsKeyId &&
      !sameKmsKey(i.kmsKeyId, target.keyId),
  );
  const lines = planSummaryLines(plan, sseReporting);
  if (otherKey.length)
    lines.push(
      `${otherKey.length} object(s) are under another KMS key: "Change Encryption" keeps them as they are; "Also replace KMS keys" moves them too.`,
    );
  lines.push('Each object is replaced only once its new version is complete; a failure leaves it as it was.');
  const confirm = await vscode.window.showWarningMessage(
    lines.join('\n'),
    { modal: true },
    'Change Encryption',
    ...(otherKey.length ? ['Also replace KMS keys'] : []),
  );
  if (!confirm) return;
  const keep = new Set(confirm === 'Also replace KMS keys' ? [] : otherKey.map((i) => i.key));
  const chosen = {
    ...plan,
    items: plan.items.map((i) =>
      keep.has(i.key)
        ? {
            ...i,
            choice: {
              method: 'skip' as const,
              reason: 'other-kms-key' as const,
              why: 'encrypted under another KMS key',
            },
          }
        : i,
    ),
  };
  const sizes = new Map(chosen.items.map((i) => [i.key, i.size]));
  const work = chosen.items.filter((i) => i.choice.method !== 'skip');
  const report = await withTransferProgress(
    `Changing encryption in ${where}`,
    work.reduce((n, i) => n + i.size, 0),
    (p) =>
      runReencryption(chosen, {
        client,
        sseCKey: read.sseCKey,
        cse: read.cse,
        signal: p.signal,
        onObject: (done, total, key, method) => {
          p.item(`${done}/${total} ${key} (${method})`);
          p.onBytes(sizes.get(key) ?? 0);
        },
      }),
  );
  deps.explorer.refresh(ref);
  const by = (m: string) => report.changed.filter((c) => c.method === m).length;
  const first = `${report.changed.length} changed, ${report.failed.length} failed, ${report.skipped.length} skipped${report.cancelled ? ' (cancelled)' : ''} (${by('update')} updated in place, ${by('copy')} copied, ${by('rewrite')} rewritten).`;
  const lines2 = [
    first,
    ...(report.updateFallback ? [`note: ${report.updateFallback}`] : []),
    ...report.failed.map((f) => `failed ${f.key}: ${f.error}`),
    ...report.skipped.map((s) => `skipped ${s.key}: ${s.why}`),
  ];
  for (const l of lines2) deps.ctx.log(`change encryption: ${l}`);
  const show = report.failed.length ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void show(`${first}${lines2.length > 1 ? ' Details in the S3 Encryption Explorer output.' : ''}`);
}
