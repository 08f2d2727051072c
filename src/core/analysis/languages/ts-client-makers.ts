// Clients built from their maker's parameters, made concrete at each place the maker is called:
//   function clientFor(settings) { return new S3Client({ endpoint: settings.endpoint }) }   const onPrem = clientFor(ON_PREM)
//   function storage({ endpoint = 'http://...', tls = false } = {}) { const client = new S3Client({ endpoint, tls }); return { client } }
//   class Store { constructor(o) { this.s3 = new S3Client({ endpoint: o.endpoint }) } }   new Store({ endpoint: 'http://...' })
//   function make(options) { return new S3Client(options) }   make({ endpoint: 'http://...' })
// Each call site gets the client it makes: the maker's own settings, with those read from parameters replaced by the
// arguments given there (a parameter's default stays when the argument leaves it out; an unknown argument hides it).
import ts = require('typescript');
import type { ClientFact, ParamBag, Prop } from '../types';
import { returnedExpression } from './ts-functions';
import { unwrap, type TsValues } from './ts-values';

/** One client option read from a parameter: argument `index`, its member `member` (the whole argument if absent). */
interface Read {
  key: string;
  index: number;
  member?: string;
}

interface Maker {
  /** The client the maker's caller ends up holding, relative to the call's result (`''`, `.client`) or, for a class, the field itself (`this.s3`). */
  at: { path: string } | { field: string };
  options: ParamBag;
  /** Where the maker builds the client: a class's instances share its methods, so their clients sit there. */
  range: ClientFact['range'];
  reads: Read[];
  /** The options object is this parameter itself (`new S3Client(options)`). */
  whole?: number;
}

/** The name a call spells for a function-like node: its own name or the variable / property holding it. */
function functionName(fn: ts.SignatureDeclaration): string | undefined {
  const named = fn as ts.Node as { name?: ts.Node };
  if (named.name && ts.isIdentifier(named.name)) return named.name.text;
  const holder = fn.parent;
  if (
    holder &&
    (ts.isVariableDeclaration(holder) || ts.isPropertyAssignment(holder) || ts.isPropertyDeclaration(holder)) &&
    ts.isIdentifier(holder.name)
  )
    return holder.name.text;
  return undefined;
}

/** Where parameter-held settings come from: `[index, member]` of the function's parameters, or undefined. */
function parameterSource(fn: ts.SignatureDeclaration, expr: ts.Expression): [number, string | undefined] | undefined {
  const e = unwrap(expr);
  const params = fn.parameters;
  const named = (name: string) => params.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === name);
  if (ts.isPropertyAccessExpression(e)) {
    const holder = unwrap(e.expression);
    // `settings.endpoint`, or `this.options.endpoint` where `options` is a constructor parameter property.
    const name = ts.isIdentifier(holder)
      ? holder.text
      : ts.isPropertyAccessExpression(holder) && holder.expression.kind === ts.SyntaxKind.ThisKeyword
        ? holder.name.text
        : undefined;
    const i = name === undefined ? -1 : named(name);
    return i >= 0 ? [i, e.name.text] : undefined;
  }
  if (!ts.isIdentifier(e)) return undefined;
  const i = named(e.text);
  if (i >= 0) return [i, undefined];
  // `({ endpoint = '...', tls }: Options = {})`: a name destructured from one parameter.
  for (let p = 0; p < params.length; p++) {
    const pattern = params[p].name;
    if (!ts.isObjectBindingPattern(pattern)) continue;
    for (const el of pattern.elements) {
      if (!ts.isIdentifier(el.name) || el.name.text !== e.text || el.dotDotDotToken) continue;
      const prop = el.propertyName;
      return [p, prop && (ts.isIdentifier(prop) || ts.isStringLiteral(prop)) ? prop.text : e.text];
    }
  }
  return undefined;
}

export class ClientMakers {
  private readonly makers = new Map<string, Maker>();

  constructor(private readonly v: TsValues) {}

  /**
   * A client constructed at `n` with `options` (from `arg0`), held in `assigned` (if any): remembered when the
   * function around it is a maker its callers name.
   */
  note(
    n: ts.NewExpression,
    options: ParamBag,
    arg0: ts.Expression | undefined,
    assigned: string | undefined,
    range: ClientFact['range'],
  ): void {
    const fn = ts.findAncestor<ts.SignatureDeclaration>(n.parent, ts.isFunctionLike);
    if (!fn || !arg0) return;
    const reads: Read[] = [];
    for (const prop of options.props) {
      const expr = this.v.member(arg0, prop.key);
      const source = expr && parameterSource(fn, expr);
      if (source) reads.push({ key: prop.key, index: source[0], member: source[1] });
    }
    const whole = parameterSource(fn, arg0);
    if (!reads.length && !(whole && whole[1] === undefined)) return;
    const maker: Maker = { at: { path: '' }, options, range, reads, whole: whole && !whole[1] ? whole[0] : undefined };
    if (ts.isConstructorDeclaration(fn)) {
      const cls = fn.parent;
      if (assigned && ts.isClassLike(cls) && cls.name)
        this.makers.set(`new ${cls.name.text}`, { ...maker, at: { field: assigned } });
      return;
    }
    const name = functionName(fn);
    const path = name && this.returnedPath(fn, n, assigned);
    if (name && path !== undefined) this.makers.set(`${name}()`, { ...maker, at: { path } });
  }

  /** `''` when the function returns the client, `.client` when it returns `{ client, ... }`; else undefined. */
  private returnedPath(
    fn: ts.SignatureDeclaration,
    n: ts.NewExpression,
    assigned: string | undefined,
  ): string | undefined {
    const returned = returnedExpression(fn);
    if (!returned) return undefined;
    if (returned === n || (assigned && ts.isIdentifier(returned) && returned.text === assigned)) return '';
    if (!assigned || !ts.isObjectLiteralExpression(returned)) return undefined;
    for (const p of returned.properties) {
      if (ts.isShorthandPropertyAssignment(p) && p.name.text === assigned) return `.${p.name.text}`;
      if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && unwrap(p.initializer).getText() === assigned)
        return `.${p.name.text}`;
    }
    return undefined;
  }

  /** The client a call of maker `key` makes (`variable` holds the call's result), or nothing if `key` is no maker. */
  site(
    key: string,
    call: ts.CallExpression | ts.NewExpression,
    variable: string | undefined,
    range: ClientFact['range'],
  ): ClientFact | undefined {
    const maker = this.makers.get(key);
    if (!maker) return undefined;
    const field = 'field' in maker.at;
    const at =
      'field' in maker.at ? maker.at.field : variable === undefined ? undefined : `${variable}${maker.at.path}`;
    if (at === undefined) return undefined;
    if (field) range = maker.range;
    const args = call.arguments ?? ts.factory.createNodeArray<ts.Expression>();
    if (maker.whole !== undefined) {
      const given = args[maker.whole];
      return given ? { variable: at, options: this.v.bag(given), range } : undefined;
    }
    const props: Prop[] = maker.options.props.filter((p) => !maker.reads.some((r) => r.key === p.key));
    for (const r of maker.reads) {
      const own = maker.options.props.find((p) => p.key === r.key)!;
      const arg = args[r.index];
      const given = arg && (r.member === undefined ? arg : this.givenMember(arg, r.member));
      if (given === undefined)
        props.push(own); // left out: the parameter's default (if any) runs
      else if (given) props.push({ ...own, range: this.v.range(given), value: this.v.value(given) });
    }
    return { variable: at, options: { props, complete: false }, range };
  }

  /** The argument's member (undefined when the argument visibly leaves it out, null when it cannot be told). */
  private givenMember(arg: ts.Expression, member: string): ts.Expression | null | undefined {
    const found = this.v.member(arg, member);
    if (found) return found;
    return ts.isObjectLiteralExpression(this.v.resolve(arg)) && this.v.bag(arg).complete ? undefined : null;
  }
}
