/// <reference lib="dom" />
// Small DOM builders for the audit report page: elements, buttons, tables with numeric columns, chart canvases.

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

export function button(label: string, onClick: () => void, title = ''): HTMLButtonElement {
  const b = el('button', { type: 'button', title }, label);
  b.addEventListener('click', onClick);
  return b;
}

/** A table cell; `num` right-aligns it (class "num"), `mono` sets it in the editor font. */
export interface Cell {
  content: Node | string | (Node | string)[];
  num?: boolean;
  mono?: boolean;
}

export const num = (content: Node | string): Cell => ({ content, num: true });

function cell(tag: 'th' | 'td', c: Cell | Node | string): HTMLTableCellElement {
  if (typeof c === 'string' || c instanceof Node) return el(tag, {}, c);
  const cls = [c.num ? 'num' : '', c.mono ? 'mono' : ''].filter(Boolean).join(' ');
  return el(tag, cls ? { class: cls } : {}, ...(Array.isArray(c.content) ? c.content : [c.content]));
}

/** A table with one header row and a body of rows; numeric columns are marked in the header and in the cells. */
export function dataTable(
  attrs: Record<string, string>,
  headers: (Cell | string)[],
  rows: (Cell | Node | string)[][],
): HTMLTableElement {
  const head = el('thead', {}, el('tr', {}, ...headers.map((h) => cell('th', h))));
  const body = el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((c) => cell('td', c)))));
  return el('table', attrs, head, body);
}

/** A chart canvas, announced to screen readers as an image with its label. */
export const chartCanvas = (id: string, label: string): HTMLCanvasElement =>
  el('canvas', { id, 'aria-label': label, role: 'img' });
