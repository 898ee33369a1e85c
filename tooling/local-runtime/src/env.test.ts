import { describe, expect, it } from 'vitest';
import { loadRuntimeEnv, RuntimeConfigError } from './env';

describe('loadRuntimeEnv', () => {
  it('stands in for the dev stage unless SFE_STAGE names another', () => {
    expect(loadRuntimeEnv({}, '/').SFE_STAGE).toBe('dev');
    expect(loadRuntimeEnv({ SFE_STAGE: 'alice' }, '/').SFE_STAGE).toBe('alice');
  });

  it('refuses a stage that cannot be in resource names, naming the variable', () => {
    expect(() => loadRuntimeEnv({ SFE_STAGE: 'Prod' }, '/')).toThrow(RuntimeConfigError);
    expect(() => loadRuntimeEnv({ SFE_STAGE: 'Prod' }, '/')).toThrow(/SFE_STAGE: stage "Prod" is invalid/);
  });
});
