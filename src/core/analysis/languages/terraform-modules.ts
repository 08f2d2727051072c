// `module` blocks that make buckets. Two public modules whose inputs are known (terraform-aws-modules/s3-bucket:
// `attach_deny_insecure_transport_policy`, `attach_policy` + `policy`, `server_side_encryption_configuration`;
// cloudposse/s3-bucket: `allow_ssl_requests_only`, `sse_algorithm`, `kms_master_key_arn`, `bucket_key_enabled`), and
// child modules in the workspace (`source = "./modules/bucket"`), whose encryption settings take the caller's inputs.
// A child module's own defaults are reported in the child's files; the caller gets the findings its inputs cause.
import type { BucketFact, FileFacts, Prop, Range, Value } from '../types';
import type { PolicyState } from './iac-policy';
import type { TfEncryption } from './terraform-encryption';
import { isRule, isSet } from './terraform-encryption';
import { attribute, attributeExpr, headerRange, rangeOf, type Block } from './terraform-hcl';
import type { TfPolicies } from './terraform-policies';
import { TfScope } from './terraform-scope';
import { walk, type SyntaxNode } from './tree-sitter';

export interface TfModuleContext {
  text: string;
  facts: FileFacts;
  scope: TfScope;
  policies: TfPolicies;
  encryption: TfEncryption;
  /** The top-level blocks of a child module folder, relative to this file; undefined when it cannot be read. */
  childBlocks(source: string): Block[] | undefined;
}

// Registry or git sources of the bucket module itself, and of its object submodule (`//modules/object`).
const AWS_MODULE_SOURCE = String.raw`(terraform-aws-modules/s3-bucket/aws|.*/terraform-aws-modules/terraform-aws-s3-bucket(\.git)?)`;
const AWS_BUCKET_MODULE = new RegExp(`^${AWS_MODULE_SOURCE}([?]|$)`);
const AWS_OBJECT_MODULE = new RegExp(`^${AWS_MODULE_SOURCE}//modules/object([?]|$)`);
const CLOUDPOSSE_BUCKET_MODULE = /^(cloudposse\/s3-bucket\/aws|.*\/cloudposse\/terraform-aws-s3-bucket(\.git)?)([?]|$)/;

/**
 * Buckets of this file handed to a module that may attach a policy to them (`bucket_id = aws_s3_bucket.x.id`): a
 * module we cannot read, or a workspace child module with an `aws_s3_bucket_policy`. Their policy is unknown.
 */
export function bucketsHandedOn(b: Block, ctx: TfModuleContext): string[] {
  const source = ctx.scope.value(attributeExpr(b.body, 'source')).str;
  if (source === undefined || AWS_BUCKET_MODULE.test(source) || AWS_OBJECT_MODULE.test(source)) return [];
  if (CLOUDPOSSE_BUCKET_MODULE.test(source)) return [];
  if (/^\.\.?\//.test(source)) {
    const child = ctx.childBlocks(source);
    if (child && !child.some((c) => c.type === 'resource' && c.labels[0] === 'aws_s3_bucket_policy')) return [];
  }
  const text = b.body?.text ?? '';
  return [...text.matchAll(/\baws_s3_bucket\.([\w-]+)/g)].map((m) => m[1]);
}

export function bucketModule(b: Block, ctx: TfModuleContext): void {
  const source = ctx.scope.value(attributeExpr(b.body, 'source')).str;
  if (source === undefined) return;
  if (AWS_BUCKET_MODULE.test(source)) awsBucketModule(b, ctx);
  else if (AWS_OBJECT_MODULE.test(source))
    ctx.encryption.object(b, 'PutObject', /^(file_source|content|content_base64)$/);
  else if (CLOUDPOSSE_BUCKET_MODULE.test(source)) cloudposseBucketModule(b, ctx);
  else if (/^\.\.?\//.test(source)) childModule(b, source, ctx);
}

/** A boolean input: its value, 'unset' when absent, undefined when it cannot be resolved. */
function flag(b: Block, name: string, ctx: TfModuleContext): boolean | 'unset' | undefined {
  const expr = attributeExpr(b.body, name);
  return expr ? ctx.scope.value(expr).bool : 'unset';
}

function awsBucketModule(b: Block, ctx: TfModuleContext): void {
  if (flag(b, 'create_bucket', ctx) === false) return;
  const deny = flag(b, 'attach_deny_insecure_transport_policy', ctx);
  const attach = flag(b, 'attach_policy', ctx);
  let policy: PolicyState = 'missing';
  if (deny === true) policy = 'denies-insecure';
  else if (deny === undefined || attach === undefined) policy = 'unknown';
  else if (attach === true) policy = ctx.policies.state(attributeExpr(b.body, 'policy'));
  pushModuleBucket(b, policy, 'attach_deny_insecure_transport_policy', ctx);
  const sse = attribute(b.body, 'server_side_encryption_configuration');
  // The configuration may be a local of this file (`= local.default_sse`): it is read, and reported, there.
  const held = sse && ctx.scope.resolve(sse.namedChildren[1]);
  if (held?.here) ctx.encryption.moduleEncryption(held.expr);
}

function cloudposseBucketModule(b: Block, ctx: TfModuleContext): void {
  if (flag(b, 'enabled', ctx) === false) return;
  const sslOnly = flag(b, 'allow_ssl_requests_only', ctx);
  const documents = attributeExpr(b.body, 'source_policy_documents');
  let policy: PolicyState = 'missing';
  if (sslOnly === true) policy = 'denies-insecure';
  else if (sslOnly === undefined || attribute(b.body, 'policy')) policy = 'unknown';
  else if (documents) policy = ctx.policies.listState(documents);
  pushModuleBucket(b, policy, 'allow_ssl_requests_only', ctx);

  // Flat inputs; the module defaults to AES256 and no Bucket Key.
  const header = headerRange(b);
  const sseAttr = attribute(b.body, 'sse_algorithm');
  const kmsAttr = attribute(b.body, 'kms_master_key_arn');
  const bucketKeyAttr = attribute(b.body, 'bucket_key_enabled');
  const sse: Prop = sseAttr
    ? inputProp('sse', sseAttr, ctx)
    : { name: 'sse', key: 'sse_algorithm', range: header, value: { range: header, enumName: 'AES256' } };
  const props = (kmsAttr ? [sse, inputProp('kmsKeyId', kmsAttr, ctx)] : [sse]).filter(isSet);
  ctx.facts.operations.push({ op: 'BucketEncryption', params: { props, complete: true }, range: header });
  if (!sseAttr) return;
  ctx.facts.bucketEncryptions.push({
    algorithm: sse.value,
    anchor: sse.range,
    bucketKey: bucketKeyAttr ? ctx.scope.value(bucketKeyAttr.namedChildren[1]) : { range: header, bool: false },
    complete: true,
    fix: ctx.encryption.bucketKeyFix(sseAttr, bucketKeyAttr),
  });
}

function inputProp(name: Prop['name'], attr: SyntaxNode, ctx: TfModuleContext): Prop {
  return {
    name,
    key: attr.namedChildren[0]?.text ?? '',
    range: rangeOf(attr),
    value: ctx.scope.value(attr.namedChildren[1]),
  };
}

/** The module's bucket, reported on its header; the fix turns on the module's own TLS-only policy input. */
function pushModuleBucket(b: Block, policy: PolicyState, input: string, ctx: TfModuleContext): void {
  const existing = attribute(b.body, input);
  let fix: BucketFact['fix'];
  if (existing) {
    const value = existing.namedChildren[1]!;
    fix = { title: `Set ${input} = true`, edits: [{ start: value.startIndex, end: value.endIndex, newText: 'true' }] };
  } else {
    const after = attribute(b.body, 'version') ?? attribute(b.body, 'source')!;
    fix = ctx.encryption.bucketKeyFix(after, undefined, input);
    fix = fix && { ...fix, title: `Add ${input} = true` };
  }
  ctx.facts.buckets.push({ name: `module.${b.labels[0] ?? ''}`, range: headerRange(b), policy, fix });
}

/** One encryption setting of a child module, as the caller's call makes it. */
interface Setting {
  value: Value;
  /** The caller's `name = value` input that supplies it, if any. */
  input?: SyntaxNode;
  /** `var.NAME` when the child reads the setting from a variable. */
  variable?: string;
}

function childModule(b: Block, source: string, ctx: TfModuleContext): void {
  const blocks = ctx.childBlocks(source);
  if (!blocks) return;
  const header = headerRange(b);
  const defaults = new Map<string, SyntaxNode>();
  for (const v of blocks)
    if (v.type === 'variable' && v.labels[0]) {
      const d = attributeExpr(v.body, 'default');
      if (d) defaults.set(v.labels[0], d);
    }
  // The child's literals and defaults are read without their ranges (they are in another file).
  const literals = new TfScope();
  const childValue = (expr: SyntaxNode | undefined): Value => {
    const v = expr ? literals.value(expr) : undefined;
    return { range: header, str: v?.str, bool: v?.bool };
  };
  const setting = (expr: SyntaxNode | null | undefined): Setting | undefined => {
    if (!expr) return undefined;
    const variable = /^var\.([\w-]+)$/.exec(expr.text.trim())?.[1];
    if (variable === undefined) return { value: childValue(expr) };
    const input = attribute(b.body, variable);
    if (input) return { value: ctx.scope.value(input.namedChildren[1]), input, variable };
    return { value: childValue(defaults.get(variable)), variable };
  };
  for (const r of blocks) {
    if (r.type !== 'resource' || !/^aws_s3_bucket(_server_side_encryption_configuration)?$/.test(r.labels[0] ?? ''))
      continue;
    walk(r.node, (n) => {
      if (n.type !== 'block' || n.namedChildren[0]?.text !== 'apply_server_side_encryption_by_default') return;
      const body = n.namedChildren.find((c) => c?.type === 'body') ?? null;
      const ruleBody = n.parent?.type === 'body' && isRule(n.parent.parent) ? n.parent : null;
      const bucketKey = setting(attributeExpr(ruleBody, 'bucket_key_enabled'));
      childEncryption(
        setting(attributeExpr(body, 'sse_algorithm')),
        setting(attributeExpr(body, 'kms_master_key_id')),
        bucketKey,
        b,
        ctx,
      );
    });
  }
}

/** Facts for the caller only when one of its inputs takes part; the child's defaults alone are the child's findings. */
function childEncryption(
  sse: Setting | undefined,
  kms: Setting | undefined,
  bucketKey: Setting | undefined,
  b: Block,
  ctx: TfModuleContext,
): void {
  if (!sse?.input && !kms?.input && !bucketKey?.input) return;
  const header = headerRange(b);
  const prop = (name: Prop['name'], key: string, s: Setting): Prop =>
    s.input
      ? { name, key, range: rangeOf(s.input), value: s.value }
      : // A child's default is named, not quoted: no finding or fix edits this file for it.
        { name, key, range: header, value: name === 'sse' ? { range: header, enumName: s.value.str } : s.value };
  const props: Prop[] = [];
  if (sse) props.push(prop('sse', 'sse_algorithm', sse));
  if (kms && (kms.input || kms.value.str !== undefined)) props.push(prop('kmsKeyId', 'kms_master_key_id', kms));
  if (props.length && !isSet(props[props.length - 1])) props.pop();
  if (sse?.input || kms?.input)
    ctx.facts.operations.push({ op: 'BucketEncryption', params: { props, complete: true }, range: header });
  if (!sse || (!sse.input && !bucketKey?.input)) return;
  const algorithm = props[0];
  const anchor: Range = sse.input ? algorithm.range : rangeOf(bucketKey!.input!);
  let fix: BucketFact['fix'];
  if (bucketKey?.input) fix = ctx.encryption.bucketKeyFix(bucketKey.input, bucketKey.input);
  else if (bucketKey?.variable && sse.input)
    fix = ctx.encryption.bucketKeyFix(sse.input, undefined, bucketKey.variable);
  ctx.facts.bucketEncryptions.push({
    algorithm: algorithm.value,
    anchor,
    bucketKey: bucketKey ? (bucketKey.input ? bucketKey.value : { ...bucketKey.value, range: header }) : undefined,
    complete: true,
    fix,
  });
}
