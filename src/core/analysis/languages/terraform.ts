// Terraform front end (tree-sitter HCL): aws provider settings, bucket encryption and bucket TLS policies.
import { paramName } from '../params';
import { emptyFacts, type BucketFact, type FileFacts, type Prop, type Value } from '../types';
import type { FrontEnd } from './front-end';
import { transportState } from '../../encryption/bucket-policy';
import { nodesWithHttp, rangeOf, walk, type SyntaxNode } from './tree-sitter';
import { treeSitterFrontEnd } from './tree-sitter-front-end';

const STRING_TYPES = new Set(['string_lit']);

type PolicyState = BucketFact['policy'];

interface Block {
  node: SyntaxNode;
  type: string;
  labels: string[];
  body: SyntaxNode | null;
}

function block(n: SyntaxNode): Block {
  const labels = n.namedChildren.filter((c) => c?.type === 'string_lit').map((c) => c!.text.slice(1, -1));
  return { node: n, type: n.namedChildren[0]?.text ?? '', labels, body: n.namedChildren.find((c) => c?.type === 'body') ?? null };
}

function children(body: SyntaxNode | null, type: 'attribute' | 'block'): SyntaxNode[] {
  return body?.namedChildren.filter((c): c is SyntaxNode => c?.type === type) ?? [];
}

function attribute(body: SyntaxNode | null, name: string): SyntaxNode | undefined {
  return children(body, 'attribute').find((a) => a.namedChildren[0]?.text === name);
}

function nested(body: SyntaxNode | null, name: string): Block[] {
  return children(body, 'block').map(block).filter((b) => b.type === name);
}

class TerraformFacts {
  readonly facts: FileFacts = emptyFacts('terraform');
  private readonly blocks: Block[];

  constructor(private readonly root: SyntaxNode, private readonly text: string) {
    const body = root.namedChildren.find((c) => c?.type === 'body') ?? null;
    this.blocks = children(body, 'block').map(block);
  }

  value(expr: SyntaxNode | null | undefined): Value {
    if (!expr) return { range: { start: 0, end: 0 } };
    const range = rangeOf(expr);
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

  collect(): FileFacts {
    for (const n of nodesWithHttp(this.root, this.text, STRING_TYPES)) this.facts.strings.push({ value: n.text.slice(1, -1), range: rangeOf(n) });
    const policies: Array<{ target?: string; state: PolicyState }> = [];
    for (const b of this.blocks) {
      const [kind, name] = b.labels;
      if (b.type === 'provider' && kind === 'aws') this.provider(b);
      if (b.type !== 'resource') continue;
      if (kind === 'aws_s3_bucket_server_side_encryption_configuration' || kind === 'aws_s3_bucket') this.encryption(b);
      if (kind === 'aws_s3_bucket_policy') {
        const target = /aws_s3_bucket\.([\w-]+)\./.exec(attribute(b.body, 'bucket')?.text ?? '')?.[1];
        policies.push({ target, state: this.policyState(attribute(b.body, 'policy')) });
      }
      if (kind === 'aws_s3_bucket' && name) {
        const inline = attribute(b.body, 'policy');
        const header = { start: b.node.startIndex, end: b.node.namedChildren.filter((c) => c?.type === 'string_lit').pop()!.endIndex };
        this.facts.buckets.push({ name, range: header, policy: inline ? this.policyState(inline) : 'missing', fix: this.addPolicyFix(b, name) });
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
    for (const e of nested(b.body, 'endpoints')) {
      for (const p of this.props(e.body)) if (p.key === 's3') props.push({ ...p, name: 'endpoint' });
    }
    this.facts.clients.push({ options: { props, complete: true }, range: rangeOf(b.node) });
  }

  /** apply_server_side_encryption_by_default { sse_algorithm, kms_master_key_id } at any depth. */
  private encryption(b: Block): void {
    walk(b.node, (n) => {
      if (n.type !== 'block' || n.namedChildren[0]?.text !== 'apply_server_side_encryption_by_default') return;
      const inner = block(n);
      this.facts.operations.push({ op: 'BucketEncryption', params: { props: this.props(inner.body), complete: true }, range: rangeOf(n.namedChildren[0]!) });
    });
  }

  private policyState(attr: SyntaxNode | undefined): PolicyState {
    const expr = attr?.namedChildren[1];
    if (!expr) return 'unknown';
    const text = expr.text.trim();
    const dataRef = /^data\.aws_iam_policy_document\.([\w-]+)\.json$/.exec(text);
    if (dataRef) {
      const doc = this.blocks.find((x) => x.type === 'data' && x.labels[0] === 'aws_iam_policy_document' && x.labels[1] === dataRef[1]);
      return doc ? this.policyDocumentState(doc) : 'unknown';
    }
    if (/^jsonencode\s*\(/.test(text)) {
      // Collect the literal tokens of the encoded object; references make the rest unknowable.
      const strings: string[] = [];
      walk(expr, (n) => {
        if (n.type === 'string_lit' || n.type === 'bool_lit') strings.push(n.text.replace(/^"|"$/g, ''));
      });
      if (strings.includes('Deny') && strings.includes('aws:SecureTransport') && strings.includes('false')) return 'denies-insecure';
      return /\b(var|local|module|data)\./.test(text) ? 'unknown' : 'missing';
    }
    const heredoc = /^<<-?(\w+)\n([\s\S]*)\n\s*\1$/.exec(text);
    const json = heredoc?.[2];
    if (json !== undefined && !json.includes('${')) {
      try {
        return transportState(JSON.parse(json));
      } catch {
        return 'unknown'; // not JSON we can read: counts as compliant, per the rule's contract
      }
    }
    return 'unknown';
  }

  private policyDocumentState(doc: Block): PolicyState {
    for (const st of nested(doc.body, 'statement')) {
      if (this.value(attribute(st.body, 'effect')?.namedChildren[1]).str !== 'Deny') continue;
      for (const c of nested(st.body, 'condition')) {
        const variable = this.value(attribute(c.body, 'variable')?.namedChildren[1]).str;
        const values = attribute(c.body, 'values')?.text ?? '';
        if (variable === 'aws:SecureTransport' && /"false"|\bfalse\b/.test(values.replace(/^values\s*=/, ''))) return 'denies-insecure';
      }
    }
    return 'missing';
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
      '      Sid       = "DenyInsecureTransport"',
      '      Effect    = "Deny"',
      '      Principal = "*"',
      '      Action    = "s3:*"',
      `      Resource  = [${ref}.arn, "\${${ref}.arn}/*"]`,
      '      Condition = { Bool = { "aws:SecureTransport" = "false" } }',
      '    }]',
      '  })',
      '}',
    ].join('\n');
    return { title: 'Add a bucket policy that denies non-TLS requests', edits: [{ start: b.node.endIndex, end: b.node.endIndex, newText: text }] };
  }
}

export function createTerraformFrontEnd(): Promise<FrontEnd> {
  return treeSitterFrontEnd('terraform', 'terraform', (root, text) => new TerraformFacts(root, text).collect());
}
