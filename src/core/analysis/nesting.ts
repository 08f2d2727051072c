// How deeply brackets nest in a text, in one linear pass. The TypeScript and YAML parsers recurse once per
// level, and near the end of the call stack V8 may abort the whole process (a RegExp compiled there fails with a
// fatal out-of-memory error) instead of throwing a RangeError: too-deep input must be refused before parsing.

/** The deepest nesting of (), [] and {} (strings and comments are not skipped: that only overestimates). */
export function bracketDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) {
      if (++depth > max) max = depth;
    } else if ((c === 41 || c === 93 || c === 125) && depth > 0) {
      depth--;
    }
  }
  return max;
}

/**
 * Nesting the parsers handle with the stack Node gives a thread: the main thread's ~1 MB overflows at ~640 nested
 * object literals in the TypeScript parser; analysis workers run with a 64 MB stack (analysis-client.ts).
 */
export const NESTING_LIMIT_MAIN_THREAD = 300;
export const NESTING_LIMIT_DEEP_STACK = 10_000;
export const DEEP_STACK_MB = 64;
