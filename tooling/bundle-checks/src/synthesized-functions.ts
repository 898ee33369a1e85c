import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

/** One Lambda function of ours as `cdk synth` left it in an app's `cdk.out`. */
export interface SynthesizedFunction {
  /** The app folder (`email-service`). */
  readonly app: string;
  /** The deployed name with the stage (`sfe-dev-email-service-learner-emails`). */
  readonly functionName: string;
  /** The bundle Lambda loads: `<asset dir>/index.mjs`. */
  readonly bundlePath: string;
  /** The export Lambda calls (`handler` for `index.handler`). */
  readonly exportName: string;
  /**
   * Its variables: literal values as synthesized; values CloudFormation resolves at deploy time as stand-ins
   * of the same shape (a queue URL for a queue's `Ref`, a role ARN for a role's `Arn`, a function URL for a
   * `AWS::Lambda::Url`'s `FunctionUrl`, else `bench-<name>`).
   */
  readonly environment: Readonly<Record<string, string>>;
  /** The asset directories of its layers (Lambda mounts them at `/opt`). */
  readonly layerDirectories: readonly string[];
}

interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
}

/** The repository root, from this file's place in it. */
export const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');

/** Apps with a `cdk.out` holding a synthesized template, by folder name. */
export function synthesizedApps(repoRoot = REPO_ROOT): string[] {
  const apps = join(repoRoot, 'apps');
  return readdirSync(apps)
    .filter((app) => statSync(join(apps, app)).isDirectory())
    .filter((app) => templatesOf(join(apps, app, 'cdk.out')).length > 0)
    .sort();
}

/** Apps that have a CDK app (`cdk.json`), synthesized or not. */
export function cdkApps(repoRoot = REPO_ROOT): string[] {
  const apps = join(repoRoot, 'apps');
  return readdirSync(apps)
    .filter((app) => existsSync(join(apps, app, 'cdk.json')))
    .sort();
}

/**
 * Every function of ours (named `sfe-...`, bundled as `index.mjs`) in the synthesized apps, with what Lambda
 * would give it: the bundle, the export, the literal environment and its layers. CDK's own helper functions
 * (custom resources) are left out.
 */
export function synthesizedFunctions(repoRoot = REPO_ROOT): SynthesizedFunction[] {
  const found: SynthesizedFunction[] = [];
  for (const app of synthesizedApps(repoRoot)) {
    const outdir = join(repoRoot, 'apps', app, 'cdk.out');
    for (const template of templatesOf(outdir)) {
      const resources = (
        JSON.parse(readFileSync(join(outdir, template), 'utf8')) as {
          Resources: Record<string, TemplateResource>;
        }
      ).Resources;
      for (const resource of Object.values(resources)) {
        const fn = functionOf(app, outdir, resource, resources);
        if (fn) found.push(fn);
      }
    }
  }
  return found.sort((a, b) => a.functionName.localeCompare(b.functionName));
}

/** One template `cdk synth` wrote, with the CDK app (infra or an app folder) it came from. */
export interface SynthesizedTemplate {
  /** `infra`, or the app folder (`email-service`). */
  readonly app: string;
  /** Its path. */
  readonly path: string;
  readonly template: Record<string, unknown>;
}

/** Every template in infra's and each app's `cdk.out`, for checks over all of them (every alarm has an action). */
export function synthesizedTemplates(repoRoot = REPO_ROOT): SynthesizedTemplate[] {
  const outdirs = [
    ['infra', join(repoRoot, 'infra', 'cdk.out')],
    ...synthesizedApps(repoRoot).map((app) => [app, join(repoRoot, 'apps', app, 'cdk.out')]),
  ] as const;
  return outdirs.flatMap(([app, outdir]) =>
    templatesOf(outdir).map((file) => {
      const path = join(outdir, file);
      return { app, path, template: JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown> };
    }),
  );
}

function templatesOf(outdir: string): string[] {
  return existsSync(outdir) ? readdirSync(outdir).filter((file) => file.endsWith('.template.json')) : [];
}

function functionOf(
  app: string,
  outdir: string,
  resource: TemplateResource,
  resources: Record<string, TemplateResource>,
): SynthesizedFunction | undefined {
  const properties = resource.Properties ?? {};
  const functionName = properties.FunctionName;
  const assetPath = resource.Metadata?.['aws:asset:path'];
  const handler = properties.Handler;
  if (resource.Type !== 'AWS::Lambda::Function' || typeof functionName !== 'string') return undefined;
  if (!functionName.startsWith('sfe-') || typeof assetPath !== 'string' || typeof handler !== 'string') {
    return undefined;
  }
  const [file = '', exportName = ''] = handler.split('.');
  const variables = ((properties.Environment as { Variables?: Record<string, unknown> } | undefined)
    ?.Variables ?? {}) as Record<string, unknown>;
  const environment = Object.fromEntries(
    Object.entries(variables).map(([name, value]) => [
      name,
      typeof value === 'string' ? value : deployTimeStandIn(name, value, resources),
    ]),
  );
  const layerDirectories = ((properties.Layers as unknown[] | undefined) ?? []).flatMap((layer) => {
    const ref = (layer as { Ref?: string }).Ref;
    const path = ref ? resources[ref]?.Metadata?.['aws:asset:path'] : undefined;
    return typeof path === 'string' ? [join(outdir, path)] : [];
  });
  return {
    app,
    functionName,
    bundlePath: join(outdir, assetPath, `${file}.mjs`),
    exportName,
    environment,
    layerDirectories,
  };
}

/** A value of the shape CloudFormation would put in a variable at deploy time. */
function deployTimeStandIn(
  name: string,
  value: unknown,
  resources: Record<string, TemplateResource>,
): string {
  const ref = (value as { Ref?: unknown }).Ref;
  const getAtt = (value as { 'Fn::GetAtt'?: unknown })['Fn::GetAtt'];
  const logicalId = typeof ref === 'string' ? ref : Array.isArray(getAtt) ? String(getAtt[0]) : undefined;
  const type = logicalId ? resources[logicalId]?.Type : undefined;
  const id = `bench-${name.toLowerCase().replaceAll('_', '-')}`;
  if (type === 'AWS::SQS::Queue' && ref) return `https://sqs.eu-west-2.amazonaws.com/111122223333/${id}`;
  if (type === 'AWS::IAM::Role' && getAtt) return `arn:aws:iam::111122223333:role/${id}`;
  if (type === 'AWS::Lambda::Url' && getAtt) return `https://${id}.lambda-url.eu-west-2.on.aws/`;
  if (type && getAtt) return `arn:aws:${type.split('::')[1]?.toLowerCase()}:eu-west-2:111122223333:${id}`;
  return id;
}

/**
 * The function with its bundle copied to a new directory outside the repository, as Lambda runs it from
 * `/var/task`: nothing resolves from the repository's node_modules, so a module the bundle leaves to a layer
 * (NODE_PATH) is loaded from the layer, as in Lambda. Remove `taskDirectory` when done.
 */
export function stageTask(fn: SynthesizedFunction): SynthesizedFunction & { taskDirectory: string } {
  const taskDirectory = mkdtempSync(join(tmpdir(), 'sfe-task-'));
  cpSync(dirname(fn.bundlePath), taskDirectory, { recursive: true });
  return { ...fn, bundlePath: join(taskDirectory, basename(fn.bundlePath)), taskDirectory };
}
