// Which write modes a bucket accepts, and why: read from its policy (the upload rules it denies), its
// encryption configuration (SSE-C blocked) and the team's mandatory-mode rule. Pickers lead with what is
// required and mark what would be refused, so a user never walks into a denial the explorer could foresee.
// Pure: takes what the bucket info already read.
import {
  describeRequirement,
  requirementsViolatedBy,
  type PolicyReading,
  type UploadRequirement,
} from '../encryption/bucket-policy';
import { WRITE_MODES, sseHeaderFor, type WriteMode } from '../encryption/modes';
import type { MandatoryModeRule } from './mandatory-mode';

export interface ModeAdvice {
  mode: WriteMode;
  label: string;
  detail: string;
  /** Named by the bucket policy or a mandatory-mode rule. */
  required: boolean;
  /** Why the bucket would refuse it; undefined when accepted. */
  refusedBecause?: string;
  /** The policy accepts SSE-KMS only with one of these keys. */
  kmsKeys?: string[];
  /** Why it is required (policy statement, setting), for the picker's detail. */
  requiredBecause?: string;
}

export interface BucketWriteFacts {
  policy?: PolicyReading;
  /** The bucket's encryption configuration blocks SSE-C (BlockedEncryptionTypes). */
  sseCBlocked?: boolean;
  mandatory?: MandatoryModeRule;
}

/** What a write in `mode` sends, as the policy sees it. CSE objects go up without an SSE header. */
function sentBy(mode: WriteMode): { ServerSideEncryption?: string; SSECustomerAlgorithm?: string } {
  if (mode === 'SSE-C') return { SSECustomerAlgorithm: 'AES256' };
  if (mode === 'SSE-S3' || mode === 'SSE-KMS' || mode === 'DSSE-KMS')
    return { ServerSideEncryption: sseHeaderFor(mode) };
  return {};
}

function statements(reqs: UploadRequirement[]): string {
  const ids = reqs.map((r) => r.statementId).filter(Boolean);
  return ids.length ? ` (statement ${ids.map((i) => `"${i}"`).join(', ')})` : '';
}

/** Every write mode with its advice, required ones first, refused ones last. */
export function adviseWriteModes(facts: BucketWriteFacts): ModeAdvice[] {
  const advice = WRITE_MODES.map((m): ModeAdvice => {
    const a: ModeAdvice = { mode: m.id, label: m.label, detail: m.detail, required: false };
    if (facts.mandatory) {
      if (facts.mandatory.mode === m.id) {
        a.required = true;
        a.requiredBecause = `setting s3enc.transfers.mandatoryModes ("${facts.mandatory.bucket}")`;
        if (facts.mandatory.kmsKeyId) a.kmsKeys = [facts.mandatory.kmsKeyId];
      } else {
        a.refusedBecause = `the setting s3enc.transfers.mandatoryModes requires ${facts.mandatory.mode} here`;
      }
    }
    if (m.id === 'SSE-C' && facts.sseCBlocked)
      a.refusedBecause ??= "the bucket's encryption configuration blocks SSE-C";
    if (facts.policy && !a.refusedBecause) {
      const broken = requirementsViolatedBy(facts.policy, sentBy(m.id));
      const keyOnly = broken.length > 0 && broken.every((r) => r.kind === 'kms-key');
      if (keyOnly) a.kmsKeys = broken.flatMap((r) => (r.kind === 'kms-key' ? r.values : []));
      else if (broken.length)
        a.refusedBecause = `the bucket policy requires ${broken.map(describeRequirement).join(' and ')}${statements(broken)}`;
      // What satisfies a rule of the policy: a header value it names, any SSE header, or SSE-C.
      const header = sentBy(m.id).ServerSideEncryption;
      const named = facts.policy.uploadRequirements.filter(
        (r) =>
          (r.kind === 'sse-header' && r.values.includes(header ?? '')) ||
          (r.kind === 'any-sse' && header !== undefined) ||
          (r.kind === 'sse-c' && m.id === 'SSE-C'),
      );
      if (!a.refusedBecause && named.length) {
        a.required = true;
        a.requiredBecause = `the bucket policy${statements(named)}`;
      }
    }
    return a;
  });
  const rank = (a: ModeAdvice) => (a.refusedBecause ? 2 : a.required ? 0 : 1);
  return advice
    .map((a, i) => ({ a, i }))
    .sort((x, y) => rank(x.a) - rank(y.a) || x.i - y.i)
    .map((x) => x.a);
}

/** One line for the picker's placeholder: what the bucket insists on, or undefined when it accepts anything. */
export function requirementSummary(advice: readonly ModeAdvice[]): string | undefined {
  const required = advice.filter((a) => a.required);
  if (required.length)
    return `Required here: ${required.map((a) => a.label).join(' or ')}, because of ${required[0].requiredBecause}`;
  const refused = advice.filter((a) => a.refusedBecause);
  if (refused.length) return `Refused here: ${refused.map((a) => a.label).join(', ')}`;
  return undefined;
}
