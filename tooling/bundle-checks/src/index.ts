export { type AwsCall, type AwsStandIn, startAwsStandIn } from './aws-stand-in';
export { type ColdStartRun, lambdaEnvironment, runBare, runColdStart } from './cold-start';
export { type FirstRecord, firstRecordOf, functionKey } from './first-records';
export { checkBundleBudget, DEFAULT_BUNDLE_BUDGET_BYTES } from './size-budgets';
export { type SynthesizedFunction, synthesizedFunctions } from './synthesized-functions';
