/** Small deterministic PRNGs: the same seed gives the same data set on every machine. */
import { mulberry32 } from '../../test/support/prng';

export { mulberry32 };

/** splitmix32: mixes an integer into a well-spread 32-bit value (used to derive per-case seeds). */
export function mix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** A generator for one item of a data set: independent of every other item, so items can be made in any order. */
export function itemRandom(seed: number, stream: number, index: number): () => number {
  return mulberry32(mix32(mix32(seed ^ Math.imul(stream, 0x27d4eb2d)) ^ index));
}
