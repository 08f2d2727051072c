// Terraform front end (tree-sitter HCL): aws provider and S3 backend settings, bucket encryption, bucket TLS
// policies, object uploads and bucket modules. A module folder is one unit: a bucket's policy (or the policy document
// it uses), a variable's default or a local may live in any .tf file of the folder; a child module folder named by a
// `module` block's `source = "./..."` is read for the encryption settings its inputs make.
import { dirname, resolve } from 'node:path';
import type { ModuleFiles } from '../module-files';
import { emptyFacts, type FileFacts, type Prop } from '../types';
import type { FrontEnd } from './front-end';
import type { PolicyState } from './iac-policy';
import { TfEncryption } from './terraform-encryption';
import { attribute, attributeExpr, headerRange, nested, topBlocks, type Block } from './terraform-hcl';
import { bucketModule, bucketsHandedOn } from './terraform-modules';
import { sdkEndpointVariables } from './terraform-workloads';
import { addPolicyFix, TfPolicies } from './terraform-policies';
import { addAssignments, addNames, DECLARES_NAMES, emptyNames, TfScope, type ModuleNames } from './terraform-scope';
import { createParser, nodesWithHttp, parseBounded, rangeOf, walk, type SyntaxNode } from './tree-sitter';
import { treeSitterFrontEnd } from './tree-sitter-front-end';
import type * as TreeSitter from 'web-tree-sitter';

// Plain strings and templates (`"http://${var.host}"`): both may hold an S3 URL.
const STRING_TYPES = new Set(['string_lit', 'quoted_template']);

/** The policy facts a file contributes to its module: bucket policies and their targets. */
interface ModuleSummary {
  policies: Array<{ target?: string; state: PolicyState }>;
}

/** `aws_s3_bucket.x` (`.id`, `[0].id`, `.bucket`), or a bucket module's output (`module.x.s3_bucket_id`). */
function policyTarget(text: string): string | undefined {
  const m = /\b(?:aws_s3_bucket\.([\w-]+)|(module\.[\w-]+))\b/.exec(text);
  return m?.[1] ?? m?.[2];
}

class TerraformFacts {
  readonly facts: FileFacts = emptyFacts('terraform');
  private readonly scope: TfScope;
  private readonly policies: TfPolicies;
  private readonly encryption: TfEncryption;
  /** How many `for_each` entries may still be evaluated one by one in this file. */
  private entryBudget = 256;

  constructor(
    private readonly root: SyntaxNode,
    private readonly text: string,
    private readonly blocks: Block[],
    /** The module's `data "aws_iam_policy_document"` blocks, this file's and its siblings'. */
    documents: Block[],
    names: ModuleNames = emptyNames(),
    private readonly childBlocks: (source: string) => Block[] | undefined = () => undefined,
  ) {
    this.scope = new TfScope(names);
    this.policies = new TfPolicies(documents, this.scope);
    this.encryption = new TfEncryption(text, this.facts, this.scope);
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
      // A bucket named by its literal name (`bucket = "corp-logs"`) is matched with the bucket of that name.
      const literal = this.scope.value(attributeExpr(b.body, 'bucket')).str;
      const target = policyTarget(source) ?? (literal !== undefined ? `name:${literal}` : undefined);
      policies.push({ target, state: this.policies.state(attributeExpr(b.body, 'policy')) });
    }
    return { policies };
  }

  collect(siblings: ModuleSummary[] = []): FileFacts {
    for (const n of nodesWithHttp(this.root, this.text, STRING_TYPES))
      this.facts.strings.push({ value: this.scope.filled(n), range: rangeOf(n) });
    const policies = [...this.summary().policies, ...siblings.flatMap((s) => s.policies)];
    const moduleContext = {
      text: this.text,
      facts: this.facts,
      scope: this.scope,
      policies: this.policies,
      encryption: this.encryption,
      childBlocks: this.childBlocks,
    };
    const literalNames = new Map<string, string>();
    const handedOn = new Set<string>();
    if (this.text.includes('AWS_ENDPOINT_URL')) sdkEndpointVariables(this.root, this.scope, this.facts);
    for (const b of this.blocks) {
      const [kind, name] = b.labels;
      if (b.type === 'provider' && kind === 'aws') this.provider(b);
      if (b.type === 'terraform') for (const backend of nested(b.body, 'backend')) this.s3Backend(backend);
      if (b.type === 'module') {
        // A module with `for_each` / `count` is called once per entry: `each.value` inputs are read per entry.
        for (const encryption of this.perEntry(b))
          bucketModule(b, { ...moduleContext, scope: encryption.scope, encryption });
        for (const handed of bucketsHandedOn(b, moduleContext)) handedOn.add(handed);
      }
      if (b.type !== 'resource') continue;
      for (const encryption of this.perEntry(b)) {
        if (kind === 'aws_s3_bucket_server_side_encryption_configuration' || kind === 'aws_s3_bucket')
          encryption.bucketEncryption(b);
        if (kind === 'aws_s3_object' || kind === 'aws_s3_bucket_object') encryption.object(b, 'PutObject');
        if (kind === 'aws_s3_object_copy') encryption.object(b, 'CopyObject');
      }
      const literalName = this.scope.value(attributeExpr(b.body, 'bucket')).str;
      if (kind === 'aws_s3_bucket' && name && literalName !== undefined) literalNames.set(name, `name:${literalName}`);
      if (kind === 'aws_s3_bucket' && name) {
        const inline = attributeExpr(b.body, 'policy');
        this.facts.buckets.push({
          name,
          range: headerRange(b),
          policy: inline ? this.policies.state(inline) : 'missing',
          fix: addPolicyFix(b, name),
        });
      }
    }
    const untied = policies.some((p) => !p.target);
    for (const bucket of this.facts.buckets) {
      if (bucket.policy !== 'missing') continue;
      const named = (t: string | undefined) =>
        t === bucket.name || (t !== undefined && t === literalNames.get(bucket.name));
      const states = policies.filter((p) => named(p.target)).map((p) => p.state);
      if (states.includes('denies-insecure')) bucket.policy = 'denies-insecure';
      else if (untied || states.includes('unknown') || handedOn.has(bucket.name)) bucket.policy = 'unknown';
    }
    dedupe(this.facts);
    return this.facts;
  }

  /** Readers for a resource: one per `for_each` entry when the entries are known (`each.value.sse`), else one. */
  private perEntry(b: Block): TfEncryption[] {
    const forEach = attributeExpr(b.body, 'for_each');
    const entries = forEach ? this.scope.entries(forEach) : undefined;
    // Entries are read one by one within a budget per file; past it (generated maps, hundreds of `for_each`
    // resources) a resource is read once, with `each` unknown, so the cost stays linear in the file.
    if (!entries?.length || entries.length > this.entryBudget) return [this.encryption];
    this.entryBudget -= entries.length;
    return entries.map((e) => new TfEncryption(this.text, this.facts, this.scope.withEach(e)));
  }

  private provider(b: Block): void {
    const props = this.encryption.props(b.body).filter((p) => p.name === 'insecure');
    this.facts.clients.push({
      options: { props: [...props, ...this.s3Endpoints(b.body)], complete: true },
      range: rangeOf(b.node),
    });
  }

  /** `endpoints { s3 = "..." }` (a block in the provider) or `endpoints = { s3 = "..." }` (an object in a backend). */
  private s3Endpoints(body: SyntaxNode | null): Prop[] {
    const out: Prop[] = [];
    // `endpoints { ... }`, or the `content` of a `dynamic "endpoints"` block (switched on by a condition).
    const dynamic = nested(body, 'dynamic').filter((d) => d.labels[0] === 'endpoints');
    for (const e of [...nested(body, 'endpoints'), ...dynamic.flatMap((d) => nested(d.body, 'content'))])
      for (const p of this.encryption.props(e.body))
        if (p.key === 's3' || p.key === 's3api') out.push({ ...p, name: 'endpoint' });
    const attr = attribute(body, 'endpoints');
    if (attr)
      walk(attr, (elem) => {
        if (
          elem.type !== 'object_elem' ||
          !/^(s3|s3api)$/.test(elem.namedChildren[0]?.text.replace(/^"|"$/g, '') ?? '')
        )
          return;
        out.push({ name: 'endpoint', key: 's3', range: rangeOf(elem), value: this.scope.value(elem.namedChildren[1]) });
      });
    return out;
  }

  /** `terraform { backend "s3" { endpoint = "http://...", insecure = true } }`: the state is read and written over it. */
  private s3Backend(b: Block): void {
    if (b.labels[0] !== 's3') return;
    const props = this.encryption.props(b.body).filter((p) => p.name === 'endpoint' || p.name === 'insecure');
    this.facts.clients.push({
      options: { props: [...props, ...this.s3Endpoints(b.body)], complete: true },
      range: rangeOf(b.node),
    });
  }
}

/** The parameters the encryption rules read; the others (`content`, `key`) differ per entry without mattering. */
const ENCRYPTION_PARAMS = new Set<Prop['name']>(['sse', 'kmsKeyId', 'kmsContext', 'bucketKey']);

/** One fact per place: `for_each` entries that evaluate alike for the encryption rules give one fact. */
function dedupe(facts: FileFacts): void {
  const unique = <T>(list: T[], key: (x: T) => unknown): T[] => {
    const seen = new Set<string>();
    return list.filter((x) => {
      const k = JSON.stringify(key(x));
      return !seen.has(k) && !!seen.add(k);
    });
  };
  facts.operations = unique(facts.operations, (o) => [
    o.op,
    o.range,
    o.params.props.filter((p) => ENCRYPTION_PARAMS.has(p.name)),
  ]);
  facts.bucketEncryptions = unique(facts.bucketEncryptions, (e) => e);
  facts.buckets = unique(facts.buckets, (b) => b);
}

function isBucketPolicy(b: Block): boolean {
  return b.type === 'resource' && b.labels[0] === 'aws_s3_bucket_policy';
}

function policyDocuments(blocks: Block[]): Block[] {
  return blocks.filter((b) => b.type === 'data' && b.labels[0] === 'aws_iam_policy_document');
}

/** Files that contribute to their module (policies, documents, names) or to a caller (encryption): only these are parsed. */
const CONTRIBUTES = {
  test: (text: string) =>
    /aws_s3_bucket_policy|aws_iam_policy_document|apply_server_side_encryption_by_default/.test(text) ||
    DECLARES_NAMES.test(text),
};

/** The files of a module: Terraform's `.tf` and OpenTofu's `.tofu`. */
const MODULE_FILE = /\.(tf|tofu)$/i;

/** Variable values Terraform loads by itself on every plan and apply (other `.tfvars` need `-var-file`). */
const TFVARS = /(^|[\\/])(terraform\.tfvars|[^\\/]+\.auto\.tfvars)$/;

/** A module file's tree and top-level blocks; no tree when it contributes nothing. */
interface ModuleEntry {
  text: string;
  blocks: Block[];
  tree?: TreeSitter.Tree;
}

/**
 * Reads the other .tf files of the folder (and of child module folders) once per content. Trees stay cached while
 * their file is unchanged, so the blocks of the module can be read again for the next file.
 */
class ModuleReader {
  private readonly cache = new Map<string, ModuleEntry>();

  constructor(private readonly parser: TreeSitter.Parser) {}

  private parsed(path: string, text: string): ModuleEntry {
    const hit = this.cache.get(path);
    if (hit && hit.text === text) return hit;
    hit?.tree?.delete();
    if (!CONTRIBUTES.test(text) && !TFVARS.test(path)) {
      const entry = { text, blocks: [] };
      this.cache.set(path, entry);
      return entry;
    }
    // Dropped before parsing: a parse that throws (over its time budget) must not leave a freed tree cached.
    this.cache.delete(path);
    const tree = parseBounded(this.parser, text);
    const entry = { text, tree, blocks: topBlocks(tree.rootNode) };
    this.cache.set(path, entry);
    if (this.cache.size > 128) {
      const oldest = this.cache.keys().next().value as string;
      this.cache.get(oldest)?.tree?.delete();
      this.cache.delete(oldest);
    }
    return entry;
  }

  /** The files' entries; undefined for one over its parse budget (`unread` is then set). */
  private entries(files: Array<{ path: string; text: string }>): { entries: ModuleEntry[]; unread: boolean } {
    let unread = false;
    const entries: ModuleEntry[] = [];
    for (const f of files) {
      try {
        entries.push(this.parsed(f.path, f.text));
      } catch {
        unread = true; // over its parse budget: its policies are unknown, so no bucket is "missing" one
      }
    }
    return { entries, unread };
  }

  facts(root: SyntaxNode, text: string, path: string, module?: ModuleFiles): FileFacts {
    const { entries: siblings, unread } = this.entries(module?.siblings(path, MODULE_FILE) ?? []);
    const blocks = topBlocks(root);
    const documents = [...policyDocuments(blocks), ...siblings.flatMap((s) => policyDocuments(s.blocks))];
    const names = emptyNames();
    addNames(names, blocks, true);
    for (const s of siblings) addNames(names, s.blocks, false);
    const tfvars = this.entries(module?.siblings(path, TFVARS) ?? []).entries;
    for (const v of tfvars) if (v.tree) addAssignments(names, v.tree.rootNode);
    // A sibling's summary depends on the module's documents, so it is taken per file, from its bucket policies only.
    const summaries = siblings.map((s) =>
      s.tree
        ? new TerraformFacts(s.tree.rootNode, s.text, s.blocks.filter(isBucketPolicy), documents, names).summary()
        : { policies: [] },
    );
    if (unread) summaries.push({ policies: [{ target: undefined, state: 'unknown' }] });
    const childBlocks = (source: string): Block[] | undefined => {
      if (!module || !/[\\/]/.test(path)) return undefined;
      const child = this.entries(module.folder(resolve(dirname(resolve(path)), source), MODULE_FILE));
      return child.unread || !child.entries.length ? undefined : child.entries.flatMap((e) => e.blocks);
    };
    return new TerraformFacts(root, text, blocks, documents, names, childBlocks).collect(summaries);
  }
}

export async function createTerraformFrontEnd(): Promise<FrontEnd> {
  const reader = new ModuleReader(await createParser('terraform'));
  return treeSitterFrontEnd('terraform', 'terraform', (root, text, path, module) =>
    reader.facts(root, text, path, module),
  );
}
