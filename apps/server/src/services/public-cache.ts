import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';

/** A public answer ready to send: its bytes and how HTTP caches may keep them. */
export interface PublicAnswer {
  body: Buffer;
  contentType: string;
  /** The Cache-Control header. */
  cacheControl: string;
  /** A strong ETag (quoted). */
  etag: string;
  /** For downloads: the Content-Disposition file name. */
  fileName?: string;
}

/** What a loader produces: an answer without its ETag (the cache computes it), or null for "not found". */
export interface UncachedAnswer extends Omit<PublicAnswer, 'etag'> {
  /**
   * What the ETag is taken over when the bytes are not reproducible (an XLSX file carries zip timestamps): a
   * string that determines the body. Default: the body itself.
   */
  etagOf?: string;
}

interface Entry {
  answer: Promise<PublicAnswer | null>;
  expires: number;
}

/** A strong ETag: the first 128 bits of SHA-256 of the bytes, base64url. */
export function strongEtag(content: Buffer | string): string {
  return `"${createHash('sha256').update(content).digest('base64url').slice(0, 22)}"`;
}

/**
 * The public answers of this instance, in memory (docs/architecture.md, "Public rankings"): a newspaper's readers
 * asking for the same publication make one database read per TTL, not one per reader.
 * - Concurrent misses of one key share one load (no stampede on a cold cache).
 * - `invalidate()` (called when this instance publishes or corrects) drops everything; a load that was in flight
 *   when it was called goes with the rest, so it cannot put the old state back for later readers.
 * - Other instances learn of a publication within `ttlMs` (their entries expire).
 * - At most `maxEntries` entries; the least recently used goes first.
 */
@Injectable()
export class PublicCache {
  private readonly entries = new Map<string, Entry>();
  ttlMs = 60_000;
  maxEntries = 2_000;
  /** Injectable for tests. */
  now: () => number = Date.now;

  async get(key: string, load: () => Promise<UncachedAnswer | null>): Promise<PublicAnswer | null> {
    const hit = this.entries.get(key);
    if (hit && hit.expires > this.now()) {
      this.entries.delete(key);
      this.entries.set(key, hit); // most recently used last
      return hit.answer;
    }
    const answer = load().then((a) => (a ? withEtag(a) : null));
    const entry: Entry = { answer, expires: this.now() + this.ttlMs };
    this.entries.set(key, entry);
    this.evict();
    try {
      return await answer;
    } catch (error) {
      if (this.entries.get(key) === entry) this.entries.delete(key); // errors are not cached
      throw error;
    }
  }

  /** Drop every answer (a publication or correction happened). */
  invalidate(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private evict(): void {
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}

function withEtag(a: UncachedAnswer): PublicAnswer {
  const { etagOf, ...rest } = a;
  return { ...rest, etag: strongEtag(etagOf ?? a.body) };
}

/** True when an If-None-Match header names `etag` (or is `*`): the client's copy is current. */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}
