import { describe, expect, it, vi } from 'vitest';
import { settledWithin } from './startup-wait';

describe('settledWithin', () => {
  it('is true for work that resolves in time', async () => {
    await expect(settledWithin(Promise.resolve('done'), 1_000)).resolves.toBe(true);
  });

  it('is false when the time runs out first, and the work goes on', async () => {
    vi.useFakeTimers();
    try {
      let finish!: () => void;
      const work = new Promise<void>((done) => (finish = done));
      const answer = settledWithin(work, 30_000);
      await vi.advanceTimersByTimeAsync(30_000);
      await expect(answer).resolves.toBe(false);
      finish();
      await expect(work).resolves.toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects when the work fails in time', async () => {
    await expect(settledWithin(Promise.reject(new Error('rebuild failed')), 1_000)).rejects.toThrow('rebuild failed');
  });
});
