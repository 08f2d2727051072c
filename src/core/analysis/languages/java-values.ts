// Java values: what an expression resolves to within one file — string literals, constants per method scope,
// concatenation and String.format, value wrappers, settings defaults, constants of the file's own classes, and
// the expression a same-class helper method returns.
import type { Value } from '../types';
import { concatenated } from './concat';
import { accessorDefaults, injectedDefault, lookupFallback } from './java-settings';
import { innermostContaining, nodesOfTypes, rangeOf, type SyntaxNode } from './tree-sitter';

/** Calls that pass their argument's value through: `"..".getBytes()`, `URI.create("...")`, `Hex.decodeHex("...")`. */
const WRAPPERS = /(^|\.)(getBytes|decode|create|parseHex|decodeHex|fromHex|fromValue)$/;

/** The settings a class of the package declares (field defaults), by class name; for `props.getEndpoint()`. */
export type ClassDefaults = (className: string) => Map<string, Value> | undefined;

export class JavaValues {
  constructor(
    protected readonly root: SyntaxNode,
    protected readonly text: string,
    /** Another class's settings, when this file is read for a sibling (never for findings of its own). */
    private readonly classDefaults?: ClassDefaults,
  ) {}

  /** While a factory's result is read for one call (`create("http://...", false)`): its parameters' arguments. */
  private binding: { method: SyntaxNode; args: Map<string, SyntaxNode> } | undefined;

  private within(n: SyntaxNode, outer: SyntaxNode): boolean {
    return n.startIndex >= outer.startIndex && n.endIndex <= outer.endIndex;
  }

  /** Evaluates `read` with the parameters of the method holding `returned` bound to the arguments of `call`. */
  protected withArguments<T>(returned: SyntaxNode, call: SyntaxNode, read: () => T): T | undefined {
    const method = innermostContaining(this.methods, returned);
    if (method?.type !== 'method_declaration' || this.binding) return undefined;
    const params = (method.childForFieldName('parameters')?.namedChildren ?? []).filter(
      (p) => p?.type === 'formal_parameter',
    );
    const args = call.childForFieldName('arguments')?.namedChildren ?? [];
    if (params.length !== args.length) return undefined;
    const bound = new Map<string, SyntaxNode>();
    params.forEach((p, i) => {
      const name = p!.childForFieldName('name')?.text;
      if (name && args[i]) bound.set(name, args[i]);
    });
    this.binding = { method, args: bound };
    try {
      return read();
    } finally {
      this.binding = undefined;
    }
  }

  /** Accessor defaults of the file's settings interfaces and records, read once the file is indexed. */
  private accessors: Map<string, Value> | undefined;

  /** Declared types of parameters, fields and locals, by name (null when two declarations disagree). */
  private readonly declaredTypes = new Map<string, string | null>();

  /**
   * Reads the file's scopes, classes, helper returns, single-assignment names, injected defaults and the calls made
   * on each variable. `nodes` are the file's declarators, assignments and invocations.
   */
  protected index(nodes: SyntaxNode[]): void {
    this.methods = nodesOfTypes(this.root, ['method_declaration', 'constructor_declaration', 'lambda_expression']);
    for (const c of nodesOfTypes(this.root, ['class_declaration', 'interface_declaration', 'enum_declaration'])) {
      const name = c.childForFieldName('name')?.text;
      if (name) this.classes.add(name);
    }
    for (const m of this.methods) this.helperReturn(m);
    for (const d of nodesOfTypes(this.root, ['formal_parameter', 'field_declaration', 'local_variable_declaration'])) {
      this.declare(d);
      // `s3Client(@Value("${s3.endpoint:http://...}") String endpoint)`: the parameter's default.
      const name = d.type === 'formal_parameter' ? d.childForFieldName('name')?.text : undefined;
      const injected = name ? injectedDefault(d, (x) => this.value(x)) : undefined;
      if (!name || !injected) continue;
      this.parameterDefaults.set(this.scopeKey(d, name), injected);
      // A constructor parameter usually lands in the field of the same name (`this.legacyReads = legacyReads`).
      const prior = this.propertyDefaults.get(name);
      const same = prior?.str === injected.str && prior?.bool === injected.bool;
      if (!this.propertyDefaults.has(name) || same) this.propertyDefaults.set(name, injected);
      else this.ambiguousDefaults.add(name);
    }
    for (const n of nodes) {
      if (n.type === 'variable_declarator') {
        this.propertyDefault(n);
        const name = n.childForFieldName('name')?.text;
        const key = name && this.scopeKey(n, name);
        if (key) this.constants.set(key, this.constants.has(key) ? null : n.childForFieldName('value'));
      } else if (n.type === 'assignment_expression') {
        const left = n.childForFieldName('left');
        // `endpoint = System.getenv("X")` under a null check: the literal it started with stays the default.
        if (left?.type === 'identifier' && !this.value(n.childForFieldName('right')).external) {
          const local = this.scopeKey(n, left.text);
          this.constants.set(this.constants.has(local) ? local : `-1:${left.text}`, null);
        }
      }
    }
    if (/@(WithDefault|DefaultValue)\b/.test(this.text))
      this.accessors = accessorDefaults(this.root, (x) => this.value(x));
    for (const n of nodes) {
      const obj = n.type === 'method_invocation' ? n.childForFieldName('object') : null;
      if (obj?.type === 'identifier') this.callsOn.set(obj.text, [...(this.callsOn.get(obj.text) ?? []), n]);
    }
  }

  protected readonly constants = new Map<string, SyntaxNode | null>();

  private declare(d: SyntaxNode): void {
    const type = d.childForFieldName('type')?.text;
    const names =
      d.type === 'formal_parameter'
        ? [d.childForFieldName('name')]
        : d.namedChildren.filter((c) => c?.type === 'variable_declarator').map((c) => c!.childForFieldName('name'));
    for (const n of names) {
      if (!n || !type) continue;
      const prior = this.declaredTypes.get(n.text);
      this.declaredTypes.set(n.text, prior === undefined || prior === type ? type : null);
    }
  }

  /** Class-level settings of this file: field initialisers and injected defaults, by field name. */
  fieldDefaults(): Map<string, Value> {
    const out = new Map(this.propertyDefaults);
    for (const [key, init] of this.constants) {
      if (!key.startsWith('-1:') || !init) continue;
      const v = this.value(init);
      if (v.str !== undefined || v.bool !== undefined) out.set(key.slice(3), v);
    }
    return out;
  }

  /** Calls whose receiver is a plain variable, by variable name (`meta.setSSEAlgorithm(...)`, `req.withX(...)`). */
  protected readonly callsOn = new Map<string, SyntaxNode[]>();

  /** Classes declared in the file: `Modes.LEGACY_SSE` reads that class's constant. */
  protected readonly classes = new Set<string>();

  /** Methods with one `return <expr>`, by name: helpers that return a builder, a metadata object, a client. */
  protected readonly returns = new Map<string, SyntaxNode | null>();

  /** Records what a method returns when it has exactly one `return <expr>` (a second one makes it ambiguous). */
  protected helperReturn(m: SyntaxNode): void {
    const name = m.type === 'method_declaration' ? m.childForFieldName('name')?.text : undefined;
    const body = m.childForFieldName('body');
    if (!name || !body) return;
    const found: SyntaxNode[] = [];
    for (const c of nodesOfTypes(body, ['return_statement']))
      if (c.namedChildren[0] && innermostContaining(this.methods, c)?.id === m.id) found.push(c.namedChildren[0]);
    this.returns.set(name, this.returns.has(name) || found.length !== 1 ? null : found[0]);
  }

  /** The expression a same-class helper call (`baseBuilder()`, `this.metadataFor(f)`) returns. */
  protected helperResult(call: SyntaxNode): SyntaxNode | undefined {
    const obj = call.childForFieldName('object');
    if (obj && obj.type !== 'this') return undefined;
    return this.returns.get(call.childForFieldName('name')?.text ?? '') ?? undefined;
  }

  value(n: SyntaxNode | null, depth = 0): Value {
    if (!n) return { range: { start: 0, end: 0 } };
    const range = rangeOf(n);
    if (depth > 8) return { range };
    switch (n.type) {
      case 'string_literal': {
        const str = n.namedChildren
          .filter((c) => c?.type === 'string_fragment' || c?.type === 'escape_sequence')
          .map((c) => c!.text)
          .join('');
        return { range, str, origin: range };
      }
      case 'true':
        return { range, bool: true };
      case 'false':
        return { range, bool: false };
      case 'ternary_expression': {
        // `env != null ? env : "http://..."`: when only one branch is a known value, it is the default.
        const a = this.value(n.childForFieldName('consequence'), depth + 1);
        const b = this.value(n.childForFieldName('alternative'), depth + 1);
        const known = [a, b].filter((v) => v.str !== undefined || v.bool !== undefined);
        return known.length === 1 ? { ...known[0], range } : { range };
      }
      case 'parenthesized_expression':
        return { ...this.value(n.namedChildren[0] ?? null, depth + 1), range };
      case 'binary_expression': {
        if (n.childForFieldName('operator')?.text !== '+') return { range };
        const l = this.value(n.childForFieldName('left'), depth + 1);
        return concatenated(range, l, this.value(n.childForFieldName('right'), depth + 1));
      }
      case 'identifier': {
        const init = this.constant(n);
        if (init) return { ...this.value(init, depth + 1), range };
        const injected = this.injected(n);
        if (injected) return { ...injected, range };
        const bound = this.binding && this.within(n, this.binding.method) ? this.binding.args.get(n.text) : undefined;
        return bound ? { ...this.value(bound, depth + 1), range } : { range };
      }
      case 'field_access': {
        if (n.text === 'Boolean.TRUE') return { range, bool: true };
        if (n.text === 'Boolean.FALSE') return { range, bool: false };
        // `Modes.LEGACY_SSE`, `this.endpoint`: a constant of a class declared in this file.
        const owner = n.childForFieldName('object');
        const field = n.childForFieldName('field')?.text;
        const own = owner?.type === 'this' || (owner?.type === 'identifier' && this.classes.has(owner.text));
        const init = own && field ? this.constants.get(`-1:${field}`) : undefined;
        if (init) return { ...this.value(init, depth + 1), range };
        return { range, enumName: n.text };
      }
      case 'method_invocation': {
        const name = n.childForFieldName('name')?.text ?? '';
        const obj = n.childForFieldName('object');
        const fallback = lookupFallback(n, (x) => this.value(x, depth + 1));
        if (fallback) return { ...fallback, range };
        if (/^(getenv|getProperty)$/.test(name) || /^(readAllBytes|readString|getSecretValue)$/.test(name))
          return { range, external: true };
        // A getter of this class's own setting (`getEndpoint()` for a field `endpoint`).
        const getter = /^get([A-Z]\w*)$/.exec(name)?.[1];
        const noArgs = !n.childForFieldName('arguments')?.namedChildren.length;
        const field = getter && noArgs ? getter.charAt(0).toLowerCase() + getter.slice(1) : undefined;
        if (field && (!obj || obj.type === 'this')) {
          const init = this.constants.get(`-1:${field}`);
          if (init) return { ...this.value(init, depth + 1), range };
          const injected = this.propertyDefaults.get(field);
          if (injected) return { ...injected, range };
        }
        // `config.endpoint()` on a `@ConfigMapping` interface or a settings record of this file.
        const owner = obj?.type === 'identifier' ? this.declaredTypes.get(obj.text) : undefined;
        const accessor = owner && noArgs ? this.accessors?.get(`${owner}.${name}`) : undefined;
        if (accessor) return { ...accessor, range };
        // `props.getEndpoint()` on a settings class of the package (`StorageProps props`).
        const type = field && obj?.type === 'identifier' ? this.declaredTypes.get(obj.text) : undefined;
        const other = type ? this.classDefaults?.(type)?.get(field!) : undefined;
        if (other) return { ...other, range };
        if (name === 'getBytes' && obj) return { ...this.value(obj, depth + 1), range };
        if (name === 'format' && obj?.text === 'String') return this.stringFormat(n, depth);
        const arg = n.childForFieldName('arguments')?.namedChildren[0] ?? null;
        if (WRAPPERS.test(name) && arg) return { ...this.value(arg, depth + 1), range };
        return { range };
      }
      default:
        return { range };
    }
  }

  /** `String.format("http://%s:%d", HOST, PORT)`: placeholders filled from known values; the first unknown one ends the known start. */
  protected stringFormat(n: SyntaxNode, depth: number): Value {
    const range = rangeOf(n);
    const [formatNode, ...args] = n.childForFieldName('arguments')?.namedChildren ?? [];
    const format = this.value(formatNode ?? null, depth + 1).str;
    if (format === undefined) return { range };
    const parts = format.split(/%[sd]/);
    let text = parts[0];
    for (let i = 1; i < parts.length; i++) {
      const arg = args[i - 1];
      const e = arg?.type === 'identifier' ? this.constant(arg) : arg;
      const v = e?.type === 'decimal_integer_literal' ? e.text : e ? this.value(e, depth + 1).str : undefined;
      if (v === undefined) return { range, prefix: text };
      text += v + parts[i];
    }
    return { range, str: text, origin: range };
  }

  /** Fields injected by Spring with a default (`@Value("${s3.endpoint:http://...}") String endpoint`), by name. */
  protected readonly propertyDefaults = new Map<string, Value>();
  /** Injected parameters (`@Value("${k:d}") String endpoint`), by method scope; a lambda sees its method's. */
  private readonly parameterDefaults = new Map<string, Value>();
  /** Names injected with different defaults in different places: only their own method knows which. */
  private readonly ambiguousDefaults = new Set<string>();

  private injected(n: SyntaxNode): Value | undefined {
    for (let p = n.parent; p; p = p.parent) {
      if (!/^(method_declaration|constructor_declaration|lambda_expression)$/.test(p.type)) continue;
      const own = this.parameterDefaults.get(`${p.startIndex}:${n.text}`);
      if (own) return own;
    }
    return this.ambiguousDefaults.has(n.text) ? undefined : this.propertyDefaults.get(n.text);
  }

  /** An injected field's default (`@Value("${k:default}")`, `@ConfigProperty(defaultValue = ...)`) is what runs. */
  protected propertyDefault(declarator: SyntaxNode): void {
    const name = declarator.childForFieldName('name')?.text;
    const field = declarator.parent;
    const injectable = field?.type === 'field_declaration' && !declarator.childForFieldName('value');
    const v = name && injectable ? injectedDefault(field, (x) => this.value(x)) : undefined;
    if (name && v) this.propertyDefaults.set(name, v);
  }

  /** Locals are keyed by their method (`<start>:<name>`); fields and other class-level names by -1. */
  protected methods: SyntaxNode[] = [];

  protected scopeKey(n: SyntaxNode, name: string): string {
    const m = innermostContaining(this.methods, n);
    return `${m ? m.startIndex : -1}:${name}`;
  }

  protected constant(n: SyntaxNode): SyntaxNode | null {
    const local = this.scopeKey(n, n.text);
    if (this.constants.has(local)) return this.constants.get(local) ?? null;
    return this.constants.get(`-1:${n.text}`) ?? null;
  }

  protected enclosingBody(n: SyntaxNode): SyntaxNode {
    return innermostContaining(this.methods, n) ?? this.root;
  }

  /** Calls made on a local variable inside the same method as `near`. */
  protected localCalls(variable: string, near: SyntaxNode): SyntaxNode[] {
    const body = this.enclosingBody(near);
    return (this.callsOn.get(variable) ?? []).filter(
      (c) => c.startIndex >= body.startIndex && c.endIndex <= body.endIndex,
    );
  }
}

/** The settings a class file declares (field initialisers, injected defaults), by field name. */
export function classSettings(root: SyntaxNode, text: string): Map<string, Value> {
  const values = new (class extends JavaValues {
    read(): Map<string, Value> {
      this.index(nodesOfTypes(this.root, ['variable_declarator', 'assignment_expression', 'method_invocation']));
      return this.fieldDefaults();
    }
  })(root, text);
  return values.read();
}
