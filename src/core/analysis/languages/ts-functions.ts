// What a function hands back, for values that travel through helpers: `new S3Client(clientConfig())`,
// `new PutObjectCommand(this.params(key, body))`, a settings factory `registerAs('s3', () => ({ ... }))`.
import ts = require('typescript');
import { unwrap } from './ts-values';

/** The returns of a function body, not those of functions nested in it. */
function ownReturns(body: ts.Block): ts.ReturnStatement[] {
  const out: ts.ReturnStatement[] = [];
  const stack: ts.Node[] = [body];
  while (stack.length) {
    const node = stack.pop()!;
    if (ts.isReturnStatement(node)) out.push(node);
    else if (node !== body && ts.isFunctionLike(node)) continue;
    ts.forEachChild(node, (c) => {
      stack.push(c);
    });
  }
  return out;
}

/** The one expression a function returns (an arrow's expression body, or its only `return`); else undefined. */
export function returnedExpression(fn: ts.Node | undefined): ts.Expression | undefined {
  if (!fn || !ts.isFunctionLike(fn)) return undefined;
  const body = (fn as ts.FunctionLikeDeclaration).body;
  if (!body) return undefined;
  if (!ts.isBlock(body)) return unwrap(body);
  const returns = ownReturns(body);
  return returns.length === 1 && returns[0].expression ? unwrap(returns[0].expression) : undefined;
}

/** `function name() {}` and class methods `name() {}`: the name a call spells (`name(...)`, `this.name(...)`). */
export function declaredFunctionName(node: ts.Node): string | undefined {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name && ts.isIdentifier(node.name))
    return node.name.text;
  return undefined;
}
