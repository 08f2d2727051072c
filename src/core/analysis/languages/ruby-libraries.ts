// Ruby libraries that make or configure the S3 client or its uploads from their own options: the SDK's global
// per-service settings (`Aws.config.update(s3: {...})`, `Aws.config[:s3] = {...}`), Paperclip (`s3_options`,
// `s3_protocol`, `s3_server_side_encryption`), Shrine (`upload_options`), CarrierWave/fog (`fog_credentials`,
// `fog_attributes`) and `Fog::Storage.new(provider: "AWS", ...)`.
import type { FileFacts, ParamBag, Prop, Value } from '../types';
import { rangeOf, type SyntaxNode } from './tree-sitter';

export interface RubyContext {
  readonly facts: FileFacts;
  value(n: SyntaxNode | null | undefined): Value;
  options(args: SyntaxNode | null): ParamBag & { positional: number };
  hashOf(n: SyntaxNode | null | undefined): SyntaxNode | undefined;
}

function keyOf(pair: SyntaxNode): string {
  return (pair.childForFieldName('key')?.text ?? '').replace(/^:|:$/g, '').replace(/^["']|["']$/g, '');
}

/** A client configured from a hash of aws-sdk options. */
/** What `Aws.config` settings configure: every client made without an endpoint of its own. */
export const GLOBAL_CONFIG = 'Aws.config';

/** Settings that decide a client's transport (only such global settings are followed by clients). */
export function transportSettings(props: readonly Prop[]): boolean {
  return props.some((p) => p.name === 'endpoint' || p.name === 'verify' || p.name === 'useSsl');
}

function clientFrom(ctx: RubyContext, hash: SyntaxNode, at: SyntaxNode, global = false): void {
  const { props } = ctx.options(hash);
  const variable = global && transportSettings(props) ? GLOBAL_CONFIG : undefined;
  ctx.facts.clients.push({ variable, options: { props, complete: true }, range: rangeOf(at) });
}

/** Upload settings a library adds to every write: SSE values are checked, but a missing one is not an upload's. */
function uploadOptions(ctx: RubyContext, props: Prop[], at: SyntaxNode): void {
  if (!props.some((p) => p.name !== 'other')) return;
  ctx.facts.operations.push({ op: 'Upload', params: { props, complete: false }, range: rangeOf(at) });
}

/** `Aws.config.update(s3: { endpoint: ..., ssl_verify_peer: false }, dynamodb: {...})`: only the s3 hash is S3's. */
export function serviceConfig(ctx: RubyContext, args: SyntaxNode | null): void {
  const pairs = (args?.namedChildren ?? []).flatMap((c) => (c?.type === 'hash' ? c.namedChildren : [c]));
  for (const pair of pairs) {
    if (pair?.type !== 'pair' || keyOf(pair) !== 's3') continue;
    const hash = ctx.hashOf(pair.childForFieldName('value'));
    if (hash) clientFrom(ctx, hash, pair, true);
  }
}

/** CarrierWave / fog: `fog_credentials = { provider: "AWS", endpoint: ... }`, `Fog::Storage.new(provider: "AWS", ...)`. */
export function fogConnection(ctx: RubyContext, hash: SyntaxNode, at: SyntaxNode): void {
  const { props } = ctx.options(hash);
  if (!/^aws$/i.test(props.find((p) => p.key === 'provider')?.value.str ?? '')) return;
  ctx.facts.clients.push({ options: { props, complete: true }, range: rangeOf(at) });
}

/** Assignments that configure a library: `config.fog_credentials = {...}`, `Aws.config[:s3] = {...}`, ... */
export function libraryAssignment(ctx: RubyContext, n: SyntaxNode): void {
  const left = n.childForFieldName('left');
  const hash = ctx.hashOf(n.childForFieldName('right'));
  if (!left || !hash) return;
  if (/(^|\.)fog_credentials$/.test(left.text)) fogConnection(ctx, hash, n);
  else if (/(^|\.)fog_attributes$/.test(left.text)) {
    // Request headers for every upload: `"x-amz-server-side-encryption" => "AES256"`.
    uploadOptions(ctx, ctx.options(hash).props, n);
  } else if (left.type === 'element_reference' && /^Aws\.config\[:s3\]$/.test(left.text.replace(/\s/g, '')))
    clientFrom(ctx, hash, n, true);
}

/** Library options written as `key: value` wherever they appear (model macros, defaults hashes, initializers). */
export function libraryOption(ctx: RubyContext, pair: SyntaxNode): void {
  const key = keyOf(pair);
  const valueNode = pair.childForFieldName('value');
  switch (key) {
    case 's3_protocol': {
      // Paperclip builds the attachment URLs it hands out with this scheme: plain-HTTP S3 URLs.
      const v = ctx.value(valueNode);
      if (valueNode && (v.str === 'http' || v.enumName === ':http'))
        ctx.facts.strings.push({ value: 'http://s3.amazonaws.com/', range: rangeOf(valueNode) });
      return;
    }
    case 's3_options': {
      // Paperclip passes these to the aws-sdk client it makes.
      const hash = ctx.hashOf(valueNode);
      if (hash) clientFrom(ctx, hash, pair);
      return;
    }
    case 's3_server_side_encryption':
      uploadOptions(ctx, [{ name: 'sse', key, range: rangeOf(pair), value: ctx.value(valueNode) }], pair);
      return;
    case 'upload_options': {
      // Shrine's S3 storage sends these with every upload.
      const hash = ctx.hashOf(valueNode);
      if (hash) uploadOptions(ctx, ctx.options(hash).props, pair);
    }
  }
}
