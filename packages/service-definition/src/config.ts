import * as z from 'zod/mini';
import '@sfe/events/english-messages';
import { ConfigError } from './errors';

/**
 * A service's configuration: a zod object over environment variables (string values; `z.coerce` for numbers),
 * refinements allowed. Its keys are the variable names, so a stack that sets a variable through them cannot
 * misspell one. Services write it with `zod/mini` (what a Lambda bundle compiles; see @sfe/events' README); any
 * zod 4 object is accepted (zod core's type), so tools may pass zod classic ones.
 */
export type ConfigSchema = z.core.$ZodObject;

/** The variable names a config schema declares. */
export type ConfigKey<S extends ConfigSchema> = keyof z.input<S> & string;

/** Variables a stack sets, by the schema's names only: a renamed variable is a type error. */
export type ConfigEnvironment<S extends ConfigSchema> = Partial<Record<ConfigKey<S>, string>>;

/** Something environment-shaped: `process.env`, a Lambda's variables, the local runtime's settings. */
export type EnvironmentRecord = Readonly<Record<string, string | undefined>>;

/**
 * Validates an environment-shaped record against a service's config schema: the typed config, or one
 * {@link ConfigError} naming every bad variable (not just the first).
 * @example const config = parseConfig(EnvSchema, process.env, 'email-service');
 */
export function parseConfig<S extends ConfigSchema>(
  schema: S,
  env: EnvironmentRecord,
  service: string,
): z.output<S> {
  const result = z.safeParse(schema, env);
  if (result.success) return result.data;
  throw new ConfigError(
    service,
    result.error.issues.map((issue) => `${issue.path.join('.') || '(config)'}: ${issue.message}`),
  );
}

/**
 * The idempotency table's variable, set by `bindIdempotencyTable` in AWS. Spread into the config of every
 * service that keeps Powertools idempotency records: `z.object({ ...IdempotencyConfigShape, ... })`.
 */
export const IdempotencyConfigShape = {
  /** Powertools idempotency records (locally: the runtime's `idempotency` table). */
  IDEMPOTENCY_TABLE_NAME: z
    .string()
    .check(z.minLength(1, 'IDEMPOTENCY_TABLE_NAME must name the idempotency table')),
};

/**
 * A BCP 47 locale variable (`en-GB` unless set) for formatting amounts and dates: a well-formed tag
 * (`Intl.getCanonicalLocales` accepts it), kept as written.
 *
 * Not `Intl.NumberFormat.supportedLocalesOf`: that loads ICU's locale data, ~25 ms of CPU (a third of a bare
 * Node start) on every cold start's config read, also for records that format nothing (BENCHMARKS.md, cold
 * starts, session 8). A well-formed tag of a language ICU lacks formats in Intl's fallback locale.
 */
export const LocaleSettingSchema = z
  ._default(z.string(), 'en-GB')
  .check(z.refine(isWellFormedLocale, 'must be a BCP 47 locale such as en-GB'));

function isWellFormedLocale(locale: string): boolean {
  try {
    return Intl.getCanonicalLocales(locale).length === 1;
  } catch {
    return false;
  }
}
