// Relative imports of a TypeScript/JavaScript module (`import { a as b } from './x'`, `const { a } = require('./x')`),
// for following clients into the workspace files that make them.
// `import = require`, not `import * as`: a namespace import reads every ts.* through a getter when run from source.
import ts = require('typescript');
import type { ImportedName } from './imported-clients';
import { end, start, type TsDocument } from './ts-document';
import { unwrap } from './ts-values';

export const SCRIPT_EXTENSIONS = [
  '.ts',
  '.tsx',
  '.mts',
  '.cts',
  '.js',
  '.mjs',
  '.cjs',
  '.jsx',
  '/index.ts',
  '/index.js',
];

/** `import { a as b } from './x'` and `const { a } = require('./x')` / `const a = require('./x').a`, relative only. */
export function relativeImports(doc: TsDocument): Map<string, ImportedName[]> {
  const bySpec = new Map<string, ImportedName[]>();
  const add = (spec: string, local: string, exported: string, node: ts.Node) => {
    if (!spec.startsWith('.')) return;
    const list = bySpec.get(spec) ?? [];
    list.push({ local, exported, range: { start: start(doc, node), end: end(doc, node) } });
    bySpec.set(spec, list);
  };
  for (const st of doc.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
      const bindings = st.importClause?.namedBindings;
      const defaultName = st.importClause?.name;
      if (defaultName) add(st.moduleSpecifier.text, defaultName.text, 'default', st);
      if (bindings && ts.isNamedImports(bindings)) {
        for (const el of bindings.elements)
          add(st.moduleSpecifier.text, el.name.text, (el.propertyName ?? el.name).text, st);
      }
    } else if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        const init = d.initializer && unwrap(d.initializer);
        const req =
          init && ts.isCallExpression(init) && init.expression.getText() === 'require' ? init.arguments[0] : undefined;
        if (!req || !ts.isStringLiteral(req)) continue;
        if (ts.isObjectBindingPattern(d.name)) {
          for (const el of d.name.elements) {
            if (ts.isIdentifier(el.name))
              add(
                req.text,
                el.name.text,
                el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : el.name.text,
                st,
              );
          }
        }
      }
    }
  }
  return bySpec;
}
