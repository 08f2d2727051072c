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

  constructor(assignments: readonly SyntaxNode[], nodesOfTypes: (types: string[]) => SyntaxNode[]) {
    this.methods = nodesOfTypes(['method', 'singleton_method']);
    // `def initialize(endpoint: ENV.fetch(...) { "http://..." }, bucket = "b")`: a default counts like an assignment.
    for (const p of nodesOfTypes(['keyword_parameter', 'optional_parameter'])) {
      const name = p.childForFieldName('name');
      const value = p.childForFieldName('value');
      if (name && value) this.remember(name, value);
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

  /** The hash literal a name (or `HASH.freeze`) stands for. */
  hashOf(n: SyntaxNode | null | undefined, depth = 0): SyntaxNode | undefined {
    if (!n || depth > 4) return undefined;
    if (n.type === 'hash') return n;
    if (n.type === 'call' && /^(freeze|dup)$/.test(n.childForFieldName('method')?.text ?? ''))
      return this.hashOf(n.childForFieldName('receiver'), depth + 1);
    const init = this.lookup(n);
    return init ? this.hashOf(init, depth + 1) : undefined;
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
        const init = this.lookup(n);
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
    if (/^(decode64|strict_decode64|urlsafe_decode64|unpack1|pack|freeze|to_s|b)$/.test(method)) {
      const inner = this.value(/decode64$/.test(method) ? args[0] : receiver, depth + 1);
      if (inner.str !== undefined || inner.external) return { ...inner, range };
    }
    return /^ENV\b/.test(n.text) ? { range, external: true } : { range };
  }

  /** `HASH[:key]` / `HASH.fetch(:key)` when HASH is a hash literal in the file. */
  private entry(receiver: SyntaxNode, key: SyntaxNode | null | undefined, depth: number): Value | undefined {
    const hash = this.hashOf(receiver);
    const wanted = key?.type === 'simple_symbol' ? key.text.slice(1) : key ? this.value(key, depth + 1).str : undefined;
    if (!hash || wanted === undefined) return undefined;
    for (const pair of hash.namedChildren) {
      if (pair?.type !== 'pair') continue;
      const k = (pair.childForFieldName('key')?.text ?? '').replace(/^:|:$/g, '').replace(/^["']|["']$/g, '');
      if (k === wanted) return this.value(pair.childForFieldName('value'), depth + 1);
    }
    return undefined;
  }
}
