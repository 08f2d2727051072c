// SSE-C blocked by default (S3, since 2026-04-06): new general purpose buckets, and existing ones that held
// no SSE-C objects, carry BlockedEncryptionTypes [SSE-C] in their default encryption rule; S3 then answers
// SSE-C writes with 403 AccessDenied (reads still work). We read the rule BEFORE an SSE-C write, so the
// write is stopped before any byte is sent, and say why and what the two ways out are.
import { GetBucketEncryptionCommand, type S3Client, type ServerSideEncryptionRule } from '@aws-sdk/client-s3';
import { markSseCIntent, SseCRequiresHttpsError } from '../s3/sse-c-guard';
import { TransferError, s3ErrorCode } from './errors';

export class SseCBlockedError extends TransferError {
  override name = 'SseCBlocked';
}

export type SseCBlockState =
  { state: 'blocked' | 'allowed'; rule?: ServerSideEncryptionRule } | { state: 'unknown'; reason: string };

export const SSE_C_CHANGE_NOTE =
  'Since April 2026, S3 blocks SSE-C writes by default on new general purpose buckets (and on existing buckets ' +
  'that held no SSE-C objects), through BlockedEncryptionTypes in the bucket default encryption. Reading existing SSE-C objects still works.';

export function rulesBlockSseC(rules: readonly ServerSideEncryptionRule[] | undefined): boolean {
  return (rules ?? []).some((r) => r.BlockedEncryptionTypes?.EncryptionType?.includes('SSE-C'));
}

export async function readSseCBlock(
  client: S3Client,
  bucket: string,
  signal?: AbortSignal,
  forSseCWrite = false,
): Promise<SseCBlockState> {
  try {
    const command = new GetBucketEncryptionCommand({ Bucket: bucket });
    const out = await client.send(forSseCWrite ? markSseCIntent(command) : command, { abortSignal: signal });
    const rules = out.ServerSideEncryptionConfiguration?.Rules;
    return { state: rulesBlockSseC(rules) ? 'blocked' : 'allowed', rule: rules?.[0] };
  } catch (err) {
    if (err instanceof SseCRequiresHttpsError) throw err; // the key may not travel there: stop the write now
    const code = s3ErrorCode(err) ?? 'error';
    if (code === 'ServerSideEncryptionConfigurationNotFoundError') return { state: 'allowed' };
    return { state: 'unknown', reason: code };
  }
}

/** The rule with SSE-C blocked or unblocked, other settings kept. */
export function withSseCBlock(rule: ServerSideEncryptionRule | undefined, block: boolean): ServerSideEncryptionRule {
  const base: ServerSideEncryptionRule = rule ?? { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } };
  const others = (base.BlockedEncryptionTypes?.EncryptionType ?? []).filter((t) => t !== 'SSE-C');
  const types = block ? [...others, 'SSE-C'] : others;
  // Unblocking states an explicit NONE: leaving the field out would keep S3's default (blocked) on new buckets.
  return {
    ...base,
    BlockedEncryptionTypes: { EncryptionType: (types.length ? types : ['NONE']) as Array<'SSE-C' | 'NONE'> },
  };
}

/** A unified-style diff of two encryption configurations (JSON, one line per field). */
export function encryptionConfigDiff(
  before: ServerSideEncryptionRule | undefined,
  after: ServerSideEncryptionRule,
): string {
  const a = before
    ? JSON.stringify({ Rules: [before] }, null, 2).split('\n')
    : ['(no default encryption configuration)'];
  const b = JSON.stringify({ Rules: [after] }, null, 2).split('\n');
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push(`  ${a[i++]}`);
      j++;
    } else if (i < a.length && !b.slice(j).includes(a[i])) out.push(`- ${a[i++]}`);
    else if (j < b.length) out.push(`+ ${b[j++]}`);
    else out.push(`- ${a[i++]}`);
  }
  return out.join('\n');
}

function waysOut(bucket: string, rule: ServerSideEncryptionRule | undefined): string {
  return (
    `Two ways out: (1) write with SSE-KMS instead, or (2) unblock SSE-C for s3://${bucket} (the bucket action "Unblock SSE-C"), ` +
    `which changes its encryption configuration:\n` +
    encryptionConfigDiff(rule, withSseCBlock(rule, false))
  );
}

/** Throws SseCBlockedError when the bucket blocks SSE-C; nothing has been sent when it does. */
export async function assertSseCWriteAllowed(client: S3Client, bucket: string, signal?: AbortSignal): Promise<void> {
  const s = await readSseCBlock(client, bucket, signal, true);
  if (s.state !== 'blocked') return;
  throw new SseCBlockedError(
    `s3://${bucket} blocks SSE-C writes (BlockedEncryptionTypes: SSE-C), so nothing was sent. ${SSE_C_CHANGE_NOTE} ${waysOut(bucket, s.rule)}`,
  );
}

/** A 403 on an SSE-C write when the configuration could not be read first: the same explanation, as the likely cause. */
export function explainDeniedSseCWrite(bucket: string, where: string, message: string): SseCBlockedError {
  return new SseCBlockedError(
    `S3 denied the SSE-C write to ${where} (${message}). Its encryption configuration could not be read, but the likely cause is that the bucket blocks SSE-C. ` +
      `${SSE_C_CHANGE_NOTE} ${waysOut(bucket, undefined)}`,
  );
}
