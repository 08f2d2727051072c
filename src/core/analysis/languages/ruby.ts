// Ruby front end (tree-sitter): aws-sdk-s3 clients and the legacy S3 encryption client configuration.
import { paramName } from '../params';
import { emptyFacts, type FileFacts, type Prop, type Value } from '../types';
import type { FrontEnd } from './front-end';
import { nodesOfTypes, nodesWithHttp, rangeOf, type SyntaxNode } from './tree-sitter';
import { treeSitterFrontEnd } from './tree-sitter-front-end';

const STRING_TYPES = new Set(['string']);
/** Files without any of these tokens cannot produce a finding: they are not parsed at all. */
export const RUBY_RELEVANT = /Aws::S3|v2_and_legacy|http:\/\//;
const LEGACY_CLIENT = 'Aws::S3::Encryption::Client';

class RubyFacts {
  readonly facts: FileFacts = emptyFacts('ruby');

  constructor(private readonly root: SyntaxNode, private readonly text: string) {}

  value(n: SyntaxNode | null | undefined): Value {
    if (!n) return { range: { start: 0, end: 0 } };
    const range = rangeOf(n);
    if (n.type === 'string' && !n.namedChildren.some((c) => c?.type === 'interpolation')) {
      return { range, str: n.namedChildren.filter((c) => c?.type === 'string_content').map((c) => c!.text).join(''), origin: range };
    }
    if (n.type === 'true') return { range, bool: true };
    if (n.type === 'false') return { range, bool: false };
    if (n.type === 'simple_symbol') return { range, enumName: n.text };
    if (/^ENV\b/.test(n.text)) return { range, external: true };
    return { range };
  }

  collect(): FileFacts {
    for (const n of nodesWithHttp(this.root, this.text, STRING_TYPES)) {
      const v = this.value(n);
      if (v.str !== undefined) this.facts.strings.push({ value: v.str, range: rangeOf(n) });
    }
    for (const n of nodesOfTypes(this.root, ['scope_resolution', 'pair', 'call'])) {
      if (n.type === 'scope_resolution' && n.parent?.type !== 'scope_resolution' && n.text === LEGACY_CLIENT) {
        this.facts.refs.push({ name: LEGACY_CLIENT, range: rangeOf(n) });
      } else if (n.type === 'pair' && /^:?security_profile:?$/.test(n.childForFieldName('key')?.text ?? '')) {
        const value = n.childForFieldName('value');
        if (value) this.facts.refs.push({ name: `security_profile: ${value.text}`, range: rangeOf(value) });
      } else if (n.type === 'call') {
        this.client(n);
      }
    }
    return this.facts;
  }

  /** `Aws::S3::Client.new(endpoint: ..., ssl_verify_peer: false)` */
  private client(n: SyntaxNode): void {
    if (n.childForFieldName('method')?.text !== 'new' || n.childForFieldName('receiver')?.text !== 'Aws::S3::Client') return;
    const props: Prop[] = [];
    for (const pair of n.childForFieldName('arguments')?.namedChildren ?? []) {
      if (pair?.type !== 'pair') continue;
      const key = (pair.childForFieldName('key')?.text ?? '').replace(/^:|:$/g, '');
      props.push({ name: paramName(key), key, range: rangeOf(pair), value: this.value(pair.childForFieldName('value')) });
    }
    const assignment = n.parent?.type === 'assignment' ? n.parent.childForFieldName('left')?.text : undefined;
    this.facts.clients.push({ variable: assignment, options: { props, complete: true }, range: rangeOf(n) });
  }
}

export function createRubyFrontEnd(): Promise<FrontEnd> {
  return treeSitterFrontEnd('ruby', 'ruby', (root, text) => new RubyFacts(root, text).collect(), RUBY_RELEVANT);
}
