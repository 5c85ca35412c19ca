/**
 * A map from domain names that can look up the domain part of an address without cutting it out first.
 * Attribution looks up one or two domains per message; slicing them out of fresh address strings and
 * hashing the slices cost more than the rest of the decision, so entries are keyed by a 32-bit FNV-1a
 * hash computed in place and confirmed by comparing characters.
 */
interface Entry<V> {
  readonly domain: string;
  readonly value: V;
}

/** Kept to 30 bits so the key is a small integer V8 stores unboxed: a wider one allocates on every look-up. */
function fnv1a(text: string, start: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h & 0x3fffffff;
}

export class DomainTable<V> {
  private readonly buckets = new Map<number, Entry<V>[]>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  set(domain: string, value: V): void {
    const key = fnv1a(domain, 0);
    const bucket = this.buckets.get(key);
    if (!bucket) {
      this.buckets.set(key, [{ domain, value }]);
      this.count++;
      return;
    }
    const i = bucket.findIndex((e) => e.domain === domain);
    if (i >= 0) bucket[i] = { domain, value };
    else {
      bucket.push({ domain, value });
      this.count++;
    }
  }

  get(domain: string): V | undefined {
    return this.getSuffix(domain, 0);
  }

  has(domain: string): boolean {
    return this.get(domain) !== undefined;
  }

  /** The value for `text.slice(start)`, computed without making that slice. */
  getSuffix(text: string, start: number): V | undefined {
    const bucket = this.buckets.get(fnv1a(text, start));
    if (bucket === undefined) return undefined;
    const length = text.length - start;
    for (const e of bucket) if (e.domain.length === length && text.startsWith(e.domain, start)) return e.value;
    return undefined;
  }
}
