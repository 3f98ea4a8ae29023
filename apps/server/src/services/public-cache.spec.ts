import { describe, expect, it } from 'vitest';
import { matchesEtag, PublicCache, strongEtag, type UncachedAnswer } from './public-cache';

const answer = (text: string, extra: Partial<UncachedAnswer> = {}): UncachedAnswer => ({
  body: Buffer.from(text),
  contentType: 'text/plain',
  cacheControl: 'public, max-age=300',
  ...extra,
});

/** A loader that counts its calls and resolves when told to. */
function gatedLoader(text: string) {
  let calls = 0;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  return {
    load: async () => {
      calls++;
      await gate;
      return answer(text);
    },
    release: () => release(),
    get calls() {
      return calls;
    },
  };
}

describe('PublicCache', () => {
  it('loads once per key and serves the same bytes and a strong ETag of them', async () => {
    const cache = new PublicCache();
    let calls = 0;
    const load = async () => (calls++, answer('hello'));
    const a = await cache.get('k', load);
    const b = await cache.get('k', load);
    expect(calls).toBe(1);
    expect(b).toBe(a);
    expect(a!.etag).toBe(strongEtag(Buffer.from('hello')));
    expect(a!.etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
  });

  it('shares one load between concurrent misses', async () => {
    const cache = new PublicCache();
    const loader = gatedLoader('x');
    const waiting = Array.from({ length: 50 }, () => cache.get('k', loader.load));
    loader.release();
    const answers = await Promise.all(waiting);
    expect(loader.calls).toBe(1);
    expect(new Set(answers).size).toBe(1);
  });

  it('loads again after the TTL', async () => {
    const cache = new PublicCache();
    let t = 1_000;
    cache.now = () => t;
    let calls = 0;
    const load = async () => (calls++, answer(`v${calls}`));
    await cache.get('k', load);
    t += cache.ttlMs - 1;
    await cache.get('k', load);
    expect(calls).toBe(1);
    t += 1;
    expect((await cache.get('k', load))!.body.toString()).toBe('v2');
  });

  it('invalidate() drops every answer, including a load in flight', async () => {
    const cache = new PublicCache();
    const old = gatedLoader('old');
    const inFlight = cache.get('k', old.load);
    cache.invalidate();
    expect(cache.size).toBe(0);
    const fresh = cache.get('k', async () => answer('new'));
    old.release();
    expect((await inFlight)!.body.toString()).toBe('old'); // its own callers asked before the publication
    expect((await fresh)!.body.toString()).toBe('new');
    expect((await cache.get('k', async () => answer('never')))!.body.toString()).toBe('new');
  });

  it('caches "not found" too, but never an error', async () => {
    const cache = new PublicCache();
    let calls = 0;
    expect(await cache.get('missing', async () => (calls++, null))).toBeNull();
    expect(await cache.get('missing', async () => (calls++, null))).toBeNull();
    expect(calls).toBe(1);
    await expect(cache.get('bad', async () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect((await cache.get('bad', async () => answer('ok')))!.body.toString()).toBe('ok');
  });

  it('takes the ETag over etagOf when given (bytes that are not reproducible)', async () => {
    const cache = new PublicCache();
    const a = await cache.get('a', async () => answer('zip with a timestamp 1', { etagOf: 'same content' }));
    const b = await cache.get('b', async () => answer('zip with a timestamp 2', { etagOf: 'same content' }));
    expect(a!.etag).toBe(b!.etag);
    expect(a!.etag).toBe(strongEtag('same content'));
    expect('etagOf' in a!).toBe(false);
  });

  it('keeps at most maxEntries, dropping the least recently used', async () => {
    const cache = new PublicCache();
    cache.maxEntries = 2;
    let calls = 0;
    const load = async () => (calls++, answer('x'));
    await cache.get('a', load);
    await cache.get('b', load);
    await cache.get('a', load); // a is now the most recent
    await cache.get('c', load); // evicts b
    expect(calls).toBe(3);
    await cache.get('a', load);
    expect(calls).toBe(3);
    await cache.get('b', load);
    expect(calls).toBe(4);
  });
});

describe('matchesEtag', () => {
  const etag = '"abc"';
  it.each([
    [undefined, false],
    ['"abc"', true],
    ['"x", "abc"', true],
    ['W/"abc"', true],
    ['*', true],
    ['"abd"', false],
    ['abc', false],
  ])('If-None-Match %s → %s', (header, expected) => {
    expect(matchesEtag(header, etag)).toBe(expected);
  });
});
