// A CDK `Bucket`'s props read the same way whatever language builds them (Java builder calls, Go `BucketProps`
// struct fields, ...): `enforceSSL` decides the TLS policy, `encryption` + `bucketKeyEnabled` the Bucket Key rule.
import { normaliseKey } from '../params';
import { cdkBucketEncryptionValue } from '../sse-values';
import type { BucketEncryptionFact, BucketFact, Fix, Prop, Range, Value } from '../types';

export interface CdkBucketSpec {
  /** The file's text, for fixes that flip a `false` already written. */
  text: string;
  /** The construct id (`"Raw"`), for the message. */
  id?: string;
  /** Where the bucket is reported: its constructor. */
  range: Range;
  props: Prop[];
  /** False when the props are held somewhere the front end cannot read. */
  complete: boolean;
  /** Fix texts in the host syntax: add `enforceSsl` to the props, add the Bucket Key after `encryption`. */
  fixes?: { enforceSsl?: Fix; bucketKey?: (encryption: Prop) => Fix | undefined };
}

/** `BucketEncryption.KMS`, Go's `awss3.BucketEncryption_KMS_MANAGED`: the S3 value the member selects. */
function encryptionValue(v: Value): Value {
  const member = (v.enumName?.split('.').pop() ?? '').replace(/^BucketEncryption_/, '');
  const alg = member ? cdkBucketEncryptionValue(member) : undefined;
  return alg ? { range: v.range, str: alg } : { range: v.range };
}

export function cdkBucketFacts(spec: CdkBucketSpec): { bucket: BucketFact; encryption?: BucketEncryptionFact } {
  const find = (key: string) => spec.props.find((p) => normaliseKey(p.key) === key);
  const enforce = find('enforcessl');
  const policy: BucketFact['policy'] =
    enforce?.value.bool === true
      ? 'denies-insecure'
      : !spec.complete || (enforce && enforce.value.bool === undefined)
        ? 'unknown'
        : 'missing';
  const bucket: BucketFact = { name: spec.id ?? 'Bucket', range: spec.range, policy };
  if (policy === 'missing') bucket.fix = enforce ? flip(spec.text, enforce) : spec.fixes?.enforceSsl;
  const encryption = find('encryption');
  if (!encryption) return { bucket };
  const bucketKey = find('bucketkeyenabled')?.value;
  return {
    bucket,
    encryption: {
      algorithm: encryptionValue(encryption.value),
      anchor: encryption.range,
      bucketKey,
      complete: spec.complete,
      fix: bucketKey ? flip(spec.text, find('bucketkeyenabled')!) : spec.fixes?.bucketKey?.(encryption),
    },
  };
}

/** `enforceSsl(false)` / `EnforceSSL: jsii.Bool(false)`: the same setting, switched on. */
function flip(text: string, p: Prop): Fix | undefined {
  const raw = text.slice(p.value.range.start, p.value.range.end);
  const on = raw.replace(/\bfalse\b/, 'true');
  if (on === raw) return undefined;
  return {
    title: `Set ${p.key} to true`,
    edits: [{ start: p.value.range.start, end: p.value.range.end, newText: on }],
  };
}

/** A bucket whose policy is later added to (`addToResourcePolicy`): a Deny of plain HTTP protects it, unknown hides it. */
export function applyPolicy(bucket: BucketFact | undefined, state: BucketFact['policy']): void {
  if (!bucket || bucket.policy === 'denies-insecure') return;
  if (state === 'denies-insecure' || state === 'unknown') {
    bucket.policy = state;
    delete bucket.fix;
  }
}
