// CloudFormation values as the template deploys them unless someone overrides its parameters: `Ref` to a parameter
// takes its `Default`, `Fn::If` takes the branch its condition selects when the condition resolves from defaults
// (`Fn::Equals`, `Fn::Not`, `Fn::And`, `Fn::Or`, `Condition`), `Fn::FindInMap` reads the template's `Mappings`, and
// `Fn::Sub` fills in parameters. Resolution works on the YAML nodes, so a resolved value keeps the literal it came
// from (a parameter's `Default`, a mapping entry, an `Fn::If` branch): that is where findings and fixes go.
import { isMap, isScalar, isSeq, type Document, type Node, type Pair, type Scalar } from 'yaml';
import type { Range, Value } from '../types';

/**
 * The template as plain data with short-form tags written out (`!If [c, a, b]` -> `{ "Fn::If": [c, a, b] }`,
 * `!Ref X` -> `{ Ref: X }`), so YAML and JSON templates read the same and intrinsics stay recognisable.
 */
export function toData(n: unknown, depth = 0): unknown {
  if (depth > 60) return undefined;
  let out: unknown;
  if (isMap(n)) {
    const o: Record<string, unknown> = {};
    for (const p of n.items) o[String(isScalar(p.key) ? p.key.value : p.key)] = toData(p.value, depth + 1);
    out = o;
  } else if (isSeq(n)) out = n.items.map((i) => toData(i, depth + 1));
  else if (isScalar(n)) out = n.value;
  else return undefined;
  const tag = (n as Node).tag;
  if (!tag?.startsWith('!')) return out;
  const name = tag.slice(1);
  if (name === 'Ref' || name === 'Condition') return { [name]: out };
  if (name === 'GetAtt' && typeof out === 'string') return { 'Fn::GetAtt': out.split('.') };
  return { [`Fn::${name}`]: out };
}

export function rangeOf(n: Node | null | undefined): Range {
  const r = n?.range;
  return r ? { start: r[0], end: r[1] } : { start: 0, end: 0 };
}

export function get(map: unknown, key: string): unknown {
  return isMap(map) ? map.get(key, true) : undefined;
}

/** A literal scalar as a value: strings (untagged) with their literal as origin, booleans. */
export function scalarValue(n: unknown): Value {
  if (!isScalar(n)) return { range: rangeOf(n as Node) };
  const range = rangeOf(n);
  if (typeof n.value === 'string' && !n.tag) return { range, str: n.value, origin: range };
  if (typeof n.value === 'boolean') return { range, bool: n.value };
  return { range };
}

/** Pseudo parameters with one value in the `aws` partition, the one S3 URLs are recognised in. */
const PSEUDO: Record<string, string> = { 'AWS::URLSuffix': 'amazonaws.com', 'AWS::Partition': 'aws' };

/** A `Fn::Sub` string with `${AWS::URLSuffix}` written out and any other placeholder as one host label `x`. */
export function fillPlaceholders(s: string): string {
  return s.replace(/\$\{([^}]*)\}/g, (_m, name: string) => PSEUDO[name] ?? 'x');
}

/** An intrinsic function node: its name and its argument node (short `!Tag` form or `{ "Fn::X": ... }`). */
function intrinsic(n: unknown): { name: string; arg: unknown } | undefined {
  const tag = (n as Node | undefined)?.tag;
  if (tag?.startsWith('!')) return { name: tag === '!Ref' ? 'Ref' : `Fn::${tag.slice(1)}`, arg: n };
  if (!isMap(n) || n.items.length !== 1) return undefined;
  const [pair] = n.items as Array<Pair<Scalar, unknown>>;
  const key = pair.key?.value;
  if (key === 'Condition') return { name: 'Fn::Condition', arg: pair.value };
  return typeof key === 'string' && (key === 'Ref' || key.startsWith('Fn::'))
    ? { name: key, arg: pair.value }
    : undefined;
}

function items(n: unknown): unknown[] {
  return isSeq(n) ? n.items : [];
}

const MAX_DEPTH = 12;

export class CfnIntrinsics {
  private readonly parameters: unknown;
  private readonly mappings: unknown;
  private readonly conditions: unknown;
  /** A Serverless Framework file: `${self:...}`, `${env:X, 'default'}` variables are its own. */
  private readonly serverless: boolean;

  constructor(
    private readonly doc: Document.Parsed,
    /** Conditions known to hold: a resource with `Condition: C` exists only when C is true. */
    private readonly assumed: ReadonlySet<string> = new Set(),
  ) {
    this.parameters = get(doc.contents, 'Parameters');
    this.mappings = get(doc.contents, 'Mappings');
    this.conditions = get(doc.contents, 'Conditions');
    this.serverless = get(doc.contents, 'service') !== undefined && isMap(get(doc.contents, 'provider'));
  }

  /** The same template, read inside a resource that exists only when `condition` holds. */
  assuming(condition: unknown): CfnIntrinsics {
    return isScalar(condition) && typeof condition.value === 'string'
      ? new CfnIntrinsics(this.doc, new Set([...this.assumed, condition.value]))
      : this;
  }

  /** The node a value deploys as: through parameter defaults, resolved `Fn::If`s and `Fn::FindInMap`. */
  resolve(n: unknown, depth = 0): unknown {
    const i = intrinsic(n);
    if (!i || depth > MAX_DEPTH) return n;
    if (i.name === 'Ref') {
      const name = isScalar(i.arg) ? i.arg.value : undefined;
      const fallback = typeof name === 'string' ? get(get(this.parameters, name), 'Default') : undefined;
      return fallback === undefined ? n : this.resolve(fallback, depth + 1);
    }
    if (i.name === 'Fn::If') {
      const [cond, yes, no] = items(i.arg);
      const c = isScalar(cond) && typeof cond.value === 'string' ? this.condition(cond.value, depth) : undefined;
      return c === undefined ? n : this.resolve(c ? yes : no, depth + 1);
    }
    if (i.name === 'Fn::FindInMap') {
      const [map, first, second] = items(i.arg).map((x) => this.text(x, depth + 1));
      if (map === undefined || first === undefined || second === undefined) return n;
      const hit = get(get(get(this.mappings, map), first), second);
      return hit === undefined ? n : this.resolve(hit, depth + 1);
    }
    return n;
  }

  /** The value of a node: resolved, placed where it is used, with its origin at the literal it came from. */
  value(n: unknown): Value {
    const r = this.resolve(n);
    const v = this.sub(r) ?? this.join(r) ?? this.variables(r) ?? scalarValue(r);
    return r === n ? v : { ...v, range: rangeOf(n as Node) };
  }

  /** `Fn::Join [sep, [parts]]` when every part is known; the part that holds a scheme is its origin. */
  private join(n: unknown): Value | undefined {
    const i = intrinsic(n);
    if (i?.name !== 'Fn::Join') return undefined;
    const [sep, list] = items(i.arg);
    const parts = items(list);
    const range = rangeOf(n as Node);
    const separator = this.text(sep, 0);
    const texts = parts.map((p) => this.text(p, 0));
    const scheme = parts.find((p) => isScalar(p) && typeof p.value === 'string' && /:\/\//.test(p.value));
    const origin = scheme ? rangeOf(scheme as Node) : undefined;
    if (separator === undefined) return { range };
    const known = texts.findIndex((t) => t === undefined);
    if (known < 0) return { range, str: texts.join(separator), origin };
    const prefix = texts.slice(0, known).join(separator);
    return prefix ? { range, prefix, origin } : { range };
  }

  /** A Serverless Framework string with `${self:a.b}` and `${env:X, 'default'}` variables filled in where known. */
  private variables(n: unknown): Value | undefined {
    if (!this.serverless || !isScalar(n) || typeof n.value !== 'string' || !n.value.includes('${')) return undefined;
    const range = rangeOf(n);
    let out = '';
    let rest = n.value;
    for (let m = /\$\{([^{}]*)\}/.exec(rest); m; m = /\$\{([^{}]*)\}/.exec(rest)) {
      out += rest.slice(0, m.index);
      rest = rest.slice(m.index + m[0].length);
      const filled = this.serverlessVariable(m[1]);
      if (filled === undefined) return out ? { range, prefix: out, origin: range } : { range };
      out += filled;
    }
    return { range, str: out + rest, origin: range };
  }

  private serverlessVariable(spec: string): string | undefined {
    const [source, ...fallback] = spec.split(',');
    const literal = /^\s*(['"])(.*)\1\s*$/.exec(fallback.join(','));
    const self = /^\s*self:([\w.-]+)\s*$/.exec(source);
    if (self) {
      const hit = self[1].split('.').reduce<unknown>((node, key) => get(node, key), this.doc.contents);
      if (isScalar(hit) && (typeof hit.value === 'string' || typeof hit.value === 'number')) return String(hit.value);
    }
    // `${env:X, 'default'}`, `${opt:stage, 'dev'}`: the default is what runs unless it is set.
    return literal ? literal[2] : undefined;
  }

  /** True when the setting is removed (`!Ref AWS::NoValue`) in the branch that deploys, or maybe in an unresolved one. */
  mayBeAbsent(n: unknown, depth = 0): boolean {
    const r = this.resolve(n);
    const i = intrinsic(r);
    if (!i || depth > MAX_DEPTH) return false;
    if (i.name === 'Ref') return isScalar(i.arg) && i.arg.value === 'AWS::NoValue';
    return (
      i.name === 'Fn::If' &&
      items(i.arg)
        .slice(1)
        .some((b) => this.mayBeAbsent(b, depth + 1))
    );
  }

  /** A string an intrinsic argument resolves to. */
  private text(n: unknown, depth: number): string | undefined {
    const r = depth > MAX_DEPTH ? n : this.resolve(n, depth);
    const ref = intrinsic(r);
    if (ref?.name === 'Ref' && isScalar(ref.arg) && typeof ref.arg.value === 'string' && PSEUDO[ref.arg.value])
      return PSEUDO[ref.arg.value];
    if (!isScalar(r) || r.tag) return undefined; // still an intrinsic: a parameter without default, a pseudo parameter
    const v = r.value;
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
  }

  /** `Fn::Sub` with parameters and its own variables filled in; an unknown placeholder leaves a known beginning. */
  private sub(n: unknown): Value | undefined {
    const i = intrinsic(n);
    if (i?.name !== 'Fn::Sub') return undefined;
    const [template, vars] = isSeq(i.arg) ? i.arg.items : [i.arg, undefined];
    if (!isScalar(template) || typeof template.value !== 'string') return undefined;
    const range = rangeOf(n as Node);
    const origin = rangeOf(template);
    let out = '';
    let rest = template.value;
    for (let m = /\$\{(!?)([^}]*)\}/.exec(rest); m; m = /\$\{(!?)([^}]*)\}/.exec(rest)) {
      out += rest.slice(0, m.index);
      rest = rest.slice(m.index + m[0].length);
      if (m[1]) {
        out += `\${${m[2]}}`; // `${!Literal}` is written out as `${Literal}`
        continue;
      }
      const own = get(vars, m[2]) ?? get(get(this.parameters, m[2]), 'Default');
      const filled = own === undefined ? PSEUDO[m[2]] : this.text(own, 0);
      if (filled === undefined) return out ? { range, prefix: out, origin } : { range };
      out += filled;
    }
    return { range, str: out + rest, origin };
  }

  /** A condition's value with every parameter at its default; undefined when it depends on something else. */
  condition(name: string, depth = 0): boolean | undefined {
    if (this.assumed.has(name)) return true;
    return depth > MAX_DEPTH ? undefined : this.evaluate(get(this.conditions, name), depth + 1);
  }

  private evaluate(c: unknown, depth: number): boolean | undefined {
    const i = intrinsic(c);
    if (!i || depth > MAX_DEPTH) return undefined;
    const args = items(i.arg);
    switch (i.name) {
      case 'Fn::Equals': {
        const [a, b] = args.map((x) => this.text(x, depth + 1));
        return a === undefined || b === undefined ? undefined : a === b;
      }
      case 'Fn::Not': {
        const v = this.evaluate(args[0], depth + 1);
        return v === undefined ? undefined : !v;
      }
      case 'Fn::And':
      case 'Fn::Or': {
        const vs = args.map((x) => this.evaluate(x, depth + 1));
        if (i.name === 'Fn::And' && vs.includes(false)) return false;
        if (i.name === 'Fn::Or' && vs.includes(true)) return true;
        return vs.includes(undefined) ? undefined : i.name === 'Fn::And';
      }
      case 'Fn::Condition':
        return isScalar(i.arg) && typeof i.arg.value === 'string' ? this.condition(i.arg.value, depth) : undefined;
      default:
        return undefined;
    }
  }
}
