// A TypeScript/JavaScript file as a list of top-level statements, each of which an edit can replace on its own.
// TypeScript's own incremental parser (`ts.updateSourceFile`) reuses unchanged nodes but still visits every node
// after the edit to move its position, which made one keystroke in a 10,000-line file cost as much as a third of a
// full parse. Here an edit inside one top-level statement re-parses just that statement's text; the statements
// after it keep their nodes and only their recorded offset changes. Nodes therefore hold positions relative to
// their own source file: use `start`/`end`/`textOf` below (never `node.getStart(sf)` with some other file).
// `import = require`, not `import * as`: a namespace import reads every ts.* through a getter when run from source.
import ts = require('typescript');
import { changedSpan } from '../text-diff';

export interface TsDocument {
  readonly path: string;
  readonly text: string;
  /** Top-level statements in source order (they may come from different parses of parts of the file). */
  readonly statements: readonly ts.Statement[];
  /** Offset in `text` of a node's own position 0 (0 unless its statement was re-parsed on its own). */
  offsetOf(node: ts.Node): number;
}

/** The node's first-token start in the document's text. */
export function start(doc: TsDocument, node: ts.Node): number {
  return node.getStart() + doc.offsetOf(node);
}

/** The node's end in the document's text. */
export function end(doc: TsDocument, node: ts.Node): number {
  return node.end + doc.offsetOf(node);
}

function scriptKind(path: string): ts.ScriptKind {
  if (/\.tsx$/i.test(path)) return ts.ScriptKind.TSX;
  if (/\.jsx$/i.test(path)) return ts.ScriptKind.JSX;
  if (/\.[mc]?js$/i.test(path)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

function parse(path: string, text: string): ts.SourceFile {
  return ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, scriptKind(path));
}

/** Syntax errors of a parse (internal to TypeScript's API, present on every parsed source file). */
function hasSyntaxErrors(sf: ts.SourceFile): boolean {
  return ((sf as unknown as { parseDiagnostics?: readonly unknown[] }).parseDiagnostics?.length ?? 0) > 0;
}

/** Statements that always end at their closing token: whatever follows cannot extend them. */
const SELF_ENDING = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.ClassDeclaration,
  ts.SyntaxKind.InterfaceDeclaration,
  ts.SyntaxKind.EnumDeclaration,
  ts.SyntaxKind.ModuleDeclaration,
  ts.SyntaxKind.Block,
]);

/**
 * Whether the text at `pos` (after trivia) could continue an expression that ends just before it, as in
 * `x = {}` followed by a line starting with `(`, `[`, a template, an operator, `in` or `instanceof`.
 */
function mayContinue(text: string, pos: number): boolean {
  const at = afterTrivia(text, pos);
  if (at >= text.length) return false;
  if (/^(in|instanceof)\b/.test(text.slice(at, at + 11))) return true;
  return !/[\p{L}_$@#'"{}]/u.test(text[at]);
}

/** The offset of the first character at or after `pos` that is neither white space nor inside a comment. */
function afterTrivia(text: string, pos: number): number {
  const re = /(?:\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*/y;
  re.lastIndex = pos;
  re.exec(text);
  return re.lastIndex;
}

/** A whole-file parse: every statement at offset 0. */
class WholeDocument implements TsDocument {
  readonly statements: readonly ts.Statement[];
  readonly clean: boolean;

  constructor(
    readonly path: string,
    readonly sf: ts.SourceFile,
  ) {
    this.statements = sf.statements;
    this.clean = !hasSyntaxErrors(sf);
  }

  get text(): string {
    return this.sf.text;
  }

  offsetOf(): number {
    return 0;
  }
}

/** Statements from several parses, each with the offset of its own parse's position 0. */
class SplicedDocument implements TsDocument {
  readonly clean = true;

  constructor(
    readonly path: string,
    readonly text: string,
    readonly statements: ts.Statement[],
    private readonly offsets: number[],
    private readonly index: Map<ts.Node, number>,
  ) {}

  offsetOf(node: ts.Node): number {
    let n = node;
    while (n.parent && n.parent.kind !== ts.SyntaxKind.SourceFile) n = n.parent;
    const i = this.index.get(n);
    return i === undefined ? 0 : this.offsets[i];
  }

  /** Offsets of each statement (copied: the previous document stays valid for whoever still holds it). */
  static from(doc: WholeDocument | SplicedDocument): {
    statements: ts.Statement[];
    offsets: number[];
    index: Map<ts.Node, number>;
  } {
    if (doc instanceof SplicedDocument)
      return { statements: [...doc.statements], offsets: [...doc.offsets], index: new Map(doc.index) };
    return {
      statements: [...doc.statements],
      offsets: doc.statements.map(() => 0),
      index: new Map(doc.statements.map((s, i) => [s, i])),
    };
  }
}

type Doc = WholeDocument | SplicedDocument;

/**
 * Keeps the last document of each path and updates it from the next text: one statement re-parsed when the edit
 * lies inside it and the result provably parses the same as the whole file would; otherwise TypeScript's own
 * incremental parse of a whole-file tree, or a full parse.
 */
export class TsDocuments {
  private readonly cache = new Map<string, Doc>();

  get(path: string, text: string): TsDocument {
    const old = this.cache.get(path);
    if (old && old.text === text) return old;
    // Whatever happens next, the old tree is spent (updateSourceFile marks it), and a parse that throws (a stack
    // blown by deep nesting) must not leave a tree behind that every later edit would trip over.
    this.cache.delete(path);
    const doc = (old && spliceStatement(old, text)) ?? this.reparse(path, text, old);
    this.cache.set(path, doc);
    if (this.cache.size > 32) this.cache.delete(this.cache.keys().next().value as string);
    return doc;
  }

  private reparse(path: string, text: string, old: Doc | undefined): Doc {
    if (!(old instanceof WholeDocument)) return new WholeDocument(path, parse(path, text));
    const span = changedSpan(old.text, text);
    const change = ts.createTextChangeRange(
      ts.createTextSpan(span.start, span.oldEnd - span.start),
      span.newEnd - span.start,
    );
    return new WholeDocument(path, ts.updateSourceFile(old.sf, text, change));
  }
}

/** The new document when the edit lies within one top-level statement that re-parses cleanly on its own. */
function spliceStatement(old: Doc, text: string): Doc | undefined {
  if (!old.clean) return undefined; // error recovery may have drawn statement boundaries from later text
  const span = changedSpan(old.text, text);
  const statements = old.statements;
  // The last statement starting at or before the edit.
  let lo = 0;
  let hi = statements.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (statements[mid].pos + old.offsetOf(statements[mid]) <= span.start) lo = mid;
    else hi = mid - 1;
  }
  const k = lo;
  const s = statements[k];
  if (!s) return undefined;
  const offset = old.offsetOf(s);
  const pos = s.pos + offset;
  const stmtEnd = s.end + offset;
  // Strictly after the first token's first character (what ended the statement before is unchanged) and
  // strictly before the last character (the statement's own ending is unchanged).
  if (span.start <= s.getStart() + offset || span.oldEnd >= stmtEnd) return undefined;
  const delta = span.newEnd - span.oldEnd;
  const chunk = text.slice(pos, stmtEnd + delta);
  const sf = parse(old.path, chunk);
  const fresh = sf.statements[0];
  if (sf.statements.length !== 1 || fresh.kind !== s.kind || fresh.end !== chunk.length || hasSyntaxErrors(sf))
    return undefined;
  if (!chunk.endsWith(';') && !SELF_ENDING.has(fresh.kind) && mayContinue(text, stmtEnd + delta)) return undefined;
  const parts = SplicedDocument.from(old);
  parts.index.delete(s);
  parts.index.set(fresh, k);
  parts.statements[k] = fresh;
  parts.offsets[k] = pos;
  for (let i = k + 1; i < parts.offsets.length; i++) parts.offsets[i] += delta;
  return new SplicedDocument(old.path, text, parts.statements, parts.offsets, parts.index);
}

/** A one-off whole-file document (another file of the workspace, read once). */
export function parseDocument(path: string, text: string): TsDocument {
  return new WholeDocument(path, parse(path, text));
}
