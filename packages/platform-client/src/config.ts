import * as z from 'zod/mini';

/**
 * The variables of a consumer that calls back the platform API, spread into its config schema (one
 * declaration for every consumer): `z.object({ ...IdempotencyConfigShape, ...PlatformApiConfigShape, ... })`.
 * In AWS `bindPlatformApi` sets the function's name and the client looks its URL up; a URL given outright
 * (locally, in checks) is used as it is.
 */
export const PlatformApiConfigShape = {
  /** The platform API's URL, when it is known outright (locally, the runtime's). */
  PLATFORM_API_URL: z.optional(
    z.url({ protocol: /^https?$/, error: 'PLATFORM_API_URL must be an http(s) URL' }),
  ),
  /** The platform API's function (set by `bindPlatformApi`): its function URL is looked up on first use. */
  PLATFORM_API_FUNCTION_NAME: z.optional(z.string().check(z.minLength(1), z.maxLength(140))),
  /** Set by Lambda: call-backs are SigV4-signed for this region. Absent locally (no signing there). */
  AWS_REGION: z.optional(z.string().check(z.minLength(1))),
};

/** The validated values of {@link PlatformApiConfigShape}. */
export interface PlatformApiConfig {
  readonly PLATFORM_API_URL?: string | undefined;
  readonly PLATFORM_API_FUNCTION_NAME?: string | undefined;
  readonly AWS_REGION?: string | undefined;
}

/** The shape's values out of a parsed config (which holds the service's other variables too). */
export function platformApiConfigOf(config: PlatformApiConfig): PlatformApiConfig {
  return {
    ...(config.PLATFORM_API_URL ? { PLATFORM_API_URL: config.PLATFORM_API_URL } : {}),
    ...(config.PLATFORM_API_FUNCTION_NAME
      ? { PLATFORM_API_FUNCTION_NAME: config.PLATFORM_API_FUNCTION_NAME }
      : {}),
    ...(config.AWS_REGION ? { AWS_REGION: config.AWS_REGION } : {}),
  };
}
