// Ruby values: what a name, a literal or a settings read holds, as far as one file tells. Locals belong to their
// method (parameters with defaults included: the default is what runs unless the caller passes another value);
// @ivars and CONSTANTS belong to the file.
import type { Value } from '../types';
import { innermostContaining, type SyntaxNode } from './tree-sitter';

const NAME_TYPES = /^(identifier|constant|instance_variable)$/;

export class RubyValues {
  /** Names assigned exactly once (null: more than once). */
  private readonly constants = new Map<string, SyntaxNode | null>();
  private readonly methods: SyntaxNode[];
  /** Methods without parameters, by name: `def endpoint; ENV.fetch(...) { "http://..." }; end` is a value. */
  private readonly getters = new Map<string, SyntaxNode | null>();
  /** Every method by name (null: defined twice), for helpers whose result is a hash or a settings object. */
  private readonly bodies = new Map<string, SyntaxNode | null>();
  /** Attributes written from outside (`config.endpoint = ...`): their defaults are not what runs. */
  private readonly written = new Set<string>();
  private readonly classes = new Map<string, SyntaxNode>();
  /** Default values of parameters: a caller may pass anything else, so a hash default is not the whole hash. */
  private readonly defaults = new Set<number>();
  /** Every parameter name of the file: such a name is never read as a call of a same-named getter. */
  private readonly parameters = new Set<string>();

  constructor(assignments: readonly SyntaxNode[], nodesOfTypes: (types: string[]) => SyntaxNode[]) {
    this.methods = nodesOfTypes(['method', 'singleton_method']);
    for (const list of nodesOfTypes(['method_parameters', 'block_parameters', 'lambda_parameters']))
      for (const p of list.namedChildren) {
        const name = p?.type === 'identifier' ? p : p?.childForFieldName('name');
        if (name) this.parameters.add(name.text);
      }
    for (const m of this.methods) {
      const own = m.childForFieldName('name')?.text;
      if (own) this.bodies.set(own, this.bodies.has(own) ? null : m);
    }
    for (const c of nodesOfTypes(['class'])) {
      const name = c.childForFieldName('name')?.text.split('::').pop();
      if (name) this.classes.set(name, c);
    }
    for (const a of assignments) {
      const left = a.childForFieldName('left');
      if (left?.type === 'call') this.written.add(left.childForFieldName('method')?.text ?? '');
    }
    for (const m of this.methods) {
      const name = m.childForFieldName('name')?.text;
      if (!name || m.childForFieldName('parameters')?.namedChildCount) continue;
      this.getters.set(name, this.getters.has(name) ? null : m);
    }
    // `def initialize(endpoint: ENV.fetch(...) { "http://..." }, bucket = "b")`: a default counts like an assignment.
    for (const p of nodesOfTypes(['keyword_parameter', 'optional_parameter'])) {
      const name = p.childForFieldName('name');
      const value = p.childForFieldName('value');
      if (name && value) {
        this.remember(name, value);
        this.defaults.add(value.id);
      }
    }
    for (const n of assignments) {
      const left = n.childForFieldName('left');
      if (left && NAME_TYPES.test(left.type)) this.remember(left, n.childForFieldName('right'));
    }
  }

  private remember(name: SyntaxNode, value: SyntaxNode | null): void {
    const key = this.scopeKey(name);
    this.constants.set(key, this.constants.has(key) ? null : value);
  }

  /** Locals belong to their method (`params` in two methods are two names); @ivars and CONSTANTS to the file. */
  private scopeKey(name: SyntaxNode): string {
    if (name.type !== 'identifier') return name.text;
    const m = innermostContaining(this.methods, name);
    return `${m ? m.startIndex : -1}:${name.text}`;
  }

  lookup(name: SyntaxNode): SyntaxNode | null | undefined {
    return NAME_TYPES.test(name.type) ? this.constants.get(this.scopeKey(name)) : undefined;
  }

  /** The last expression of a method without parameters of that name (one definition in the file). */
  returned(name: string): SyntaxNode | undefined {
    return this.lastExpression(this.getters.get(name));
  }

  /** What a helper method of the file returns, whatever its parameters (`upload_params(key, io)` -> its hash). */
  resultOf(call: SyntaxNode): SyntaxNode | undefined {
    const receiver = call.type === 'call' ? call.childForFieldName('receiver') : undefined;
    if (receiver && receiver.type !== 'self' && receiver.type !== 'constant') return undefined;
    const name = call.type === 'call' ? call.childForFieldName('method')?.text : call.text;
    if (call.type === 'identifier' && (this.lookup(call) !== undefined || this.parameters.has(call.text)))
      return undefined;
    return name ? this.lastExpression(this.bodies.get(name)) : undefined;
  }

  private lastExpression(m: SyntaxNode | null | undefined): SyntaxNode | undefined {
    const nameId = m?.childForFieldName('name')?.id;
    const body = m?.namedChildren.filter(
      (c) => c && c.type !== 'comment' && c.type !== 'method_parameters' && c.id !== nameId && c.type !== 'self',
    );
    const last = body?.[body.length - 1];
    if (last?.type !== 'body_statement') return last ?? undefined;
    const statements = last.namedChildren.filter((c) => c?.type !== 'comment');
    return statements[statements.length - 1] ?? undefined;
  }

  /** The hash literal a name (or `HASH.freeze`) stands for. */
  hashOf(n: SyntaxNode | null | undefined, depth = 0): SyntaxNode | undefined {
    if (!n || depth > 4) return undefined;
    if (n.type === 'hash') return n;
    if (n.type === 'call' && /^(freeze|dup)$/.test(n.childForFieldName('method')?.text ?? ''))
      return this.hashOf(n.childForFieldName('receiver'), depth + 1);
    const init = this.lookup(n.type === 'scope_resolution' ? n.childForFieldName('name')! : n);
    return init && !this.defaults.has(init.id) ? this.hashOf(init, depth + 1) : undefined;
  }

  /** The array literal a name (or `LIST.freeze`) stands for. */
  arrayOf(n: SyntaxNode | null | undefined, depth = 0): SyntaxNode | undefined {
    if (!n || depth > 4) return undefined;
    if (n.type === 'array') return n;
    if (n.type === 'call' && /^(freeze|dup)$/.test(n.childForFieldName('method')?.text ?? ''))
      return this.arrayOf(n.childForFieldName('receiver'), depth + 1);
    const init = this.lookup(n.type === 'scope_resolution' ? n.childForFieldName('name')! : n);
    return init ? this.arrayOf(init, depth + 1) : undefined;
  }

  /** The value written for `key` in a hash expression (the last one when merged), as a node. */
  pairValue(n: SyntaxNode | null | undefined, key: string): SyntaxNode | undefined {
    let found: SyntaxNode | undefined;
    for (const container of (n?.type === 'argument_list' ? [n] : this.containers(n)) ?? [])
      for (const pair of container.namedChildren.flatMap((c) => (c?.type === 'hash' ? c.namedChildren : [c])))
        if (pair?.type === 'pair' && keyText(pair) === key) found = pair.childForFieldName('value') ?? undefined;
    return found;
  }

  /**
   * The `key: value` containers a hash expression is built from, in order (later keys win): a literal, a name for
   * one, `BASE.merge(key: k)`, `HASH.freeze`. Undefined when any part is unknown.
   */
  containers(n: SyntaxNode | null | undefined, depth = 0): SyntaxNode[] | undefined {
    if (!n || depth > 6) return undefined;
    if (n.type === 'hash') return [n];
    if (n.type === 'call') {
      const method = n.childForFieldName('method')?.text ?? '';
      const receiver = n.childForFieldName('receiver');
      if (/^(freeze|dup)$/.test(method)) return this.containers(receiver, depth + 1);
      if (/^(merge|merge!|reverse_merge)$/.test(method)) {
        const base = this.containers(receiver, depth + 1);
        const args = n.childForFieldName('arguments');
        if (!base || !args) return undefined;
        return method === 'reverse_merge' ? [args, ...base] : [...base, args];
      }
      const result = this.resultOf(n);
      return result ? this.containers(result, depth + 1) : undefined;
    }
    if (n.type === 'identifier' && this.lookup(n) === undefined) {
      const result = this.resultOf(n);
      return result ? this.containers(result, depth + 1) : undefined;
    }
    const init =
      n.type === 'scope_resolution'
        ? this.lookup(n.childForFieldName('name')!)
        : NAME_TYPES.test(n.type)
          ? this.lookup(n)
          : undefined;
    return init && !this.defaults.has(init.id) ? this.containers(init, depth + 1) : undefined;
  }

  /** Members of a settings object: a hash, or `Settings.new(endpoint: ...)` / `OpenStruct.new(...)` keyword args. */
  private members(n: SyntaxNode | null | undefined, depth = 0): SyntaxNode[] | undefined {
    if (!n || depth > 6) return undefined;
    const own = this.containers(n, depth);
    if (own) return own;
    if (n.type === 'call' && n.childForFieldName('method')?.text === 'new') {
      const args = n.childForFieldName('arguments');
      return args?.namedChildren.some((c) => c?.type === 'pair' || c?.type === 'hash') ? [args] : undefined;
    }
    if (n.type === 'operator_assignment') return this.members(n.childForFieldName('right'), depth + 1);
    const init = (NAME_TYPES.test(n.type) ? this.lookup(n) : undefined) ?? this.resultOf(n);
    return init ? this.members(init, depth + 1) : undefined;
  }

  /**
   * `config.endpoint` where `config` is an instance of a class of the file whose `initialize` sets `@endpoint`
   * (a gem's `Configuration` with `attr_accessor` defaults), unless the file writes `x.endpoint = ...` somewhere.
   */
  private attribute(receiver: SyntaxNode, name: string, depth: number): Value | undefined {
    if (this.written.has(name)) return undefined;
    const made = this.instanceOf(receiver, depth);
    const cls = made && this.classes.get(made);
    const init = cls ? this.constants.get(`@${name}`) : undefined;
    if (!cls || !init || init.startIndex < cls.startIndex || init.endIndex > cls.endIndex) return undefined;
    return this.value(init, depth + 1);
  }

  private instanceOf(n: SyntaxNode | null | undefined, depth: number): string | undefined {
    if (!n || depth > 8) return undefined;
    if (n.type === 'call' && n.childForFieldName('method')?.text === 'new')
      return n.childForFieldName('receiver')?.text.split('::').pop();
    if (n.type === 'operator_assignment') return this.instanceOf(n.childForFieldName('right'), depth + 1);
    const init = (NAME_TYPES.test(n.type) ? this.lookup(n) : undefined) ?? this.resultOf(n);
    return init ? this.instanceOf(init, depth + 1) : undefined;
  }

  value(n: SyntaxNode | null | undefined, depth = 0): Value {
    if (!n) return { range: { start: 0, end: 0 } };
    const range = { start: n.startIndex, end: n.endIndex };
    if (depth > 6) return { range };
    switch (n.type) {
      case 'string':
        return this.stringValue(n, depth);
      case 'true':
        return { range, bool: true };
      case 'false':
        return { range, bool: false };
      case 'simple_symbol':
        return { range, enumName: n.text };
      case 'parenthesized_statements':
        return n.namedChildCount === 1 ? { ...this.value(n.namedChildren[0], depth + 1), range } : { range };
      case 'array':
        // `["9f86...".."].pack("H*")`: a one-element array passes its literal through.
        return n.namedChildCount === 1 ? { ...this.value(n.namedChildren[0], depth + 1), range } : { range };
      case 'binary':
        return this.orDefault(n, depth);
      case 'identifier':
      case 'constant':
      case 'instance_variable': {
        if (n.text === 'ENV') return { range, external: true };
        const local = this.lookup(n);
        const getter = local === undefined && n.type === 'identifier' && !this.parameters.has(n.text);
        const init = getter ? this.returned(n.text) : local;
        return init ? { ...this.value(init, depth + 1), range } : { range };
      }
      case 'scope_resolution': {
        // `Config::ENDPOINT`: a constant of a module in the file (constants are known by their own name).
        const name = n.childForFieldName('name');
        const init = name?.type === 'constant' ? this.lookup(name) : undefined;
        return init ? { ...this.value(init, depth + 1), range } : { range };
      }
      case 'call':
        return this.callValue(n, depth);
      case 'element_reference': {
        const own = this.entry(n.childForFieldName('object') ?? n.namedChildren[0]!, n.namedChildren[1], depth);
        if (own) return { ...own, range };
        return /^ENV\b/.test(n.text) ? { range, external: true } : { range };
      }
      default:
        return /^ENV\b/.test(n.text) ? { range, external: true } : { range };
    }
  }

  private stringValue(n: SyntaxNode, depth: number): Value {
    const range = { start: n.startIndex, end: n.endIndex };
    // "http://#{host}:7480": each interpolation whose value is known fills in (a constant, an ENV.fetch default);
    // the first unknown one ends the known start.
    let text = '';
    for (const c of n.namedChildren) {
      if (c?.type !== 'interpolation') {
        text += c?.type === 'string_content' || c?.type === 'escape_sequence' ? c.text : '';
        continue;
      }
      const inner = c.namedChildren.length === 1 ? this.value(c.namedChildren[0], depth + 1) : undefined;
      if (inner?.str === undefined) return text ? { range, prefix: text } : { range };
      text += inner.str;
    }
    return { range, str: text, origin: range };
  }

  /** `ENV["S3_ENDPOINT"] || "http://..."`: the literal runs unless the setting is present. */
  private orDefault(n: SyntaxNode, depth: number): Value {
    const range = { start: n.startIndex, end: n.endIndex };
    const op = n.childForFieldName('operator')?.text;
    if (op !== '||' && op !== 'or') return { range };
    const left = this.value(n.childForFieldName('left'), depth + 1);
    if (left.str !== undefined || left.bool !== undefined) return { ...left, range };
    const right = this.value(n.childForFieldName('right'), depth + 1);
    return right.str !== undefined || right.bool !== undefined
      ? { ...right, range }
      : { range, external: left.external };
  }

  private callValue(n: SyntaxNode, depth: number): Value {
    const range = { start: n.startIndex, end: n.endIndex };
    const method = n.childForFieldName('method')?.text ?? '';
    const receiver = n.childForFieldName('receiver');
    const args = n.childForFieldName('arguments')?.namedChildren ?? [];
    if (method === 'fetch' && receiver) {
      // ENV.fetch('S3_ENDPOINT', 'http://...'), ENV.fetch('X') { 'http://...' }, options.fetch(:endpoint, '...'):
      // a hash literal's own entry wins; otherwise the default runs unless the setting is present.
      const own = this.entry(receiver, args[0], depth);
      if (own) return { ...own, range };
      const block = n.namedChildren.find((c) => c?.type === 'block' || c?.type === 'do_block');
      const body = block?.namedChildren.find((c) => c?.type === 'block_body' || c?.type === 'body_statement');
      const fallbackNode = args[1] ?? (body?.namedChildCount === 1 ? body.namedChildren[0] : undefined);
      const fallback = this.value(fallbackNode, depth + 1);
      return fallback.str !== undefined || fallback.bool !== undefined
        ? { ...fallback, range }
        : { range, external: receiver.text === 'ENV' };
    }
    if (receiver && !args.length && !n.namedChildren.some((c) => c?.type === 'block' || c?.type === 'do_block')) {
      // `@settings.endpoint` with `@settings = Settings.new(endpoint: "http://...")` (or a hash, an OpenStruct).
      const member = this.entry(receiver, method, depth) ?? this.attribute(receiver, method, depth);
      if (member) return { ...member, range };
    }
    if (!receiver && !args.length) {
      // `endpoint()` calling a getter of the file.
      const init = this.returned(method);
      if (init) return { ...this.value(init, depth + 1), range };
    }
    if (/^(decode64|strict_decode64|urlsafe_decode64|unpack1|pack|freeze|to_s|b)$/.test(method)) {
      const inner = this.value(/decode64$/.test(method) ? args[0] : receiver, depth + 1);
      if (inner.str !== undefined || inner.external) return { ...inner, range };
    }
    return /^ENV\b/.test(n.text) ? { range, external: true } : { range };
  }

  /** `HASH[:key]`, `HASH.fetch(:key)`, `settings.key` when the receiver's members are written in the file. */
  private entry(receiver: SyntaxNode, key: SyntaxNode | string | null | undefined, depth: number): Value | undefined {
    const wanted =
      typeof key === 'string'
        ? key
        : key?.type === 'simple_symbol'
          ? key.text.slice(1)
          : key
            ? this.value(key, depth + 1).str
            : undefined;
    const containers = wanted === undefined ? undefined : this.members(receiver);
    let found: SyntaxNode | undefined;
    for (const container of containers ?? []) {
      for (const pair of container.namedChildren.flatMap((c) => (c?.type === 'hash' ? c.namedChildren : [c]))) {
        if (pair?.type !== 'pair') continue;
        if (keyText(pair) === wanted) found = pair.childForFieldName('value') ?? undefined;
      }
    }
    return found ? this.value(found, depth + 1) : undefined;
  }
}

/** `endpoint:`, `:endpoint =>`, `"endpoint" =>` all name `endpoint`. */
export function keyText(pair: SyntaxNode): string {
  return (pair.childForFieldName('key')?.text ?? '').replace(/^:|:$/g, '').replace(/^["']|["']$/g, '');
}
