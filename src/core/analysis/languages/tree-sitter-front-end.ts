// The shape every tree-sitter front end shares: skip files that cannot matter, parse with a size bound,
// collect facts, and always free the tree (tree-sitter's WASM memory is not garbage-collected).
import type { ModuleFiles } from '../module-files';
import { emptyFacts, type FileFacts, type LanguageId } from '../types';
import type { FrontEnd } from './front-end';
import { createParser, parseBounded, type GrammarName, type SyntaxNode } from './tree-sitter';

export async function treeSitterFrontEnd(
  grammar: GrammarName,
  language: LanguageId,
  collect: (root: SyntaxNode, text: string, path: string, module?: ModuleFiles) => FileFacts,
  /** A cheap pre-check: files that cannot contain anything relevant are not parsed at all. */
  relevant?: RegExp,
): Promise<FrontEnd> {
  const parser = await createParser(grammar);
  return {
    extract(text, path, module) {
      if (relevant && !relevant.test(text)) return emptyFacts(language);
      const tree = parseBounded(parser, text);
      try {
        return collect(tree.rootNode, text, path, module);
      } finally {
        tree.delete();
      }
    },
  };
}
