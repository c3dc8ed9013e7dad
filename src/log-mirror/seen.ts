// The ids of log entries already printed, kept compactly so a burst of 100,000 lines does not
// fill the heap with 100,000 small objects: each id is hashed to 64 bits and stored in a typed
// array (an open-addressing hash set), one set per span of entry time, and spans older than the
// window are dropped whole. A repeat of an entry has the same timestamp, so it is looked up in
// its own span only. Two different ids of one span collide with a probability of about n² / 2⁶⁵
// (1 in 10⁹ for 100,000 lines); a Map of strings cost 25–30 MB of peak memory per 50,000 lines
// (npm run bench).

const spanMs = 10_000;

/** 64 bits of a string as two 32-bit FNV-1a-style hashes with different seeds and mixing. */
function hash(text: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  a ^= a >>> 16;
  a = Math.imul(a, 0x85ebca6b);
  a ^= a >>> 13;
  b = Math.imul(b ^ (b >>> 16), 0xc2b2ae35);
  b ^= b >>> 16;
  // (0, 0) marks an empty slot.
  return [a >>> 0 || 1, b >>> 0];
}

class HashSet64 {
  private slots = new Uint32Array(2 * 1024);
  size = 0;

  /** Adds the hash; false when it was there already. */
  add(hi: number, lo: number): boolean {
    if (2 * (this.size + 1) > this.slots.length / 2) this.grow();
    const capacity = this.slots.length / 2;
    for (let i = (hi ^ lo) & (capacity - 1); ; i = (i + 1) & (capacity - 1)) {
      const h = this.slots[2 * i]!;
      if (h === 0) {
        this.slots[2 * i] = hi;
        this.slots[2 * i + 1] = lo;
        this.size++;
        return true;
      }
      if (h === hi && this.slots[2 * i + 1] === lo) return false;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    this.size = 0;
    for (let i = 0; i < old.length; i += 2) if (old[i]) this.add(old[i]!, old[i + 1]!);
  }
}

export class SeenIds {
  private readonly spans = new Map<number, HashSet64>();
  private readonly windowMs: number;
  private newestMs = 0;

  constructor(windowMs: number) {
    this.windowMs = windowMs;
  }

  /** Remembers the entry; false when it was seen before (within the window). */
  add(id: string, ms: number): boolean {
    const span = Math.floor(ms / spanMs);
    let set = this.spans.get(span);
    if (!set) {
      set = new HashSet64();
      this.spans.set(span, set);
    }
    const [hi, lo] = hash(id);
    if (!set.add(hi, lo)) return false;
    if (ms > this.newestMs) {
      this.newestMs = ms;
      // Entries can only repeat within a short time of each other (a gap read's overlap).
      const oldest = Math.floor((ms - this.windowMs) / spanMs);
      for (const key of this.spans.keys()) if (key < oldest) this.spans.delete(key);
    }
    return true;
  }

  get size(): number {
    let n = 0;
    for (const set of this.spans.values()) n += set.size;
    return n;
  }
}
