// A small XML reader and writer for the REST-XML bodies of S3 and S3 Control: elements, text and the five
// predefined entities (no attributes are needed for these request shapes; they are ignored).
export interface XmlNode {
  name: string;
  children: XmlNode[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#')
      return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? m;
  });
}

export function escapeXml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export class XmlError extends Error {}

export function parseXml(text: string): XmlNode {
  const tokens = text.replace(/<\?[\s\S]*?\?>/g, '').replace(/<!--[\s\S]*?-->/g, '');
  const re = /<(\/?)([A-Za-z_][\w.:-]*)([^>]*?)(\/?)>|([^<]+)/g;
  const root: XmlNode = { name: '#root', children: [], text: '' };
  const stack: XmlNode[] = [root];
  let m: RegExpExecArray | null;
  while ((m = re.exec(tokens))) {
    const top = stack[stack.length - 1];
    if (m[5] !== undefined) {
      top.text += decode(m[5]);
      continue;
    }
    const [, closing, name, , selfClosing] = m;
    if (closing) {
      if (top.name !== name) throw new XmlError(`unexpected </${name}> (open: <${top.name}>)`);
      stack.pop();
      continue;
    }
    const node: XmlNode = { name, children: [], text: '' };
    top.children.push(node);
    if (!selfClosing) stack.push(node);
  }
  if (stack.length !== 1 || root.children.length !== 1) throw new XmlError('not a single well-formed XML document');
  return root.children[0];
}

export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return node?.children.find((c) => c.name === name);
}

export function childText(node: XmlNode | undefined, name: string): string | undefined {
  const c = child(node, name);
  return c ? c.text.trim() : undefined;
}

export function path(node: XmlNode | undefined, ...names: string[]): XmlNode | undefined {
  let n = node;
  for (const name of names) n = child(n, name);
  return n;
}

/** Writes a node back out (used to echo a job's Operation, Manifest and Report in DescribeJob). */
export function writeXml(node: XmlNode): string {
  if (!node.children.length)
    return node.text.trim() ? `<${node.name}>${escapeXml(node.text.trim())}</${node.name}>` : `<${node.name}/>`;
  return `<${node.name}>${node.children.map(writeXml).join('')}</${node.name}>`;
}

/** `{a: 1, b: {c: 'x'}}` → `<a>1</a><b><c>x</c></b>`; arrays repeat the element; undefined is left out. */
export function toXml(fields: Record<string, unknown>): string {
  let out = '';
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const item of v as unknown[]) out += toXml({ [k]: item });
    else if (v instanceof Date) out += `<${k}>${v.toISOString()}</${k}>`;
    else if (typeof v === 'object' && v !== null && 'xml' in v) out += `<${k}>${(v as { xml: string }).xml}</${k}>`;
    else if (typeof v === 'object' && v !== null) out += `<${k}>${toXml(v as Record<string, unknown>)}</${k}>`;
    else out += `<${k}>${escapeXml(`${v as string | number | boolean}`)}</${k}>`;
  }
  return out;
}
