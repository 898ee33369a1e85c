import { dirname } from 'node:path';
import type { Plugin } from 'esbuild';

const CREDENTIAL_PROVIDER_NODE = /^@aws-sdk\/credential-provider-node$/;
const NAMESPACE = 'lambda-credentials';

/**
 * What `@aws-sdk/credential-provider-node` becomes in a Lambda bundle: the same three exports, with a
 * `defaultProvider` that reads the credentials Lambda gives every function, from the environment
 * (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, read as the SDK's `fromEnv` reads them), or
 * from a container credentials endpoint when one is named (`AWS_CONTAINER_CREDENTIALS_FULL_URI` /
 * `_RELATIVE_URI`, with its authorization token, as the SDK's `fromHttp` calls it).
 *
 * Hand-written rather than the SDK's `fromEnv` and `fromHttp` (issue 17): those import the SDK's client core,
 * its config loaders (`node:fs/promises`, `node:os`) and its Node HTTP handler (`node:https`, `node:stream`)
 * at the top of the module, which a single-file bundle evaluates at every cold start even when the
 * environment has the credentials; here `node:http`/`node:https` are loaded only when an endpoint is called.
 */
export const LAMBDA_CREDENTIAL_PROVIDER = `
// Left out of this Lambda bundle by @sfe/cdk-constructs lambdaCredentials: SSO, ini/profile, process, web identity, IMDS.
export const credentialsWillNeedRefresh = (credentials) => credentials?.expiration !== undefined;
export const credentialsTreatedAsExpired = (credentials) =>
  credentials?.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300000;
const NO_CREDENTIALS = 'No AWS credentials in the environment: this bundle reads only what Lambda sets (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, or AWS_CONTAINER_CREDENTIALS_FULL_URI)';
const fromEnvironment = (env) => {
  if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) throw new Error(NO_CREDENTIALS);
  return {
    accessKeyId: env.AWS_ACCESS_KEY_ID,
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
    ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    ...(env.AWS_CREDENTIAL_EXPIRATION ? { expiration: new Date(env.AWS_CREDENTIAL_EXPIRATION) } : {}),
    ...(env.AWS_CREDENTIAL_SCOPE ? { credentialScope: env.AWS_CREDENTIAL_SCOPE } : {}),
    ...(env.AWS_ACCOUNT_ID ? { accountId: env.AWS_ACCOUNT_ID } : {}),
  };
};
// The hosts fromHttp accepts over plain http: loopback, and the ECS and EKS credential endpoints.
const CONTAINER_HOSTS = /^(127\\.\\d+\\.\\d+\\.\\d+|\\[::1\\]|169\\.254\\.170\\.2|169\\.254\\.170\\.23|\\[fd00:ec2::23\\])$/;
const fromContainer = async (env) => {
  const url = new URL(env.AWS_CONTAINER_CREDENTIALS_FULL_URI || 'http://169.254.170.2' + env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && CONTAINER_HOSTS.test(url.hostname))) {
    throw new Error('Container credentials endpoint ' + url.href + ' must be https, or http on a loopback or the ECS/EKS credentials address');
  }
  const token = env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE
    ? (await import('node:fs/promises')).readFile(env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE, 'utf8')
    : env.AWS_CONTAINER_AUTHORIZATION_TOKEN;
  // Not import(): an ESM namespace of node:http reads its lazy WebSocket getters, which load undici (Node 22+).
  const { request } = process.getBuiltinModule(url.protocol === 'https:' ? 'node:https' : 'node:http');
  const authorization = await token;
  let lastError;
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      const body = await new Promise((resolve, reject) => {
        const req = request(url, { headers: authorization ? { Authorization: authorization.trim() } : {}, signal: AbortSignal.timeout(1000) }, (res) => {
          const chunks = [];
          res.on('data', (chunk) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode < 200 || res.statusCode >= 300) reject(new Error('Container credentials endpoint answered ' + res.statusCode + ': ' + text.slice(0, 200)));
            else resolve(text);
          });
        });
        req.on('error', reject);
        req.end();
      });
      const answer = JSON.parse(body);
      if (typeof answer.AccessKeyId !== 'string' || typeof answer.SecretAccessKey !== 'string' || typeof answer.Token !== 'string' || typeof answer.Expiration !== 'string') {
        throw new Error('Container credentials endpoint answered without AccessKeyId, SecretAccessKey, Token and Expiration');
      }
      return {
        accessKeyId: answer.AccessKeyId,
        secretAccessKey: answer.SecretAccessKey,
        sessionToken: answer.Token,
        expiration: new Date(answer.Expiration),
        ...(answer.AccountId ? { accountId: answer.AccountId } : {}),
      };
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 100 * (attempt + 1)));
    }
  }
  throw new Error('Could not read container credentials from ' + url.href, { cause: lastError });
};
const resolveCredentials = async () => {
  const env = process.env;
  if (env.AWS_ACCESS_KEY_ID || !(env.AWS_CONTAINER_CREDENTIALS_FULL_URI || env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI)) {
    return fromEnvironment(env);
  }
  return fromContainer(env);
};
// Memoized as the SDK's chain is: resolved again only within five minutes of their expiration (or after a failure).
export const defaultProvider = () => {
  let pending;
  return async () => {
    if (pending) {
      const credentials = await pending.catch(() => undefined);
      if (credentials && !credentialsTreatedAsExpired(credentials)) return credentials;
    }
    pending = resolveCredentials();
    return pending;
  };
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
