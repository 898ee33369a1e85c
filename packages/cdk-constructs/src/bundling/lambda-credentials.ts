import { dirname } from 'node:path';
import type { Plugin } from 'esbuild';

const CREDENTIAL_PROVIDER_NODE = /^@aws-sdk\/credential-provider-node$/;
const NAMESPACE = 'lambda-credentials';

/**
 * What `@aws-sdk/credential-provider-node` becomes in a Lambda bundle: the same three exports, with a
 * `defaultProvider` that reads the credentials Lambda gives every function, from the environment
 * (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`), or from a container credentials endpoint
 * when one is named (`AWS_CONTAINER_CREDENTIALS_FULL_URI` / `_RELATIVE_URI`). It is resolved from the real
 * package's directory, so `credential-provider-env` and `-http` are the versions the SDK pinned.
 */
export const LAMBDA_CREDENTIAL_PROVIDER = `
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { fromHttp } from '@aws-sdk/credential-provider-http';
// Left out of this Lambda bundle by @sfe/cdk-constructs lambdaCredentials: SSO, ini/profile, process, web identity, IMDS.
export const credentialsWillNeedRefresh = (credentials) => credentials?.expiration !== undefined;
export const credentialsTreatedAsExpired = (credentials) =>
  credentials?.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300000;
export const defaultProvider = (init = {}) => async (properties) => {
  if (process.env.AWS_ACCESS_KEY_ID || !(process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI || process.env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI)) {
    try {
      return await fromEnv(init)(properties);
    } catch (error) {
      throw new Error('No AWS credentials in the environment: this bundle reads only what Lambda sets (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, or AWS_CONTAINER_CREDENTIALS_FULL_URI)', { cause: error });
    }
  }
  return fromHttp(init)(properties);
};
`;

/**
 * Replaces the AWS SDK's default credential chain by the part of it a Lambda function uses. Every SDK client
 * (and `@sfe/platform-client`'s signer) imports `defaultProvider` from `@aws-sdk/credential-provider-node`, whose
 * chain also holds SSO, shared ini files and profiles, credential processes, web identity and EC2 instance
 * metadata: ~90 KB of a bundle (their dynamic `import()`s are inlined, so V8 compiles them at every cold start)
 * for sources that never apply in Lambda, which always sets the role's credentials in the environment.
 * The trade-off: a bundle run outside Lambda needs credentials in its environment too (no `AWS_PROFILE`).
 */
export const lambdaCredentials: Plugin = {
  name: 'lambda-credentials',
  setup(build) {
    build.onResolve({ filter: CREDENTIAL_PROVIDER_NODE }, async (args) => {
      if (args.pluginData === NAMESPACE) return undefined;
      const real = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: NAMESPACE,
      });
      if (real.errors.length > 0) return { errors: real.errors };
      return { path: real.path, namespace: NAMESPACE };
    });
    build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({
      contents: LAMBDA_CREDENTIAL_PROVIDER,
      loader: 'js',
      // The real package's directory: its own dependencies resolve from there.
      resolveDir: dirname(args.path),
    }));
  },
};
