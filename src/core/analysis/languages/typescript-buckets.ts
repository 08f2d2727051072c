// Bucket-level encryption and policy facts in TypeScript/JavaScript: the SDK's PutBucketEncryption parameters and
// the CDK Bucket construct (its `encryption` prop, and statements added with addToResourcePolicy).
import { cdkBucketEncryptionValue } from '../sse-values';
import { cdkStatementTransportState, iacTransportState, UNKNOWN } from './iac-policy';
// `import = require`, not `import * as`: a namespace import reads every ts.* through a getter when run from source.
import ts = require('typescript');
import { paramName } from '../params';
import type { BucketEncryptionFact, BucketFact, OperationFact, Range, Value } from '../types';
import type { TsValues } from './ts-values';
import { unwrap } from './ts-values';

function insertFix(
  v: TsValues,
  obj: ts.ObjectLiteralExpression,
  text: string,
  title: string,
): BucketEncryptionFact['fix'] {
  const point = v.bag(obj).insert;
  if (!point) return undefined;
  return {
    title,
    edits: [{ start: point.offset, end: point.offset, newText: `${point.before}${text}${point.after}` }],
  };
}

function flipFix(value: Value, newText: string, title: string): BucketEncryptionFact['fix'] {
  return { title, edits: [{ start: value.range.start, end: value.range.end, newText }] };
}

/** How one syntax spells a bucket's default-encryption rules (the SDK call's input, or CDK's L1 CfnBucket props). */
interface EncryptionSpelling {
  /** Member path from the props to the list of rules. */
  rules: [string, string];
  byDefault: string;
  algorithm: string;
  bucketKey: string;
}

const SDK_SPELLING: EncryptionSpelling = {
  rules: ['ServerSideEncryptionConfiguration', 'Rules'],
  byDefault: 'ApplyServerSideEncryptionByDefault',
  algorithm: 'SSEAlgorithm',
  bucketKey: 'BucketKeyEnabled',
};

const CFN_SPELLING: EncryptionSpelling = {
  rules: ['bucketEncryption', 'serverSideEncryptionConfiguration'],
  byDefault: 'serverSideEncryptionByDefault',
  algorithm: 'sseAlgorithm',
  bucketKey: 'bucketKeyEnabled',
};

export interface BucketDefaults {
  /** Each rule's by-default settings as parameters (for the SSE value and KMS-key rules). */
  operations: OperationFact[];
  encryptions: BucketEncryptionFact[];
}

/** Default-encryption rules; anchor undefined reports each rule on its algorithm setting. */
function bucketDefaults(
  v: TsValues,
  props: ts.Expression | undefined,
  spelling: EncryptionSpelling,
  anchor?: Range,
): BucketDefaults {
  const out: BucketDefaults = { operations: [], encryptions: [] };
  const config = v.member(props, spelling.rules[0]);
  const rules = config && v.member(config, spelling.rules[1]);
  const list = rules && v.resolve(rules);
  if (!list || !ts.isArrayLiteralExpression(list)) return out;
  for (const element of list.elements) {
    const rule = v.resolve(element);
    if (!ts.isObjectLiteralExpression(rule)) continue;
    const byDefault = v.member(rule, spelling.byDefault);
    const settings = byDefault && v.bag(byDefault);
    const algorithm = settings?.props.find((p) => p.key === spelling.algorithm);
    if (!settings || !algorithm) continue;
    out.operations.push({ op: 'BucketEncryption', params: settings, range: algorithm.range });
    const bag = v.bag(rule);
    const bucketKey = bag.props.find((p) => p.name === 'bucketKey')?.value;
    const fix = bucketKey
      ? flipFix(bucketKey, 'true', `Set ${spelling.bucketKey}: true`)
      : insertFix(v, rule, `${spelling.bucketKey}: true`, `Add ${spelling.bucketKey}: true`);
    out.encryptions.push({
      algorithm: algorithm.value,
      anchor: anchor ?? algorithm.range,
      bucketKey,
      complete: bag.complete,
      fix,
    });
  }
  return out;
}

/** `{ ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: {...}, BucketKeyEnabled }] } }` */
export function sdkBucketEncryption(v: TsValues, params: ts.Expression | undefined, anchor: Range): BucketDefaults {
  return bucketDefaults(v, params, SDK_SPELLING, anchor);
}

/** L1 `new s3.CfnBucket(this, 'Id', { bucketEncryption: { serverSideEncryptionConfiguration: [...] } })`. */
export function cfnBucketEncryption(v: TsValues, props: ts.Expression | undefined): BucketDefaults {
  return bucketDefaults(v, props, CFN_SPELLING);
}

/** An L1 `CfnBucketPolicy`'s document, judged by the one policy reader. */
export function cfnPolicyState(v: TsValues, props: ts.Expression | undefined): BucketFact['policy'] {
  const doc = v.member(props, 'policyDocument');
  return doc ? iacTransportState(tsData(v, doc)) : 'unknown';
}

/** `new s3.Bucket(this, 'Id', { encryption: s3.BucketEncryption.KMS, bucketKeyEnabled: true })` */
export function cdkBucketEncryption(v: TsValues, props: ts.Expression | undefined): BucketEncryptionFact | undefined {
  const obj = props && v.resolve(props);
  if (!obj || !ts.isObjectLiteralExpression(obj)) return undefined;
  const bag = v.bag(obj);
  // An `encryptionKey` without `encryption` makes CDK choose KMS with that key.
  const encryption =
    bag.props.find((p) => p.key === 'encryption') ?? bag.props.find((p) => p.key === 'encryptionKey' && bag.complete);
  if (!encryption) return undefined;
  const member = encryption.key === 'encryptionKey' ? 'KMS' : (encryption.value.enumName?.split('.').pop() ?? '');
  const alg = cdkBucketEncryptionValue(member);
  const algorithm: Value = alg ? { range: encryption.value.range, str: alg } : { range: encryption.value.range };
  const bucketKey = bag.props.find((p) => paramName(p.key) === 'bucketKey')?.value;
  const fix = bucketKey
    ? flipFix(bucketKey, 'true', 'Set bucketKeyEnabled: true')
    : insertFix(v, obj, 'bucketKeyEnabled: true', 'Add bucketKeyEnabled: true');
  return { algorithm, anchor: encryption.range, bucketKey, complete: bag.complete, fix };
}

/** Whether `bucket.addToResourcePolicy(statement)` adds a Deny of plain HTTP, judged by the one policy reader. */
export function cdkPolicyState(v: TsValues, arg: ts.Expression | undefined): BucketFact['policy'] {
  const statement = arg && unwrap(v.resolve(arg));
  if (!statement || !ts.isNewExpression(statement) || !statement.arguments?.[0]) return 'unknown';
  return cdkStatementTransportState(tsData(v, statement.arguments[0]));
}

/** A TypeScript expression as plain data where it is literal (CDK's `Effect.DENY` included); UNKNOWN elsewhere. */
function tsData(v: TsValues, expr: ts.Expression, depth = 0): unknown {
  const e = unwrap(v.resolve(expr));
  if (depth > 20) return UNKNOWN;
  if (ts.isStringLiteralLike(e)) return e.text;
  if (ts.isNumericLiteral(e)) return Number(e.text);
  if (e.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (e.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (ts.isArrayLiteralExpression(e))
    return e.elements.map((x) => (ts.isSpreadElement(x) ? UNKNOWN : tsData(v, x, depth + 1)));
  if (ts.isPropertyAccessExpression(e) && /(^|\.)Effect$/.test(e.expression.getText())) {
    return e.name.text === 'DENY' ? 'Deny' : e.name.text === 'ALLOW' ? 'Allow' : UNKNOWN;
  }
  if (ts.isObjectLiteralExpression(e)) {
    const out: Record<string, unknown> = {};
    for (const p of e.properties) {
      if (!ts.isPropertyAssignment(p)) return UNKNOWN; // spreads, shorthand, methods: the object could hold anything
      const key = ts.isIdentifier(p.name) || ts.isStringLiteralLike(p.name) ? p.name.text : undefined;
      if (key === undefined) return UNKNOWN;
      out[key] = tsData(v, p.initializer, depth + 1);
    }
    return out;
  }
  return UNKNOWN;
}

/**
 * `for (const b of [events, sessions]) b.addToResourcePolicy(...)` / `[events, sessions].forEach((b) => ...)`: the
 * names a loop variable stands for, or undefined when `id` is no such variable.
 */
export function loopedOver(id: ts.Expression): string[] | undefined {
  const e = unwrap(id);
  if (!ts.isIdentifier(e)) return undefined;
  for (let p: ts.Node | undefined = e.parent; p; p = p.parent) {
    let list: ts.Expression | undefined;
    if (ts.isForOfStatement(p) && ts.isVariableDeclarationList(p.initializer)) {
      const d = p.initializer.declarations[0];
      if (d && ts.isIdentifier(d.name) && d.name.text === e.text) list = p.expression;
    } else if (ts.isArrowFunction(p) || ts.isFunctionExpression(p)) {
      const first = p.parameters[0];
      const call = p.parent;
      if (
        first &&
        ts.isIdentifier(first.name) &&
        first.name.text === e.text &&
        ts.isCallExpression(call) &&
        ts.isPropertyAccessExpression(call.expression) &&
        /^(forEach|map)$/.test(call.expression.name.text)
      )
        list = call.expression.expression;
    }
    if (list) {
      const array = unwrap(list);
      return ts.isArrayLiteralExpression(array) ? array.elements.map((x) => x.getText()) : undefined;
    }
  }
  return undefined;
}
