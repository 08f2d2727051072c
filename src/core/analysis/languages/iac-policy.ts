// Turns a policy document as an IaC front end sees it into a plain policy for the one bucket-policy reader
// (core/encryption/bucket-policy). IaC adds two things the reader does not know: values the front end could not
// resolve (UNKNOWN: a variable, a function call) and CloudFormation's Fn::If, whose branches are alternatives.
// A Deny in any branch counts, so conditions never cause a finding; an unresolved value where a decision is made
// (a statement, its Effect, the transport condition of a Deny) makes that statement unreadable.
import { transportState } from '../../encryption/bucket-policy';

/** A value the front end could not resolve. */
export const UNKNOWN: unique symbol = Symbol('unknown');

export type PolicyState = 'denies-insecure' | 'missing' | 'unknown';

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Ref / Fn::* other than Fn::If: a computed value in a place that needs a literal. */
function isIntrinsic(x: Record<string, unknown>): boolean {
  const keys = Object.keys(x);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

/** The values an expression may take: Fn::If branches, AWS::NoValue dropped, lists flattened one level. */
function alternatives(x: unknown): unknown[] {
  if (Array.isArray(x)) return x.flatMap((e) => alternatives(e));
  if (isObject(x)) {
    if (Array.isArray(x['Fn::If']) && Object.keys(x).length === 1)
      return (x['Fn::If'] as unknown[]).slice(1).flatMap((b) => alternatives(b));
    if (x.Ref === 'AWS::NoValue') return [];
  }
  return [x];
}

const UNREADABLE = null;

function plainValues(v: unknown): unknown[] | typeof UNREADABLE {
  const values = alternatives(v);
  return values.some((x) => x === UNKNOWN || isObject(x)) ? UNREADABLE : values;
}

function plainCondition(c: unknown): Record<string, unknown> | undefined | typeof UNREADABLE {
  if (c === undefined) return undefined;
  if (!isObject(c) || isIntrinsic(c)) return UNREADABLE;
  const out: Record<string, unknown> = {};
  for (const [op, body] of Object.entries(c)) {
    const bodies = alternatives(body);
    if (bodies.length !== 1 || !isObject(bodies[0]) || isIntrinsic(bodies[0])) return UNREADABLE;
    const keys: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(bodies[0])) {
      const values = plainValues(v);
      if (values === UNREADABLE) return UNREADABLE;
      keys[k] = values;
    }
    out[op] = keys;
  }
  return out;
}

function plainStatement(st: unknown): Record<string, unknown> | typeof UNREADABLE {
  if (!isObject(st) || isIntrinsic(st)) return UNREADABLE;
  const effects = alternatives(st.Effect);
  if (!effects.length || effects.some((e) => typeof e !== 'string')) return UNREADABLE;
  const effect = effects.find((e) => String(e).toLowerCase() === 'deny') ?? effects[0];
  const condition = plainCondition(st.Condition);
  if (condition === UNREADABLE)
    return String(effect).toLowerCase() === 'deny' ? UNREADABLE : { ...st, Effect: effect, Condition: undefined };
  return { ...st, Effect: effect, Condition: condition };
}

/** transportState for IaC documents: 'denies-insecure' if any alternative denies plain HTTP. */
export function iacTransportState(doc: unknown): PolicyState {
  const docs = alternatives(doc);
  if (!docs.length) return 'unknown';
  let state: PolicyState = 'missing';
  for (const d of docs) {
    if (!isObject(d) || isIntrinsic(d) || !('Statement' in d)) return 'unknown';
    const plain = { ...d, Statement: alternatives(d.Statement).map(plainStatement) };
    const s = transportState(plain);
    if (s === 'denies-insecure') return s;
    if (s === 'unknown') state = 'unknown';
  }
  return state;
}

/** A CDK `PolicyStatement` (props read as data, `Effect.DENY` as "Deny") judged as the one-statement policy it renders. */
export function cdkStatementTransportState(props: unknown): PolicyState {
  if (!isObject(props)) return 'unknown';
  const statement = {
    Effect: props.effect ?? 'Allow',
    Action: props.actions,
    NotAction: props.notActions ?? props.not_actions,
    Condition: props.conditions,
  };
  return iacTransportState({ Statement: [statement] });
}
