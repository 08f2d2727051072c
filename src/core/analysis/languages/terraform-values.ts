// Reads HCL expressions as plain data: literals, tuples and objects; anything computed (references, function
// calls, interpolated strings) becomes UNKNOWN, so a policy is judged on the parts that are written out.
import { UNKNOWN } from './iac-policy';
import type { SyntaxNode } from './tree-sitter';

function stringLit(n: SyntaxNode): string | typeof UNKNOWN {
  if (n.namedChildren.some((c) => c?.type === 'template_interpolation' || c?.type === 'template_directive'))
    return UNKNOWN;
  return n.namedChildren
    .filter((c) => c?.type === 'template_literal')
    .map((c) => c!.text)
    .join('');
}

export function hclToData(n: SyntaxNode | null | undefined, depth = 0): unknown {
  if (!n || depth > 40) return UNKNOWN;
  switch (n.type) {
    case 'expression':
      return n.namedChildCount === 1 ? hclToData(n.namedChildren[0], depth + 1) : UNKNOWN;
    case 'collection_value':
    case 'template_expr':
      return hclToData(n.namedChildren[0], depth + 1);
    case 'literal_value': {
      const inner = n.namedChildren[0];
      if (inner?.type === 'string_lit') return stringLit(inner);
      if (inner?.type === 'bool_lit') return inner.text === 'true';
      if (inner?.type === 'numeric_lit') return Number(inner.text);
      if (inner?.type === 'null_lit') return null;
      return UNKNOWN;
    }
    case 'quoted_template':
    case 'string_lit':
      return stringLit(n);
    case 'tuple':
      return n.namedChildren.filter((c) => c?.type === 'expression').map((c) => hclToData(c, depth + 1));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const elem of n.namedChildren) {
        if (elem?.type !== 'object_elem') continue;
        const [k, v] = elem.namedChildren.filter((c) => c?.type === 'expression');
        const keyNode = k?.namedChildren[0];
        const key =
          keyNode?.type === 'variable_expr' && k!.namedChildCount === 1 ? keyNode.text : hclToData(k, depth + 1);
        if (typeof key !== 'string') return UNKNOWN; // a computed key could be anything, Statement included
        out[key] = hclToData(v, depth + 1);
      }
      return out;
    }
    default:
      return UNKNOWN;
  }
}
