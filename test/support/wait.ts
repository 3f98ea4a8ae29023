/**
 * Waiting without sleeping: something that changes calls `notify()`; `until(check)` re-evaluates the check on
 * every change and resolves with its first truthy result, or rejects after the timeout with a description
 * of what it was waiting for and of the state at that moment.
 */
export class Changes {
  private readonly listeners = new Set<() => void>();

  notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  until<T>(check: () => T | false | null | undefined, options: { timeoutMs?: number; what: string; state?: () => string }): Promise<T> {
    const timeoutMs = options.timeoutMs ?? 30_000;
    return new Promise<T>((resolve, reject) => {
      const first = check();
      if (first) return resolve(first);
      const listener = () => {
        let result: T | false | null | undefined;
        try {
          result = check();
        } catch (error) {
          finish();
          return reject(error);
        }
        if (result) {
          finish();
          resolve(result);
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${options.what}${options.state ? ` (${options.state()})` : ''}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      this.listeners.add(listener);
    });
  }
}

/** Resolve with the promise's value, or reject after `timeoutMs` naming `what`. */
export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
