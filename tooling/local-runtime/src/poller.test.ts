import { describe, expect, it } from 'vitest';
import { WakeSignal } from './poller';

describe('WakeSignal', () => {
  it('wakes a waiter at once on notify, long before its interval', async () => {
    const signal = new WakeSignal();
    const started = performance.now();
    const waited = signal.wait(60_000);
    signal.notify();
    await waited;
    expect(performance.now() - started).toBeLessThan(30_000);
  });

  it('keeps a notify that came while nobody waited for the next wait, once', async () => {
    const signal = new WakeSignal();
    signal.notify();
    await signal.wait(60_000);
    let woke = false;
    const second = signal.wait(20).then(() => {
      woke = true;
    });
    await Promise.resolve();
    expect(woke).toBe(false);
    await second;
    expect(woke).toBe(true);
  });
});
