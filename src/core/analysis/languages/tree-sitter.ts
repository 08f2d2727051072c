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

/** Each grammar is compiled once per thread, however many parsers use it (a front end may keep a second one). */
const languages = new Map<GrammarName, Promise<TreeSitter.Language>>();

export async function createParser(grammar: GrammarName): Promise<TreeSitter.Parser> {
  runtime ??= loadRuntime();
  const ts = await runtime.catch((e: unknown) => {
    runtime = undefined;
    throw e;
  });
  let loading = languages.get(grammar);
  if (!loading) {
    const [pkg, file] = GRAMMARS[grammar];
    languages.set(grammar, (loading = ts.Language.load(findFile(pkg, file))));
    // A grammar file that failed to load is looked for again next time rather than remembered as missing.
    loading.catch(() => languages.delete(grammar));
  }
  const language = await loading;
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

/** Per grammar and type list: whether some anonymous token shares a name with one of the (named) types. */
const anonymousTwins = new WeakMap<TreeSitter.Language, Map<string, boolean>>();

function hasAnonymousTwin(language: TreeSitter.Language, types: readonly string[]): boolean {
  let perLanguage = anonymousTwins.get(language);
  if (!perLanguage) anonymousTwins.set(language, (perLanguage = new Map<string, boolean>()));
  const key = types.join(' ');
  let twin = perLanguage.get(key);
  if (twin === undefined) {
    twin = language.types.some((t, id) => types.includes(t) && !language.nodeTypeIsNamed(id));
    perLanguage.set(key, twin);
  }
  return twin;
}

/**
 * The named nodes of the given types, in document order (pre-order, `root` included). One call into the WASM
 * runtime walks the tree with tree-sitter's own cursor: no query to compile, no JavaScript per visited node, and
 * linear in the tree's size however deep it nests (a query cursor is not, on deeply nested trees).
 */
export function nodesOfTypes(root: SyntaxNode, types: readonly string[]): SyntaxNode[] {
  const nodes = root.descendantsOfType(types as string[]) as SyntaxNode[];
  return hasAnonymousTwin(root.tree.language, types) ? nodes.filter((n) => n.isNamed) : nodes;
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
