// Where two versions of a text differ: one span, found from the common prefix and suffix (editor keystrokes).

export interface ChangedSpan {
  /** First differing offset (the same in both texts). */
  start: number;
  /** End of the replaced span in the old text. */
  oldEnd: number;
  /** End of the replacement in the new text. */
  newEnd: number;
}

/**
 * Length of the common prefix of a and b (or, with `fromEnd`, of their common suffix). Binary search where each
 * step compares only the half not yet known equal, so the comparisons add up to O(n) and run in native code;
 * comparing the whole prefix at every step cost O(n log n) per keystroke.
 */
function commonLength(a: string, b: string, max: number, fromEnd = false): number {
  let lo = 0;
  let hi = max;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    const same = fromEnd
      ? a.slice(a.length - mid, a.length - lo) === b.slice(b.length - mid, b.length - lo)
      : a.slice(lo, mid) === b.slice(lo, mid);
    if (same) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function changedSpan(a: string, b: string): ChangedSpan {
  const max = Math.min(a.length, b.length);
  const prefix = commonLength(a, b, max);
  const suffix = commonLength(a, b, max - prefix, true);
  return { start: prefix, oldEnd: a.length - suffix, newEnd: b.length - suffix };
}
