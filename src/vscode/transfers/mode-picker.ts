// The upload mode picker: Bucket default (no SSE header; the default), SSE-S3, SSE-KMS (key chooser from
// ListKeys + ListAliases, or a typed ARN; optional context; bucket key), DSSE-KMS, SSE-C (key store) and CSE
// (AES / RSA / KMS key from the key store; V3 or V2; metadata or instruction file). The last choice per
// bucket is preselected unless the bucket requires another: what the bucket policy, its SSE-C block or a
// mandatory-mode rule requires leads the list with the reason, and what it would refuse is marked and last.
import { INSTRUCTION_SUFFIX } from '../../core/crypto/envelope/recognize';
import * as vscode from 'vscode';
import { ListAliasesCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import { createKmsClient } from '../../core/crypto/keyring-factory';
import type { S3Client } from '@aws-sdk/client-s3';
import { isKmsMode, MODES, type KmsMode } from '../../core/encryption/modes';
import { getBucketEncryptionInfo } from '../../core/s3/bucket-info';
import { mandatoryRuleFor, type MandatoryModeRule } from '../../core/transfer/mandatory-mode';
import { adviseWriteModes, requirementSummary, type ModeAdvice } from '../../core/transfer/write-mode-advice';
import { parseKmsContext } from '../../core/transfer/sse-params';
import type { KeyStore } from '../keystore/key-store';
import { generateKey, importKey } from '../keystore/keystore-commands';
import type { WriteModeSpec } from './remembered';

export interface PickerDeps {
  store: KeyStore;
  client: S3Client;
  region?: string;
  /** The `s3enc.transfers.kmsEndpoint` setting: the KMS the key chooser lists keys from. */
  kmsEndpoint?: string;
}

export interface PickOptions {
  /** The prompt's title; names what is being written (default: uploads to the bucket). */
  title?: string;
  /** A mode to put first (e.g. the one a denied upload needed). */
  prefer?: WriteModeSpec['mode'];
}

/** What the bucket accepts: policy, SSE-C block and the mandatory-mode rule. Unreadable parts advise nothing. */
export async function bucketAdvice(
  client: S3Client,
  bucket: string,
  rules: readonly MandatoryModeRule[],
): Promise<ModeAdvice[]> {
  const info = await getBucketEncryptionInfo(client, bucket).catch(() => undefined);
  const policy = info?.policy.status === 'policy' ? { readable: true, ...info.policy } : undefined;
  return adviseWriteModes({
    policy,
    sseCBlocked: info?.defaultEncryption.sseCBlocked,
    mandatory: mandatoryRuleFor(bucket, rules),
  });
}

function modeItems(
  advice: ModeAdvice[],
  remembered: WriteModeSpec | undefined,
  prefer: WriteModeSpec['mode'] | undefined,
) {
  const items = advice
    // A mandatory-mode rule is the team's own: modes it forbids are not offered at all.
    .filter((a) => !a.refusedBecause?.includes('mandatoryModes'))
    .map((a) => ({
      label: a.refusedBecause ? `$(circle-slash) ${a.label}` : a.required ? `$(pass-filled) ${a.label}` : a.label,
      detail: a.refusedBecause
        ? `Refused: ${a.refusedBecause}`
        : a.required
          ? `Required by ${a.requiredBecause}. ${a.detail}`
          : a.detail,
      description: a.kmsKeys?.length
        ? `key ${a.kmsKeys.join(' or ')}`
        : remembered?.mode === a.mode
          ? 'last used for this bucket'
          : undefined,
      mode: a.mode,
      advice: a,
    }));
  // Required first, then the preferred / last-used mode, then the rest; refused last (adviseWriteModes' order).
  const rank = (i: (typeof items)[number]) =>
    i.advice.refusedBecause ? 3 : i.mode === prefer ? 0 : i.advice.required ? 1 : i.mode === remembered?.mode ? 1.5 : 2;
  return items
    .map((item, n) => ({ item, n }))
    .sort((x, y) => rank(x.item) - rank(y.item) || x.n - y.n)
    .map((x) => x.item);
}

export async function pickWriteMode(
  deps: PickerDeps,
  bucket: string,
  remembered: WriteModeSpec | undefined,
  rules: readonly MandatoryModeRule[],
  opts: PickOptions = {},
): Promise<WriteModeSpec | undefined> {
  const rule = mandatoryRuleFor(bucket, rules);
  const advice = await bucketAdvice(deps.client, bucket, rules);
  const items = modeItems(advice, remembered, opts.prefer);
  const pick = await vscode.window.showQuickPick(items, {
    title: opts.title ?? `Encryption for uploads to ${bucket}`,
    placeHolder: requirementSummary(advice) ?? 'Choose how the objects are encrypted',
    matchOnDetail: true,
  });
  if (!pick) return undefined;
  const mode = pick.mode;
  switch (mode) {
    case 'SSE-C': {
      const name = await pickOrCreateKey(deps.store, ['sse-c'], 'SSE-C key');
      return name ? { mode: 'SSE-C', keyName: name } : undefined;
    }
    case 'CSE': {
      const name = await pickOrCreateKey(
        deps.store,
        ['cse-aes', 'rsa-private', 'kms-ref'],
        'Client-side encryption key',
      );
      if (!name) return undefined;
      const format = await vscode.window.showQuickPick(
        [
          { label: 'V3', value: 'v3' as const, detail: 'Key-committing (current S3 Encryption Clients)' },
          { label: 'V2', value: 'v2' as const, detail: 'For older readers (e.g. Ruby aws-sdk-s3 EncryptionV2)' },
        ],
        { title: 'Object format' },
      );
      if (!format) return undefined;
      const envelope = await vscode.window.showQuickPick(
        [
          { label: 'Object metadata', value: 'metadata' as const },
          {
            label: 'Instruction file',
            value: 'instruction-file' as const,
            detail: `KEY${INSTRUCTION_SUFFIX} next to the object`,
          },
        ],
        { title: 'Where to store the key envelope' },
      );
      return envelope ? { mode: 'CSE', keyName: name, format: format.value, envelope: envelope.value } : undefined;
    }
    default:
      return isKmsMode(mode) ? pickKmsSettings(deps, mode, rule, remembered, pick.advice.kmsKeys) : { mode };
  }
}

/** Key, encryption context and (where the mode has one) bucket key for a KMS mode. */
async function pickKmsSettings(
  deps: PickerDeps,
  mode: KmsMode,
  rule: MandatoryModeRule | undefined,
  remembered: WriteModeSpec | undefined,
  /** Keys the bucket policy accepts: one is used as is, several are offered first. */
  required?: string[],
): Promise<WriteModeSpec | undefined> {
  const keyId =
    rule?.kmsKeyId ??
    (required?.length === 1 ? required[0] : await pickKmsKey(deps, required?.[0] ?? remembered?.kmsKeyId));
  if (keyId === undefined) return undefined;
  const contextText = await vscode.window.showInputBox({
    title: 'KMS encryption context (optional)',
    prompt: 'JSON object of strings, e.g. {"project":"alpha"}; leave empty for none',
    value: remembered?.kmsContext ? JSON.stringify(remembered.kmsContext) : '',
    validateInput: (v) => {
      if (!v.trim()) return undefined;
      try {
        parseKmsContext(v);
        return undefined;
      } catch (e) {
        return (e as Error).message;
      }
    },
  });
  if (contextText === undefined) return undefined;
  const kmsContext = contextText.trim() ? parseKmsContext(contextText) : undefined;
  let bucketKey: boolean | undefined;
  if (MODES[mode].bucketKey) {
    const bk = await vscode.window.showQuickPick(
      [
        { label: 'Bucket key on', on: true, detail: 'Fewer KMS calls, lower cost' },
        { label: 'Bucket key off', on: false },
      ],
      { title: 'S3 Bucket Key' },
    );
    if (!bk) return undefined;
    bucketKey = bk.on;
  }
  return { mode, kmsKeyId: keyId || undefined, kmsContext, bucketKey };
}

async function pickOrCreateKey(
  store: KeyStore,
  kinds: Array<'sse-c' | 'cse-aes' | 'rsa-private' | 'kms-ref'>,
  what: string,
): Promise<string | undefined> {
  const items = [
    ...store.list(kinds).map((e) => ({
      label: e.name,
      description: e.kind,
      detail: e.md5 ? `MD5 ${e.md5}` : e.kmsKeyId,
      action: 'use' as const,
    })),
    { label: '$(add) Generate a new key…', action: 'generate' as const },
    { label: '$(file) Import a key…', action: 'import' as const },
  ];
  const pick = await vscode.window.showQuickPick(items, { title: what });
  if (!pick) return undefined;
  if (pick.action === 'use') return pick.label;
  const created = pick.action === 'generate' ? await generateKey(store, kinds) : await importKey(store, kinds);
  return created?.name;
}

/** Keys and aliases of the connection's region, plus "type an ARN" and "AWS managed key". '' = AWS managed. */
async function pickKmsKey(deps: PickerDeps, last?: string): Promise<string | undefined> {
  const items: Array<vscode.QuickPickItem & { keyId?: string; typed?: boolean }> = [
    { label: 'AWS managed key (aws/s3)', keyId: '' },
    { label: '$(edit) Enter a key ARN, id or alias…', typed: true },
  ];
  try {
    const kms = createKmsClient({
      region: deps.region ?? (await deps.client.config.region()),
      credentials: deps.client.config.credentials,
      endpoint: deps.kmsEndpoint,
    });
    const [keys, aliases] = await Promise.all([
      kms.send(new ListKeysCommand({ Limit: 100 })),
      kms.send(new ListAliasesCommand({ Limit: 100 })),
    ]);
    kms.destroy();
    for (const a of aliases.Aliases ?? [])
      if (a.AliasName && !a.AliasName.startsWith('alias/aws/'))
        items.push({ label: a.AliasName, description: a.TargetKeyId, keyId: a.AliasArn ?? a.AliasName });
    for (const k of keys.Keys ?? [])
      if (k.KeyArn) items.push({ label: k.KeyId ?? k.KeyArn, description: 'key', keyId: k.KeyArn });
  } catch (err) {
    // A visible row, not a separator (VS Code shows neither a separator's detail nor, at the end, the separator).
    items.push({
      label: '$(warning) Could not list KMS keys: enter a key instead…',
      detail: (err as Error).message,
      typed: true,
    });
  }
  if (last) items.sort((a, b) => Number(b.keyId === last) - Number(a.keyId === last));
  const pick = await vscode.window.showQuickPick(items, { title: 'KMS key', matchOnDescription: true });
  if (!pick) return undefined;
  if (pick.typed) {
    const typed = await vscode.window.showInputBox({
      title: 'KMS key ARN, id or alias',
      value: last,
      validateInput: (v) => (v.trim() ? undefined : 'Enter a key'),
    });
    return typed?.trim();
  }
  return pick.keyId;
}
