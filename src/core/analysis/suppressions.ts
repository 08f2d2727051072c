// Inline suppression: a comment `s3enc-disable-next-line [rule, ...]` silences those rules (or all) on the next line.
import { RULE_IDS, type RuleId } from './types';

const MARKER = 's3enc-disable-next-line';

/** Maps a 0-based line to the rules suppressed on it ('all' when the comment names none). */
export function findSuppressions(text: string): Map<number, Set<RuleId> | 'all'> {
  const result = new Map<number, Set<RuleId> | 'all'>();
  if (!text.includes(MARKER)) return result;
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const at = line.indexOf(MARKER);
    if (at < 0) return;
    // Only in a comment: the marker must follow a comment token on its line.
    if (!/(\/\/|#|\/\*|<!--)/.test(line.slice(0, at))) return;
    const named = line
      .slice(at + MARKER.length)
      .split(/[\s,]+/)
      .filter((w): w is RuleId => (RULE_IDS as readonly string[]).includes(w));
    result.set(i + 1, named.length ? new Set(named) : 'all');
  });
  return result;
}
