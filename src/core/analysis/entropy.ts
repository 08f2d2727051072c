// Decides whether a literal looks like real key material rather than a placeholder such as "changeme" or "xxxx".

function shannonBitsPerChar(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * True for 32-byte keys written as base64 (44 chars), hex (64 chars) or raw 32-character strings, and for other
 * key-sized literals with high entropy. Placeholders have few distinct characters and fail the entropy check.
 */
export function looksLikeKeyMaterial(literal: string): boolean {
  const s = literal.trim();
  if (s.length < 16) return false;
  if (/^(\$\{|\$\(|<|\{\{)/.test(s) || /^(fileb?|arn|alias):/.test(s)) return false;
  const entropy = shannonBitsPerChar(s);
  if (/^[0-9a-f]{32,}$/i.test(s)) return entropy >= 3.0;
  if (/^[A-Za-z0-9+/]{20,}={0,2}$/.test(s)) return entropy >= 3.5;
  return s.length >= 16 && entropy >= 3.5;
}
