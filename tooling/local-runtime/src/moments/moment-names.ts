import type { BusinessMoments } from './business-moments';

/**
 * The moments by their HTTP path (`POST /moments/<name>`). On their own (the moments themselves load the item
 * schemas and zod) so that the CLI's runtime access, which only names moments, loads none of that.
 */
export const MOMENT_NAMES = {
  'sign-up': 'signUp',
  enrol: 'enrol',
  pay: 'pay',
  'complete-course': 'completeCourse',
  'upload-video': 'uploadVideo',
  'open-ticket': 'openTicket',
  deactivate: 'deactivate',
  refund: 'refund',
} as const satisfies Record<string, keyof BusinessMoments>;
export type MomentName = keyof typeof MOMENT_NAMES;
