import * as z from 'zod/mini';
import { type Domain, EventMetadataSchema } from './envelope';

/** One version of one event type: the single source of truth for its schema. */
export interface EventDefinition<
  TType extends string = string,
  TVersion extends number = number,
  TData extends z.ZodMiniType<Record<string, unknown>> = z.ZodMiniType<Record<string, unknown>>,
> {
  readonly type: TType;
  readonly version: TVersion;
  readonly domain: Domain;
  readonly description: string;
  readonly dataSchema: TData;
  /** Carries personal data: always published by claim check, never inline. */
  readonly sensitive: boolean;
  /** The whole `detail` (metadata + data) schema for this type and version. */
  readonly detailSchema: z.ZodMiniType<{
    metadata: z.infer<typeof EventMetadataSchema>;
    data: z.infer<TData>;
  }>;
}

/** Declares one version of an event type. */
export function defineEvent<
  const TType extends string,
  const TVersion extends number,
  TData extends z.ZodMiniType<Record<string, unknown>>,
>(spec: {
  type: TType;
  version: TVersion;
  domain: Domain;
  description: string;
  dataSchema: TData;
  sensitive?: boolean;
}): EventDefinition<TType, TVersion, TData> {
  const detailSchema = z
    .object({
      metadata: z.extend(EventMetadataSchema, {
        type: z.literal(spec.type),
        version: z.literal(spec.version),
        domain: z.literal(spec.domain),
      }),
      data: spec.dataSchema,
    })
    .check(z.meta({ title: `${spec.type} v${spec.version}`, description: spec.description }));
  return {
    ...spec,
    sensitive: spec.sensitive ?? false,
    detailSchema: detailSchema as unknown as EventDefinition<TType, TVersion, TData>['detailSchema'],
  };
}
