/**
 * A map from domain names that can look up the domain part of an address without cutting it out first.
 * Attribution looks up one or two domains per message; slicing them out of fresh address strings and
 * hashing the slices cost more than the rest of the decision, so entries are keyed by a 30-bit FNV-1a
 * hash computed in place and confirmed by comparing characters.
 */
/** Kept to 30 bits so the key is a small integer V8 stores unboxed: a wider one allocates on every look-up. */
function fnv1a(text: string, start: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h & 0x3fffffff;
}

/**
 * Open addressing over one flat array rather than a Map of buckets: in a forest of 50,000 tenants the
 * table holds 150,000 domains and nearly every look-up misses the CPU caches, so what counts is how many
 * places in memory one look-up reads. Here a slot keeps its hash, domain and value side by side, so a hit
 * reads the slot, the domain's characters and then the value the caller wanted anyway.
 */
export class DomainTable<V> {
  /** Slot i holds at 3i the hash of its domain plus one (0 marks an empty slot), at 3i + 1 the domain, at 3i + 2 the value. */
  private slots: Array<number | string | V> = DomainTable.emptySlots(16);
  private capacity = 16;
  private count = 0;

  private static emptySlots(capacity: number): Array<number> {
    return new Array<number>(capacity * 3).fill(0);
  }

  get size(): number {
    return this.count;
  }

  set(domain: string, value: V): void {
    // At most three quarters full: probe sequences stay short, and the table stays small enough to cache well.
    if ((this.count + 1) * 4 > this.capacity * 3) this.grow();
    const tag = fnv1a(domain, 0) + 1;
    const mask = this.capacity - 1;
    const slots = this.slots;
    for (let i = tag & mask; ; i = (i + 1) & mask) {
      const t = slots[3 * i] as number;
      if (t === 0) {
        slots[3 * i] = tag;
        slots[3 * i + 1] = domain;
        slots[3 * i + 2] = value;
        this.count++;
        return;
      }
      if (t === tag && slots[3 * i + 1] === domain) {
        slots[3 * i + 2] = value;
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
    const slots = this.slots;
    const mask = this.capacity - 1;
    const length = text.length - start;
    for (let i = tag & mask; ; i = (i + 1) & mask) {
      const t = slots[3 * i] as number;
      if (t === 0) return undefined;
      if (t === tag) {
        const domain = slots[3 * i + 1] as string;
        if (domain.length === length && text.startsWith(domain, start)) return slots[3 * i + 2] as V;
      }
    }
  }

  private grow(): void {
    const old = this.slots;
    const oldCapacity = this.capacity;
    this.capacity *= 2;
    this.slots = DomainTable.emptySlots(this.capacity);
    this.count = 0;
    for (let i = 0; i < oldCapacity; i++) if (old[3 * i] !== 0) this.set(old[3 * i + 1] as string, old[3 * i + 2] as V);
  }
}
