// Go values: what an expression resolves to within one file — literals, constants per function (closures see
// their parents'), concatenation and fmt.Sprintf, value wrappers, settings defaults (flags, viper, struct tags and
// literals), `!` and `&`/`*`, and helpers that return one of their parameters (`envOr(key, fallback)`).
import type { Value } from '../types';
import { concatenated } from './concat';
import { GoSettings } from './go-settings';
import { nodesOfTypes, rangeOf, type SyntaxNode } from './tree-sitter';

/** Calls and conversions that pass their argument's value through: aws.String("x"), types.ServerSideEncryption("x"). */
const WRAPPERS =
  /^(aws\.String|aws\.Bool|jsii\.(String|Bool|Number)|string|\[\]byte|(\w*types|s3)\.[A-Z]\w*|url\.Parse|url\.MustParse|base64\.\w*Encoding\.(EncodeToString|DecodeString)|hex\.(EncodeToString|DecodeString)|strings\.(TrimSpace|TrimSuffix|TrimPrefix|TrimRight|Trim))$/;

/** `<enclosing function start>:<name>`: the same local name in two functions is two variables. */
export function scoped(n: SyntaxNode, name: string): string {
  let p: SyntaxNode | null = n.parent;
  while (p && !/^(function_declaration|method_declaration|func_literal)$/.test(p.type)) p = p.parent;
  return `${p ? p.startIndex : -1}:${name}`;
}

/** A function's parameter names in order; undefined when a variadic parameter shifts the positions. */
function parameterNames(fn: SyntaxNode): string[] | undefined {
  const names: string[] = [];
  for (const d of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    if (d?.type !== 'parameter_declaration') return undefined;
    for (const id of d.namedChildren) if (id?.type === 'identifier') names.push(id.text);
  }
  return names;
}

export class GoValues {
  constructor(
    protected readonly root: SyntaxNode,
    protected readonly text: string,
  ) {}

  /** Reads the file's single-assignment names, settings defaults and parameter-returning helpers. */
  protected index(nodes: SyntaxNode[]): void {
    // `awsv1 "github.com/aws/aws-sdk-go/aws"`: the aws package under another name.
    for (const spec of nodesOfTypes(this.root, ['import_spec'])) {
      const alias = spec.childForFieldName('name')?.text;
      if (alias && /\/aws-sdk-go(-v2)?\/aws"$/.test(spec.childForFieldName('path')?.text ?? ''))
        this.awsAliases.add(alias);
    }
    for (const n of nodes) {
      if (!/_declaration$|_spec$|^assignment_statement$/.test(n.type) || n.type === 'field_declaration') continue;
      const spec = n.type.endsWith('spec');
      const left = spec ? n.childForFieldName('name') : n.childForFieldName('left');
      const right = n.childForFieldName(spec ? 'value' : 'right');
      const value = right?.namedChildCount === 1 && right.type === 'expression_list' ? right.namedChildren[0]! : right;
      // `u, err := url.Parse(...)`: the first name holds the call's result.
      const multi = left?.type === 'expression_list' && left.namedChildCount > 1 && value?.type === 'call_expression';
      const first = left?.type === 'expression_list' ? left.namedChildren[0] : left;
      if (first?.type !== 'identifier' || (left?.type === 'expression_list' && left.namedChildCount > 1 && !multi))
        continue;
      this.assign(n, scoped(n, first.text), value);
    }
    for (const n of nodes) {
      const fn = n.type === 'call_expression' ? n.childForFieldName('function') : undefined;
      if (fn?.type !== 'identifier') continue;
      const calls = this.callSites.get(fn.text);
      if (calls) calls.push(n);
      else this.callSites.set(fn.text, [n]);
    }
    this.settings.collect(nodes);
    for (const n of nodes) {
      if (n.type !== 'function_declaration') continue;
      this.returnedParameter(n);
      const name = n.childForFieldName('name')?.text;
      if (name) this.functions.set(name, n);
    }
  }

  protected readonly constants = new Map<string, SyntaxNode | null>();

  private readonly awsAliases = new Set<string>();

  /** `awsv1.Config` → `aws.Config`: names of the aws package as the SDK documents them. */
  protected canonical(name: string): string {
    const dot = name.indexOf('.');
    return dot > 0 && this.awsAliases.has(name.slice(0, dot)) ? `aws${name.slice(dot)}` : name;
  }

  /** Calls of the file's own functions, by name: a function called once takes that call's arguments. */
  private readonly callSites = new Map<string, SyntaxNode[]>();

  /**
   * A name assigned twice is unknown, except the two ways code gives an environment variable a default:
   * `endpoint := "http://..."; if v := os.Getenv("X"); v != "" { endpoint = v }` and
   * `ep := os.Getenv("X"); if ep == "" { ep = "http://..." }` — the literal is what runs unless it is configured.
   */
  private assign(n: SyntaxNode, key: string, value: SyntaxNode | null): void {
    if (!this.constants.has(key)) {
      this.constants.set(key, value);
      return;
    }
    const prior = this.constants.get(key);
    if (n.type !== 'assignment_statement' || !prior) {
      this.constants.set(key, null);
      return;
    }
    const before = this.value(prior);
    const now = this.value(value);
    if (now.external) return;
    const known = now.str !== undefined || now.bool !== undefined;
    this.constants.set(key, before.external && known ? value : null);
  }

  /** A parameter of a function the file calls exactly once: the argument of that call. */
  private argument(n: SyntaxNode): SyntaxNode | undefined {
    for (let p = n.parent; p; p = p.parent) {
      if (p.type !== 'function_declaration') continue;
      const i = parameterNames(p)?.indexOf(n.text) ?? -1;
      // While one call of a factory is read (`svc := newClient("http://...")`), that call's arguments.
      const calls =
        this.binding?.fn.id === p.id
          ? [this.binding.call]
          : (this.callSites.get(p.childForFieldName('name')?.text ?? '') ?? []);
      if (i < 0 || calls.length !== 1) return undefined;
      return calls[0].childForFieldName('arguments')?.namedChildren[i] ?? undefined;
    }
    return undefined;
  }

  private binding: { fn: SyntaxNode; call: SyntaxNode } | undefined;

  /** Evaluates `read` with the parameters of the file's function `name` bound to the arguments of `call`. */
  protected withArguments<T>(name: string, call: SyntaxNode, read: () => T): T | undefined {
    const fn = this.functions.get(name);
    if (!fn || this.binding) return undefined;
    this.binding = { fn, call };
    try {
      return read();
    } finally {
      this.binding = undefined;
    }
  }

  /** The file's function declarations, by name. */
  private readonly functions = new Map<string, SyntaxNode>();

  protected readonly settings = new GoSettings((n) => this.value(n));

  /** Functions of the file that return one of their parameters unchanged (`return fallback`), by name. */
  protected readonly parameterReturns = new Map<string, number>();

  protected returnedParameter(fn: SyntaxNode): void {
    const name = fn.childForFieldName('name')?.text;
    const params: string[] = [];
    for (const p of fn.childForFieldName('parameters')?.namedChildren ?? [])
      for (const id of p?.namedChildren ?? []) if (id?.type === 'identifier') params.push(id.text);
    const returned = new Set<number>();
    if (!params.length) return;
    for (const r of nodesOfTypes(fn, ['return_statement'])) {
      const e = r.namedChildren[0];
      const only = e?.type === 'expression_list' && e.namedChildCount === 1 ? e.namedChildren[0] : e;
      const i = only?.type === 'identifier' ? params.indexOf(only.text) : -1;
      if (i >= 0) returned.add(i);
    }
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
        if (filled) return { ...filled, range };
        const passed = init === undefined ? this.argument(n) : undefined;
        return passed ? { ...this.value(passed, depth + 1), range } : { range };
      }
      case 'selector_expression': {
        const filled = this.settings.member(n);
        return filled ? { ...filled, range } : { range, enumName: n.text };
      }
      case 'call_expression':
      case 'type_conversion_expression': {
        const fn = this.canonical((n.childForFieldName('function') ?? n.childForFieldName('type'))?.text ?? '');
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
        const setting = n.type === 'call_expression' ? this.settings.callDefault(n, !!this.binding) : undefined;
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
