import { z } from 'zod';
import { EVENT_DEFINITIONS } from './registry';

/** One JSON Schema document per event type and version, keyed by its file name (`CourseCompleted.v2.json`). */
export function eventJsonSchemas(): Map<string, object> {
  return new Map(
    EVENT_DEFINITIONS.map((definition) => [
      `${definition.type}.v${definition.version}.json`,
      {
        $id: `https://sfe.dev/schemas/events/${definition.type}.v${definition.version}.json`,
        ...z.toJSONSchema(definition.detailSchema, { target: 'draft-2020-12', io: 'input' }),
      },
    ]),
  );
}
