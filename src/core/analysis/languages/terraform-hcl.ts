// HCL block and attribute access on tree-sitter-hcl trees, shared by the Terraform front end's readers.
import type { Range } from '../types';
import { rangeOf, type SyntaxNode } from './tree-sitter';

export interface Block {
  node: SyntaxNode;
  type: string;
  labels: string[];
  body: SyntaxNode | null;
}

export function block(n: SyntaxNode): Block {
  const labels = n.namedChildren.filter((c) => c?.type === 'string_lit').map((c) => c!.text.slice(1, -1));
  return {
    node: n,
    type: n.namedChildren[0]?.text ?? '',
    labels,
    body: n.namedChildren.find((c) => c?.type === 'body') ?? null,
  };
}

export function children(body: SyntaxNode | null, type: 'attribute' | 'block'): SyntaxNode[] {
  return body?.namedChildren.filter((c): c is SyntaxNode => c?.type === type) ?? [];
}

export function attribute(body: SyntaxNode | null, name: string): SyntaxNode | undefined {
  return children(body, 'attribute').find((a) => a.namedChildren[0]?.text === name);
}

/** The expression of `name = expr` in the body. */
export function attributeExpr(body: SyntaxNode | null, name: string): SyntaxNode | undefined {
  return attribute(body, name)?.namedChildren[1] ?? undefined;
}

export function nested(body: SyntaxNode | null, name: string): Block[] {
  return children(body, 'block')
    .map(block)
    .filter((b) => b.type === name);
}

export function topBlocks(root: SyntaxNode): Block[] {
  const body = root.namedChildren.find((c) => c?.type === 'body') ?? null;
  return children(body, 'block').map(block);
}

/** `resource "type" "name"`: from the keyword to the last label, where block-level findings are reported. */
export function headerRange(b: Block): Range {
  const labels = b.node.namedChildren.filter((c) => c?.type === 'string_lit');
  return { start: b.node.startIndex, end: (labels.pop() ?? b.node.namedChildren[0]!).endIndex };
}

/** An object element's key without quotes (`s3`, `"aws:SecureTransport"`). */
export function objectKey(elem: SyntaxNode): string {
  return elem.namedChildren[0]?.text.replace(/^"|"$/g, '') ?? '';
}

/** The object an expression holds (`{ ... }`), if it is one. */
export function objectOf(expr: SyntaxNode | null | undefined): SyntaxNode | undefined {
  const inner = expr?.type === 'expression' ? expr.namedChildren[0] : expr;
  const obj = inner?.type === 'collection_value' ? inner.namedChildren[0] : inner;
  return obj?.type === 'object' ? obj : undefined;
}

/** `key = value` elements of an object expression. */
export function objectElems(expr: SyntaxNode | null | undefined): SyntaxNode[] {
  return objectOf(expr)?.namedChildren.filter((c): c is SyntaxNode => c?.type === 'object_elem') ?? [];
}

export function elemValue(elem: SyntaxNode): SyntaxNode | undefined {
  return elem.namedChildren[1] ?? undefined;
}

export { rangeOf };
