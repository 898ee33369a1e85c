// Test support for the packages that read a local store (`@sfe/local-runtime/testing`): not used by the runtime.
import { deadLetterQueueOf } from '@sfe/cdk-constructs/stage';
import type { QueueStore } from '../queues/queue-store';

/**
 * Dead-letters `bodies` in `queue`'s DLQ the way a failing consumer does: each is sent to `queue`, fails with
 * `error`, and is received past a max receive count of 0, which moves it to the DLQ with that error.
 */
export async function deadLetter(
  queues: QueueStore,
  queue: string,
  bodies: readonly string[],
  error: string,
): Promise<void> {
  const ids = new Set<string>();
  for (const body of bodies) ids.add(await queues.send(queue, body));
  await queues.recordErrors(new Map([...ids].map((id) => [id, error])));
  const { deadLettered } = await queues.receive(queue, {
    max: ids.size,
    visibilityTimeoutMs: 0,
    maxReceiveCount: 0,
    deadLetterQueue: deadLetterQueueOf(queue),
  });
  if (deadLettered.length !== ids.size) {
    throw new Error(`expected ${ids.size} messages dead-lettered from ${queue}, got ${deadLettered.length}`);
  }
}
