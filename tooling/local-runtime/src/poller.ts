/**
 * Wakes a sleeping poller early (a commit, an enqueue) instead of waiting out its interval. A notify while
 * nobody waits is kept for the next wait, so work that arrives while a poller is busy is picked up as soon as
 * it finishes, not an interval later.
 */
export class WakeSignal {
  private waiters = new Set<() => void>();
  private notified = false;

  notify(): void {
    this.notified = true;
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const wake of waiters) wake();
  }

  /** Resolves on the next notify (at once if one came since the last wait), or after `ms`. */
  wait(ms: number): Promise<void> {
    if (this.notified) {
      this.notified = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        this.notified = false;
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }
}

/** A loop that calls `pollOnce` until stopped; it sleeps (wakeable) only when there was nothing to do. */
export interface Poller {
  start(): void;
  /** Stops after the current poll finishes; resolves once it has. */
  stop(): Promise<void>;
  readonly stopping: boolean;
}

export function createPoller(options: {
  /** Returns true when there may be more to do at once (so the next poll runs without waiting). */
  readonly pollOnce: () => Promise<boolean>;
  readonly intervalMs: number;
  readonly wake: WakeSignal;
  readonly onError: (error: unknown) => void;
}): Poller {
  let running: Promise<void> | undefined;
  let stopping = false;
  const loop = async () => {
    while (!stopping) {
      let busy = false;
      try {
        busy = await options.pollOnce();
      } catch (error) {
        options.onError(error);
      }
      if (!busy && !stopping) await options.wake.wait(options.intervalMs);
    }
  };
  return {
    start() {
      if (running) return;
      stopping = false;
      running = loop();
    },
    async stop() {
      stopping = true;
      options.wake.notify();
      await running;
      running = undefined;
    },
    get stopping() {
      return stopping;
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
