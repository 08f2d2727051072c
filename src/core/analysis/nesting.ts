// How deeply brackets nest in a text, in one linear pass. The TypeScript and YAML parsers recurse once per
// level, and near the end of the call stack V8 may abort the whole process (a RegExp compiled there fails with a
// fatal out-of-memory error) instead of throwing a RangeError: too-deep input must be refused before parsing.
import { changedSpan } from './text-diff';

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

const BRACKET = /[()[\]{}]/;

/**
 * bracketDepth, remembered for the last texts of a few paths: an edit that neither removes nor adds a bracket
 * leaves the depth as it was, so a keystroke costs a comparison instead of a scan of the whole file.
 */
export class BracketDepths {
  private readonly last = new Map<string, { text: string; depth: number }>();

  of(path: string, text: string): number {
    const old = this.last.get(path);
    let depth: number | undefined;
    if (old?.text === text) depth = old.depth;
    else if (old) {
      const span = changedSpan(old.text, text);
      const unchanged =
        !BRACKET.test(old.text.slice(span.start, span.oldEnd)) && !BRACKET.test(text.slice(span.start, span.newEnd));
      if (unchanged) depth = old.depth;
    }
    depth ??= bracketDepth(text);
    this.last.delete(path);
    this.last.set(path, { text, depth });
    if (this.last.size > 8) this.last.delete(this.last.keys().next().value as string);
    return depth;
  }
}

/**
 * Nesting the parsers handle with the stack Node gives a thread: the main thread's ~1 MB overflows at ~640 nested
 * object literals in the TypeScript parser; analysis workers run with a 64 MB stack (analysis-client.ts).
 */
export const NESTING_LIMIT_MAIN_THREAD = 300;
export const NESTING_LIMIT_DEEP_STACK = 10_000;
export const DEEP_STACK_MB = 64;
