import { Logger } from '@aws-lambda-powertools/logger';
import type { LocalContext } from '@sfe/consumer-toolkit';
import { detectFfmpeg } from './adapters/ffmpeg';
import { type LocalAwsEnvironment, localAwsEnvironment } from './adapters/local-aws-events';
import { createLocalTranscoder } from './adapters/local-transcoder';
import { createLocalTranscriber, type PutAwsEvent } from './adapters/local-transcriber';
import { createHandlers, type HandlerDeps, type VideoPipelineHandlers } from './handler';
import { SERVICE_NAME } from './service-name';
import { LOCAL_UPLOADS_BUCKET } from './subscription';

export { buildObjectCreatedEvent, type ObjectCreatedInput } from './adapters/local-aws-events';
export type { PutAwsEvent } from './adapters/local-transcriber';
export { createSubscriptions, LOCAL_UPLOADS_BUCKET, SubscriptionId, subscriptions } from './subscription';

/** The local runtime's context plus the way to put an AWS service event on its default bus. */
export interface VideoPipelineLocalContext extends LocalContext {
  readonly putAwsEvent: PutAwsEvent;
}

/**
 * Local settings (from `context.settings`): `VIDEO_UPLOADS_BUCKET` (default `video-uploads`),
 * `TRANSCRIBE_LANGUAGE_CODE` (default `en-US`), `FFMPEG_PATH` (default `ffmpeg` on PATH; `none` disables
 * it), `AWS_REGION` for the events' region, `LOG_LEVEL` (default `WARN`).
 */
export interface LocalDeps extends HandlerDeps {
  /** Resolves once every local Transcribe/MediaConvert job started so far has emitted its event. */
  readonly settled: () => Promise<void>;
}

/** The pipeline's dependencies on one machine: the local table and bucket, and the two stand-ins. */
export function createLocalDeps(context: VideoPipelineLocalContext): LocalDeps {
  const { settings } = context;
  const uploadsBucket = settings.VIDEO_UPLOADS_BUCKET ?? LOCAL_UPLOADS_BUCKET;
  const bucket = context.bucket(uploadsBucket);
  const environment: LocalAwsEnvironment = localAwsEnvironment({
    now: context.now,
    ...(settings.AWS_REGION ? { region: settings.AWS_REGION } : {}),
  });
  const ffmpegSetting = settings.FFMPEG_PATH ?? 'ffmpeg';
  const findFfmpeg = async () => {
    const found = ffmpegSetting === 'none' ? undefined : await detectFfmpeg(ffmpegSetting);
    if (!found) {
      context.report(
        'video-pipeline: ffmpeg not found; local transcodes copy uploads unchanged (apt-get install ffmpeg)',
      );
    }
    return found;
  };
  const standIn = { bucket, putAwsEvent: context.putAwsEvent, environment, report: context.report };
  const transcriber = createLocalTranscriber(standIn);
  const transcoder = createLocalTranscoder({ ...standIn, findFfmpeg });
  return {
    table: context.platformTable,
    transcriber,
    transcoder,
    config: { uploadsBucket, languageCode: settings.TRANSCRIBE_LANGUAGE_CODE ?? 'en-US' },
    logger: new Logger({ serviceName: SERVICE_NAME, logLevel: (settings.LOG_LEVEL ?? 'WARN') as 'WARN' }),
    settled: async () => {
      await Promise.all([transcriber.settled(), transcoder.settled()]);
    },
  };
}

/** The same handlers as in Lambda, wired to the local runtime: `Record<subscriptionId, handler>`. */
export function createLocalHandlers(context: VideoPipelineLocalContext): VideoPipelineHandlers {
  return createHandlers(createLocalDeps(context));
}
