import { freezeView } from '../http/reply-serializer.js';

/**
 * Recent answers to "now" reads, so hot reads cost no database round trip. An entry lives at most
 * `ttlMs` (time alone moves some states: a measure takes effect, a deadline falls due) and is
 * dropped as soon as the worker reports a change to what it shows.
 */
export class ViewCache {
  private readonly entries = new Map<string, { value: Promise<unknown>; expires: number; tags: readonly string[] }>();

  constructor(
    private readonly ttlMs = 1_000,
    private readonly maxEntries = 5_000,
  ) {}

  get<T>(key: string, tags: readonly string[], compute: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) return hit.value as Promise<T>;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    // Frozen before anyone sees it: what the cache hands out is never changed, so it is serialised once.
    const value = compute().then(freezeView);
    this.entries.set(key, { value, expires: now + this.ttlMs, tags });
    // A failed computation is not remembered.
    value.catch(() => this.entries.get(key)?.value === value && this.entries.delete(key));
    return value;
  }

  invalidate(tag: string): void {
    for (const [key, entry] of this.entries) if (entry.tags.includes(tag)) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
