// Upload files or a folder: from the tree (bucket/folder), VS Code's Explorer (one or many files/folders) or
// the palette (connection → bucket → prefix). The mode picker remembers the last mode per bucket.
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { runCopyJob } from '../../core/transfer/copy-job';
import { AccessDeniedError } from '../../core/transfer/errors';
import { assertMandatoryMode } from '../../core/transfer/mandatory-mode';
import { s3NodeRefFrom, type S3NodeRef } from '../explorer/node-ref';
import { resolveWriteMode } from './key-resolver';
import { pickS3Location } from './location-picker';
import { bucketAdvice, pickWriteMode } from './mode-picker';
import type { WriteModeSpec } from './remembered';
import { withTransferProgress } from './progress-notification';
import { clientFor, type TransferDeps } from './transfer-deps';

export function uploadCommands(deps: TransferDeps): Record<string, (...args: unknown[]) => Promise<unknown>> {
  return {
    's3enc.transfers.upload': async (arg?: unknown, all?: unknown) => {
      let target = s3NodeRefFrom(arg);
      let sources = urisFrom(arg, all);
      if (!sources.length) {
        const picked = await vscode.window.showOpenDialog({
          title: 'Upload to S3',
          canSelectMany: true,
          canSelectFiles: true,
          canSelectFolders: true,
          openLabel: 'Upload',
        });
        if (!picked?.length) return;
        sources = picked;
      }
      target ??= await pickS3Location(deps.connections, deps.remembered, 'Upload');
      if (!target) return;
      await uploadTo(deps, target, sources);
    },
  };
}

function urisFrom(arg: unknown, all: unknown): vscode.Uri[] {
  if (Array.isArray(all) && all.every((u) => u instanceof vscode.Uri)) return all;
  return arg instanceof vscode.Uri ? [arg] : [];
}

export async function uploadTo(
  deps: TransferDeps,
  target: S3NodeRef,
  sources: vscode.Uri[],
  prefer?: WriteModeSpec['mode'],
): Promise<void> {
  const settings = deps.settings();
  for (const p of settings.settingProblems)
    void vscode.window.showWarningMessage(`s3enc.transfers.mandatoryModes: ${p}`);
  const { client, kms } = await clientFor(deps, target);
  const spec = await pickWriteMode(
    { store: deps.store, client, region: kms.region, kmsEndpoint: kms.endpoint },
    target.bucket,
    deps.remembered.modeFor(target.connectionId, target.bucket),
    settings.mandatoryModes,
    { prefer },
  );
  if (!spec) return;
  try {
    await runUpload(deps, target, sources, spec, client, kms);
  } catch (err) {
    if (!(err instanceof AccessDeniedError)) throw err;
    // The bucket refused this mode: say which one it wants, and offer to go again with it.
    const accepted = (await bucketAdvice(client, target.bucket, settings.mandatoryModes)).filter(
      (a) => a.required && !a.refusedBecause,
    );
    const wanted = accepted[0];
    const sent = spec.mode === 'bucket-default' ? 'the bucket default (no SSE header)' : spec.mode;
    const why = wanted
      ? `it requires ${accepted.map((a) => a.label).join(' or ')} (${wanted.requiredBecause}), and this upload used ${sent}`
      : `this upload used ${sent}: ${err.message}`;
    const retry = wanted ? `Upload Again with ${wanted.label}…` : 'Upload Again…';
    const choice = await vscode.window.showErrorMessage(
      `Upload to s3://${target.bucket}/${target.prefix ?? ''} was denied: ${why}.`,
      retry,
    );
    if (choice === retry) await uploadTo(deps, target, sources, wanted?.mode);
  }
}

async function runUpload(
  deps: TransferDeps,
  target: S3NodeRef,
  sources: vscode.Uri[],
  spec: WriteModeSpec,
  client: Awaited<ReturnType<typeof clientFor>>['client'],
  kms: Awaited<ReturnType<typeof clientFor>>['kms'],
): Promise<void> {
  const settings = deps.settings();
  const write = await resolveWriteMode(spec, deps.store, kms);
  assertMandatoryMode(target.bucket, write, settings.mandatoryModes);
  await deps.remembered.rememberMode(target.connectionId, target.bucket, spec);
  const prefix = target.prefix ?? '';
  const done: string[] = [];
  await withTransferProgress(`Uploading to s3://${target.bucket}/${prefix}`, undefined, async (p) => {
    for (const src of sources) {
      const isDir = (await stat(src.fsPath)).isDirectory();
      const dest = isDir
        ? `s3://${target.bucket}/${prefix}${basename(src.fsPath)}/`
        : `s3://${target.bucket}/${prefix}`;
      const report = await runCopyJob({
        client,
        source: src.fsPath,
        destination: dest,
        recursive: isDir,
        write,
        read: {},
        multipart: settings.multipart,
        signal: p.signal,
        onBytes: p.onBytes,
        onItem: (i) => p.item(basename(i.source)),
      });
      done.push(...report.items.map((i) => i.destination));
    }
  });
  deps.ctx.log(`uploaded ${done.length} object(s) to s3://${target.bucket}/${prefix} (${spec.mode})`);
  deps.explorer.refresh(target);
  void vscode.window.showInformationMessage(
    `Uploaded ${done.length} object(s) to s3://${target.bucket}/${prefix} with ${spec.mode === 'bucket-default' ? 'the bucket default' : spec.mode}.`,
  );
}
