/**
 * A map from domain names that can look up the domain part of an address without cutting it out first.
 * Attribution looks up one or two domains per message; slicing them out of fresh address strings and
 * hashing the slices cost more than the rest of the decision, so entries are keyed by a 32-bit FNV-1a
 * hash computed in place and confirmed by comparing characters.
 */
/** Kept to 30 bits so the key is a small integer V8 stores unboxed: a wider one allocates on every look-up. */
function fnv1a(text: string, start: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h & 0x3fffffff;
}

/**
 * Open addressing over flat arrays rather than a Map of buckets: in a forest of 50,000 tenants the table
 * holds 150,000 domains and nearly every look-up misses the CPU caches, so what counts is how many places
 * in memory one look-up reads. Here that is the slot's hash, then the domain and its value side by side.
 */
export class DomainTable<V> {
  /** The hash of each slot's domain plus one; 0 marks an empty slot. */
  private hashes = new Int32Array(16);
  /** Slot i's domain at 2i and its value at 2i + 1, so a hit reads one more cache line, not two. */
  private slots: Array<string | V | undefined> = new Array<string | V | undefined>(32).fill(undefined);
  private count = 0;

  get size(): number {
    return this.count;
  }

  set(domain: string, value: V): void {
    // At most half full, so probe sequences stay short and a miss finds an empty slot quickly.
    if ((this.count + 1) * 2 > this.hashes.length) this.grow();
    const tag = fnv1a(domain, 0) + 1;
    const mask = this.hashes.length - 1;
    for (let i = tag & mask; ; i = (i + 1) & mask) {
      const t = this.hashes[i]!;
      if (t === 0) {
        this.hashes[i] = tag;
        this.slots[2 * i] = domain;
        this.slots[2 * i + 1] = value;
        this.count++;
        return;
      }
      if (t === tag && this.slots[2 * i] === domain) {
        this.slots[2 * i + 1] = value;
        return;
      }
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
    const tag = fnv1a(text, start) + 1;
    const hashes = this.hashes;
    const mask = hashes.length - 1;
    const length = text.length - start;
    for (let i = tag & mask; ; i = (i + 1) & mask) {
      const t = hashes[i]!;
      if (t === 0) return undefined;
      if (t === tag) {
        const domain = this.slots[2 * i] as string;
        if (domain.length === length && text.startsWith(domain, start)) return this.slots[2 * i + 1] as V;
      }
    }
  }

  private grow(): void {
    const hashes = this.hashes;
    const slots = this.slots;
    this.hashes = new Int32Array(hashes.length * 2);
    this.slots = new Array<string | V | undefined>(hashes.length * 4).fill(undefined);
    this.count = 0;
    for (let i = 0; i < hashes.length; i++) if (hashes[i] !== 0) this.set(slots[2 * i] as string, slots[2 * i + 1] as V);
  }
}
