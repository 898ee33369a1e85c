import { BaseProvider } from '@aws-lambda-powertools/parameters/base';
import type { SecretsGetOptions } from '@aws-lambda-powertools/parameters/secrets/types';
import { type AwsJsonClient, AwsServiceError, createAwsJsonClient, SECRETS_MANAGER } from '@sfe/aws-fetch';

/**
 * Powertools' `SecretsProvider` (the same `get` with its cache, `maxAge`, `transform` and `throwOnMissing`) on
 * `@sfe/aws-fetch`'s Secrets Manager `GetSecretValue` instead of the SDK's Secrets Manager client, whose smithy
 * runtime was ~100 KB of this function's bundle (see BENCHMARKS.md, cold starts). Hand-written because
 * Powertools' provider accepts only an SDK client; it sends the request Powertools sends (tested against it).
 */
export class SecretsManagerFetchProvider extends BaseProvider {
  readonly #secretsManager: AwsJsonClient;

  /** `client`: a `SECRETS_MANAGER` JSON client (default: the function's region and role). */
  constructor(options: { readonly client?: AwsJsonClient } = {}) {
    super({});
    this.#secretsManager = options.client ?? createAwsJsonClient(SECRETS_MANAGER, {});
  }

  protected async _get(name: string, options?: SecretsGetOptions): Promise<string | Uint8Array | undefined> {
    try {
      const result = await this.#secretsManager.call<{ SecretString?: string; SecretBinary?: string }>(
        'GetSecretValue',
        { ...options?.sdkOptions, SecretId: name },
      );
      if (result.SecretString) return result.SecretString;
      // On the wire SecretBinary is base64; the SDK's client hands it over as bytes.
      return result.SecretBinary === undefined ? undefined : Buffer.from(result.SecretBinary, 'base64');
    } catch (error) {
      // As Powertools does: with `throwOnMissing`, not found is undefined (the base provider's ParameterNotFoundError).
      if (
        options?.throwOnMissing &&
        error instanceof AwsServiceError &&
        error.name === 'ResourceNotFoundException'
      )
        return undefined;
      throw error;
    }
  }

  /** Secrets Manager has no get-by-path, so, as Powertools' own `SecretsProvider`, there is no `getMultiple`. */
  protected _getMultiple(): Promise<Record<string, unknown> | undefined> {
    throw new Error(
      'SecretsManagerFetchProvider.getMultiple is not supported: Secrets Manager has no get-by-path; get each secret by name',
    );
  }
}
