import * as z from 'zod/mini';

// A leaf module (zod only): field schemas in fields.ts import it, and the registry imports those.

/** What kind of personal data a field holds. */
export type PersonalDataKind = 'email' | 'name' | 'free-text';

export interface PersonalDataMeta {
  readonly kind: PersonalDataKind;
}

/**
 * The zod registry marking the schemas of fields that hold personal data (`schema.register(personalData,
 * { kind })`, see `src/fields.ts`). A registry of its own rather than `.meta()` on zod's global one: the
 * marks change no generated JSON Schema (and so no released contract), yet every decision about personal
 * data (redaction in logs and the console, the debug log rule's input transformers) reads them.
 */
export const personalData = z.registry<PersonalDataMeta, z.core.$ZodType>();

/** Marks a field schema as personal data; returns the same schema. */
export function personalField<T extends z.core.$ZodType>(schema: T, kind: PersonalDataKind): T {
  personalData.add(schema, { kind });
  return schema;
}
