// Clients made in the other files of the same package: a Java package's classes (a Spring `@Bean` method in a
// configuration class, a field initialised in another class) and a Go package, which is its folder. Only files
// that send SSE-C need them, and only the sibling files that build an S3 client are parsed, so the cost stays
// with the files that can use it.
import type * as TreeSitter from 'web-tree-sitter';
import type { ModuleFiles } from '../module-files';
import type { FileFacts, Range } from '../types';
import { importClients } from './imported-clients';
import { parseBounded, type SyntaxNode } from './tree-sitter';

export interface PackageSiblings {
  /** Sibling file names of the package, e.g. /\.java$/. */
  name: RegExp;
  /** A sibling is parsed only when its text can make a client. */
  makesClient: RegExp;
  /** `path` and `module` let a sibling read the package's other files (a settings class it takes as a parameter). */
  collect: (root: SyntaxNode, text: string, path: string, module: ModuleFiles) => FileFacts;
}

/** `archiveS3()` and `this.archiveS3` name one client: the last name segment, without a call. */
const nameKey = (v: string) => v.replace(/\(\)$/, '').split('.').pop() ?? v;

/** The facts of one sibling are computed once per version of its text. */
const cache = new WeakMap<PackageSiblings, Map<string, { text: string; facts: FileFacts }>>();

function siblingFacts(
  parser: TreeSitter.Parser,
  spec: PackageSiblings,
  path: string,
  text: string,
  module: ModuleFiles,
): FileFacts | undefined {
  let byPath = cache.get(spec);
  if (!byPath) cache.set(spec, (byPath = new Map<string, { text: string; facts: FileFacts }>()));
  const hit = byPath.get(path);
  if (hit?.text === text) return hit.facts;
  let tree: TreeSitter.Tree;
  try {
    tree = parseBounded(parser, text);
  } catch {
    return undefined; // a sibling over its parse budget is simply not followed
  }
  try {
    const facts = spec.collect(tree.rootNode, text, path, module);
    byPath.set(path, { text, facts });
    if (byPath.size > 256) byPath.delete(byPath.keys().next().value as string);
    return facts;
  } finally {
    tree.delete();
  }
}

/**
 * Links the calls of `facts` to clients the package's other files make, by name (`archiveS3.putObject` and the
 * bean method `archiveS3()`; `svc.PutObject` and a package-level `svc`). Names this file defines itself win.
 */
export function importPackageClients(
  facts: FileFacts,
  path: string,
  module: ModuleFiles | undefined,
  parser: TreeSitter.Parser,
  spec: PackageSiblings,
  at: Range,
): void {
  if (!module) return;
  const own = new Set(facts.clients.flatMap((c) => (c.variable ? [nameKey(c.variable)] : [])));
  let tag = 0;
  for (const sibling of module.siblings(path, spec.name)) {
    if (!spec.makesClient.test(sibling.text)) continue;
    const other = siblingFacts(parser, spec, sibling.path, sibling.text, module);
    if (!other) continue;
    const names = other.clients.flatMap((c) => {
      if (c.imported || !c.variable || own.has(nameKey(c.variable))) return [];
      const name = c.variable.replace(/\(\)$/, '');
      return [{ local: name, exported: name, range: at }];
    });
    if (names.length) importClients(facts, other, names, `pkg${tag++}`);
  }
}
