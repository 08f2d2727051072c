// Reads a bucket policy document for the two guarantees users care about: it refuses plain-HTTP requests
// (Deny with aws:SecureTransport = false) and it refuses uploads without server-side encryption.
// Pure: takes the JSON text GetBucketPolicy returned.

export interface PolicyFindings {
  /** A Deny statement applies when aws:SecureTransport is false. */
  deniesInsecureTransport: boolean;
  /** A Deny statement on PutObject applies when no (or the wrong) SSE header is sent. */
  deniesUnencryptedUploads: boolean;
  /** The SSE values the policy insists on, when it names them (e.g. ["aws:kms"]). */
  requiredEncryption?: string[];
}

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
type Statement = { Effect?: string; Action?: Json; Condition?: Record<string, Record<string, Json>> };

const SSE_HEADER_KEY = 's3:x-amz-server-side-encryption';

function asList(v: Json | undefined): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => String(x));
}

/** Condition blocks are case-insensitive in operator and key names. */
function conditionEntries(stmt: Statement): { op: string; key: string; values: string[] }[] {
  const out: { op: string; key: string; values: string[] }[] = [];
  for (const [op, block] of Object.entries(stmt.Condition ?? {})) {
    if (!block || typeof block !== 'object') continue;
    for (const [key, value] of Object.entries(block)) out.push({ op: op.toLowerCase(), key: key.toLowerCase(), values: asList(value) });
  }
  return out;
}

function coversPutObject(stmt: Statement): boolean {
  return asList(stmt.Action).some((a) => {
    const action = a.toLowerCase();
    return action === '*' || action === 's3:*' || action === 's3:putobject' || action === 's3:put*';
  });
}

export function analyzeBucketPolicy(policyJson: string): PolicyFindings {
  let doc: { Statement?: Statement | Statement[] };
  try {
    doc = JSON.parse(policyJson) as typeof doc;
  } catch {
    throw new Error('The bucket policy is not valid JSON.');
  }
  const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  const findings: PolicyFindings = { deniesInsecureTransport: false, deniesUnencryptedUploads: false };
  for (const stmt of statements) {
    if (String(stmt.Effect).toLowerCase() !== 'deny') continue;
    for (const { op, key, values } of conditionEntries(stmt)) {
      const lowered = values.map((v) => v.toLowerCase());
      if (key === 'aws:securetransport' && (op === 'bool' || op === 'boolifexists') && lowered.includes('false')) {
        findings.deniesInsecureTransport = true;
      }
      if (!coversPutObject(stmt)) continue;
      if (key === SSE_HEADER_KEY && op === 'null' && lowered.includes('true')) findings.deniesUnencryptedUploads = true;
      if (key === SSE_HEADER_KEY && (op === 'stringnotequals' || op === 'stringnotequalsifexists' || op === 'stringnotlike')) {
        findings.deniesUnencryptedUploads = true;
        findings.requiredEncryption = values;
      }
    }
  }
  return findings;
}
