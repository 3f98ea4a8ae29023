/** Time as the demo sees it: the system clock in production, a clock the test moves by hand in tests. */
export interface DemoClock {
  now(): number;
  /** Call `fn` after `ms`; returns a cancel function. */
  schedule(ms: number, fn: () => void): () => void;
}

/** setTimeout's longest delay; a longer wait is a wake-up that schedules again. */
const MAX_DELAY_MS = 2 ** 31 - 1;

export const systemClock: DemoClock = {
  now: () => Date.now(),
  schedule(ms, fn) {
    const timer = setTimeout(fn, Math.max(0, Math.min(ms, MAX_DELAY_MS)));
    timer.unref();
    return () => clearTimeout(timer);
  },
};
