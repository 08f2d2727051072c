// Terraform front end (tree-sitter HCL): aws provider settings, bucket encryption and bucket TLS policies. A module
// folder is one unit: a bucket's policy (or the policy document it uses) may live in any .tf file of the folder.
import type { ModuleFiles } from '../module-files';
import { paramName } from '../params';
import { emptyFacts, type BucketFact, type FileFacts, type Prop, type Value } from '../types';
import type { FrontEnd } from './front-end';
import { SECURE_TRANSPORT_KEY, TLS_STATEMENT_SID } from '../../encryption/bucket-policy';
import { iacTransportState, UNKNOWN, type PolicyState } from './iac-policy';
import { hclToData } from './terraform-values';
import { createParser, nodesWithHttp, parseBounded, rangeOf, walk, type SyntaxNode } from './tree-sitter';
import { treeSitterFrontEnd } from './tree-sitter-front-end';
import type * as TreeSitter from 'web-tree-sitter';

const STRING_TYPES = new Set(['string_lit']);

/** The policy facts a file contributes to its module: bucket policies and named policy documents. */
interface ModuleSummary {
  policies: Array<{ target?: string; state: PolicyState }>;
}

interface Block {
  node: SyntaxNode;
  type: string;
  labels: string[];
  body: SyntaxNode | null;
}

function block(n: SyntaxNode): Block {
  const labels = n.namedChildren.filter((c) => c?.type === 'string_lit').map((c) => c!.text.slice(1, -1));
  return {
    node: n,
    type: n.namedChildren[0]?.text ?? '',
    labels,
    body: n.namedChildren.find((c) => c?.type === 'body') ?? null,
  };
}

function children(body: SyntaxNode | null, type: 'attribute' | 'block'): SyntaxNode[] {
  return body?.namedChildren.filter((c): c is SyntaxNode => c?.type === type) ?? [];
}

function attribute(body: SyntaxNode | null, name: string): SyntaxNode | undefined {
  return children(body, 'attribute').find((a) => a.namedChildren[0]?.text === name);
}

function nested(body: SyntaxNode | null, name: string): Block[] {
  return children(body, 'block')
    .map(block)
    .filter((b) => b.type === name);
}

function topBlocks(root: SyntaxNode): Block[] {
  const body = root.namedChildren.find((c) => c?.type === 'body') ?? null;
  return children(body, 'block').map(block);
}

/** A module variable's literal default: what `var.NAME` is unless the caller sets it. */
type VariableDefaults = Map<string, Value>;

function variableDefaults(blocks: Block[], read: (expr: SyntaxNode | null | undefined) => Value): VariableDefaults {
  const out: VariableDefaults = new Map();
  for (const b of blocks) {
    if (b.type !== 'variable' || !b.labels[0]) continue;
    const value = read(attribute(b.body, 'default')?.namedChildren[1]);
    if (value.str !== undefined || value.bool !== undefined) out.set(b.labels[0], value);
  }
  return out;
}

/** Files whose variables may default to an insecure setting: only these siblings are parsed for their defaults. */
const INSECURE_DEFAULT = {
  test: (text: string) => /\bvariable\s+"/.test(text) && /\bdefault\s*=\s*("http:\/\/|true\b)/.test(text),
};

class TerraformFacts {
  readonly facts: FileFacts = emptyFacts('terraform');
  private readonly blocks: Block[];
  private readonly variables: VariableDefaults;

  /** `documents`: the module's `data "aws_iam_policy_document"` blocks, this file's and its siblings'. */
  constructor(
    private readonly root: SyntaxNode,
    private readonly text: string,
    private readonly documents: Block[] = [],
    blocks?: Block[],
    /** Defaults of the variables declared in the module's other files (their ranges are not in this file). */
    siblingVariables: VariableDefaults = new Map(),
  ) {
    this.blocks = blocks ?? topBlocks(root);
    this.variables = new Map([...siblingVariables, ...variableDefaults(this.blocks, (e) => this.value(e))]);
  }

  value(expr: SyntaxNode | null | undefined): Value {
    if (!expr) return { range: { start: 0, end: 0 } };
    const range = rangeOf(expr);
    // `var.NAME`: its default (a sibling's is reported here, where it is used; this file's on its literal).
    const variable = /^var\.([\w-]+)$/.exec(expr.text.trim())?.[1];
    const known = variable !== undefined ? this.variables?.get(variable) : undefined;
    if (known) return { ...known, range, origin: known.origin };
    const lit = expr.type === 'expression' ? expr.namedChildren[0] : expr;
    if (lit?.type === 'literal_value') {
      const inner = lit.namedChildren[0];
      if (inner?.type === 'bool_lit') return { range, bool: inner.text === 'true' };
      if (inner?.type === 'string_lit' && !inner.namedChildren.some((c) => c?.type === 'template_interpolation')) {
        return { range, str: inner.text.slice(1, -1), origin: rangeOf(inner) };
      }
    }
    return { range };
  }

  private props(body: SyntaxNode | null): Prop[] {
    return children(body, 'attribute').map((a) => {
      const key = a.namedChildren[0]?.text ?? '';
      return { name: paramName(key), key, range: rangeOf(a), value: this.value(a.namedChildren[1]) };
    });
  }

  /** This file's bucket policies, evaluated against the module's policy documents. */
  summary(): ModuleSummary {
    const policies: ModuleSummary['policies'] = [];
    for (const b of this.blocks) {
      if (!isBucketPolicy(b)) continue;
      // `bucket = aws_s3_bucket.x.id`, or `for_each = aws_s3_bucket.x` with `bucket = each.value.id`.
      const bucketText = attribute(b.body, 'bucket')?.text ?? '';
      const source = /=\s*each\.(value|key)\b/.test(bucketText)
        ? (attribute(b.body, 'for_each')?.text ?? '')
        : bucketText;
      const target = /aws_s3_bucket\.([\w-]+)\b/.exec(source)?.[1];
      policies.push({ target, state: this.policyState(attribute(b.body, 'policy')) });
    }
    return { policies };
  }

  collect(siblings: ModuleSummary[] = []): FileFacts {
    for (const n of nodesWithHttp(this.root, this.text, STRING_TYPES))
      this.facts.strings.push({ value: n.text.slice(1, -1), range: rangeOf(n) });
    const policies = [...this.summary().policies, ...siblings.flatMap((s) => s.policies)];
    for (const b of this.blocks) {
      const [kind, name] = b.labels;
      if (b.type === 'provider' && kind === 'aws') this.provider(b);
      if (b.type === 'terraform') for (const backend of nested(b.body, 'backend')) this.s3Backend(backend);
      // Bucket modules (terraform-aws-modules/s3-bucket and alike) take the same settings as an object.
      const moduleSse = b.type === 'module' ? attribute(b.body, 'server_side_encryption_configuration') : undefined;
      if (moduleSse) this.moduleEncryption(moduleSse);
      if (b.type !== 'resource') continue;
      if (kind === 'aws_s3_bucket_server_side_encryption_configuration' || kind === 'aws_s3_bucket') this.encryption(b);
      if (kind === 'aws_s3_object' || kind === 'aws_s3_bucket_object') this.object(b, 'PutObject');
      if (kind === 'aws_s3_object_copy') this.object(b, 'CopyObject');
      if (kind === 'aws_s3_bucket' && name) {
        const inline = attribute(b.body, 'policy');
        const header = {
          start: b.node.startIndex,
          end: b.node.namedChildren.filter((c) => c?.type === 'string_lit').pop()!.endIndex,
        };
        this.facts.buckets.push({
          name,
          range: header,
          policy: inline ? this.policyState(inline) : 'missing',
          fix: this.addPolicyFix(b, name),
        });
      }
    }
    const untied = policies.some((p) => !p.target);
    for (const bucket of this.facts.buckets) {
      if (bucket.policy !== 'missing') continue;
      const states = policies.filter((p) => p.target === bucket.name).map((p) => p.state);
      if (states.includes('denies-insecure')) bucket.policy = 'denies-insecure';
      else if (untied || states.includes('unknown')) bucket.policy = 'unknown';
    }
    return this.facts;
  }

  private provider(b: Block): void {
    const props = this.props(b.body).filter((p) => p.name === 'insecure');
    this.facts.clients.push({
      options: { props: [...props, ...this.s3Endpoints(b.body)], complete: true },
      range: rangeOf(b.node),
    });
  }

  /** `endpoints { s3 = "..." }` (a block in the provider) or `endpoints = { s3 = "..." }` (an object in a backend). */
  private s3Endpoints(body: SyntaxNode | null): Prop[] {
    const out: Prop[] = [];
    for (const e of nested(body, 'endpoints'))
      for (const p of this.props(e.body)) if (p.key === 's3' || p.key === 's3api') out.push({ ...p, name: 'endpoint' });
    const attr = attribute(body, 'endpoints');
    if (attr)
      walk(attr, (elem) => {
        if (
          elem.type !== 'object_elem' ||
          !/^(s3|s3api)$/.test(elem.namedChildren[0]?.text.replace(/^"|"$/g, '') ?? '')
        )
          return;
        out.push({ name: 'endpoint', key: 's3', range: rangeOf(elem), value: this.value(elem.namedChildren[1]) });
      });
    return out;
  }

  /** `terraform { backend "s3" { endpoint = "http://...", insecure = true } }`: the state is read and written over it. */
  private s3Backend(b: Block): void {
    if (b.labels[0] !== 's3') return;
    const props = this.props(b.body).filter((p) => p.name === 'endpoint' || p.name === 'insecure');
    this.facts.clients.push({
      options: { props: [...props, ...this.s3Endpoints(b.body)], complete: true },
      range: rangeOf(b.node),
    });
  }

  /**
   * `resource "aws_s3_object"` (and the older `aws_s3_bucket_object`) uploads `source` / `content` as a PutObject;
   * `aws_s3_object_copy` copies `source` as a CopyObject.
   * The provider sends `kms_key_id` with `aws:kms` when `server_side_encryption` is not set, so the key alone is SSE-KMS.
   */
  private object(b: Block, op: 'PutObject' | 'CopyObject'): void {
    const props = this.props(b.body);
    if (!props.some((p) => /^(source|content|content_base64)$/.test(p.key))) return;
    const params = props.map((p): Prop => (p.key === 'kms_key_id' ? { ...p, name: 'kmsKeyId' } : p));
    const kmsKey = params.find((p) => p.name === 'kmsKeyId');
    if (kmsKey && !params.some((p) => p.name === 'sse'))
      params.push({
        name: 'sse',
        key: 'kms_key_id',
        range: kmsKey.range,
        value: { range: kmsKey.value.range, str: 'aws:kms' },
      });
    this.facts.operations.push({
      op,
      // `dynamic` blocks cannot set arguments of this resource, so every argument is in view.
      params: { props: params, complete: true },
      range: {
        start: b.node.startIndex,
        end: b.node.namedChildren.filter((c) => c?.type === 'string_lit').pop()!.endIndex,
      },
    });
  }

  /** `rule { apply_server_side_encryption_by_default { sse_algorithm, kms_master_key_id } bucket_key_enabled }` at any depth. */
  private encryption(b: Block): void {
    // Most buckets have no inline encryption block: their subtrees are not walked node by node.
    if (!this.text.slice(b.node.startIndex, b.node.endIndex).includes('apply_server_side_encryption_by_default'))
      return;
    walk(b.node, (n) => {
      if (n.type !== 'block' || n.namedChildren[0]?.text !== 'apply_server_side_encryption_by_default') return;
      const inner = block(n);
      const props = this.props(inner.body);
      this.facts.operations.push({
        op: 'BucketEncryption',
        params: { props, complete: true },
        range: rangeOf(n.namedChildren[0]),
      });
      const algorithm = props.find((p) => p.name === 'sse');
      const ruleBody = n.parent?.type === 'body' ? n.parent : null;
      const rule = ruleBody?.parent;
      if (!algorithm || rule?.type !== 'block' || rule.namedChildren[0]?.text !== 'rule') return;
      const bucketKeyAttr = attribute(ruleBody, 'bucket_key_enabled');
      const bucketKey = bucketKeyAttr ? this.value(bucketKeyAttr.namedChildren[1]) : undefined;
      this.facts.bucketEncryptions.push({
        algorithm: algorithm.value,
        anchor: algorithm.range,
        bucketKey,
        complete: true,
        fix: this.bucketKeyFix(n, bucketKeyAttr),
      });
    });
  }

  /** `{ rule = { apply_server_side_encryption_by_default = { sse_algorithm = ... }, bucket_key_enabled = ... } }` */
  private moduleEncryption(attr: SyntaxNode): void {
    const keyOf = (elem: SyntaxNode) => elem.namedChildren[0]?.text.replace(/^"|"$/g, '');
    walk(attr, (elem) => {
      if (elem.type !== 'object_elem' || keyOf(elem) !== 'sse_algorithm') return;
      const byDefault = elem.parent?.parent?.parent?.parent; // object -> collection_value -> expression -> object_elem
      if (byDefault?.type !== 'object_elem' || keyOf(byDefault) !== 'apply_server_side_encryption_by_default') return;
      const rule = byDefault.parent;
      if (rule?.type !== 'object') return;
      const bucketKeyElem =
        rule.namedChildren.find((c) => c?.type === 'object_elem' && keyOf(c) === 'bucket_key_enabled') ?? undefined;
      const algorithm = this.value(elem.namedChildren[1]);
      const bucketKey = bucketKeyElem ? this.value(bucketKeyElem.namedChildren[1]) : undefined;
      this.facts.bucketEncryptions.push({
        algorithm,
        anchor: rangeOf(elem),
        bucketKey,
        complete: true,
        fix: this.bucketKeyFix(byDefault, bucketKeyElem ?? undefined),
      });
    });
  }

  private bucketKeyFix(applyBlock: SyntaxNode, existing: SyntaxNode | undefined): BucketFact['fix'] {
    if (existing) {
      const value = existing.namedChildren[1]!;
      return {
        title: 'Set bucket_key_enabled = true',
        edits: [{ start: value.startIndex, end: value.endIndex, newText: 'true' }],
      };
    }
    const lineStart = this.text.lastIndexOf('\n', applyBlock.startIndex - 1) + 1;
    const indent = /^[ \t]*/.exec(this.text.slice(lineStart))?.[0] ?? '';
    return {
      title: 'Add bucket_key_enabled = true',
      edits: [
        { start: applyBlock.endIndex, end: applyBlock.endIndex, newText: `\n${indent}bucket_key_enabled = true` },
      ],
    };
  }

  private policyState(attr: SyntaxNode | undefined): PolicyState {
    const expr = attr?.namedChildren[1];
    if (!expr) return 'unknown';
    const text = expr.text.trim();
    const dataRef = /^data\.aws_iam_policy_document\.([\w-]+)\.json$/.exec(text);
    if (dataRef) {
      const doc = this.documents.find((x) => x.labels[1] === dataRef[1]);
      return doc ? this.policyDocumentState(doc) : 'unknown';
    }
    const call = expr.namedChildren[0];
    if (call?.type === 'function_call' && call.namedChildren[0]?.text === 'jsonencode') {
      // Literal parts are read as data; references (bucket ARNs, variables) only matter where a decision is made.
      const arg = call.namedChildren[1]?.namedChildren.find((c) => c?.type === 'expression');
      return iacTransportState(hclToData(arg));
    }
    const heredoc = /^<<-?(\w+)\n([\s\S]*)\n\s*\1$/.exec(text);
    const json = heredoc?.[2];
    if (json !== undefined && !json.includes('%{')) {
      try {
        // Interpolations inside JSON strings ("${aws_s3_bucket.b.arn}/*") are resources, not decisions.
        return iacTransportState(JSON.parse(json.replace(/\$\{[^{}]*\}/g, 'X')));
      } catch {
        return 'unknown'; // not JSON we can read: counts as compliant, per the rule's contract
      }
    }
    return 'unknown';
  }

  private policyDocumentState(doc: Block): PolicyState {
    // Documents merged from others, or statements generated by dynamic blocks, may hold the Deny.
    if (
      attribute(doc.body, 'source_policy_documents') ||
      attribute(doc.body, 'override_policy_documents') ||
      attribute(doc.body, 'source_json')
    )
      return 'unknown';
    if (children(doc.body, 'block').some((c) => c.namedChildren[0]?.text === 'dynamic')) return 'unknown';
    // Read as the policy document it renders, then judged by the one policy reader like every other policy.
    const attr = (body: SyntaxNode | null, name: string): unknown => {
      const a = attribute(body, name);
      return a ? hclToData(a.namedChildren[1]) : undefined;
    };
    const Statement = nested(doc.body, 'statement').map((st) => {
      const Condition: Record<string, Record<string, unknown>> = {};
      for (const c of nested(st.body, 'condition')) {
        const test = attr(c.body, 'test');
        const variable = attr(c.body, 'variable');
        if (typeof test !== 'string' || typeof variable !== 'string') return UNKNOWN; // an unreadable condition
        (Condition[test] ??= {})[variable] = attr(c.body, 'values');
      }
      return {
        Effect: attr(st.body, 'effect') ?? 'Allow',
        Action: attr(st.body, 'actions'),
        NotAction: attr(st.body, 'not_actions'),
        Condition,
      };
    });
    return iacTransportState({ Statement });
  }

  private addPolicyFix(b: Block, name: string): BucketFact['fix'] {
    const ref = `aws_s3_bucket.${name}`;
    const text = [
      '',
      '',
      `resource "aws_s3_bucket_policy" "${name}_tls_only" {`,
      `  bucket = ${ref}.id`,
      '  policy = jsonencode({',
      '    Version = "2012-10-17"',
      '    Statement = [{',
      `      Sid       = "${TLS_STATEMENT_SID}"`,
      '      Effect    = "Deny"',
      '      Principal = "*"',
      '      Action    = "s3:*"',
      `      Resource  = [${ref}.arn, "\${${ref}.arn}/*"]`,
      `      Condition = { Bool = { "${SECURE_TRANSPORT_KEY}" = "false" } }`,
      '    }]',
      '  })',
      '}',
    ].join('\n');
    return {
      title: 'Add a bucket policy that denies non-TLS requests',
      edits: [{ start: b.node.endIndex, end: b.node.endIndex, newText: text }],
    };
  }
}

function isBucketPolicy(b: Block): boolean {
  return b.type === 'resource' && b.labels[0] === 'aws_s3_bucket_policy';
}

function policyDocuments(blocks: Block[]): Block[] {
  return blocks.filter((b) => b.type === 'data' && b.labels[0] === 'aws_iam_policy_document');
}

/** A sibling's contribution to its module; no tree when it has neither bucket policies nor policy documents. */
interface SiblingEntry {
  text: string;
  documents: Block[];
  bucketPolicies: Block[];
  variables?: VariableDefaults;
  tree?: TreeSitter.Tree;
}

/**
 * Reads the other .tf files of the folder once per content: each contributes its policy documents and its bucket
 * policies. Trees are freed as soon as the summary is taken.
 */
class ModuleReader {
  /** Per sibling: its tree, its policy documents and its bucket policies (all most files have is none). */
  private readonly cache = new Map<string, SiblingEntry>();

  constructor(private readonly parser: TreeSitter.Parser) {}

  private parsed(path: string, text: string): SiblingEntry {
    const hit = this.cache.get(path);
    if (hit && hit.text === text) return hit;
    hit?.tree?.delete();
    // A file without either resource contributes nothing to its module: it is not parsed.
    if (!/aws_s3_bucket_policy|aws_iam_policy_document/.test(text) && !INSECURE_DEFAULT.test(text)) {
      const entry = { text, documents: [], bucketPolicies: [] };
      this.cache.set(path, entry);
      return entry;
    }
    // Dropped before parsing: a parse that throws (over its time budget) must not leave a freed tree cached.
    this.cache.delete(path);
    const tree = parseBounded(this.parser, text);
    const blocks = topBlocks(tree.rootNode);
    const variables = INSECURE_DEFAULT.test(text)
      ? variableDefaults(blocks, (e) => {
          const v = new TerraformFacts(tree.rootNode, text, [], blocks).value(e);
          return { range: v.range, str: v.str, bool: v.bool }; // no origin: the literal is not in the using file
        })
      : undefined;
    const entry = {
      text,
      tree,
      documents: policyDocuments(blocks),
      bucketPolicies: blocks.filter(isBucketPolicy),
      variables,
    };
    this.cache.set(path, entry);
    if (this.cache.size > 64) {
      const oldest = this.cache.keys().next().value as string;
      this.cache.get(oldest)?.tree?.delete();
      this.cache.delete(oldest);
    }
    return entry;
  }

  facts(root: SyntaxNode, text: string, path: string, module?: ModuleFiles): FileFacts {
    let unreadSibling = false;
    const siblings = (module?.siblings(path, /\.tf$/i) ?? [])
      .map((f) => {
        try {
          return { f, p: this.parsed(f.path, f.text) };
        } catch {
          unreadSibling = true; // over its parse budget: its policies are unknown, so no bucket is "missing" one
          return { f, p: undefined };
        }
      })
      .filter((x) => x.p);
    const blocks = topBlocks(root);
    const documents = [...policyDocuments(blocks), ...siblings.flatMap((s) => s.p!.documents)];
    // A sibling's summary depends on the module's documents, so it is taken per file, from its bucket policies only.
    const summaries = siblings.map((s) =>
      s.p!.tree
        ? new TerraformFacts(s.p!.tree.rootNode, s.f.text, documents, s.p!.bucketPolicies).summary()
        : { policies: [] },
    );
    if (unreadSibling) summaries.push({ policies: [{ target: undefined, state: 'unknown' }] });
    const variables: VariableDefaults = new Map(siblings.flatMap((s) => [...(s.p!.variables ?? [])]));
    return new TerraformFacts(root, text, documents, blocks, variables).collect(summaries);
  }
}

export async function createTerraformFrontEnd(): Promise<FrontEnd> {
  const reader = new ModuleReader(await createParser('terraform'));
  return treeSitterFrontEnd('terraform', 'terraform', (root, text, path, module) =>
    reader.facts(root, text, path, module),
  );
}
