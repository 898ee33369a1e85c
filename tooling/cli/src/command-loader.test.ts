import { describe, expect, it } from 'vitest';
import { loadCommandsFor, SINGLE_COMMANDS } from './command-loader';
import { commands } from './commands/index';

describe('loadCommandsFor', () => {
  it.each(Object.keys(SINGLE_COMMANDS))(
    'loads "%s" alone, the same command the index holds',
    async (path) => {
      const loaded = await loadCommandsFor([...path.split(' '), '--json']);
      expect(loaded).toHaveLength(1);
      expect(loaded[0]?.path.join(' ')).toBe(path);
      expect(commands).toContain(loaded[0]);
    },
  );

  it('loads every command for any other command line, and for none', async () => {
    expect(await loadCommandsFor(['events', 'list'])).toBe(commands);
    expect(await loadCommandsFor([])).toBe(commands);
    expect(await loadCommandsFor(['dlq', 'redrive', 'x'])).toBe(commands);
  });
});
