// Values of Terraform expressions within a module folder: literals, `var.NAME` (its literal default), `local.NAME`
// (and members of a local object: `local.endpoints.s3`), and quoted templates whose interpolations resolve
// (`"http://${var.host}:${var.port}"`). A module folder is one unit, so variables and locals may be declared in any
// of its .tf files; a value declared in another file is reported where it is used (its literal is not in this file).
// Conditionals whose condition resolves take their branch, `coalesce` / `lookup` their first known value, and inside a
// `for_each` resource `each.key` / `each.value` are the entry being evaluated.
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
  /** Values set by `terraform.tfvars` / `*.auto.tfvars`, which Terraform loads on every run: they beat defaults. */
  assigned: Map<string, Named>;
}

export function emptyNames(): ModuleNames {
  return { variables: new Map(), locals: new Map(), assigned: new Map() };
}

/** Adds a `.tfvars` file's `name = value` lines. */
export function addAssignments(names: ModuleNames, root: SyntaxNode): void {
  const body = root.namedChildren.find((c) => c?.type === 'body') ?? null;
  for (const a of children(body, 'attribute')) {
    const name = a.namedChildren[0]?.text;
    const expr = a.namedChildren[1];
    if (name && expr) names.assigned.set(name, { expr, here: false });
  }
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

const REFERENCE = /^(var|local|each)\.([\w-]+)((?:\.[\w-]+|\["[^"\n]*"\])*)$/;
const PATH_STEP = /\.([\w-]+)|\["([^"\n]*)"\]/g;
const MAX_DEPTH = 8;
const ZERO = { start: 0, end: 0 };
/** The value `null`: in Terraform, the same as leaving the argument out. */
const NULL = Symbol('null');
type Result = Value | typeof NULL;

/** One entry of a `for_each`: its key, and its value (an expression, or the string of a set element). */
export interface EachEntry {
  key: string;
  value: Named | string;
}

export class TfScope {
  constructor(
    private readonly names: ModuleNames = emptyNames(),
    private readonly each?: EachEntry,
  ) {}

  /** The same names, evaluating inside one `for_each` entry. */
  withEach(each: EachEntry): TfScope {
    return new TfScope(this.names, each);
  }

  value(expr: SyntaxNode | null | undefined, depth = 0): Value {
    const v = this.eval(expr, depth);
    return v === NULL ? { range: expr ? rangeOf(expr) : ZERO } : v;
  }

  isNull(expr: SyntaxNode | null | undefined): boolean {
    return this.eval(expr, 0) === NULL;
  }

  /** The expression a reference names (through locals, variables and object members), with where it is. */
  resolve(expr: SyntaxNode | null | undefined, depth = 0): Named | undefined {
    if (!expr || depth > MAX_DEPTH) return undefined;
    const ref = REFERENCE.exec(expr.text.trim());
    return ref ? this.named(ref, depth) : { expr, here: true };
  }

  private named(ref: RegExpExecArray, depth: number): Named | undefined {
    const [, kind, name, path] = ref;
    let named: Named | undefined;
    if (kind === 'each') {
      if (!this.each || (name !== 'value' && name !== 'key')) return undefined;
      if (name === 'key' || typeof this.each.value === 'string') return undefined;
      named = this.each.value;
    } else named = this.names[kind === 'var' ? 'variables' : 'locals'].get(name);
    if (kind === 'var') named = this.names.assigned.get(name) ?? named;
    if (!named) return undefined;
    let target: Named | undefined = this.follow(named, depth);
    for (const m of path.matchAll(PATH_STEP)) {
      const key = m[1] ?? m[2];
      const elem = target && objectElems(target.expr).find((e) => objectKey(e) === key);
      const next = elem && elemValue(elem);
      target = next ? this.follow({ expr: next, here: target!.here }, depth) : undefined;
    }
    return target;
  }

  /** The entries a `for_each` iterates: a map (object) or a list / `toset([...])` of strings; undefined if unknown. */
  entries(forEach: SyntaxNode | null | undefined): EachEntry[] | undefined {
    let target = this.resolve(forEach);
    const call = target && unwrap(target.expr);
    if (call?.type === 'function_call' && call.namedChildren[0]?.text === 'toset') {
      const arg = call.namedChildren[1]?.namedChildren.find((c) => c?.type === 'expression');
      target = arg ? this.resolve(arg) : undefined;
    }
    if (!target) return undefined;
    const elems = objectElems(target.expr);
    if (elems.length)
      return elems.map((e) => ({ key: objectKey(e), value: { expr: elemValue(e)!, here: target.here } }));
    const tuple = unwrap(target.expr)?.namedChildren[0];
    if (tuple?.type !== 'tuple') return undefined;
    const out: EachEntry[] = [];
    for (const e of tuple.namedChildren) {
      if (e?.type !== 'expression') continue;
      const s = this.value(e).str;
      if (s === undefined) return undefined;
      out.push({ key: s, value: s });
    }
    return out;
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

  private follow(named: Named, depth: number): Named | undefined {
    const next = this.resolve(named.expr, depth + 1);
    // A reference inside another file's expression stays another file's.
    return next && (next.expr === named.expr ? named : { expr: next.expr, here: next.here && named.here });
  }

  private eval(expr: SyntaxNode | null | undefined, depth: number): Result {
    if (!expr) return { range: ZERO };
    const range = rangeOf(expr);
    if (depth > MAX_DEPTH) return { range };
    const ref = REFERENCE.exec(expr.text.trim());
    if (ref) return this.reference(ref, range, depth);
    const inner = unwrap(expr);
    switch (inner?.type) {
      case 'literal_value': {
        const lit = inner.namedChildren[0];
        if (lit?.type === 'null_lit') return NULL;
        if (lit?.type === 'bool_lit') return { range, bool: lit.text === 'true' };
        if (lit?.type === 'numeric_lit') return { range, str: lit.text };
        if (lit?.type === 'string_lit') return this.template(lit, range, depth);
        return { range };
      }
      case 'template_expr':
        return inner.namedChildren[0]?.type === 'quoted_template'
          ? this.template(inner.namedChildren[0], range, depth)
          : { range };
      case 'string_lit':
      case 'quoted_template':
        return this.template(inner, range, depth);
      case 'conditional': {
        const [cond, yes, no] = inner.namedChildren;
        const c = this.eval(cond, depth + 1);
        if (c === NULL || c.bool === undefined) return { range };
        const v = this.eval(c.bool ? yes : no, depth + 1);
        return v === NULL ? NULL : { ...v, range };
      }
      case 'operation':
        return this.operation(inner, range, depth);
      case 'function_call':
        return this.call(inner, range, depth);
      default:
        return { range };
    }
  }

  private reference(ref: RegExpExecArray, range: Value['range'], depth: number): Result {
    if (ref[1] === 'each' && ref[2] === 'key' && !ref[3]) return this.each ? { range, str: this.each.key } : { range };
    if (ref[1] === 'each' && typeof this.each?.value === 'string' && ref[2] === 'value' && !ref[3])
      return { range, str: this.each.value };
    const named = this.named(ref, depth);
    if (!named) return { range };
    const v = this.eval(named.expr, depth + 1);
    if (v === NULL) return NULL;
    // A literal in this file is where the fix applies; one in another file is reported here, where it is used.
    return named.here ? { ...v, range } : { range, str: v.str, bool: v.bool, prefix: v.prefix };
  }

  /** `a == b`, `a != b` (strings, booleans, null) and `!a`. */
  private operation(op: SyntaxNode, range: Value['range'], depth: number): Result {
    const node = op.namedChildren[0];
    if (node?.type === 'unary_operation' && node.text.trim().startsWith('!')) {
      const v = this.evalText(node.text.trim().slice(1), node, depth);
      return v !== NULL && v.bool !== undefined ? { range, bool: !v.bool } : { range };
    }
    const m = node?.type === 'binary_operation' ? /^(.+?)\s*(==|!=)\s*(.+)$/s.exec(node.text) : null;
    if (!m || !node) return { range };
    const key = (v: Result) =>
      v === NULL ? 'null' : v.str !== undefined ? `s:${v.str}` : v.bool !== undefined ? `b:${v.bool}` : undefined;
    const a = key(this.evalText(m[1], node, depth));
    const b = key(this.evalText(m[3], node, depth));
    if (a === undefined || b === undefined) return { range };
    return { range, bool: (a === b) === (m[2] === '==') };
  }

  /** One side of a comparison, from its text: a reference or a literal. */
  private evalText(text: string, node: SyntaxNode, depth: number): Result {
    const t = text.trim();
    if (t === 'null') return NULL;
    if (t === 'true' || t === 'false') return { range: rangeOf(node), bool: t === 'true' };
    const lit = /^"([^"\\$%]*)"$/.exec(t);
    if (lit) return { range: rangeOf(node), str: lit[1] };
    const part = node.namedChildren.find((c) => c?.text.trim() === t);
    if (part) return this.eval(part, depth + 1);
    // `var.x == "y"`: the reference is spread over sibling nodes (variable_expr, get_attr): it is read from its text.
    const ref = REFERENCE.exec(t);
    if (!ref) return { range: rangeOf(node) };
    const v = this.reference(ref, rangeOf(node), depth);
    return v === NULL ? NULL : { range: rangeOf(node), str: v.str, bool: v.bool };
  }

  /**
   * `coalesce(a, b, ...)`: the first argument that is not null or ""; `lookup(map, key, default)`;
   * `format("http://%s:%d", host, port)` and `join(sep, [...])` when every part is known.
   */
  private call(call: SyntaxNode, range: Value['range'], depth: number): Result {
    const name = call.namedChildren[0]?.text;
    const args = call.namedChildren[1]?.namedChildren.filter((c): c is SyntaxNode => c?.type === 'expression') ?? [];
    if (name === 'format' || name === 'join') {
      const text = name === 'format' ? this.format(args, depth) : this.join(args, depth);
      // The literal holding the scheme is the format string (or a list element): a fix edits it there.
      const origin = args.map((a) => unwrap(a)).find((a) => a?.type === 'literal_value' || a?.type === 'template_expr');
      return text === undefined ? { range } : { range, str: text, origin: origin ? rangeOf(origin) : undefined };
    }
    if (name === 'coalesce') {
      for (const a of args) {
        const v = this.eval(a, depth + 1);
        if (v === NULL || v.str === '') continue;
        return v.str !== undefined || v.bool !== undefined ? { ...v, range } : { range };
      }
      return { range };
    }
    if (name === 'lookup' && args.length >= 2) {
      const map = this.resolve(args[0], depth);
      const key = this.value(args[1], depth + 1).str;
      const elems = map ? objectElems(map.expr) : [];
      if (key === undefined || !elems.length) return { range };
      const hit = elems.find((e) => objectKey(e) === key);
      const target = hit ? { expr: elemValue(hit)!, here: map!.here } : args[2] && { expr: args[2], here: true };
      if (!target) return { range };
      const v = this.eval(target.expr, depth + 1);
      if (v === NULL) return NULL;
      return target.here ? { ...v, range } : { range, str: v.str, bool: v.bool };
    }
    return { range };
  }

  private format(args: SyntaxNode[], depth: number): string | undefined {
    const spec = this.value(args[0], depth + 1).str;
    if (spec === undefined) return undefined;
    let i = 1;
    let failed = false;
    const out = spec.replace(/%(%|[-+#0 ]*\d*(?:\.\d+)?[sdvqtf])/g, (m, verb: string) => {
      if (verb === '%') return '%';
      const v = args[i] ? this.value(args[i++], depth + 1) : undefined;
      if (v?.str === undefined && v?.bool === undefined) failed = true;
      return v?.str ?? String(v?.bool);
    });
    return failed ? undefined : out;
  }

  private join(args: SyntaxNode[], depth: number): string | undefined {
    const sep = this.value(args[0], depth + 1).str;
    const list = args[1] && this.resolve(args[1], depth);
    const tuple = list && unwrap(list.expr)?.namedChildren[0];
    if (sep === undefined || tuple?.type !== 'tuple') return undefined;
    const parts = tuple.namedChildren
      .filter((c): c is SyntaxNode => c?.type === 'expression')
      .map((e) => this.value(e, depth + 1).str);
    return parts.every((p) => p !== undefined) ? parts.join(sep) : undefined;
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

/** The node inside a one-child `expression` wrapper. */
function unwrap(expr: SyntaxNode | null | undefined): SyntaxNode | null | undefined {
  return expr?.type === 'expression' && expr.namedChildCount === 1 ? expr.namedChildren[0] : expr;
}
