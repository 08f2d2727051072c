// Clients made in another file of the workspace and imported by name (`import { s3 } from './s3'`,
// `from .clients import onprem`). The other file's clients are copied in, renamed so they cannot collide with
// local names, and marked `imported`: they link calls to their transport, but their settings are reported (and
// fixed) in their own file, never here, so every range is moved onto the import statement.
import type { ClientFact, FileFacts, Range } from '../types';

export interface ImportedName {
  /** The name in this file. */
  local: string;
  /** The name the other file exports (`default` for `export default new S3Client(...)`). */
  exported: string;
  /** The import statement: where anything imported is placed. */
  range: Range;
}

export function importClients(facts: FileFacts, other: FileFacts, names: ImportedName[], tag: string): void {
  const prefix = `imported${tag}_`;
  const rename = (v: string | undefined) => (v === undefined ? undefined : `${prefix}${v}`);
  // Clients the other file imported itself come along too (renamed again), so chains across files stay linked.
  for (const c of other.clients) {
    const at = names[0].range;
    const moved: ClientFact = {
      variable: rename(c.variable),
      derivesFrom: rename(c.derivesFrom),
      options: {
        props: c.options.props.map((p) => ({ ...p, range: at, value: { ...p.value, range: at, origin: undefined } })),
        complete: c.options.complete,
      },
      range: at,
      imported: true,
    };
    facts.clients.push(moved);
    for (const n of names) {
      // `s3` stays `s3`; a factory `archiveClient()` stays callable under its local name.
      if (c.variable === n.exported)
        facts.clients.push({
          ...moved,
          variable: n.local,
          derivesFrom: moved.variable,
          options: { props: [], complete: false },
        });
      // `storageProfiles.onprem` for an imported `storageProfiles` holding client options.
      if (c.variable?.startsWith(`${n.exported}.`))
        facts.clients.push({
          ...moved,
          variable: `${n.local}${c.variable.slice(n.exported.length)}`,
          derivesFrom: moved.variable,
          options: { props: [], complete: false },
        });
      if (c.variable === `${n.exported}()`)
        facts.clients.push({
          ...moved,
          variable: `${n.local}()`,
          derivesFrom: moved.variable,
          options: { props: [], complete: false },
          range: n.range,
        });
    }
  }
}
