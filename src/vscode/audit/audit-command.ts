// "Audit Encryption…" on a bucket: choose the source (newest inventory report, a manifest, or a live scan), run
// core's runAudit with a cancellable progress notification, remember the summary, open the report view.
import * as vscode from 'vscode';
import { formatAuditProgress, formatDuration } from '../../core/audit/audit-progress';
import { auditReportToCsv, athenaExport, athenaExportText } from '../../core/audit/exports';
import { runAudit, type AuditOutcome } from '../../core/audit/run-audit';
import type { Ctx } from '../ctx';
import type { ExplorerServices } from '../services';
import { s3NodeRefFrom, type S3NodeRef } from '../explorer/node-ref';
import { AuditHistory, historyPointOf } from './audit-history';
import { AuditReportPanel } from './report-panel';

type Source = { kind: 'inventory' } | { kind: 'manifest'; manifest: string } | { kind: 'scan' };

async function pickSource(bucket: string): Promise<Source | undefined> {
  const items: (vscode.QuickPickItem & { id: 'inventory' | 'manifest-s3' | 'manifest-file' | 'scan' })[] = [
    {
      id: 'inventory',
      label: 'Newest S3 Inventory report',
      detail: "Found through the bucket's inventory configurations; verified by MD5",
    },
    { id: 'manifest-s3', label: 'Inventory report at an s3:// URL…', detail: 'The manifest.json of a report' },
    {
      id: 'manifest-file',
      label: 'Inventory report on disk…',
      detail: 'A downloaded manifest.json, with its data files',
    },
    {
      id: 'scan',
      label: 'Scan Live',
      detail: 'List the bucket and classify every object with HeadObject (slow for large buckets)',
    },
  ];
  const pick = await vscode.window.showQuickPick(items, {
    title: `Audit encryption of s3://${bucket}`,
    placeHolder: 'Where the object statuses come from',
  });
  if (!pick) return undefined;
  if (pick.id === 'scan') return { kind: 'scan' };
  if (pick.id === 'inventory') return { kind: 'inventory' };
  if (pick.id === 'manifest-s3') {
    const url = await vscode.window.showInputBox({
      title: 'Inventory report',
      prompt: "s3:// URL of the report's manifest.json",
      placeHolder: 's3://DESTINATION/prefix/SOURCE/CONFIG-ID/YYYY-MM-DDTHH-MMZ/manifest.json',
      validateInput: (v) =>
        /^s3:\/\/[^/]+\/.+manifest\.json$/.test(v.trim()) ? undefined : 'Expected s3://BUCKET/…/manifest.json',
    });
    return url ? { kind: 'manifest', manifest: url.trim() } : undefined;
  }
  const file = await vscode.window.showOpenDialog({
    canSelectMany: false,
    filters: { 'Inventory manifest': ['json'] },
    title: 'manifest.json of an S3 Inventory report',
  });
  return file?.[0] ? { kind: 'manifest', manifest: file[0].fsPath } : undefined;
}

export interface AuditDeps {
  ctx: Ctx;
  services: ExplorerServices;
  history: AuditHistory;
  /** Called after an audit so bucket nodes show the new summary. */
  onAudited(ref: S3NodeRef): void;
}

async function runWithProgress(deps: AuditDeps, ref: S3NodeRef, source: Source): Promise<AuditOutcome | undefined> {
  const pool = await deps.services.connections.getPool(ref.connectionId);
  const settings = vscode.workspace.getConfiguration('s3enc.audit');
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Auditing s3://${ref.bucket}`, cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return runAudit(pool, {
        bucket: ref.bucket,
        manifest: source.kind === 'manifest' ? source.manifest : undefined,
        scan: source.kind === 'scan',
        prefixDepth: settings.get<number>('prefixDepth', 1),
        kmsSampleSize: settings.get<number>('kmsSampleSize', 100),
        headConcurrency: settings.get<number>('headConcurrency', 16),
        signal: controller.signal,
        onProgress: (p) => progress.report({ message: formatAuditProgress(p) }),
        onScanPlan: (plan) =>
          progress.report({
            message: `${plan.objects.toLocaleString('en-US')} objects, about ${formatDuration(plan.etaSeconds)}`,
          }),
        onScanProgress: (p) =>
          progress.report({
            message: `${p.classified.toLocaleString('en-US')}/${p.total.toLocaleString('en-US')} objects, ETA ${formatDuration(p.etaSeconds)}`,
          }),
      });
    },
  );
}

function showReport(deps: AuditDeps, ref: S3NodeRef, outcome: AuditOutcome): void {
  const report = outcome.report;
  AuditReportPanel.show(
    deps.ctx.extension.extensionUri,
    `${ref.connectionId}/${ref.bucket}`,
    report,
    deps.history.of(ref.connectionId, ref.bucket),
    {
      openPrefix: async (prefix) => {
        await vscode.commands.executeCommand('s3enc.explorer.focus');
        await deps.services.explorer.showPrefix(ref.connectionId, ref.bucket, prefix);
      },
      reencrypt: async (prefix, statuses) => {
        const target = { connectionId: ref.connectionId, bucket: ref.bucket, prefix };
        // The re-encryption feature's command when it is installed; else Change Encryption on the prefix.
        const commands = await vscode.commands.getCommands(true);
        if (commands.includes('s3enc.reencrypt'))
          await vscode.commands.executeCommand('s3enc.reencrypt', { ...target, only: statuses });
        else await vscode.commands.executeCommand('s3enc.transfers.changeEncryption', target);
      },
      exportReport: async (format) => {
        const content =
          format === 'json'
            ? JSON.stringify(report, null, 2)
            : format === 'csv'
              ? auditReportToCsv(report)
              : outcome.loaded
                ? athenaExportText(athenaExport(outcome.loaded, report))
                : '-- Athena needs an inventory report; this audit was a live scan.';
        const doc = await vscode.workspace.openTextDocument({
          language: format === 'athena' ? 'sql' : format,
          content,
        });
        await vscode.window.showTextDocument(doc, { preview: false });
      },
    },
  );
}

export function auditCommands(deps: AuditDeps): Record<string, (arg?: unknown) => Promise<unknown>> {
  return {
    's3enc.audit.run': async (arg?: unknown) => {
      const ref = s3NodeRefFrom(arg);
      if (!ref)
        return void vscode.window.showInformationMessage(
          'Run "Audit Encryption…" on a bucket in the S3 Encryption view.',
        );
      const source = await pickSource(ref.bucket);
      if (!source) return;
      const outcome = await runWithProgress(deps, ref, source);
      if (!outcome) return;
      await deps.history.add(ref.connectionId, ref.bucket, historyPointOf(outcome.report));
      deps.onAudited(ref);
      showReport(deps, ref, outcome);
    },
  };
}
