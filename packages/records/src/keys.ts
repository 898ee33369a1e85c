/** The table's primary key. */
export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

/** Key builders: the one place that knows how each entity is addressed. */
export const keys = {
  user: (userId: string): ItemKey => ({ pk: `USER#${userId}`, sk: 'PROFILE' }),
  enrolment: (userId: string, courseId: string): ItemKey => ({
    pk: `USER#${userId}`,
    sk: `ENROLMENT#${courseId}`,
  }),
  payment: (userId: string, paymentId: string): ItemKey => ({
    pk: `USER#${userId}`,
    sk: `PAYMENT#${paymentId}`,
  }),
  certificate: (userId: string, courseId: string): ItemKey => ({
    pk: `USER#${userId}`,
    sk: `CERTIFICATE#${courseId}`,
  }),
  video: (videoId: string): ItemKey => ({ pk: `VIDEO#${videoId}`, sk: 'METADATA' }),
  ticket: (ticketId: string): ItemKey => ({ pk: `TICKET#${ticketId}`, sk: 'METADATA' }),
} as const;
