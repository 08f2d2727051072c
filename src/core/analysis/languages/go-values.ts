// Go values: what an expression resolves to within one file — literals, constants per function (closures see
// their parents'), concatenation and fmt.Sprintf, value wrappers, settings defaults (flags, viper, struct tags and
// literals), `!` and `&`/`*`, and helpers that return one of their parameters (`envOr(key, fallback)`).
import type { Value } from '../types';
import { concatenated } from './concat';
import { GoSettings } from './go-settings';
import { rangeOf, walk, type SyntaxNode } from './tree-sitter';

/** Calls and conversions that pass their argument's value through: aws.String("x"), types.ServerSideEncryption("x"). */
const WRAPPERS =
  /^(aws\.String|aws\.Bool|jsii\.(String|Bool|Number)|string|\[\]byte|(\w*types|s3)\.[A-Z]\w*|url\.Parse|url\.MustParse|base64\.\w*Encoding\.(EncodeToString|DecodeString)|hex\.(EncodeToString|DecodeString)|strings\.(TrimSpace|TrimSuffix|TrimPrefix|TrimRight|Trim))$/;

/** `<enclosing function start>:<name>`: the same local name in two functions is two variables. */
export function scoped(n: SyntaxNode, name: string): string {
  let p: SyntaxNode | null = n.parent;
  while (p && !/^(function_declaration|method_declaration|func_literal)$/.test(p.type)) p = p.parent;
  return `${p ? p.startIndex : -1}:${name}`;
}

export class GoValues {
  constructor(
    protected readonly root: SyntaxNode,
    protected readonly text: string,
  ) {}

  /** Reads the file's single-assignment names, settings defaults and parameter-returning helpers. */
  protected index(nodes: SyntaxNode[]): void {
    for (const n of nodes) {
      if (!/_declaration$|_spec$|^assignment_statement$/.test(n.type) || n.type === 'field_declaration') continue;
      const spec = n.type.endsWith('spec');
      const left = spec ? n.childForFieldName('name') : n.childForFieldName('left');
      const right = n.childForFieldName(spec ? 'value' : 'right');
      if (
        left &&
        (left.type === 'identifier' ||
          (left.type === 'expression_list' &&
            left.namedChildCount === 1 &&
            left.namedChildren[0]?.type === 'identifier'))
      ) {
        const name = left.type === 'identifier' ? left.text : left.namedChildren[0]!.text;
        const value =
          right?.namedChildCount === 1 && right.type === 'expression_list' ? right.namedChildren[0]! : right;
        const key = scoped(n, name);
        // `endpoint := "http://..."; if v := os.Getenv("X"); v != "" { endpoint = v }`: the literal stays the default.
        const override = n.type === 'assignment_statement' && this.constants.has(key) && this.value(value).external;
        if (!override) this.constants.set(key, this.constants.has(key) ? null : value);
      }
    }
    this.settings.collect(nodes);
    for (const n of nodes) if (n.type === 'function_declaration') this.returnedParameter(n);
  }

  protected readonly constants = new Map<string, SyntaxNode | null>();

  protected readonly settings = new GoSettings((n) => this.value(n));

  /** Functions of the file that return one of their parameters unchanged (`return fallback`), by name. */
  protected readonly parameterReturns = new Map<string, number>();

  protected returnedParameter(fn: SyntaxNode): void {
    const name = fn.childForFieldName('name')?.text;
    const params: string[] = [];
    for (const p of fn.childForFieldName('parameters')?.namedChildren ?? [])
      for (const id of p?.namedChildren ?? []) if (id?.type === 'identifier') params.push(id.text);
    const returned = new Set<number>();
    walk(fn, (r) => {
      const e = r.type === 'return_statement' ? r.namedChildren[0] : undefined;
      const only = e?.type === 'expression_list' && e.namedChildCount === 1 ? e.namedChildren[0] : e;
      const i = only?.type === 'identifier' ? params.indexOf(only.text) : -1;
      if (i >= 0) returned.add(i);
    });
    // One parameter only: a helper choosing between two of its inputs says nothing about either.
    if (name && returned.size === 1) this.parameterReturns.set(name, [...returned][0]);
  }

  /** A number or string a format verb takes; undefined when unknown. */
  protected formatArg(n: SyntaxNode | null | undefined, depth: number): string | undefined {
    const e = n?.type === 'identifier' ? this.constant(n) : n;
    if (e?.type === 'int_literal') return e.text;
    return e ? this.value(e, depth + 1).str : undefined;
  }

  /** A name assigned once in the innermost enclosing function that declares it (closures see their parents'), else in the package. */
  protected constant(n: SyntaxNode): SyntaxNode | null | undefined {
    for (let p: SyntaxNode | null = n.parent; p; p = p.parent) {
      if (!/^(function_declaration|method_declaration|func_literal)$/.test(p.type)) continue;
      const key = `${p.startIndex}:${n.text}`;
      if (this.constants.has(key)) return this.constants.get(key);
    }
    return this.constants.get(`-1:${n.text}`);
  }

  value(n: SyntaxNode | null, depth = 0): Value {
    if (!n) return { range: { start: 0, end: 0 } };
    const range = rangeOf(n);
    if (depth > 8) return { range };
    switch (n.type) {
      case 'literal_element':
      case 'parenthesized_expression':
        return { ...this.value(n.namedChildren[0] ?? null, depth + 1), range };
      case 'interpreted_string_literal':
      case 'raw_string_literal': {
        const str = n.namedChildren
          .filter((c) => c && /content|escape_sequence/.test(c.type))
          .map((c) => c!.text)
          .join('');
        return { range, str, origin: range };
      }
      case 'true':
        return { range, bool: true };
      case 'false':
        return { range, bool: false };
      case 'binary_expression': {
        if (n.childForFieldName('operator')?.text !== '+') return { range };
        const l = this.value(n.childForFieldName('left'), depth + 1);
        return concatenated(range, l, this.value(n.childForFieldName('right'), depth + 1));
      }
      case 'unary_expression': {
        // `Endpoint: &endpoint` / `*endpoint` (a flag's pointer): the variable's value; `!useSSL` its negation.
        const operator = n.childForFieldName('operator')?.text ?? '';
        const operand = this.value(n.childForFieldName('operand'), depth + 1);
        if (operator === '!') return operand.bool === undefined ? { range } : { range, bool: !operand.bool };
        return /^[&*]$/.test(operator) ? { ...operand, range } : { range };
      }
      case 'identifier': {
        const init = this.constant(n);
        if (init) return { ...this.value(init, depth + 1), range };
        const filled = this.settings.member(n);
        return filled ? { ...filled, range } : { range };
      }
      case 'selector_expression': {
        const filled = this.settings.member(n);
        return filled ? { ...filled, range } : { range, enumName: n.text };
      }
      case 'call_expression':
      case 'type_conversion_expression': {
        const fn = (n.childForFieldName('function') ?? n.childForFieldName('type'))?.text ?? '';
        if (/^os\.(Getenv|LookupEnv|ReadFile)$/.test(fn)) return { range, external: true };
        if (fn === 'fmt.Sprintf') {
          // fmt.Sprintf("http://%s:%d", host, port): verbs filled from known values; the first unknown one ends the
          // known start.
          const [formatNode, ...args] = n.childForFieldName('arguments')?.namedChildren ?? [];
          const format = this.value(formatNode ?? null, depth + 1).str;
          if (format === undefined) return { range };
          const parts = format.split(/%[sdvq]/);
          let text = parts[0];
          for (let i = 1; i < parts.length; i++) {
            const v = this.formatArg(args[i - 1], depth);
            if (v === undefined) return { range, prefix: text };
            text += v + parts[i];
          }
          return { range, str: text, origin: range };
        }
        const setting = n.type === 'call_expression' ? this.settings.callDefault(n) : undefined;
        if (setting) return { ...setting, range };
        // `envOr("S3_ENDPOINT", "http://...")`: a helper that returns one of its parameters returns that argument.
        const passed = this.parameterReturns.get(fn);
        const passedArg = passed === undefined ? undefined : n.childForFieldName('arguments')?.namedChildren[passed];
        if (passedArg) return { ...this.value(passedArg, depth + 1), range };
        const arg = n.childForFieldName('arguments')?.namedChildren[0] ?? n.childForFieldName('operand');
        if (WRAPPERS.test(fn) && arg) return { ...this.value(arg, depth + 1), range };
        return { range };
      }
      default:
        return { range };
    }
  }
}
