// Team rules like "everything in prod-* must be SSE-KMS": the `s3enc.transfers.mandatoryModes` setting.
// A matching rule preselects its mode and refuses uploads or changes in any other mode.
import { MANDATORY_MODES, type MandatoryMode } from '../encryption/modes';
import { MandatoryModeError } from './errors';
import type { WriteMode } from './file-transfers';
import { isKmsChoice } from './sse-params';

export type { MandatoryMode };

export interface MandatoryModeRule {
  /** Bucket name pattern: `*` matches any run of characters, `?` one character. */
  bucket: string;
  mode: MandatoryMode;
  /** For a KMS mode: the key that must be used. */
  kmsKeyId?: string;
}

export function bucketPatternMatches(pattern: string, bucket: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return re.test(bucket);
}

export function mandatoryRuleFor(bucket: string, rules: readonly MandatoryModeRule[]): MandatoryModeRule | undefined {
  return rules.find((r) => bucketPatternMatches(r.bucket, bucket));
}

export function modeOfWrite(write: WriteMode): MandatoryMode | 'bucket-default' {
  if (write.cse) return 'CSE';
  return write.sse.mode;
}

export function assertMandatoryMode(bucket: string, write: WriteMode, rules: readonly MandatoryModeRule[]): void {
  const rule = mandatoryRuleFor(bucket, rules);
  if (!rule) return;
  const used = modeOfWrite(write);
  if (used !== rule.mode) {
    throw new MandatoryModeError(
      `Bucket ${bucket} requires ${rule.mode} (mandatory-mode rule for "${rule.bucket}"); ` +
        `this transfer uses ${used === 'bucket-default' ? 'the bucket default' : used}.`,
    );
  }
  if (rule.kmsKeyId && isKmsChoice(write.sse) && write.sse.keyId !== rule.kmsKeyId) {
    throw new MandatoryModeError(
      `Bucket ${bucket} requires ${rule.mode} with KMS key ${rule.kmsKeyId}; this transfer uses ${write.sse.keyId ?? 'the AWS managed key'}.`,
    );
  }
}

/** Validates the setting's value (user-edited JSON); returns the usable rules and a message per bad entry. */
export function parseMandatoryRules(value: unknown): { rules: MandatoryModeRule[]; problems: string[] } {
  const rules: MandatoryModeRule[] = [];
  const problems: string[] = [];
  const modes: readonly MandatoryMode[] = MANDATORY_MODES;
  for (const [i, entry] of (Array.isArray(value) ? value : []).entries()) {
    const e = entry as Partial<MandatoryModeRule>;
    if (typeof e?.bucket !== 'string' || !modes.includes(e.mode as MandatoryMode)) {
      problems.push(`entry ${i + 1}: needs "bucket" (a pattern) and "mode" (${modes.join(', ')})`);
      continue;
    }
    rules.push({
      bucket: e.bucket,
      mode: e.mode as MandatoryMode,
      ...(typeof e.kmsKeyId === 'string' ? { kmsKeyId: e.kmsKeyId } : {}),
    });
  }
  return { rules, problems };
}
