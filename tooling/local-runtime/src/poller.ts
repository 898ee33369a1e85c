/** Wakes a sleeping poller early (a commit, an enqueue) instead of waiting out its interval. */
export class WakeSignal {
  private waiters = new Set<() => void>();

  notify(): void {
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const wake of waiters) wake();
  }

  /** Resolves on the next notify, or after `ms`. */
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
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
  /** Returns true when it did work (so the next poll runs at once). */
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
