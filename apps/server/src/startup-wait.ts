/**
 * Whether `work` settles within `ms`: true once it has resolved, false when the time ran out first (the work goes
 * on). A rejection before the time is up rejects, so start-up fails as if it had been awaited. The timer never
 * keeps the process alive.
 */
export async function settledWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeUp = new Promise<false>((done) => {
    timer = setTimeout(() => done(false), ms);
    timer.unref();
  });
  try {
    return await Promise.race([work.then(() => true as const), timeUp]);
  } finally {
    clearTimeout(timer);
  }
}
