// Values of Terraform expressions within a module folder: literals, `var.NAME` (its literal default), `local.NAME`
// (and members of a local object: `local.endpoints.s3`), and quoted templates whose interpolations resolve
// (`"http://${var.host}:${var.port}"`). A module folder is one unit, so variables and locals may be declared in any
// of its .tf files; a value declared in another file is reported where it is used (its literal is not in this file).
import type { Value } from '../types';
import { attributeExpr, children, elemValue, objectElems, objectKey, rangeOf, type Block } from './terraform-hcl';
import type { SyntaxNode } from './tree-sitter';

/** A named expression and whether it is in the file being analysed. */
export interface Named {
  expr: SyntaxNode;
  here: boolean;
}

export interface ModuleNames {
  variables: Map<string, Named>;
  locals: Map<string, Named>;
}

export function emptyNames(): ModuleNames {
  return { variables: new Map(), locals: new Map() };
}

/** Adds one file's `variable "x" { default = ... }` and `locals { x = ... }` to the module's names. */
export function addNames(names: ModuleNames, blocks: Block[], here: boolean): void {
  for (const b of blocks) {
    if (b.type === 'variable' && b.labels[0]) {
      const expr = attributeExpr(b.body, 'default');
      if (expr && (here || !names.variables.has(b.labels[0]))) names.variables.set(b.labels[0], { expr, here });
    } else if (b.type === 'locals') {
      for (const a of children(b.body, 'attribute')) {
        const name = a.namedChildren[0]?.text;
        const expr = a.namedChildren[1];
        if (name && expr && (here || !names.locals.has(name))) names.locals.set(name, { expr, here });
      }
    }
  }
}

/** Files that declare names worth resolving: only these siblings are parsed for them. */
export const DECLARES_NAMES = /\b(variable\s+"|locals\s*\{)/;

const REFERENCE = /^(var|local)\.([\w-]+)((?:\.[\w-]+|\["[^"\n]*"\])*)$/;
const MAX_DEPTH = 8;

export class TfScope {
  constructor(private readonly names: ModuleNames = emptyNames()) {}

  value(expr: SyntaxNode | null | undefined, depth = 0): Value {
    if (!expr) return { range: { start: 0, end: 0 } };
    const range = rangeOf(expr);
    if (depth > MAX_DEPTH) return { range };
    const ref = REFERENCE.exec(expr.text.trim());
    if (ref) return this.reference(ref[1] as 'var' | 'local', ref[2], ref[3], range, depth);
    const inner = expr.type === 'expression' && expr.namedChildCount === 1 ? expr.namedChildren[0] : expr;
    if (inner?.type === 'literal_value') {
      const lit = inner.namedChildren[0];
      if (lit?.type === 'bool_lit') return { range, bool: lit.text === 'true' };
      if (lit?.type === 'numeric_lit') return { range, str: lit.text };
      if (lit?.type === 'string_lit') return this.template(lit, range, depth);
    }
    if (inner?.type === 'template_expr' && inner.namedChildren[0]?.type === 'quoted_template')
      return this.template(inner.namedChildren[0], range, depth);
    if (inner?.type === 'string_lit' || inner?.type === 'quoted_template') return this.template(inner, range, depth);
    return { range };
  }

  /** `null` (also through a variable or local): in Terraform, the same as leaving the argument out. */
  isNull(expr: SyntaxNode | null | undefined, depth = 0): boolean {
    if (!expr || depth > MAX_DEPTH) return false;
    const ref = REFERENCE.exec(expr.text.trim());
    if (ref && !ref[3]) {
      const named = (ref[1] === 'var' ? this.names.variables : this.names.locals).get(ref[2]);
      return !!named && this.isNull(named.expr, depth + 1);
    }
    return /^null$/.test(expr.text.trim());
  }

  /** A string's text with the interpolations that resolve filled in and the others as a placeholder label `x`. */
  filled(node: SyntaxNode): string {
    return node.namedChildren
      .map((part) => {
        if (part?.type === 'template_literal') return part.text;
        if (part?.type !== 'template_interpolation') return '';
        const inner = part.namedChildren.find((c) => c?.type === 'expression');
        return (inner && this.value(inner).str) ?? 'x';
      })
      .join('');
  }

  private reference(kind: 'var' | 'local', name: string, path: string, range: Value['range'], depth: number): Value {
    const named = (kind === 'var' ? this.names.variables : this.names.locals).get(name);
    let target: SyntaxNode | undefined = named?.expr;
    for (const m of path.matchAll(/\.([\w-]+)|\["([^"\n]*)"\]/g)) {
      const key = m[1] ?? m[2];
      target = target && objectElems(target).find((e) => objectKey(e) === key);
      target = target && elemValue(target);
    }
    if (!named || !target) return { range };
    const v = this.value(target, depth + 1);
    // A literal in this file is where the fix applies; one in another file is reported here, where it is used.
    return named.here ? { ...v, range } : { range, str: v.str, bool: v.bool, prefix: v.prefix };
  }

  /** A quoted string; interpolations are filled in from known values, the rest leaves a known beginning. */
  private template(node: SyntaxNode, range: Value['range'], depth: number): Value {
    const origin = rangeOf(node);
    let text = '';
    for (const part of node.namedChildren) {
      if (!part || part.type === 'quoted_template_start' || part.type === 'quoted_template_end') continue;
      if (part.type === 'template_literal') {
        text += part.text;
        continue;
      }
      const inner =
        part.type === 'template_interpolation' ? part.namedChildren.find((c) => c?.type === 'expression') : undefined;
      const v = inner ? this.value(inner, depth + 1) : undefined;
      if (v?.str === undefined) return text ? { range, prefix: text, origin } : { range };
      text += v.str;
    }
    return { range, str: text, origin };
  }
}
