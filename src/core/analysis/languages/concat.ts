// `a + b` on two resolved values, the same in every language: both known gives the joined string (edits go to the
// literal that starts it); a known left side alone still tells how the string begins (`"http://" + host`).
import type { Range, Value } from '../types';

export function concatenated(range: Range, l: Value, r: Value): Value {
  if (l.str === undefined || r.str === undefined) return { range, prefix: l.str ?? l.prefix };
  return { range, str: l.str + r.str, origin: l.str ? l.origin : r.origin };
}
