// The front ends find their nodes with nodesOfTypes: it must return exactly what tree-sitter's own query `(type) @n`
// matches (named nodes of those types, in document order), also where a keyword token shares a node type's name,
// and stay usable on input nested tens of thousands deep.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Query } from 'web-tree-sitter';
import { createParser, nodesOfTypes, type GrammarName } from '../../../../src/core/analysis/languages/tree-sitter';

const FIXTURES = join(__dirname, '..', '..', '..', 'fixtures', 'lint');

function filesUnder(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? filesUnder(p, ext) : ext.test(e) ? [p] : [];
  });
}

const CASES: Array<{ grammar: GrammarName; ext: RegExp; types: string[] }> = [
  { grammar: 'python', ext: /\.py$/, types: ['assignment', 'call', 'function_definition', 'await'] },
  { grammar: 'java', ext: /\.java$/, types: ['method_invocation', 'object_creation_expression', 'lambda_expression'] },
  { grammar: 'go', ext: /\.go$/, types: ['call_expression', 'composite_literal', 'function_declaration'] },
  { grammar: 'bash', ext: /\.sh$/, types: ['command', 'variable_assignment'] },
  { grammar: 'terraform', ext: /\.tf$/, types: ['block', 'attribute'] },
  { grammar: 'ruby', ext: /\.rb$/, types: ['call', 'method', 'assignment', 'yield'] },
];

describe('tree-sitter: nodesOfTypes', function () {
  this.timeout(120_000);

  for (const { grammar, ext, types } of CASES) {
    it(`${grammar}: the same nodes, in the same order, as a tree-sitter query on every fixture`, async () => {
      const parser = await createParser(grammar);
      const query = new Query(parser.language!, types.map((t) => `(${t}) @n`).join(' '));
      const files = filesUnder(FIXTURES, ext);
      assert.ok(files.length > 0, `no ${grammar} fixtures`);
      let total = 0;
      for (const file of files) {
        const tree = parser.parse(readFileSync(file, 'utf8'))!;
        try {
          const expected = query.captures(tree.rootNode).map((c) => c.node.id);
          assert.deepEqual(
            nodesOfTypes(tree.rootNode, types).map((n) => n.id),
            expected,
            file,
          );
          total += expected.length;
        } finally {
          tree.delete();
        }
      }
      assert.ok(total > 0, `the ${grammar} fixtures have none of ${types.join(', ')}`);
    });
  }

  it('a keyword token named like a node type is not returned (Python `await`)', async () => {
    const python = await createParser('python');
    const tree = python.parse('async def f(c):\n    await c.put()\n    return await c.get()\n')!;
    try {
      const found = nodesOfTypes(tree.rootNode, ['await']);
      assert.deepEqual(
        found.map((n) => n.text),
        ['await c.put()', 'await c.get()'],
      );
    } finally {
      tree.delete();
    }
  });

  it('input nested 20,000 levels deep: every level is found', async () => {
    const python = await createParser('python');
    const depth = 20_000;
    const tree = python.parse(`x = ${'['.repeat(depth)}1${']'.repeat(depth)}\n`)!;
    try {
      assert.equal(nodesOfTypes(tree.rootNode, ['list']).length, depth);
    } finally {
      tree.delete();
    }
  });

  it('parsers of one grammar share its compiled language', async () => {
    const [a, b] = await Promise.all([createParser('go'), createParser('go')]);
    assert.equal(a.language, b.language);
  });
});
