// JSON documents handed to `aws s3api put-bucket-encryption` / `put-bucket-policy`: inline, in a variable, from a
// here-document (`"$(cat <<EOF ... EOF)"`, `read -r -d '' POLICY <<EOF`) or a file the script itself writes
// (`cat > "$DIR/policy.json" <<EOF` ... `file://$DIR/policy.json`). Parts the script does not resolve (`${ACCOUNT_ID}`
// inside a string) stay unknown: they decide nothing unless they sit where the decision is made.
import type { FileFacts, Prop, Range, Value } from '../types';
import type { SyntaxNode } from './tree-sitter';
import { iacTransportState, UNKNOWN } from './iac-policy';
import { pathText, type Arg, type ShellValues } from './shell-values';

/** An `s3api` command that hands S3 a document, as the command reader saw it. */
export interface DocumentCommand {
  facts: FileFacts;
  values: ShellValues;
  text: string;
  params: Prop[];
  args: readonly Arg[];
  /** Where findings are reported: the command up to its action. */
  anchor: Range;
}

/** The JSON text an option value stands for: its own text (unresolved parts as written), or the file it names. */
function documentText(values: ShellValues, text: string, value: Value, args: readonly Arg[]): string | undefined {
  const raw = text.slice(value.range.start, value.range.end);
  if (/^["']?fileb?:\/\//.test(raw)) {
    const doc = values.files.get(pathText(raw));
    return doc ? values.template(doc) : undefined;
  }
  if (value.str !== undefined) return value.str;
  const node = args.find((a) => a.range.start === value.range.start && a.range.end === value.range.end)?.node;
  return node ? values.template(node) : undefined;
}

function parse(json: string | undefined): unknown {
  if (json === undefined) return undefined;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The CLI's shorthand syntax, `Rules=[{ApplyServerSideEncryptionByDefault={SSEAlgorithm=aws:kms},BucketKeyEnabled=true}]`,
 * read rule by rule for the two settings that matter here.
 */
function shorthandRules(document: string | undefined): { Rules: EncryptionRule[] } | undefined {
  if (!document || !/^\s*Rules=/.test(document)) return undefined;
  const rules = document
    .split(/\}\s*,\s*\{(?=\s*ApplyServerSideEncryptionByDefault|\s*BucketKeyEnabled)/)
    .map((part): EncryptionRule => {
      const alg = /SSEAlgorithm=([\w:-]+)/.exec(part)?.[1];
      const key = /BucketKeyEnabled=(true|false)/i.exec(part)?.[1]?.toLowerCase();
      return {
        ApplyServerSideEncryptionByDefault: alg ? { SSEAlgorithm: alg } : undefined,
        BucketKeyEnabled: key === undefined ? undefined : key === 'true',
      };
    });
  return { Rules: rules };
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
export function bucketEncryption({ facts, values, text, params, args, anchor }: DocumentCommand): void {
  const config = params.find((p) => p.key === '--server-side-encryption-configuration');
  if (!config) return;
  const document = documentText(values, text, config.value, args);
  const parsed = (parse(document) as { Rules?: EncryptionRule[] } | undefined) ?? shorthandRules(document);
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
export function bucketPolicy({ facts, values, text, params, args, anchor }: DocumentCommand): void {
  const policy = params.find((p) => p.key === '--policy');
  const bucket = params.find((p) => p.key === '--bucket');
  const parsed = policy ? parse(documentText(values, text, policy.value, args)) : undefined;
  if (parsed === undefined) return;
  const name = bucket?.value.str ?? (bucket ? text.slice(bucket.value.range.start, bucket.value.range.end) : '');
  facts.buckets.push({ name, range: anchor, policy: iacTransportState(withUnknowns(parsed)) });
}

/**
 * `endpoint_url = http://...` in an AWS CLI config file the script writes: for the profile's commands
 * (`--profile name`), either for every service (top level of a profile) or under an `s3 =` block; other
 * services' blocks (`dynamodb =`) do not configure S3.
 */
export function cliConfigEndpoints(facts: FileFacts, text: string, doc: SyntaxNode): void {
  let profile: string | undefined;
  let service: string | undefined;
  let offset = doc.startIndex;
  for (const line of text.slice(doc.startIndex, doc.endIndex).split('\n')) {
    const at = offset;
    offset += line.length + 1;
    const section = /^\s*\[\s*(?:profile\s+)?([^\]\s]+)\s*\]/.exec(line);
    if (section) {
      profile = /^\s*\[\s*(profile\s+[^\]\s]+|default)\s*\]/.test(line) ? section[1] : undefined;
      service = undefined;
      continue;
    }
    const nested = /^(\s*)([\w-]+)\s*=\s*$/.exec(line);
    if (nested && !nested[1]) {
      service = nested[2];
      continue;
    }
    if (!/^\s/.test(line)) service = undefined;
    const m = /^(\s*endpoint_url\s*=\s*)(\S+)\s*$/.exec(line);
    if (!m || profile === undefined || (service !== undefined && service !== 's3') || m[2].includes('$')) continue;
    const range = { start: at + m[1].length, end: at + m[1].length + m[2].length };
    facts.clients.push({
      variable: `profile:${profile}`,
      options: {
        props: [{ name: 'endpoint', key: 'endpoint_url', range, value: { range, str: m[2], origin: range } }],
        complete: false,
      },
      range,
    });
  }
}
