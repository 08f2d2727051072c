// Whether an IAM policy document (parsed JSON/YAML) denies requests made without TLS.

function asArray(x: unknown): unknown[] {
  return Array.isArray(x) ? x : x === undefined ? [] : [x];
}

/** 'denies-insecure' when a Deny statement has Bool aws:SecureTransport = false; 'unknown' if the shape is unreadable. */
export function policyDeniesInsecureTransport(doc: unknown): 'denies-insecure' | 'missing' | 'unknown' {
  if (typeof doc !== 'object' || doc === null || !('Statement' in doc)) return 'unknown';
  const statements = asArray((doc as { Statement: unknown }).Statement);
  for (const s of statements) {
    if (typeof s !== 'object' || s === null) return 'unknown';
    const st = s as { Effect?: unknown; Condition?: Record<string, Record<string, unknown>> };
    if (st.Effect !== 'Deny' || typeof st.Condition !== 'object') continue;
    for (const [op, cond] of Object.entries(st.Condition ?? {})) {
      if (!/^Bool(IfExists)?$/.test(op) || typeof cond !== 'object' || cond === null) continue;
      const v = Object.entries(cond).find(([k]) => k.toLowerCase() === 'aws:securetransport')?.[1];
      if (asArray(v).some((x) => x === false || x === 'false')) return 'denies-insecure';
    }
  }
  return 'missing';
}
