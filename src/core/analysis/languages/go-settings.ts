// Go settings readers and their defaults — what runs unless someone configures otherwise: command-line flags
// (`flag.String(name, default, usage)`, pflag/cobra `StringVar(&x, name, default, usage)` and the `P` forms),
// viper (`viper.SetDefault(key, v)` read back by `viper.GetString(key)`), struct tags of env readers
// (kelseyhightower/envconfig `default:"..."`, caarlos0/env `envDefault:"..."`) and `cmp.Or(os.Getenv(k), default)`.
import type { Value } from '../types';
import { rangeOf, type SyntaxNode } from './tree-sitter';

type Evaluate = (n: SyntaxNode | null) => Value;

/** Flag constructors by method name: where the default sits in the arguments, and whether arg 0 is `&target`. */
const FLAG_DEFAULT = /^(String|Bool|Int|Int64|Uint|Duration|Float64)(Var)?(P)?$/;

function flagDefaultIndex(call: SyntaxNode): { index: number; target?: SyntaxNode } | undefined {
  const fn = call.childForFieldName('function');
  const method = fn?.type === 'selector_expression' ? fn.childForFieldName('field')?.text : undefined;
  const m = method ? FLAG_DEFAULT.exec(method) : null;
  if (!m) return undefined;
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  const isVar = !!m[2];
  const shorthand = m[3] ? 1 : 0;
  // The exact arity and a literal flag name tell a flag definition from other methods named `String`.
  if (args.length !== (isVar ? 4 : 3) + shorthand) return undefined;
  const name = args[isVar ? 1 : 0];
  if (!/string_literal$/.test(name?.type ?? '')) return undefined;
  const target = isVar ? args[0] : undefined;
  if (isVar && (target?.type !== 'unary_expression' || target.childForFieldName('operator')?.text !== '&'))
    return undefined;
  return { index: (isVar ? 2 : 1) + shorthand, target: target?.childForFieldName('operand') ?? undefined };
}

/** A Go struct tag's value for one key (`default:"http://..."`). */
function tagValue(tag: string, key: string): string | undefined {
  return new RegExp(`(?:^|\\s)${key}:"((?:[^"\\\\]|\\\\.)*)"`).exec(tag)?.[1];
}

export class GoSettings {
  /** Variables a flag definition fills (`StringVar(&endpoint, ...)`), by their spelling (`endpoint`, `cfg.Endpoint`). */
  private readonly flagTargets = new Map<string, SyntaxNode>();
  private readonly viperDefaults = new Map<string, SyntaxNode | null>();
  /** urfave/cli flags (`&cli.StringFlag{Name: "endpoint", Value: "http://..."}`), by flag name. */
  private readonly cliFlags = new Map<string, SyntaxNode | null>();
  /** Struct fields with a default in their tag, by field name (null when two structs disagree). */
  private readonly fieldDefaults = new Map<string, Value | null>();

  constructor(private readonly evaluate: Evaluate) {}

  /** Call expressions, struct field declarations and literals of the file's own types. */
  collect(nodes: SyntaxNode[]): void {
    const ownTypes = new Set(nodes.filter((n) => n.type === 'type_spec').map((n) => n.childForFieldName('name')?.text));
    for (const n of nodes) {
      if (n.type === 'field_declaration') this.structTag(n);
      if (n.type === 'composite_literal' && ownTypes.has(n.childForFieldName('type')?.text)) this.literalDefaults(n);
      if (n.type === 'composite_literal' && /^\w+\.\w*Flag$/.test(n.childForFieldName('type')?.text ?? ''))
        this.cliFlag(n);
      if (n.type !== 'call_expression') continue;
      const flag = flagDefaultIndex(n);
      if (flag?.target) {
        const arg = n.childForFieldName('arguments')?.namedChildren[flag.index];
        if (arg) this.flagTargets.set(flag.target.text, arg);
      }
      const fn = n.childForFieldName('function');
      const args = n.childForFieldName('arguments')?.namedChildren ?? [];
      if (
        fn?.type === 'selector_expression' &&
        fn.childForFieldName('field')?.text === 'SetDefault' &&
        args.length === 2
      ) {
        const key = this.evaluate(args[0] ?? null).str;
        if (key !== undefined) this.viperDefaults.set(key, this.viperDefaults.has(key) ? null : (args[1] ?? null));
      }
    }
  }

  private cliFlag(literal: SyntaxNode): void {
    let name: string | undefined;
    let value: SyntaxNode | null = null;
    for (const e of literal.childForFieldName('body')?.namedChildren ?? []) {
      if (e?.type !== 'keyed_element') continue;
      const key = e.namedChildren[0]?.text;
      if (key === 'Name') name = this.evaluate(e.namedChildren[1] ?? null).str;
      if (key === 'Value') value = e.namedChildren[1] ?? null;
    }
    if (name !== undefined && value) this.cliFlags.set(name, this.cliFlags.has(name) ? null : value);
  }

  /** `StorageConfig{Endpoint: "http://..."}` in a defaults function: the field's value unless a config file says otherwise. */
  private literalDefaults(literal: SyntaxNode): void {
    for (const e of literal.childForFieldName('body')?.namedChildren ?? []) {
      if (e?.type !== 'keyed_element') continue;
      const name = e.namedChildren[0]?.text ?? '';
      const v = this.evaluate(e.namedChildren[1] ?? null);
      if (v.str !== undefined || v.bool !== undefined) this.addFieldDefault(name, v);
    }
  }

  private addFieldDefault(name: string, v: Value): void {
    const prior = this.fieldDefaults.get(name);
    const same = prior && prior.str === v.str && prior.bool === v.bool;
    this.fieldDefaults.set(name, prior === undefined || same ? v : null);
  }

  private structTag(field: SyntaxNode): void {
    const tag = field.childForFieldName('tag');
    const names = field.namedChildren.filter((c) => c?.type === 'field_identifier');
    if (!tag || names.length !== 1) return;
    const raw = tag.text.replace(/^`|`$/g, '');
    const text = tagValue(raw, 'default') ?? tagValue(raw, 'envDefault');
    if (text === undefined) return;
    const name = names[0]!.text;
    const range = rangeOf(tag);
    const isBool = field.childForFieldName('type')?.text === 'bool';
    const v: Value = { range, str: text, origin: range };
    if (isBool && /^(true|false)$/.test(text)) v.bool = text === 'true';
    this.addFieldDefault(name, v);
  }

  /** Calls are evaluated many times over (each use of a name that holds one): answered once per node. */
  private readonly answered = new Map<number, Value | undefined>();

  /** The default behind a call (`flag.String(...)`, `viper.GetString(k)`, `cmp.Or(...)`), if it is one. */
  callDefault(call: SyntaxNode, fresh = false): Value | undefined {
    // `fresh`: read under a factory's arguments, so the answer holds for this reading only.
    if (fresh) return this.readCallDefault(call);
    if (this.answered.has(call.id)) return this.answered.get(call.id);
    const v = this.readCallDefault(call);
    this.answered.set(call.id, v);
    return v;
  }

  private readCallDefault(call: SyntaxNode): Value | undefined {
    const flag = flagDefaultIndex(call);
    const args = call.childForFieldName('arguments')?.namedChildren ?? [];
    if (flag && !flag.target) return this.evaluate(args[flag.index] ?? null);
    const fn = call.childForFieldName('function');
    const method = fn?.type === 'selector_expression' ? fn.childForFieldName('field')?.text : undefined;
    if (method && /^Get(String|Bool|Int|Duration)?$/.test(method) && args.length === 1) {
      const key = this.evaluate(args[0] ?? null).str;
      const d = key === undefined ? undefined : this.viperDefaults.get(key);
      if (d) return this.evaluate(d);
    }
    // urfave/cli: `c.String("endpoint")` reads the flag, whose `Value` runs unless it is given.
    if (method && /^(String|Bool|Int|Duration)$/.test(method) && args.length === 1) {
      const flag = this.cliFlags.get(this.evaluate(args[0] ?? null).str ?? '');
      if (flag) return this.evaluate(flag);
    }
    // cmp.Or returns its first non-zero argument: an unset variable falls through to the literal.
    if (fn?.text === 'cmp.Or') {
      for (const a of args) {
        const v = this.evaluate(a ?? null);
        if (v.str !== undefined || v.bool !== undefined) return v;
      }
    }
    return undefined;
  }

  /** A variable filled by a flag definition, or a field (`s.Endpoint`, `cfg.Insecure`) with a tag default. */
  member(n: SyntaxNode): Value | undefined {
    const flagged = this.flagTargets.get(n.text);
    if (flagged) return this.evaluate(flagged);
    if (n.type !== 'selector_expression') return undefined;
    return this.fieldDefaults.get(n.childForFieldName('field')?.text ?? '') ?? undefined;
  }
}
