// Loads web-tree-sitter and WASM grammars once per process. Grammar files are looked up next to the bundle
// (dist/*.wasm, copied by webpack) and then in node_modules, so the same code runs bundled and from source.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type * as TreeSitter from 'web-tree-sitter';

export type SyntaxNode = TreeSitter.Node;

export class GrammarNotFound extends Error {
  override readonly name = 'GrammarNotFound';
}

type WebTreeSitter = typeof TreeSitter;
let runtime: Promise<WebTreeSitter> | undefined;
let loadedRuntime: WebTreeSitter | undefined;

function findFile(pkg: string, file: string): string {
  const candidates = [join(__dirname, file)];
  for (let dir = __dirname; ; dir = dirname(dir)) {
    candidates.push(join(dir, 'node_modules', pkg, file));
    if (dirname(dir) === dir) break;
  }
  const found = candidates.find((c) => existsSync(c));
  if (!found) {
    throw new GrammarNotFound(
      `${file} not found next to the bundle or in node_modules/${pkg}; run 'npm install' (or rebuild dist/ with 'npm run build').`,
    );
  }
  return found;
}

/**
 * For a process that parses only a little (`s3enc lint` on a handful of files): compile the grammars with V8's
 * baseline WebAssembly compiler only. Optimising the multi-megabyte grammar code runs on background threads that
 * the first parse waits for: seconds on a busy machine, never paid back by a few small files. Process-wide (a V8
 * flag), so only the CLI calls it, and only before the first grammar loads.
 */
export function preferQuickGrammarStartup(): void {
  if (!runtime) (require('node:v8') as typeof import('node:v8')).setFlagsFromString('--liftoff-only');
}

async function loadRuntime(): Promise<WebTreeSitter> {
  const mod = require('web-tree-sitter') as WebTreeSitter;
  const wasm = findFile('web-tree-sitter', 'tree-sitter.wasm');
  await mod.Parser.init({ locateFile: () => wasm });
  loadedRuntime = mod;
  return mod;
}

// Keep in step with ANALYSIS_WASM in webpack.config.js, which copies these files into dist/.
const GRAMMARS = {
  python: ['tree-sitter-python', 'tree-sitter-python.wasm'],
  java: ['tree-sitter-java', 'tree-sitter-java.wasm'],
  go: ['tree-sitter-go', 'tree-sitter-go.wasm'],
  bash: ['tree-sitter-bash', 'tree-sitter-bash.wasm'],
  terraform: ['@tree-sitter-grammars/tree-sitter-hcl', 'tree-sitter-terraform.wasm'],
  ruby: ['tree-sitter-ruby', 'tree-sitter-ruby.wasm'],
} as const;
export type GrammarName = keyof typeof GRAMMARS;

export async function createParser(grammar: GrammarName): Promise<TreeSitter.Parser> {
  runtime ??= loadRuntime();
  const ts = await runtime.catch((e: unknown) => {
    runtime = undefined;
    throw e;
  });
  const [pkg, file] = GRAMMARS[grammar];
  const language = await ts.Language.load(findFile(pkg, file));
  const parser = new ts.Parser();
  parser.setLanguage(language);
  return parser;
}

export class ParseTimeout extends Error {
  override readonly name = 'ParseTimeout';
}

/**
 * Parses with a time budget so pathological input cannot stall the caller (5 s plus 10 s per million characters,
 * so a large file on a busy machine is not cut short). Over budget, the file is reported, not half-analysed.
 */
export function parseBounded(parser: TreeSitter.Parser, text: string): TreeSitter.Tree {
  const budgetMs = 5_000 + text.length / 100;
  const deadline = Date.now() + budgetMs;
  const tree = parser.parse(text, null, { progressCallback: () => Date.now() > deadline });
  if (tree) return tree;
  // A halted parse is resumed by the parser's next call unless it is reset: the next file would get this one's tree.
  parser.reset();
  throw new ParseTimeout(`parsing took longer than ${(budgetMs / 1000).toFixed(0)} s`);
}

/** Depth-first walk with a cursor (no recursion, so deep trees cannot overflow the stack). */
export function walk(root: SyntaxNode, visit: (n: SyntaxNode) => void): void {
  const cursor = root.walk();
  let done = false;
  while (!done) {
    visit(cursor.currentNode);
    if (cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        done = true;
        break;
      }
    }
  }
  cursor.delete();
}

const queries = new WeakMap<TreeSitter.Language, Map<string, TreeSitter.Query>>();

/** Below this many characters a JavaScript walk beats compiling a query (tens of ms per grammar at start-up)... */
const QUERY_WORTHWHILE = 64_000;
/** ...for the first files of a kind; after that the query (about 2.5x faster per tree) is compiled and reused. */
const SMALL_FILES_BEFORE_QUERY = 16;
const smallUses = new Map<string, number>();
/** Trees whose text nests deeper than this: a query cursor's cost grows with depth times size there. */
const deepTrees = new WeakSet<TreeSitter.Tree>();
const DEEP = 256;

/** Called once per parse with the text's nesting depth (tree-sitter-front-end.ts). */
export function noteNesting(tree: TreeSitter.Tree, depth: number): void {
  if (depth > DEEP) deepTrees.add(tree);
}

/**
 * The nodes of the given types, in document order. On large files this runs as a tree-sitter query inside WASM,
 * several times cheaper than visiting every node from JavaScript. The first small files are walked (no query to
 * compile, so lint on a handful of files starts fast), and so are deeply nested trees (a query cursor turns
 * quadratic in depth there).
 */
export function nodesOfTypes(root: SyntaxNode, types: readonly string[]): SyntaxNode[] {
  if (deepTrees.has(root.tree)) return walkForTypes(root, types);
  const language = root.tree.language;
  let perLanguage = queries.get(language);
  if (!perLanguage) queries.set(language, (perLanguage = new Map<string, TreeSitter.Query>()));
  const key = types.join(' ');
  let query = perLanguage.get(key);
  if (!query) {
    // A handful of small files never pays for compiling the query; a long run (many files, or a big one) does.
    const uses = (smallUses.get(key) ?? 0) + 1;
    smallUses.set(key, uses);
    if (root.endIndex - root.startIndex < QUERY_WORTHWHILE && uses <= SMALL_FILES_BEFORE_QUERY)
      return walkForTypes(root, types);
    query = new loadedRuntime!.Query(language, types.map((t) => `(${t}) @n`).join(' '));
    perLanguage.set(key, query);
  }
  return query.captures(root).map((c) => c.node);
}

/** The same nodes as the query (named nodes of those types, pre-order), with a cursor: no recursion. */
function walkForTypes(root: SyntaxNode, types: readonly string[]): SyntaxNode[] {
  const wanted = new Set(types);
  const out: SyntaxNode[] = [];
  const cursor = root.walk();
  try {
    for (;;) {
      // Only matches become Node objects; the cursor reads type and namedness without allocating.
      if (cursor.nodeIsNamed && wanted.has(cursor.nodeType)) out.push(cursor.currentNode);
      if (cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return out;
      }
    }
  } finally {
    cursor.delete();
  }
}

/** The innermost nodes of the given types that contain an `http://` in the source (case-insensitive). */
export function nodesWithHttp(root: SyntaxNode, text: string, types: ReadonlySet<string>): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const seen = new Set<number>();
  const lower = text.toLowerCase();
  for (let i = lower.indexOf('http://'); i >= 0; i = lower.indexOf('http://', i + 7)) {
    for (let n: SyntaxNode | null = root.descendantForIndex(i); n; n = n.parent) {
      if (types.has(n.type)) {
        if (!seen.has(n.startIndex)) {
          seen.add(n.startIndex);
          out.push(n);
        }
        break;
      }
    }
  }
  return out;
}

export function rangeOf(n: SyntaxNode): { start: number; end: number } {
  return { start: n.startIndex, end: n.endIndex };
}

/**
 * The innermost of `scopes` (nodes in document order) that contains `n`, found by offsets. Cheaper than walking
 * `parent` links, which web-tree-sitter recomputes from the root on every call.
 */
export function innermostContaining(scopes: readonly SyntaxNode[], n: SyntaxNode): SyntaxNode | undefined {
  let lo = 0;
  let hi = scopes.length - 1;
  let last = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (scopes[mid].startIndex <= n.startIndex) {
      last = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  for (let i = last; i >= 0; i--) {
    const s = scopes[i];
    if (s.endIndex >= n.endIndex && s.id !== n.id) return s;
  }
  return undefined;
}
