// The one reader of bucket policies, for the questions the product asks of one: does it deny plain HTTP,
// what server-side encryption must an upload send, and which of those rules did a given upload break.
// Pure; takes the JSON text GetBucketPolicy returns or a document an IaC front end already parsed.
// IAM semantics followed: Effect, operators and condition keys are case-insensitive here (lenient: a policy
// S3 accepted is what we read), `...IfExists` behaves like its base operator for an absent key in a Deny,
// Action/NotAction patterns are globs, and a statement's Principal/NotPrincipal does not limit the reading
// (a Deny that spares a few principals still tells users what the bucket expects).
import { S3encError } from '../errors';
import { MODES, modeForSseHeader, orList, SSE_HEADER_VALUES, type HeaderMode } from './modes';

/** The condition key S3 sets to "false" for plain-HTTP requests. */
export const SECURE_TRANSPORT_KEY = 'aws:SecureTransport';
/** Sid of the statement "Require TLS" adds (and the IaC quick fixes write). */
export const TLS_STATEMENT_SID = 'DenyInsecureTransport';

const SSE_KEY = 's3:x-amz-server-side-encryption';
const KMS_KEY_ID_KEY = 's3:x-amz-server-side-encryption-aws-kms-key-id';
const SSE_C_ALGORITHM_KEY = 's3:x-amz-server-side-encryption-customer-algorithm';

/** What an upload must send to get past one Deny statement. */
export type UploadRequirement = (
  | { kind: 'sse-header'; values: string[]; match: 'equals' | 'like' }
  | { kind: 'any-sse' }
  | { kind: 'kms-key'; values: string[]; match: 'equals' | 'like' }
  | { kind: 'sse-c' }
) & { statementId?: string };

export interface PolicyReading {
  /** False when the document's shape cannot be judged (no Statement, a statement that is not an object). */
  readable: boolean;
  /** A Deny applies when aws:SecureTransport is false. */
  deniesInsecureTransport: boolean;
  /** A Deny on PutObject applies when no (or the wrong) SSE header is sent. */
  deniesUnencryptedUploads: boolean;
  /** The SSE header values the policy insists on, when it names them (e.g. ["aws:kms"]). */
  requiredEncryption?: string[];
  uploadRequirements: UploadRequirement[];
}

/** The SSE headers an upload sent (the PutObject / CreateMultipartUpload input fields). */
export interface SentEncryption {
  ServerSideEncryption?: string;
  SSEKMSKeyId?: string;
  SSECustomerAlgorithm?: string;
}

export class PolicyNotJsonError extends S3encError {
  override name = 'PolicyNotJson';
}

type Condition = { op: string; key: string; values: string[] };

export function readPolicy(policy: unknown): PolicyReading {
  let doc = policy;
  if (typeof policy === 'string') {
    try {
      doc = JSON.parse(policy);
    } catch {
      throw new PolicyNotJsonError('The bucket policy is not valid JSON.');
    }
  }
  const reading: PolicyReading = {
    readable: true,
    deniesInsecureTransport: false,
    deniesUnencryptedUploads: false,
    uploadRequirements: [],
  };
  if (!isObject(doc) || !('Statement' in doc)) return { ...reading, readable: false };
  for (const st of asList(doc.Statement)) {
    if (!isObject(st)) {
      reading.readable = false;
      continue;
    }
    if (String(st.Effect).toLowerCase() !== 'deny') continue;
    const statementId = typeof st.Sid === 'string' ? st.Sid : undefined;
    const coversPut = coversAction(st, 's3:PutObject');
    for (const c of conditionsOf(st.Condition)) {
      if (
        c.key === SECURE_TRANSPORT_KEY.toLowerCase() &&
        c.op === 'bool' &&
        c.values.some((v) => v.toLowerCase() === 'false')
      ) {
        reading.deniesInsecureTransport = true;
      }
      if (!coversPut) continue;
      const req = uploadRequirementOf(c);
      if (!req) continue;
      reading.uploadRequirements.push(statementId ? { ...req, statementId } : req);
      if (req.kind === 'sse-header' || req.kind === 'any-sse') reading.deniesUnencryptedUploads = true;
      if (req.kind === 'sse-header') reading.requiredEncryption = req.values;
    }
  }
  return reading;
}

/** For IaC rules: 'unknown' when the document cannot be judged (counts as compliant there). */
export function transportState(doc: unknown): 'denies-insecure' | 'missing' | 'unknown' {
  const reading = readPolicy(doc);
  if (reading.deniesInsecureTransport) return 'denies-insecure';
  return reading.readable ? 'missing' : 'unknown';
}

/** The requirements `sent` does not meet: why an upload under this policy was denied. */
export function requirementsViolatedBy(reading: PolicyReading, sent: SentEncryption): UploadRequirement[] {
  return reading.uploadRequirements.filter((req) => {
    switch (req.kind) {
      case 'any-sse':
        return !sent.ServerSideEncryption;
      case 'sse-header':
        return !matchesAny(sent.ServerSideEncryption, req.values, req.match);
      case 'kms-key':
        return !matchesAny(sent.SSEKMSKeyId, req.values, req.match);
      case 'sse-c':
        return !sent.SSECustomerAlgorithm;
    }
  });
}

/** What a requirement asks for, in the mode names users pick from. */
export function describeRequirement(req: UploadRequirement): string {
  switch (req.kind) {
    case 'sse-header':
      return orList(req.values.map((v) => modeForSseHeader(v) ?? v));
    case 'any-sse':
      return `an SSE header (${orList(SSE_HEADER_VALUES.map((v) => MODES[modeForSseHeader(v) as HeaderMode].label))}; "bucket default" sends none)`;
    case 'kms-key':
      return `${MODES['SSE-KMS'].label} with key ${orList(req.values)}`;
    case 'sse-c':
      return MODES['SSE-C'].label;
  }
}

/** The statement "Require TLS" adds: deny every S3 action on `resources` over plain HTTP. */
export function tlsDenyStatement(resources: unknown[]): Record<string, unknown> {
  return {
    Sid: TLS_STATEMENT_SID,
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: resources,
    Condition: { Bool: { [SECURE_TRANSPORT_KEY]: 'false' } },
  };
}

export interface PolicyChange {
  /** Pretty-printed current policy ('' when the bucket has none). */
  before: string;
  after: string;
  /** The policy already denies plain HTTP: nothing to do. */
  alreadyRequired: boolean;
}

/** Adds the TLS statement to `currentJson`, keeping every existing statement. */
export function mergeTlsRequirement(currentJson: string | undefined, bucket: string): PolicyChange {
  const current = currentJson?.trim() ? currentJson : undefined;
  let doc: Record<string, unknown> = { Version: '2012-10-17', Statement: [] };
  if (current) {
    try {
      doc = JSON.parse(current) as Record<string, unknown>;
    } catch {
      throw new PolicyNotJsonError(
        `The current policy of ${bucket} is not valid JSON; fix it before adding a TLS requirement.`,
      );
    }
  }
  const before = current ? JSON.stringify(doc, null, 2) : '';
  if (current && readPolicy(doc).deniesInsecureTransport) return { before, after: before, alreadyRequired: true };
  const statements = asList(doc.Statement);
  const tls = tlsDenyStatement([`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`]);
  const after = JSON.stringify(
    { ...doc, Version: doc.Version ?? '2012-10-17', Statement: [...statements, tls] },
    null,
    2,
  );
  return { before, after, alreadyRequired: false };
}

function uploadRequirementOf(c: Condition): UploadRequirement | undefined {
  const negated = c.op === 'stringnotequals' || c.op === 'stringnotequalsignorecase' || c.op === 'stringnotlike';
  const match = c.op === 'stringnotlike' ? 'like' : 'equals';
  const isNullTrue = c.op === 'null' && c.values.some((v) => v.toLowerCase() === 'true');
  if (c.key === SSE_KEY && negated) return { kind: 'sse-header', values: c.values, match };
  if (c.key === SSE_KEY && isNullTrue) return { kind: 'any-sse' };
  if (c.key === KMS_KEY_ID_KEY && negated) return { kind: 'kms-key', values: c.values, match };
  if (c.key === SSE_C_ALGORITHM_KEY && isNullTrue) return { kind: 'sse-c' };
  return undefined;
}

/** Whether the statement's Action (or the complement of its NotAction) includes `action`. */
function coversAction(st: Record<string, unknown>, action: string): boolean {
  if (st.Action !== undefined) return asList(st.Action).some((p) => globMatches(String(p), action));
  if (st.NotAction !== undefined) return !asList(st.NotAction).some((p) => globMatches(String(p), action));
  return false;
}

/** Operators and keys lowercased; `IfExists` dropped (for a Deny it only widens the match to absent keys). */
function conditionsOf(condition: unknown): Condition[] {
  if (!isObject(condition)) return [];
  const out: Condition[] = [];
  for (const [op, block] of Object.entries(condition)) {
    if (!isObject(block)) continue;
    const base = op.toLowerCase().replace(/ifexists$/, '');
    for (const [key, value] of Object.entries(block))
      out.push({ op: base, key: key.toLowerCase(), values: asList(value).map(String) });
  }
  return out;
}

function matchesAny(sent: string | undefined, values: string[], match: 'equals' | 'like'): boolean {
  if (sent === undefined) return false;
  return values.some((v) =>
    match === 'like' ? globMatches(v, sent, false) : v === sent || keyTail(v) === keyTail(sent),
  );
}

/** A KMS key given as an ARN or as a bare id names the same key. */
function keyTail(id: string): string {
  return id.slice(id.lastIndexOf('/') + 1);
}

/** IAM-style wildcards: `*` any run, `?` one character. Action names compare case-insensitively. */
function globMatches(pattern: string, value: string, ignoreCase = true): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    ignoreCase ? 'i' : '',
  );
  return re.test(value);
}

function asList(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
