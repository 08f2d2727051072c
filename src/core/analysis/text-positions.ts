// Offset <-> line/column conversion (1-based lines and columns, columns in UTF-16 code units like VS Code).

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** 0-based line of an offset. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Offset where the line holding `offset` begins. */
  lineStartOf(offset: number): number {
    return this.starts[this.lineOf(offset)];
  }

  position(offset: number): { line: number; column: number } {
    const line = this.lineOf(offset);
    return { line: line + 1, column: offset - this.starts[line] + 1 };
  }
}

let last: { text: string; index: LineIndex } | undefined;

/**
 * The line index of the text being analysed, built once per text: front ends, fixes and the engine all ask for
 * it many times per file, and rescanning the text each time made large one-line files quadratic.
 */
export function lineIndexOf(text: string): LineIndex {
  if (last?.text !== text) last = { text, index: new LineIndex(text) };
  return last.index;
}
