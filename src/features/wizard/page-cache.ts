/**
 * A small per-process LRU of rendered result pages. An answer depends only on the question,
 * the language, the day and the catalogue revision, all of which are in the key, and holds no
 * personal data: pages for logged-in staff (their name, a logout form) are never cached.
 */
export class PageCache {
  readonly #entries = new Map<string, Buffer>();
  constructor(private readonly max = 500) {}

  get(key: string): Buffer | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      // Refresh its place: the least recently used entry is the first in the map.
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: Buffer): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.max) this.#entries.delete(this.#entries.keys().next().value!);
  }
}
