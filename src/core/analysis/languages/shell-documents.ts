// JSON documents handed to `aws s3api put-bucket-encryption` / `put-bucket-policy`: inline, in a variable, from a
// here-document (`"$(cat <<EOF ... EOF)"`, `read -r -d '' POLICY <<EOF`) or a file the script itself writes
// (`cat > "$DIR/policy.json" <<EOF` ... `file://$DIR/policy.json`). Parts the script does not resolve (`${ACCOUNT_ID}`
// inside a string) stay unknown: they decide nothing unless they sit where the decision is made.
import type { FileFacts, Prop, Range, Value } from '../types';
import { iacTransportState, UNKNOWN } from './iac-policy';
import { pathText, type ShellValues } from './shell-values';

/** The JSON text an option value stands for: its own text, or the here-document file it names. */
function documentText(values: ShellValues, text: string, value: Value): string | undefined {
  const raw = text.slice(value.range.start, value.range.end);
  if (/^["']?fileb?:\/\//.test(raw)) {
    const doc = values.files.get(pathText(raw));
    return doc ? values.value(doc).str : undefined;
  }
  return value.str;
}

function parse(json: string | undefined): unknown {
  if (json === undefined) return undefined;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return undefined;
  }
}

/** Strings the script left unexpanded (`"${KMS_KEY_ARN}"`) are unknown values. */
function withUnknowns(x: unknown): unknown {
  if (typeof x === 'string') return /\$[{(\w]/.test(x) ? UNKNOWN : x;
  if (Array.isArray(x)) return x.map(withUnknowns);
  if (typeof x === 'object' && x !== null)
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, withUnknowns(v)]));
  return x;
}

interface EncryptionRule {
  ApplyServerSideEncryptionByDefault?: { SSEAlgorithm?: unknown };
  BucketKeyEnabled?: unknown;
}

/** `--server-side-encryption-configuration '{"Rules":[...]}'`: each rule's algorithm and Bucket Key. */
export function bucketEncryption(
  facts: FileFacts,
  values: ShellValues,
  text: string,
  params: Prop[],
  anchor: Range,
): void {
  const config = params.find((p) => p.key === '--server-side-encryption-configuration');
  if (!config) return;
  const parsed = parse(documentText(values, text, config.value)) as { Rules?: EncryptionRule[] } | undefined;
  const rules = Array.isArray(parsed?.Rules) ? parsed.Rules : [];
  const raw = text.slice(config.value.range.start, config.value.range.end);
  const quote = raw.startsWith("'") && config.value.str !== undefined;
  rules.forEach((rule, i) => {
    const alg = rule?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm;
    if (typeof alg !== 'string' || alg.includes('$')) return;
    const bucketKey: Value | undefined =
      rule.BucketKeyEnabled === undefined
        ? undefined
        : {
            range: config.value.range,
            bool: rule.BucketKeyEnabled === true ? true : rule.BucketKeyEnabled === false ? false : undefined,
          };
    const fixed = { ...parsed, Rules: rules.map((r, j) => (j === i ? { ...r, BucketKeyEnabled: true } : r)) };
    const fix = quote
      ? {
          title: 'Add "BucketKeyEnabled": true',
          edits: [{ ...config.value.range, newText: `'${JSON.stringify(fixed)}'` }],
        }
      : undefined;
    facts.bucketEncryptions.push({
      algorithm: { range: config.value.range, str: alg },
      anchor,
      bucketKey,
      complete: true,
      fix,
    });
  });
}

/** `put-bucket-policy --policy ...`: a readable policy without the SecureTransport Deny leaves the bucket open to HTTP. */
export function bucketPolicy(facts: FileFacts, values: ShellValues, text: string, params: Prop[], anchor: Range): void {
  const policy = params.find((p) => p.key === '--policy');
  const bucket = params.find((p) => p.key === '--bucket');
  const parsed = policy ? parse(documentText(values, text, policy.value)) : undefined;
  if (parsed === undefined) return;
  const name = bucket?.value.str ?? (bucket ? text.slice(bucket.value.range.start, bucket.value.range.end) : '');
  facts.buckets.push({ name, range: anchor, policy: iacTransportState(withUnknowns(parsed)) });
}
