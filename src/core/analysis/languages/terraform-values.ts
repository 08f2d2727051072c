// Reads HCL expressions as plain data: literals, tuples and objects; references the caller can resolve (locals and
// variables of the module) are read as what they name, `concat(...)` / `flatten(...)` as the lists they join; anything
// else computed (resource attributes, other function calls, interpolated strings) becomes UNKNOWN, so a policy is
// judged on the parts that are written out.
import { UNKNOWN } from './iac-policy';
import type { SyntaxNode } from './tree-sitter';

/** The expression a reference names, or undefined when it is not one the module defines. */
export type ResolveReference = (expr: SyntaxNode) => SyntaxNode | undefined;

function stringLit(n: SyntaxNode): string | typeof UNKNOWN {
  if (n.namedChildren.some((c) => c?.type === 'template_interpolation' || c?.type === 'template_directive'))
    return UNKNOWN;
  return n.namedChildren
    .filter((c) => c?.type === 'template_literal')
    .map((c) => c!.text)
    .join('');
}

const LIST_FUNCTIONS = new Set(['concat', 'flatten']);

export function hclToData(n: SyntaxNode | null | undefined, depth = 0, resolve?: ResolveReference): unknown {
  if (!n || depth > 40) return UNKNOWN;
  const next = (c: SyntaxNode | null | undefined) => hclToData(c, depth + 1, resolve);
  switch (n.type) {
    case 'expression': {
      if (n.namedChildCount === 1 && n.namedChildren[0]?.type !== 'variable_expr') return next(n.namedChildren[0]);
      const target = resolve?.(n);
      return target && target !== n ? next(target) : UNKNOWN;
    }
    case 'collection_value':
    case 'template_expr':
      return next(n.namedChildren[0]);
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
      return n.namedChildren.filter((c) => c?.type === 'expression').map((c) => next(c));
    case 'function_call': {
      if (!LIST_FUNCTIONS.has(n.namedChildren[0]?.text ?? '')) return UNKNOWN;
      // A list argument that cannot be read is one unknown element: the other elements still count.
      const args = n.namedChildren[1]?.namedChildren.filter((c) => c?.type === 'expression') ?? [];
      return args.flatMap((a) => {
        const v = next(a);
        return Array.isArray(v) ? (v as unknown[]) : [UNKNOWN];
      });
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const elem of n.namedChildren) {
        if (elem?.type !== 'object_elem') continue;
        const [k, v] = elem.namedChildren.filter((c) => c?.type === 'expression');
        const keyNode = k?.namedChildren[0];
        const key = keyNode?.type === 'variable_expr' && k!.namedChildCount === 1 ? keyNode.text : next(k);
        if (typeof key !== 'string') return UNKNOWN; // a computed key could be anything, Statement included
        out[key] = next(v);
      }
      return out;
    }
    default:
      return UNKNOWN;
  }
}
