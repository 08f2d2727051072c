// Bucket-level encryption and policy facts in TypeScript/JavaScript: the SDK's PutBucketEncryption parameters and
// the CDK Bucket construct (its `encryption` prop, and statements added with addToResourcePolicy).
import { cdkBucketEncryptionValue } from '../sse-values';
import { cdkStatementTransportState, UNKNOWN } from './iac-policy';
// `import = require`, not `import * as`: a namespace import reads every ts.* through a getter when run from source.
import ts = require('typescript');
import { paramName } from '../params';
import type { BucketEncryptionFact, BucketFact, Range, Value } from '../types';
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

/** `{ ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: {...}, BucketKeyEnabled }] } }` */
export function sdkBucketEncryption(
  v: TsValues,
  params: ts.Expression | undefined,
  anchor: Range,
): BucketEncryptionFact[] {
  const config = v.member(params, 'ServerSideEncryptionConfiguration');
  const rules = config && v.member(config, 'Rules');
  const list = rules && v.resolve(rules);
  if (!list || !ts.isArrayLiteralExpression(list)) return [];
  const out: BucketEncryptionFact[] = [];
  for (const element of list.elements) {
    const rule = v.resolve(element);
    if (!ts.isObjectLiteralExpression(rule)) continue;
    const byDefault = v.member(rule, 'ApplyServerSideEncryptionByDefault');
    const algorithm = byDefault && v.member(byDefault, 'SSEAlgorithm');
    if (!algorithm) continue;
    const bag = v.bag(rule);
    const bucketKey = bag.props.find((p) => p.name === 'bucketKey')?.value;
    const fix = bucketKey
      ? flipFix(bucketKey, 'true', 'Set BucketKeyEnabled: true')
      : insertFix(v, rule, 'BucketKeyEnabled: true', 'Add BucketKeyEnabled: true');
    out.push({ algorithm: v.value(algorithm), anchor, bucketKey, complete: bag.complete, fix });
  }
  return out;
}

/** `new s3.Bucket(this, 'Id', { encryption: s3.BucketEncryption.KMS, bucketKeyEnabled: true })` */
export function cdkBucketEncryption(v: TsValues, props: ts.Expression | undefined): BucketEncryptionFact | undefined {
  const obj = props && v.resolve(props);
  if (!obj || !ts.isObjectLiteralExpression(obj)) return undefined;
  const bag = v.bag(obj);
  const encryption = bag.props.find((p) => p.key === 'encryption');
  if (!encryption) return undefined;
  const member = encryption.value.enumName?.split('.').pop() ?? '';
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
