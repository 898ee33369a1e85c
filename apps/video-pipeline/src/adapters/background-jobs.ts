/**
 * Runs a stand-in's job after the API call that started it has returned, as the real services do (the
 * caller records its step first, then the job's state-change event arrives). `settled()` lets tests and
 * the local runtime wait for every job started so far.
 */
export class BackgroundJobs {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly onError: (error: unknown) => void) {}

  run(job: () => Promise<void>): void {
    const promise = new Promise<void>((resolve) => setImmediate(resolve))
      .then(job)
      .catch(this.onError)
      .finally(() => this.running.delete(promise));
    this.running.add(promise);
  }

  /** Resolves when every job started so far, and every job those started, has finished. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running);
  }
}
