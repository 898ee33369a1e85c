import { CURRENTLY_RECOMMENDED_FLAGS } from 'aws-cdk-lib/cx-api';

/**
 * CDK's recommended feature flags for the installed aws-cdk-lib (the content of its
 * `recommended-feature-flags.json`, what `cdk init` writes): the one source of the context every `cdk.json` of
 * the repository carries (a test holds each to it) and every `testApp` synthesizes with, so tests check the
 * templates `cdk synth` writes. After upgrading aws-cdk-lib, that test names the flags to add to each cdk.json.
 */
export const RECOMMENDED_FEATURE_FLAGS: Readonly<Record<string, unknown>> = CURRENTLY_RECOMMENDED_FLAGS;
