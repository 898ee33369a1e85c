import { describe, expect, it } from 'vitest';
import { InvalidEnvError, parseEnv } from './env';

const valid = {
  TABLE_NAME: 'sfe-dev-platform',
  UPLOADS_BUCKET: 'sfe-dev-video-uploads',
  MEDIACONVERT_ROLE_ARN: 'arn:aws:iam::111122223333:role/sfe-dev-video-pipeline-mediaconvert',
};

describe('parseEnv', () => {
  it('reads the configuration, defaulting the lecture language to en-US', () => {
    expect(parseEnv(valid)).toStrictEqual({ ...valid, TRANSCRIBE_LANGUAGE_CODE: 'en-US' });
    expect(parseEnv({ ...valid, TRANSCRIBE_LANGUAGE_CODE: 'en-GB' }).TRANSCRIBE_LANGUAGE_CODE).toBe('en-GB');
  });

  it('names every missing or invalid variable', () => {
    expect(() =>
      parseEnv({
        UPLOADS_BUCKET: 'b',
        MEDIACONVERT_ROLE_ARN: 'not-an-arn',
        TRANSCRIBE_LANGUAGE_CODE: 'klingon',
      }),
    ).toThrow(
      new InvalidEnvError(
        'video-pipeline configuration is invalid: TABLE_NAME: Invalid input: expected string, received undefined; MEDIACONVERT_ROLE_ARN: must be an IAM role ARN; TRANSCRIBE_LANGUAGE_CODE: must be a Transcribe language code such as en-US',
      ),
    );
  });
});
