import type { KnownDevelopment } from '../timeline/timeline.reader.js';

interface Entry {
  version: number;
  developments: readonly KnownDevelopment[];
}

/**
 * The counted developments of long disputes, kept in this process by timeline schema and dispute,
 * for one stream version: the dashboard reads a dispute at many instants (the chart, then days
 * picked on it), and a read of a dispute of 100,000 developments then costs its fold rather than
 * fetching and parsing 100,000 rows again (seconds). Whatever changes a dispute's developments (a
 * development, a retraction) is appended to its stream, and the timeline moves the version in the
 * transaction that writes the rows, so a version names one set of rows; a rebuild writes another
 * schema. Concurrent reads of a version not held share one fetch.
 *
 * Least recently used disputes go first once the entries hold more than `maxDevelopments` in all.
 */
export class DevelopmentsCache {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<readonly KnownDevelopment[]>>();
  private held = 0;

  constructor(private readonly maxDevelopments: number) {}

  /** The developments of `key` at `version`, from memory or from `fetch` (never older than `version`). */
  load(key: string, version: number, fetch: () => Promise<readonly KnownDevelopment[]>): Promise<readonly KnownDevelopment[]> {
    const entry = this.entries.get(key);
    if (entry?.version === version) {
      // Most recently used last: eviction takes the first.
      this.entries.delete(key);
      this.entries.set(key, entry);
      return Promise.resolve(entry.developments);
    }
    const loadKey = `${key}@${version}`;
    let loading = this.loading.get(loadKey);
    if (!loading) {
      loading = fetch().then(
        (developments) => {
          this.loading.delete(loadKey);
          // Rows read after the version was: as new as it, or newer. A newer version's entry stays.
          if ((this.entries.get(key)?.version ?? -1) <= version) this.set(key, { version, developments });
          return developments;
        },
        (error: unknown) => {
          this.loading.delete(loadKey);
          throw error;
        },
      );
      this.loading.set(loadKey, loading);
    }
    return loading;
  }

  clear(): void {
    this.entries.clear();
    this.held = 0;
  }

  private set(key: string, entry: Entry): void {
    const previous = this.entries.get(key);
    if (previous) {
      this.entries.delete(key);
      this.held -= previous.developments.length;
    }
    if (entry.developments.length > this.maxDevelopments) return;
    this.entries.set(key, entry);
    this.held += entry.developments.length;
    for (const [oldest, { developments }] of this.entries) {
      if (this.held <= this.maxDevelopments) break;
      this.entries.delete(oldest);
      this.held -= developments.length;
    }
  }
}
