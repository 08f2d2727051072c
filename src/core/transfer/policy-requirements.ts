// Reads a bucket policy for the encryption it demands of uploads, so an AccessDenied on PutObject can say
// "this bucket requires SSE-KMS" instead of just "denied".
export interface PolicyEncryptionRequirement {
  /** What an upload must send, in words a user picks from the mode list. */
  requiredMode: string;
  statementId?: string;
}

interface Statement {
  Sid?: string;
  Effect?: string;
  Action?: string | string[];
  Condition?: Record<string, Record<string, string | string[] | boolean>>;
}

const SSE_KEY = 's3:x-amz-server-side-encryption';
const KMS_KEY_ID = 's3:x-amz-server-side-encryption-aws-kms-key-id';
const SSEC_ALG = 's3:x-amz-server-side-encryption-customer-algorithm';

const MODE_NAMES: Record<string, string> = { AES256: 'SSE-S3', 'aws:kms': 'SSE-KMS', 'aws:kms:dsse': 'DSSE-KMS' };

export function encryptionRequirementsOf(policyJson: string): PolicyEncryptionRequirement[] {
  let policy: { Statement?: Statement | Statement[] };
  try {
    policy = JSON.parse(policyJson) as { Statement?: Statement | Statement[] };
  } catch {
    return [];
  }
  const statements = Array.isArray(policy.Statement) ? policy.Statement : policy.Statement ? [policy.Statement] : [];
  const found: PolicyEncryptionRequirement[] = [];
  for (const st of statements) {
    if (st.Effect !== 'Deny' || !appliesToPutObject(st.Action) || !st.Condition) continue;
    for (const [operator, conditions] of Object.entries(st.Condition)) {
      for (const [rawKey, rawValue] of Object.entries(conditions)) {
        const key = rawKey.toLowerCase();
        const values = (Array.isArray(rawValue) ? rawValue : [rawValue]).map(String);
        const op = operator.replace(/IfExists$/, '');
        if (key === SSE_KEY && op === 'StringNotEquals') {
          found.push({ requiredMode: values.map((v) => MODE_NAMES[v] ?? v).join(' or '), statementId: st.Sid });
        } else if (key === SSE_KEY && op === 'Null' && values.includes('true')) {
          found.push({ requiredMode: 'an SSE header (SSE-S3, SSE-KMS or DSSE-KMS; "bucket default" sends none)', statementId: st.Sid });
        } else if (key === KMS_KEY_ID && op === 'StringNotEquals') {
          found.push({ requiredMode: `SSE-KMS with key ${values.join(' or ')}`, statementId: st.Sid });
        } else if (key === SSEC_ALG && op === 'Null' && values.includes('true')) {
          found.push({ requiredMode: 'SSE-C', statementId: st.Sid });
        }
      }
    }
  }
  return found;
}

function appliesToPutObject(action: string | string[] | undefined): boolean {
  const actions = Array.isArray(action) ? action : action ? [action] : [];
  return actions.some((a) => ['s3:putobject', 's3:*', '*'].includes(a.toLowerCase()));
}
