/**
 * The keys this attempt of a run has written to the ledger, as a Bloom filter that grows with
 * them: "no" is certain, "maybe" is wrong for under one key in a hundred (a wrong "maybe" only
 * adds the key to its chunk's one ledger query).
 *
 * Used only when the destination's ledger was empty as the attempt began (a first sync, the
 * biggest one a customer runs): then a key can only be in the ledger if this attempt put it there,
 * so keys the filter has never seen need no lookup at all. A "maybe" is looked up as usual.
 * Without it, a 1M-row first sync's main thread spends about a quarter more CPU hashing keys and
 * looking them up (docs/benchmarks.md).
 *
 * It starts at 8 KiB and adds a layer four times larger (up to 8 MiB) whenever the newest fills
 * to 16 bits a key: 2.8 MiB at a million keys, and 40 KiB for a run of a few thousand, where a
 * fixed 8 MiB made a worker holding fifty small runs 400 MiB larger.
 */
export class SentKeyFilter {
  private static readonly HASHES = 4;
  private static readonly FIRST_BITS_LOG2 = 16;
  private static readonly MAX_BITS_LOG2 = 26;
  private static readonly BITS_PER_KEY = 16;
  private readonly layers: Array<{ words: Uint32Array; mask: number; capacity: number; keys: number }> = [];

  constructor() {
    this.addLayer(SentKeyFilter.FIRST_BITS_LOG2);
  }

  /** Bytes the filter holds now. */
  get bytes(): number {
    return this.layers.reduce((total, layer) => total + layer.words.byteLength, 0);
  }

  add(key: string): void {
    let layer = this.layers.at(-1)!;
    if (layer.keys >= layer.capacity) {
      this.addLayer(Math.min(SentKeyFilter.MAX_BITS_LOG2, Math.log2(layer.mask + 1) + 2));
      layer = this.layers.at(-1)!;
    }
    layer.keys += 1;
    const [a, b] = hashPair(key);
    for (let i = 0; i < SentKeyFilter.HASHES; i += 1) {
      const bit = (a + Math.imul(i, b)) & layer.mask;
      layer.words[bit >>> 5]! |= 1 << (bit & 31);
    }
  }

  mightContain(key: string): boolean {
    const [a, b] = hashPair(key);
    for (const layer of this.layers) {
      let all = true;
      for (let i = 0; i < SentKeyFilter.HASHES && all; i += 1) {
        const bit = (a + Math.imul(i, b)) & layer.mask;
        all = (layer.words[bit >>> 5]! & (1 << (bit & 31))) !== 0;
      }
      if (all) return true;
    }
    return false;
  }

  private addLayer(bitsLog2: number): void {
    const bits = 2 ** bitsLog2;
    this.layers.push({
      words: new Uint32Array(bits >>> 5),
      mask: bits - 1,
      capacity: bits / SentKeyFilter.BITS_PER_KEY,
      keys: 0,
    });
  }
}

/** Two independent 32-bit hashes of the key's UTF-16 code units (FNV-1a, and a murmur-style mix). */
function hashPair(key: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < key.length; i += 1) {
    const code = key.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
    b ^= b >>> 15;
  }
  // Odd, so the probe sequence a + i·b visits distinct bits.
  return [a >>> 0, (b | 1) >>> 0];
}
