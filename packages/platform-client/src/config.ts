import { z } from 'zod';

/**
 * The variables of a consumer that calls back the platform API, spread into its config schema (one
 * declaration for every consumer): `z.object({ ...IdempotencyConfigShape, ...PlatformApiConfigShape, ... })`.
 */
export const PlatformApiConfigShape = {
  /** The platform API's function URL; set by `bindPlatformApi` (`@sfe/cdk-constructs`). */
  PLATFORM_API_URL: z.url({ protocol: /^https?$/, error: 'PLATFORM_API_URL must be an http(s) URL' }),
  /** Set by Lambda: call-backs are SigV4-signed for this region. Absent locally (no signing there). */
  AWS_REGION: z.string().min(1).optional(),
};

/** The validated values of {@link PlatformApiConfigShape}. */
export interface PlatformApiConfig {
  readonly PLATFORM_API_URL: string;
  readonly AWS_REGION?: string | undefined;
}
