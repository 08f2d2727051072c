// "Change encryption…" on an object or a folder: pick the new mode, see a dry-run summary (counts per
// current mode, bytes, what will be skipped), confirm, then run with progress and cancel, and get a report.
import * as vscode from 'vscode';
import { executeEncryptionChange, planEncryptionChange, type ChangePlan } from '../../core/transfer/change-encryption';
import { assertMandatoryMode } from '../../core/transfer/mandatory-mode';
import { formatBytes } from '../../core/transfer/progress';
import { s3NodeRefFrom } from '../explorer/node-ref';
import { resolveReadMode, resolveWriteMode } from './key-resolver';
import { pickWriteMode } from './mode-picker';
import { withTransferProgress } from './progress-notification';
import { clientFor, type TransferDeps } from './transfer-deps';

export function changeEncryptionCommands(deps: TransferDeps): Record<string, (arg?: unknown) => Promise<unknown>> {
  return {
    's3enc.transfers.changeEncryption': async (arg?: unknown) => {
      const ref = s3NodeRefFrom(arg);
      if (!ref) return void vscode.window.showInformationMessage('Run "Change Encryption…" on an object or folder in the S3 Encryption view.');
      const settings = deps.settings();
      const { client, kms } = await clientFor(deps, ref);
      const spec = await pickWriteMode({ store: deps.store, client, region: kms.region, kmsEndpoint: kms.endpoint }, ref.bucket, deps.remembered.modeFor(ref.connectionId, ref.bucket), settings.mandatoryModes);
      if (!spec) return;
      const target = await resolveWriteMode(spec, deps.store, kms);
      assertMandatoryMode(ref.bucket, target, settings.mandatoryModes);
      // Keys to read the current objects: for a single object, found in the key store now.
      const read = ref.key ? (await resolveReadMode(deps.store, client, ref.bucket, ref.key, kms)).read : {};
      const plan = await planEncryptionChange(client, ref.bucket, ref.key ?? ref.prefix ?? '', read);
      const confirm = await vscode.window.showWarningMessage(summary(plan, spec.mode), { modal: true }, 'Change Encryption', 'Also replace KMS keys');
      if (!confirm) return;
      const report = await withTransferProgress(`Changing encryption in s3://${ref.bucket}/${ref.key ?? ref.prefix ?? ''}`, plan.bytes, (p) =>
        executeEncryptionChange(plan, {
          client, bucket: ref.bucket, read, target, multipart: settings.multipart,
          allowKmsKeyChange: confirm === 'Also replace KMS keys',
          signal: p.signal, onBytes: p.onBytes, onObject: (key, i, n) => p.item(`${i + 1}/${n} ${key}`),
        }),
      );
      deps.ctx.services.explorer?.refresh(ref);
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

function summary(plan: ChangePlan, mode: string): string {
  const counts = Object.entries(plan.countsByMode).map(([m, n]) => `${n} ${m}`).join(', ');
  const blocked = plan.objects.filter((o) => o.blocker);
  return [
    `Dry run: ${plan.objects.length} object(s), ${formatBytes(plan.bytes)} (${counts || 'none'}) → ${mode}.`,
    blocked.length ? `${blocked.length} will be skipped (${blocked[0].blocker}${blocked.length > 1 ? ', …' : ''}).` : '',
    'Each object is replaced only once its new version is complete; a failure leaves it as it was.',
    'SSE-KMS objects keep their KMS key unless you choose "Also replace KMS keys".',
  ].filter(Boolean).join('\n');
}
