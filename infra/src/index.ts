export { OUR_EVENTS_PATTERN, PlatformStack, type PlatformStackProps } from '../cdk/platform-stack';
export { type StageConfig, stageConfig } from '../cdk/stage-config';
