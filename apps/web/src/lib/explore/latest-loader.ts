/**
 * One layer's reads without a request storm: at most one request in flight; while it runs, only the newest URL
 * asked for waits (older waiting ones are dropped: newest wins); answers are cached by URL (least recently used
 * out), so playing the slider back or toggling a layer again costs nothing. Pure: the fetch is injected.
 */
export interface LoaderCallbacks<T> {
  /** The answer for the URL most recently asked for (never a superseded one). */
  onresult: (url: string, value: T) => void;
  onerror: (url: string, error: unknown) => void;
  /** Whether a request is in flight or waiting. */
  onbusy?: (busy: boolean) => void;
}

export class LatestLoader<T> {
  private readonly cache = new Map<string, T>();
  private inFlight: string | null = null;
  private waiting: string | null = null;
  /** The URL whose answer the caller wants now. */
  private wanted: string | null = null;
  /** Requests sent so far (for tests and the page's data-* attributes). */
  requests = 0;

  constructor(
    private readonly fetchFn: (url: string) => Promise<T>,
    private readonly callbacks: LoaderCallbacks<T>,
    private readonly cacheSize = 64,
  ) {}

  /** Ask for `url`: answered at once from the cache, else fetched when the one in flight (if any) is done. */
  request(url: string): void {
    this.wanted = url;
    const cached = this.cache.get(url);
    if (cached !== undefined) {
      this.waiting = null;
      this.touch(url, cached);
      this.callbacks.onresult(url, cached);
      this.busy();
      return;
    }
    if (this.inFlight === url) {
      this.waiting = null;
      return;
    }
    if (this.inFlight) {
      this.waiting = url;
      return;
    }
    this.start(url);
  }

  /** Forget what is wanted (the layer was switched off): a late answer is cached but not delivered. */
  cancel(): void {
    this.wanted = null;
    this.waiting = null;
    this.busy();
  }

  /** Drop the cache (the data changed). */
  clear(): void {
    this.cache.clear();
  }

  has(url: string): boolean {
    return this.cache.has(url);
  }

  get busyNow(): boolean {
    return this.inFlight !== null || this.waiting !== null;
  }

  private start(url: string): void {
    this.inFlight = url;
    this.requests += 1;
    this.busy();
    this.fetchFn(url).then(
      (value) => {
        this.touch(url, value);
        this.finish(url, () => this.callbacks.onresult(url, value));
      },
      (error) => this.finish(url, () => this.callbacks.onerror(url, error)),
    );
  }

  private finish(url: string, deliver: () => void): void {
    this.inFlight = null;
    const next = this.waiting;
    this.waiting = null;
    if (url === this.wanted && next === null) deliver();
    if (next !== null) this.start(next);
    this.busy();
  }

  private touch(url: string, value: T): void {
    this.cache.delete(url);
    this.cache.set(url, value);
    while (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
  }

  private busy(): void {
    this.callbacks.onbusy?.(this.busyNow);
  }
}
