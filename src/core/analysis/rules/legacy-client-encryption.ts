// s3-legacy-client-encryption: legacy or unauthenticated S3 Encryption Client modes.
import type { Fix, RefFact } from '../types';
import type { Rule, RuleContext } from './rule';

interface LegacyPattern {
  /** Matches the end of a qualified name (`CryptoMode.EncryptionOnly`, `s3crypto.NewEncryptionClient`). */
  suffix: RegExp;
  message: string;
  /** Only when the call's argument is `true` (the enable* switches). */
  whenArgTrue?: boolean;
  fix?: (ctx: RuleContext, r: RefFact) => Fix | undefined;
}

function replaceTail(r: RefFact, ctx: RuleContext, from: string, to: string, title: string): Fix | undefined {
  const raw = ctx.text.slice(r.range.start, r.range.end);
  const i = raw.lastIndexOf(from);
  if (i < 0) return undefined;
  return { title, edits: [{ start: r.range.start + i, end: r.range.start + i + from.length, newText: to }] };
}

function argToFalse(ctx: RuleContext, r: RefFact): Fix | undefined {
  if (!r.arg) return undefined;
  return {
    title: 'Turn the legacy mode off',
    edits: [{ start: r.arg.range.start, end: r.arg.range.end, newText: 'false' }],
  };
}

const PATTERNS: LegacyPattern[] = [
  {
    suffix: /(^|\.)AmazonS3EncryptionClient(Builder)?$/,
    message:
      'AmazonS3EncryptionClient (v1) is deprecated and can write unauthenticated (CBC) objects; use AmazonS3EncryptionClientV2 or the S3 Encryption Client v3.',
  },
  {
    suffix: /(^|\.)CryptoMode\.EncryptionOnly$/,
    message: 'CryptoMode.EncryptionOnly writes AES-CBC objects without authentication.',
    fix: (ctx, r) =>
      replaceTail(
        r,
        ctx,
        'EncryptionOnly',
        'StrictAuthenticatedEncryption',
        'Use CryptoMode.StrictAuthenticatedEncryption',
      ),
  },
  {
    suffix: /(^|\.)enableLegacyUnauthenticatedModes$/,
    whenArgTrue: true,
    message: 'Legacy unauthenticated modes let an attacker who can modify objects tamper with decrypted data.',
    fix: argToFalse,
  },
  {
    suffix: /(^|\.)enableLegacyWrappingAlgorithms$/,
    whenArgTrue: true,
    message: 'Legacy key-wrapping algorithms are enabled; they are not authenticated.',
    fix: argToFalse,
  },
  {
    suffix: /(^|\.)s3crypto\.NewEncryptionClient$/,
    message:
      's3crypto.NewEncryptionClient (v1) is deprecated and supports unauthenticated modes; use s3crypto.NewEncryptionClientV2.',
  },
  {
    suffix: /(^|\.)s3crypto\.AESCBCContentCipherBuilder$/,
    message: 'AES-CBC content encryption is unauthenticated; use AESGCMContentCipherBuilderV2.',
  },
  {
    suffix: /^Aws::S3::Encryption::Client$/,
    message:
      'Aws::S3::Encryption::Client (v1) is deprecated and writes unauthenticated (CBC) objects; use Aws::S3::EncryptionV2::Client.',
  },
  {
    suffix: /^security_profile: :v2_and_legacy$/,
    message: 'security_profile :v2_and_legacy lets the client read unauthenticated legacy objects.',
    fix: (ctx, r) => replaceTail(r, ctx, 'v2_and_legacy', 'v2', 'Use security_profile: :v2'),
  },
  {
    suffix: /(^|\.)CommitmentPolicy\.FORBID_ENCRYPT_ALLOW_DECRYPT$/,
    message: 'FORBID_ENCRYPT_ALLOW_DECRYPT writes messages without key commitment.',
    fix: (ctx, r) =>
      replaceTail(
        r,
        ctx,
        'FORBID_ENCRYPT_ALLOW_DECRYPT',
        'REQUIRE_ENCRYPT_REQUIRE_DECRYPT',
        'Use REQUIRE_ENCRYPT_REQUIRE_DECRYPT',
      ),
  },
  {
    // The Java Encryption SDK spells its enum members in camel case.
    suffix: /(^|\.)CommitmentPolicy\.ForbidEncryptAllowDecrypt$/,
    message: 'ForbidEncryptAllowDecrypt writes messages without key commitment.',
    fix: (ctx, r) =>
      replaceTail(
        r,
        ctx,
        'ForbidEncryptAllowDecrypt',
        'RequireEncryptRequireDecrypt',
        'Use RequireEncryptRequireDecrypt',
      ),
  },
];

export const legacyClientEncryption: Rule = {
  meta: {
    id: 's3-legacy-client-encryption',
    description: 'Legacy or unauthenticated S3 Encryption Client modes.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  check(ctx) {
    for (const r of ctx.facts.refs) {
      const p = PATTERNS.find((pat) => pat.suffix.test(r.name));
      if (!p) continue;
      if (p.whenArgTrue && r.arg?.bool !== true) continue;
      const fix = p.fix?.(ctx, r);
      ctx.report({ range: r.range, message: p.message, fixes: fix ? [fix] : [] });
    }
  },
};
