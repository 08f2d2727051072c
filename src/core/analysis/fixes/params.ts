// Writes a new parameter into a visible parameter list in the host language's syntax.
import { lineIndexOf } from '../text-positions';
import type { InsertPoint, InsertStyle, TextEdit } from '../types';

export const KMS_KEY_PLACEHOLDER = 'alias/REPLACE-WITH-YOUR-KMS-KEY';

type NewParam = 'sse' | 'kmsKeyId';

const KEYS: Record<NewParam, Record<InsertStyle, string>> = {
  sse: {
    js: 'ServerSideEncryption',
    'py-kwargs': 'ServerSideEncryption',
    'py-dict': 'ServerSideEncryption',
    'go-v1': 'ServerSideEncryption',
    'go-v2': 'ServerSideEncryption',
    'java-builder': 'serverSideEncryption',
    shell: '--sse',
    'shell-s3api': '--server-side-encryption',
  },
  kmsKeyId: {
    js: 'SSEKMSKeyId',
    'py-kwargs': 'SSEKMSKeyId',
    'py-dict': 'SSEKMSKeyId',
    'go-v1': 'SSEKMSKeyId',
    'go-v2': 'SSEKMSKeyId',
    'java-builder': 'ssekmsKeyId',
    shell: '--sse-kms-key-id',
    'shell-s3api': '--ssekms-key-id',
  },
};

/** One `key: value` in the style's syntax, for a string value. */
export function renderParam(style: InsertStyle, param: NewParam, value: string): string {
  const key = KEYS[param][style];
  switch (style) {
    case 'js':
      return `${key}: '${value}'`;
    case 'py-kwargs':
      return `${key}='${value}'`;
    case 'py-dict':
      return `'${key}': '${value}'`;
    case 'go-v1':
      return `${key}: aws.String("${value}")`;
    case 'go-v2':
      return param === 'sse' ? `${key}: "${value}"` : `${key}: aws.String("${value}")`;
    case 'java-builder':
      return `.${key}("${value}")`;
    case 'shell':
    case 'shell-s3api':
      return `${key} ${value}`;
  }
}

/** Joins several parameters with the separator the style uses between list elements. */
export function insertParams(point: InsertPoint, params: Array<[NewParam, string]>): TextEdit {
  const body = params.map(([p, v]) => renderParam(point.style, p, v)).join(point.separator);
  return { start: point.offset, end: point.offset, newText: point.before + body + point.after };
}

const INDENT = /[ \t]*/y;

/** The indentation of the line holding `offset`: O(log n + indent), whatever the line's length. */
function indentOfLine(text: string, offset: number): string {
  INDENT.lastIndex = lineIndexOf(text).lineStartOf(offset);
  return INDENT.exec(text)?.[0] ?? '';
}

/**
 * Where to add an element to a comma-separated list (object literal, kwargs, Go composite literal) so the result
 * keeps the list's layout: after a trailing comma on its own line in multi-line lists, else after the last element.
 */
export function listInsertPoint(
  text: string,
  style: InsertStyle,
  openEnd: number,
  closeStart: number,
  last?: { start: number; end: number },
): InsertPoint {
  if (!last) return { offset: openEnd, style, before: '', after: '', separator: ', ' };
  // Only the text after the last element is sliced (it does not nest); line questions go to the line index,
  // so a file with thousands of lists costs O(n log n) rather than O(n) per list.
  const lines = lineIndexOf(text);
  const between = text.slice(last.end, closeStart);
  const multiLine =
    lines.lineOf(last.end) !== lines.lineOf(closeStart) || lines.lineOf(openEnd) !== lines.lineOf(last.start);
  const commaAt = between.indexOf(',');
  if (multiLine) {
    const indent = indentOfLine(text, last.start);
    if (commaAt >= 0)
      return { offset: last.end + commaAt + 1, style, before: '\n' + indent, after: ',', separator: ',\n' + indent };
    return { offset: last.end, style, before: ',\n' + indent, after: '', separator: ',\n' + indent };
  }
  if (commaAt >= 0) return { offset: last.end + commaAt + 1, style, before: ' ', after: ',', separator: ', ' };
  return { offset: last.end, style, before: ', ', after: '', separator: ', ' };
}
