// Services one feature offers another. Each register function returns what it offers and takes what it needs
// as typed parameters (wired in main.ts), so a missing service or a wrong registration order is a compile
// error rather than a silent no-op at run time.
import type { DiagnosticsService } from './diagnostics/register';
import type { ConnectionsService } from './explorer/connections-service';
import type { ExplorerService } from './explorer/register';
import type { KeyStore } from './keystore/key-store';

/** What the explorer offers: S3 clients per connection, and refreshing what it shows. */
export interface ExplorerServices {
  connections: ConnectionsService;
  explorer: ExplorerService;
}

/** Everything the extension's features offer, as activate() returns it (integration tests read it). */
export interface Services extends ExplorerServices {
  keyStore: KeyStore;
  diagnostics: DiagnosticsService;
}
