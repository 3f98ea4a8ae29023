import { describe, expect, it } from 'vitest';
import { LatestLoader } from './latest-loader';

/** A fetch whose answers the test releases one by one. */
function controlledFetch() {
  const pending = new Map<string, (value: string) => void>();
  const sent: string[] = [];
  const fetchFn = (url: string) =>
    new Promise<string>((resolve) => {
      sent.push(url);
      pending.set(url, resolve);
    });
  const release = async (url: string) => {
    pending.get(url)!(`answer:${url}`);
    pending.delete(url);
    await new Promise((r) => setTimeout(r, 0));
  };
  return { fetchFn, sent, release };
}

describe('LatestLoader', () => {
  it('keeps one request in flight and sends only the newest waiting one (newest wins)', async () => {
    const { fetchFn, sent, release } = controlledFetch();
    const got: string[] = [];
    const loader = new LatestLoader(fetchFn, { onresult: (_u, v) => got.push(v), onerror: () => undefined });
    loader.request('a');
    loader.request('b');
    loader.request('c');
    loader.request('d');
    expect(sent).toEqual(['a']);
    await release('a');
    // 'a' is superseded: not delivered; only 'd' of the waiting ones is sent
    expect(got).toEqual([]);
    expect(sent).toEqual(['a', 'd']);
    await release('d');
    expect(got).toEqual(['answer:d']);
    expect(loader.requests).toBe(2);
    expect(loader.busyNow).toBe(false);
  });

  it('answers from the cache by URL without a request', async () => {
    const { fetchFn, sent, release } = controlledFetch();
    const got: string[] = [];
    const loader = new LatestLoader(fetchFn, { onresult: (_u, v) => got.push(v), onerror: () => undefined });
    loader.request('a');
    await release('a');
    loader.request('b');
    await release('b');
    loader.request('a');
    expect(got).toEqual(['answer:a', 'answer:b', 'answer:a']);
    expect(sent).toEqual(['a', 'b']);
  });

  it('delivers the answer in flight when it is still the one wanted, and nothing after cancel', async () => {
    const { fetchFn, release } = controlledFetch();
    const got: string[] = [];
    const loader = new LatestLoader(fetchFn, { onresult: (_u, v) => got.push(v), onerror: () => undefined });
    loader.request('a');
    loader.request('a');
    await release('a');
    expect(got).toEqual(['answer:a']);
    loader.request('b');
    loader.cancel();
    await release('b');
    expect(got).toEqual(['answer:a']);
    expect(loader.has('b')).toBe(true);
  });

  it('going back to the URL in flight drops the one waiting', async () => {
    const { fetchFn, sent, release } = controlledFetch();
    const got: string[] = [];
    const loader = new LatestLoader(fetchFn, { onresult: (_u, v) => got.push(v), onerror: () => undefined });
    loader.request('a');
    loader.request('b');
    loader.request('a');
    await release('a');
    expect(got).toEqual(['answer:a']);
    expect(sent).toEqual(['a']);
  });

  it('evicts the least recently used answer beyond its size, and reports errors for the wanted URL', async () => {
    const errors: string[] = [];
    const loader = new LatestLoader<string>((url) => (url === 'bad' ? Promise.reject(new Error('no')) : Promise.resolve(url)), {
      onresult: () => undefined,
      onerror: (url) => errors.push(url),
    }, 2);
    for (const url of ['a', 'b', 'c']) {
      loader.request(url);
      await new Promise((r) => setTimeout(r, 0));
    }
    expect([loader.has('a'), loader.has('b'), loader.has('c')]).toEqual([false, true, true]);
    loader.request('bad');
    await new Promise((r) => setTimeout(r, 0));
    expect(errors).toEqual(['bad']);
  });
});
