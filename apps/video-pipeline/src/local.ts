import { Logger } from '@aws-lambda-powertools/logger';
import type { LocalContext } from '@sfe/consumer-toolkit';
import type { LocalService } from '@sfe/service-definition';
import { detectFfmpeg } from './adapters/ffmpeg';
import { type LocalAwsEnvironment, localAwsEnvironment } from './adapters/local-aws-events';
import { createLocalTranscoder } from './adapters/local-transcoder';
import { createLocalTranscriber } from './adapters/local-transcriber';
import type { VideoPipelineEnv } from './env';
import { createHandlers, type HandlerDeps } from './handler';
import { SERVICE_NAME } from './service-name';

/**
 * Local settings of the stand-ins (from `context.settings`, beside the service's config): `FFMPEG_PATH`
 * (default `ffmpeg` on PATH; `none` disables it), `AWS_REGION` for the events' region, `LOG_LEVEL` (default
 * `WARN`).
 */
export interface LocalDeps extends HandlerDeps {
  /** Resolves once every local Transcribe/MediaConvert job started so far has emitted its event. */
  readonly settled: () => Promise<void>;
}

/** The pipeline's dependencies on one machine: the local table and bucket, and the two stand-ins. */
export function createLocalDeps(context: LocalContext, env: VideoPipelineEnv): LocalDeps {
  const { settings } = context;
  const bucket = context.bucket(env.UPLOADS_BUCKET);
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
    config: { uploadsBucket: env.UPLOADS_BUCKET, languageCode: env.TRANSCRIBE_LANGUAGE_CODE },
    logger: new Logger({ serviceName: SERVICE_NAME, logLevel: (settings.LOG_LEVEL ?? 'WARN') as 'WARN' }),
    settled: async () => {
      await Promise.all([transcriber.settled(), transcoder.settled()]);
    },
  };
}

/** The same handlers as in Lambda, wired to the local runtime, and a way to wait for the stand-ins' jobs. */
export function createLocalService(context: LocalContext, env: VideoPipelineEnv): LocalService {
  const deps = createLocalDeps(context, env);
  return { handlers: createHandlers(deps), settled: deps.settled };
}
