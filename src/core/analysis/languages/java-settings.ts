// Java settings readers and their defaults: what runs unless someone configures otherwise. Injected fields
// (Spring `@Value("${k:default}")`, MicroProfile/Quarkus `@ConfigProperty(defaultValue = ...)`, picocli
// `@Option(defaultValue = ...)`) and lookups with a fallback (`System.getenv().getOrDefault(k, d)`,
// `Optional.ofNullable(...).orElse(d)`, `System.getProperty(k, d)`, Spring `env.getProperty(k, d)`).
import type { ClientFact, Value } from '../types';
import { nodesOfTypes, rangeOf, type SyntaxNode } from './tree-sitter';

type Evaluate = (n: SyntaxNode | null) => Value;

/** Annotations whose element holds the field's default, and how to read it. */
const DEFAULT_ELEMENTS: Record<string, string> = {
  ConfigProperty: 'defaultValue',
  Option: 'defaultValue',
  Parameters: 'defaultValue',
  Property: 'defaultValue',
};

/** A `"true"` / `"false"` default of a boolean field is that boolean. */
function typed(v: Value, fieldType: string | undefined): Value {
  if (!/^(boolean|Boolean)$/.test(fieldType ?? '') || !/^(true|false)$/i.test(v.str ?? '')) return v;
  return { ...v, bool: /^true$/i.test(v.str!) };
}

/**
 * The default an injected field or parameter declares (`field` is a field_declaration whose declarator has no
 * initialiser, or a formal_parameter), if any.
 */
export function injectedDefault(field: SyntaxNode, evaluate: Evaluate): Value | undefined {
  const fieldType = field.childForFieldName('type')?.text;
  const modifiers = field.namedChildren.find((c) => c?.type === 'modifiers');
  for (const a of modifiers?.namedChildren ?? []) {
    if (a?.type !== 'annotation') continue;
    const name = a.childForFieldName('name')?.text ?? '';
    const args = a.childForFieldName('arguments')?.namedChildren ?? [];
    if (name === 'Value') {
      // `${key:default}`: the text after the first `:` is the default.
      const literal = args[0];
      const text = literal ? evaluate(literal).str : undefined;
      const m = text === undefined ? null : /^\$\{[^:}]+:([^}]*)\}$/.exec(text);
      if (m && literal) return typed({ range: rangeOf(literal), str: m[1], origin: rangeOf(literal) }, fieldType);
      continue;
    }
    const element = DEFAULT_ELEMENTS[name];
    if (!element) continue;
    for (const pair of args) {
      if (pair?.type !== 'element_value_pair' || pair.childForFieldName('key')?.text !== element) continue;
      const v = evaluate(pair.childForFieldName('value'));
      if (v.str !== undefined) return typed(v, fieldType);
    }
  }
  return undefined;
}

/**
 * Settings read through accessors: SmallRye/Quarkus `@ConfigMapping` interfaces (`@WithDefault("...") String
 * endpoint();`) and Spring constructor-bound records (`record Props(@DefaultValue("...") String endpoint)`), by
 * `Owner.accessor`.
 */
export function accessorDefaults(root: SyntaxNode, evaluate: Evaluate): Map<string, Value> {
  const out = new Map<string, Value>();
  const annotated = (decl: SyntaxNode, annotation: string) => {
    const modifiers = decl.namedChildren.find((c) => c?.type === 'modifiers');
    const a = modifiers?.namedChildren.find((m) => m?.childForFieldName('name')?.text === annotation);
    return a?.childForFieldName('arguments')?.namedChildren[0] ?? undefined;
  };
  for (const d of nodesOfTypes(root, ['method_declaration', 'formal_parameter'])) {
    const record = d.type === 'formal_parameter' && d.parent?.parent?.type === 'record_declaration';
    const literal =
      d.type === 'method_declaration' ? annotated(d, 'WithDefault') : record ? annotated(d, 'DefaultValue') : undefined;
    const name = d.childForFieldName('name')?.text;
    const v = literal ? evaluate(literal) : undefined;
    if (!name || v?.str === undefined) continue;
    // Keyed by `Owner.accessor`: two settings types may both have an `endpoint()`.
    let owner: SyntaxNode | null = d.parent;
    while (owner && !/^(interface|record|class)_declaration$/.test(owner.type)) owner = owner.parent;
    out.set(`${owner?.childForFieldName('name')?.text ?? ''}.${name}`, typed(v, d.childForFieldName('type')?.text));
  }
  return out;
}

/** The fallback of a settings lookup (`getOrDefault(k, d)`, `orElse(d)`, `getProperty(k, d)`); undefined for other calls. */
export function lookupFallback(call: SyntaxNode, evaluate: Evaluate): Value | undefined {
  const name = call.childForFieldName('name')?.text ?? '';
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  const last = args[args.length - 1] ?? null;
  if (name === 'getOrDefault' && args.length === 2) return evaluate(last);
  if (name === 'orElse' && args.length === 1) return evaluate(last);
  // Spring's Environment and System properties: `getProperty(key, default)`, `getProperty(key, type, default)`.
  if (name === 'getProperty' && args.length >= 2) return evaluate(last);
  // Objects.requireNonNullElse(System.getenv("X"), "default")
  if (name === 'requireNonNullElse' && args.length === 2) return evaluate(last);
  // Vert.x JsonObject, Commons Configuration: `config.getString("s3.endpoint", "http://...")`.
  if (/^get(String|Boolean|Integer|Int)$/.test(name) && args.length === 2 && args[0]?.type === 'string_literal')
    return evaluate(last);
  return undefined;
}

/** A settings class is about object storage when its prefix or name says so (`storage.s3`, `MinioProperties`). */
const STORAGE_SETTINGS = /s3|storage|object.?store|minio|bucket|blob/i;
/** The storage endpoint itself (`endpoint`, `s3Endpoint`, `endpointUrl`), not another service's (`queueEndpoint`). */
const ENDPOINT_FIELD = /^(s3|storage|minio|objectStore)?(endpoint|url|uri|endpointUrl|endpointUri|endpointOverride)$/i;

/**
 * Spring `@ConfigurationProperties` classes for object storage: an endpoint field's initialiser is the endpoint
 * every client built from those settings uses unless configuration overrides it (the settings schema's default).
 */
export function storageSettingsClients(root: SyntaxNode, evaluate: Evaluate): ClientFact[] {
  const out: ClientFact[] = [];
  for (const cls of nodesOfTypes(root, ['class_declaration'])) {
    const modifiers = cls.namedChildren.find((c) => c?.type === 'modifiers');
    const annotation = modifiers?.namedChildren.find(
      (a) => /annotation$/.test(a?.type ?? '') && a!.childForFieldName('name')?.text === 'ConfigurationProperties',
    );
    if (!annotation) continue;
    const about = `${annotation.childForFieldName('arguments')?.text ?? ''} ${cls.childForFieldName('name')?.text ?? ''}`;
    if (!STORAGE_SETTINGS.test(about)) continue;
    for (const field of cls.childForFieldName('body')?.namedChildren ?? []) {
      if (field?.type !== 'field_declaration') continue;
      for (const d of field.namedChildren) {
        const name = d?.type === 'variable_declarator' ? d.childForFieldName('name')?.text : undefined;
        const init = d?.childForFieldName('value');
        if (!name || !init || !ENDPOINT_FIELD.test(name)) continue;
        const value = evaluate(init);
        if (value.str === undefined) continue;
        const range = rangeOf(d!);
        out.push({ options: { props: [{ name: 'endpoint', key: name, range, value }], complete: false }, range });
      }
    }
  }
  return out;
}
