import type { DeadLetter, DeadLetterSink } from './dead-letter-sink';

/** Keeps dead letters in memory: for tests, the CLI and a local runtime that shows them to a person. */
export function createMemoryDeadLetterSink(): DeadLetterSink & { readonly letters: readonly DeadLetter[] } {
  const letters: DeadLetter[] = [];
  return {
    letters,
    async send(letter) {
      letters.push(letter);
    },
  };
}
