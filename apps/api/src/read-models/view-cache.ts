import { freezeView } from '../http/reply-serializer.js';

interface Entry {
  value: Promise<unknown>;
  /** Until then the entry is served as it is. */
  freshUntil: number;
  /** Past freshUntil and before this, it is still served while one refresh runs; after, a reader waits. */
  staleUntil: number;
  /** What it is indexed under: a change notice naming one of these drops it. */
  tags: readonly string[];
  refreshing: boolean;
  /** Its share of the capacity: 1 while computing, then what `weigh` says of its value. */
  weight: number;
}

/** How long an answer stays fresh (ms): fixed, or read off the answer when it is computed. */
export type Freshness<T> = number | ((value: T, now: number) => number);

/**
 * Which change notices make an answer old: fixed, or read off the answer when it is computed (what
 * it turned out to depend on), with `whileComputing` standing until then, so that a change during
 * the computation still drops it.
 */
export type Tags<T> = readonly string[] | { whileComputing: readonly string[]; of: (value: T) => readonly string[] };

const isFixed = <T>(tags: Tags<T>): tags is readonly string[] => Array.isArray(tags);

/**
 * Recent answers to "now" reads, so hot reads cost no database round trip.
 *
 * Two things make an entry old. A change the worker reports to what it shows drops it at once: the
 * next reader computes it afresh. Time alone (a measure takes effect, a deadline falls due, the
 * escalation decays) makes it old after `ttlMs`: then the first reader starts one refresh in the
 * background and every reader meanwhile still gets the old answer, so entries that age together
 * never make a burst of readers wait (that burst was the read p99). An entry nobody read for
 * `2 × ttlMs` is recomputed while its reader waits, as if new.
 *
 * Entries are indexed by tag, so a change notice naming a thousand disputes touches only their entries.
 * When the entries weigh more than `capacity` (each weighs 1 unless `weigh` says otherwise), the
 * oldest make room.
 */
export class ViewCache {
  private readonly entries = new Map<string, Entry>();
  private readonly keysByTag = new Map<string, Set<string>>();
  private load = 0;

  constructor(
    private readonly ttlMs = 1_000,
    private readonly capacity = 20_000,
    private readonly now: () => number = Date.now,
    private readonly weigh: (value: unknown) => number = () => 1,
  ) {}

  /** `freshness`: this entry's own, for answers that time moves slowly, or read off the answer once computed. */
  get<T>(key: string, tags: Tags<T>, compute: () => Promise<T>, freshness: Freshness<T> = this.ttlMs): Promise<T> {
    const kept = this.kept(key, compute, freshness);
    if (kept) return kept;
    this.drop(key);
    const [initialTags, settledTags] = isFixed(tags) ? [tags, undefined] : [tags.whileComputing, tags.of];
    const entry = this.entry(compute, initialTags, freshness);
    this.entries.set(key, entry);
    this.load += entry.weight;
    this.index(key, entry.tags);
    this.makeRoom();
    entry.value.then(
      (value) => {
        if (this.entries.get(key) !== entry) return;
        // A refresh keeps these: what changes them (the answer's own subject) drops the entry first.
        if (settledTags) this.retag(key, entry, settledTags(value as T));
        this.reweigh(key, entry, this.weigh(value));
      },
      // A failed computation is not remembered.
      () => this.entries.get(key) === entry && this.drop(key),
    );
    return entry.value as Promise<T>;
  }

  /**
   * What `get` would answer without computing anew: the entry if it may still be served (starting
   * its refresh if it is stale), else undefined. `compute` and `freshness` serve that refresh.
   */
  kept<T>(key: string, compute: () => Promise<T>, freshness: Freshness<T> = this.ttlMs): Promise<T> | undefined {
    const now = this.now();
    const hit = this.entries.get(key);
    if (!hit || now >= hit.staleUntil) return undefined;
    if (now >= hit.freshUntil && !hit.refreshing) this.refresh(key, hit, compute, freshness);
    return hit.value as Promise<T>;
  }

  invalidate(tag: string): void {
    const keys = this.keysByTag.get(tag);
    if (keys) for (const key of [...keys]) this.drop(key);
  }

  clear(): void {
    this.entries.clear();
    this.keysByTag.clear();
    this.load = 0;
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.load -= entry.weight;
    this.unindex(key, entry.tags);
  }

  private index(key: string, tags: readonly string[]): void {
    for (const tag of tags) {
      let keys = this.keysByTag.get(tag);
      if (!keys) this.keysByTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
  }

  private unindex(key: string, tags: readonly string[]): void {
    for (const tag of tags) {
      const keys = this.keysByTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.keysByTag.delete(tag);
    }
  }

  private retag(key: string, entry: Entry, tags: readonly string[]): void {
    this.unindex(key, entry.tags);
    entry.tags = tags;
    this.index(key, tags);
  }

  private refresh<T>(key: string, old: Entry, compute: () => Promise<T>, freshness: Freshness<T>): void {
    old.refreshing = true;
    const next = this.entry(compute, old.tags, freshness);
    next.value.then(
      // Kept only if nothing dropped the old entry meanwhile: a refresh begun before a change
      // must not bring back what the change made old. Same key, same tags: the tag index stands.
      (value) => {
        if (this.entries.get(key) !== old) return;
        // Newly computed, so last to make room.
        this.entries.delete(key);
        this.entries.set(key, next);
        this.load += next.weight - old.weight;
        this.reweigh(key, next, this.weigh(value));
      },
      // A failed refresh leaves the old answer to its stale window; the next reader tries again.
      () => (old.refreshing = false),
    );
  }

  /** An answer heavier than the whole capacity is handed out but not kept: it would push out every other. */
  private reweigh(key: string, entry: Entry, weight: number): void {
    this.load += weight - entry.weight;
    entry.weight = weight;
    if (weight > this.capacity) this.drop(key);
    else this.makeRoom();
  }

  /** The entries computed longest ago go first (a Map keeps insertion order). */
  private makeRoom(): void {
    while (this.load > this.capacity && this.entries.size > 0) this.drop(this.entries.keys().next().value!);
  }

  private entry<T>(compute: () => Promise<T>, tags: readonly string[], freshness: Freshness<T>): Entry {
    // Frozen before anyone sees it: what the cache hands out is never changed, so it is serialised once.
    const entry: Entry = { value: compute().then(freezeView), tags, refreshing: false, freshUntil: Infinity, staleUntil: Infinity, weight: 1 };
    // Its age counts from when it was computed, not asked for: a computation may wait its turn
    // (the dispute list computes its lines a few at a time) for longer than a lifetime.
    entry.value.then(
      (value) => {
        const now = this.now();
        const ms = typeof freshness === 'function' ? freshness(value as T, now) : freshness;
        entry.freshUntil = now + ms;
        entry.staleUntil = now + 2 * ms;
      },
      () => {},
    );
    return entry;
  }
}
