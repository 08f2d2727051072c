// Download an object (or every object under a folder) and "Open" a small object decrypted in a read-only
// editor tab. SSE-C and CSE keys are found in the key store without asking.
import { join } from 'node:path';
import * as vscode from 'vscode';
import { listTransferableKeys } from '../../core/transfer/copy-job';
import { cseDecryptStage } from '../../core/transfer/cse-transfer';
import { downloadToBuffer } from '../../core/transfer/download';
import { downloadFile } from '../../core/transfer/file-transfers';
import { s3NodeRefFrom } from '../explorer/node-ref';
import type { ReadOnlyDocuments } from '../read-only-documents';
import { resolveReadMode } from './key-resolver';
import { withTransferProgress } from './progress-notification';
import { clientFor, type TransferDeps } from './transfer-deps';

export const OBJECT_SCHEME = 's3enc-object';

export function downloadCommands(
  deps: TransferDeps,
  provider: ReadOnlyDocuments,
): Record<string, (arg?: unknown) => Promise<unknown>> {
  return {
    's3enc.transfers.download': async (arg?: unknown) => {
      const ref = s3NodeRefFrom(arg);
      if (!ref)
        return void vscode.window.showInformationMessage(
          'Run "Download" on an object or folder in the S3 Encryption view.',
        );
      const folder = await vscode.window.showOpenDialog({
        title: 'Download to folder',
        canSelectFolders: true,
        canSelectFiles: false,
        openLabel: 'Download here',
      });
      if (!folder?.[0])
        return void deps.ctx.log(
          `download from s3://${ref.bucket}/${ref.key ?? ref.prefix ?? ''}: no folder chosen, nothing downloaded`,
        );
      const { client, kms } = await clientFor(deps, ref);
      const { cseMemoryBytes } = deps.settings();
      const keys = ref.key ? [ref.key] : await listTransferableKeys(client, ref.bucket, ref.prefix ?? '');
      const base = ref.key ? ref.key.slice(0, ref.key.lastIndexOf('/') + 1) : (ref.prefix ?? '');
      await withTransferProgress(`Downloading from s3://${ref.bucket}/${base}`, undefined, async (p) => {
        for (const key of keys) {
          p.item(key);
          const { read } = await resolveReadMode(deps.store, client, ref.bucket, key, kms);
          const dest = join(folder[0].fsPath, ...key.slice(base.length).split('/'));
          await vscode.workspace.fs.createDirectory(vscode.Uri.file(join(dest, '..')));
          await downloadFile({
            client,
            bucket: ref.bucket,
            key,
            destPath: dest,
            read: read.cse ? { ...read, cse: { ...read.cse, memoryBytes: cseMemoryBytes } } : read,
            signal: p.signal,
            onBytes: p.onBytes,
          });
        }
      });
      void vscode.window.showInformationMessage(`Downloaded ${keys.length} object(s) to ${folder[0].fsPath}.`);
    },
    's3enc.transfers.open': async (arg?: unknown) => {
      const ref = s3NodeRefFrom(arg);
      if (!ref?.key)
        return void vscode.window.showInformationMessage('Run "Open" on an object in the S3 Encryption view.');
      const { client, kms } = await clientFor(deps, ref);
      const { read } = await resolveReadMode(deps.store, client, ref.bucket, ref.key, kms);
      const { data } = await downloadToBuffer(
        {
          client,
          bucket: ref.bucket,
          key: ref.key,
          sseCKey: read.sseCKey,
          decrypt: cseDecryptStage(client, ref.bucket, ref.key, read.cse),
        },
        deps.settings().openMaxBytes,
      );
      const uri = vscode.Uri.from({
        scheme: OBJECT_SCHEME,
        path: `/${ref.bucket}/${ref.key}`,
        query: `${ref.connectionId}:${Date.now()}`,
      });
      provider.set(uri, data.toString('utf8'));
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
    },
  };
}
