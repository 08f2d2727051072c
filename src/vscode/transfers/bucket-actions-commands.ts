// Bucket actions from the tree: Set default encryption…, Require TLS, Block SSE-C and Unblock SSE-C (each with
// the diff shown before applying).
import { HEADER_MODES, isKmsMode, MODES } from '../../core/encryption/modes';
import * as vscode from 'vscode';
import {
  applyBucketPolicy,
  applySseCBlockChange,
  mergeTlsRequirement,
  planSseCBlockChange,
  readBucketPolicy,
  setDefaultEncryption,
  type DefaultEncryption,
} from '../../core/transfer/bucket-actions';
import { s3NodeRefFrom } from '../explorer/node-ref';
import type { ReadOnlyDocuments } from '../read-only-documents';
import { clientFor, type TransferDeps } from './transfer-deps';

export const POLICY_SCHEME = 's3enc-policy';

/**
 * S3-compatible servers answer PutBucketEncryption they do not support with a bare 400/501 ("UnknownError"):
 * say what was refused and that nothing changed, instead of the SDK's empty message.
 */
async function refusedIsExplained<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const e = err as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
    const code = e.Code ?? e.name ?? 'Error';
    const status = e.$metadata?.httpStatusCode;
    if (!['InvalidArgument', 'InvalidRequest', 'NotImplemented', 'MethodNotAllowed'].includes(code)) throw err;
    throw new Error(
      `The endpoint refused to ${what} (${code}${status ? `, HTTP ${status}` : ''}): it may not support this setting. Nothing was changed.`,
      {
        cause: err,
      },
    );
  }
}

export function bucketActionCommands(
  deps: TransferDeps,
  previews: ReadOnlyDocuments,
): Record<string, (arg?: unknown) => Promise<unknown>> {
  const bucketRef = (arg: unknown) => {
    const ref = s3NodeRefFrom(arg);
    if (!ref) void vscode.window.showInformationMessage('Run this on a bucket in the S3 Encryption view.');
    return ref;
  };
  /** Block or Unblock SSE-C: the encryption-configuration diff first, then a confirmation. */
  const sseCBlockAction = async (arg: unknown, block: boolean) => {
    const ref = bucketRef(arg);
    if (!ref) return;
    const { client } = await clientFor(deps, ref);
    const change = await planSseCBlockChange(client, ref.bucket, block);
    if (change.unchanged)
      return void vscode.window.showInformationMessage(
        `SSE-C writes to ${ref.bucket} are already ${block ? 'blocked' : 'allowed'}.`,
      );
    const stamp = Date.now();
    const before = vscode.Uri.from({
      scheme: POLICY_SCHEME,
      path: `/${ref.bucket}/current-encryption.json`,
      query: String(stamp),
    });
    const after = vscode.Uri.from({
      scheme: POLICY_SCHEME,
      path: `/${ref.bucket}/encryption-${block ? 'blocking' : 'allowing'}-sse-c.json`,
      query: String(stamp),
    });
    previews.set(before, change.before ? JSON.stringify({ Rules: [change.before] }, null, 2) : '');
    previews.set(after, JSON.stringify({ Rules: [change.after] }, null, 2));
    await vscode.commands.executeCommand(
      'vscode.diff',
      before,
      after,
      `${ref.bucket}: encryption configuration ↔ ${block ? 'SSE-C blocked' : 'SSE-C allowed'}`,
    );
    const action = block ? 'Block SSE-C' : 'Unblock SSE-C';
    const ok = await vscode.window.showWarningMessage(
      block
        ? `Block SSE-C writes to ${ref.bucket}? Reads of existing SSE-C objects keep working. S3-compatible servers may not enforce it.`
        : `Allow SSE-C writes to ${ref.bucket} again? S3 blocks them by default on new buckets since April 2026; SSE-KMS is the usual alternative.`,
      { modal: true },
      action,
    );
    if (ok !== action) return;
    await refusedIsExplained(`${block ? 'block' : 'unblock'} SSE-C on ${ref.bucket}`, () =>
      applySseCBlockChange(client, ref.bucket, change),
    );
    deps.explorer.refresh({ connectionId: ref.connectionId, bucket: ref.bucket });
    void vscode.window.showInformationMessage(
      `SSE-C writes to ${ref.bucket} are now ${block ? 'blocked' : 'allowed'}.`,
    );
  };
  return {
    's3enc.bucket.setDefaultEncryption': async (arg?: unknown) => {
      const ref = bucketRef(arg);
      if (!ref) return;
      const pick = await vscode.window.showQuickPick(
        HEADER_MODES.map((mode) => ({ label: MODES[mode].label, detail: MODES[mode].meaning, mode })),
        { title: `Default encryption for ${ref.bucket}` },
      );
      if (!pick) return;
      const mode = pick.mode;
      let choice: DefaultEncryption;
      if (isKmsMode(mode)) {
        const keyId = await vscode.window.showInputBox({ title: 'KMS key ARN, id or alias (empty: AWS managed key)' });
        if (keyId === undefined) return;
        let bucketKey: boolean | undefined;
        if (MODES[mode].bucketKey) {
          const bk = await vscode.window.showQuickPick(
            [
              { label: 'Bucket key on', on: true },
              { label: 'Bucket key off', on: false },
            ],
            { title: 'S3 Bucket Key' },
          );
          if (!bk) return;
          bucketKey = bk.on;
        }
        choice = { mode, keyId: keyId.trim() || undefined, bucketKey };
      } else {
        choice = { mode };
      }
      const { client } = await clientFor(deps, ref);
      await refusedIsExplained(`set the default encryption of ${ref.bucket}`, () =>
        setDefaultEncryption(client, ref.bucket, choice),
      );
      deps.explorer.refresh({ connectionId: ref.connectionId, bucket: ref.bucket });
      void vscode.window.showInformationMessage(`Default encryption of ${ref.bucket} set to ${choice.mode}.`);
    },
    's3enc.bucket.requireTls': async (arg?: unknown) => {
      const ref = bucketRef(arg);
      if (!ref) return;
      const { client } = await clientFor(deps, ref);
      const change = mergeTlsRequirement(await readBucketPolicy(client, ref.bucket), ref.bucket);
      if (change.alreadyRequired)
        return void vscode.window.showInformationMessage(`${ref.bucket} already denies requests over plain HTTP.`);
      const stamp = Date.now();
      const before = vscode.Uri.from({
        scheme: POLICY_SCHEME,
        path: `/${ref.bucket}/current-policy.json`,
        query: String(stamp),
      });
      const after = vscode.Uri.from({
        scheme: POLICY_SCHEME,
        path: `/${ref.bucket}/policy-with-tls.json`,
        query: String(stamp),
      });
      previews.set(before, change.before);
      previews.set(after, change.after);
      await vscode.commands.executeCommand(
        'vscode.diff',
        before,
        after,
        `${ref.bucket}: bucket policy ↔ with TLS required`,
      );
      const ok = await vscode.window.showWarningMessage(
        `Apply this policy to ${ref.bucket}? Requests over plain HTTP will be denied.`,
        { modal: true },
        'Apply',
      );
      if (ok !== 'Apply') return;
      await applyBucketPolicy(client, ref.bucket, change.after);
      deps.explorer.refresh({ connectionId: ref.connectionId, bucket: ref.bucket });
      void vscode.window.showInformationMessage(`${ref.bucket} now requires TLS.`);
    },
    's3enc.bucket.blockSseC': (arg?: unknown) => sseCBlockAction(arg, true),
    's3enc.bucket.unblockSseC': (arg?: unknown) => sseCBlockAction(arg, false),
  };
}
