import { App, Stack, type Stage, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { RECOMMENDED_FEATURE_FLAGS } from './feature-flags';

/** One unacknowledged cdk-nag finding. */
export interface NagFinding {
  /** Rule id, with the finding in brackets where the rule reports several (`AwsSolutions-IAM5[Resource::*]`). */
  readonly ruleId: string;
  readonly severity: 'error' | 'warning';
  /** Construct path of the violating resource. */
  readonly path: string;
  readonly description: string;
}

/**
 * Runs cdk-nag's AwsSolutions pack on every stack of the app during synthesis (cdk-nag 3 is a CDK policy
 * validation plugin): `cdk synth` fails on any finding that is not acknowledged.
 */
export function applyNagChecks(app: App | Stage): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}

/**
 * The AwsSolutions findings of a construct tree (usually a stack) that nobody acknowledged. Synthesizes the
 * stack first, so resources that CDK adds during synthesis are checked too.
 */
export function nagFindings(scope: IConstruct): NagFinding[] {
  Template.fromStack(Stack.of(scope));
  const report = new AwsSolutionsChecks().validateScope(scope);
  return report.violations.flatMap((violation) =>
    violation.violatingResources.map((resource) => ({
      ruleId: violation.ruleName,
      severity: violation.severity === 'error' ? 'error' : 'warning',
      path: resource.constructPath ?? '',
      description: violation.description,
    })),
  );
}

/** Thrown by `expectNoUnsuppressedFindings`; the message lists every finding with its path. */
export class NagFindingsError extends Error {
  override readonly name = 'NagFindingsError';
  constructor(readonly findings: readonly NagFinding[]) {
    super(
      `${findings.length} unacknowledged cdk-nag finding(s):\n${findings
        .map((f) => `  ${f.ruleId} at ${f.path}: ${f.description}`)
        .join('\n')}\nFix them, or acknowledge each on the narrowest construct with ` +
        'Validations.of(construct).acknowledge({ id, reason }) (or `acknowledge(construct, id, reason)`).',
    );
  }
}

/**
 * For stack tests: throws (failing the test) when the stack has any unacknowledged AwsSolutions finding.
 *
 * @example it('passes cdk-nag', () => expectNoUnsuppressedFindings(stack));
 */
export function expectNoUnsuppressedFindings(scope: IConstruct): void {
  const findings = nagFindings(scope);
  if (findings.length > 0) throw new NagFindingsError(findings);
}

/**
 * Acknowledges a cdk-nag finding on one construct (and its children), with the reason written down.
 * Thin wrapper over `Validations.of(construct).acknowledge` that refuses an empty reason.
 */
export function acknowledge(construct: IConstruct, id: string, reason: string): void {
  if (reason.trim().length < 10) {
    throw new Error(`acknowledging ${id} on ${construct.node.path} needs a written reason`);
  }
  Validations.of(construct).acknowledge({ id, reason });
}

/**
 * An App for tests: bundling is skipped (`aws:cdk:bundling-stacks: []`), so stacks with functions synthesize
 * in milliseconds without running esbuild, and CDK's recommended feature flags are on, as every `cdk.json` sets
 * them (`RECOMMENDED_FEATURE_FLAGS`), so tests check the templates `cdk synth` writes. One is off by default:
 * `validateAgainstDefaultRules` changes no template, it checks one (`pnpm synth` does, from cdk.json), and it
 * would load CloudFormation's rule set in every test file (tens of seconds on a busy machine). Pass `stage` to
 * set the stage context.
 */
export function testApp(context: Record<string, unknown> = {}): App {
  return new App({
    context: {
      ...RECOMMENDED_FEATURE_FLAGS,
      [VALIDATE_AGAINST_DEFAULT_RULES]: false,
      'aws:cdk:bundling-stacks': [],
      ...context,
    },
  });
}

/** The flag that runs CloudFormation's own template validation at synth (see `testApp`). */
export const VALIDATE_AGAINST_DEFAULT_RULES = '@aws-cdk/core:validateAgainstDefaultRules';
