import type { CurrentEventOf, EventDataOf, EventType } from '@sfe/events';
import type { PaymentView } from '@sfe/platform-client';
import type { TableWrite } from '@sfe/records';
import { reportKeys } from './report-items';

/** The events the reports count, in their current versions (CourseCompleted v1 is upgraded first). */
export type ReportedEvent =
  | CurrentEventOf<typeof EventType.UserSignedUp>
  | CurrentEventOf<typeof EventType.PaymentCompleted>
  | CurrentEventOf<typeof EventType.CourseCompleted>
  | CurrentEventOf<typeof EventType.AccountDeactivated>;

/** An event's type and payload side by side, so a `switch` on `type` narrows `data` (nested fields do not). */
type Payload =
  | {
      readonly type: typeof EventType.UserSignedUp;
      readonly data: EventDataOf<typeof EventType.UserSignedUp>;
    }
  | {
      readonly type: typeof EventType.PaymentCompleted;
      readonly data: EventDataOf<typeof EventType.PaymentCompleted>;
    }
  | {
      readonly type: typeof EventType.CourseCompleted;
      readonly data: EventDataOf<typeof EventType.CourseCompleted>;
    }
  | {
      readonly type: typeof EventType.AccountDeactivated;
      readonly data: EventDataOf<typeof EventType.AccountDeactivated>;
    };

function payloadOf(event: ReportedEvent): Payload {
  return { type: event.metadata.type, data: event.data } as Payload;
}

/**
 * The business fact an event reports, which must count once: a learner's signup, a payment, a learner
 * completing a course, an account's deactivation. Keyed by the fact rather than the event id, so a fact
 * published twice under two ids (CourseCompleted v1 beside v2) still counts once.
 */
export function countedFactOf(event: ReportedEvent): string {
  const payload = payloadOf(event);
  switch (payload.type) {
    case 'UserSignedUp':
      return `SIGNUP#${payload.data.userId}`;
    case 'PaymentCompleted':
      return `PAYMENT#${payload.data.paymentId}`;
    case 'CourseCompleted':
      return `COMPLETION#${payload.data.userId}#${payload.data.courseId}`;
    case 'AccountDeactivated':
      // An account may be reactivated and deactivated again: each deactivation is its own fact.
      return `DEACTIVATION#${payload.data.userId}#${payload.data.deactivatedAt}`;
  }
}

/** The UTC calendar day of a timestamp: `2026-11-23T23:30:00-02:00` → `2026-11-24`. */
export function utcDay(timestamp: string): string {
  return new Date(timestamp).toISOString().slice(0, 10);
}

/** What the platform API says now about the event's subject (a light event's state, read back). */
export interface CurrentState {
  /** For `PaymentCompleted`: the payment as it is now (`getPayment`), undefined when there is none. */
  readonly payment?: PaymentView;
}

/** What to do with one event: count it (one transaction), or skip it and say why. */
export type CountPlan =
  | { readonly kind: 'count'; readonly writes: TableWrite[] }
  | { readonly kind: 'skip'; readonly reason: string };

/** The event's subject is gone from the platform (a light event names what the table must hold). */
export class MissingSubjectError extends Error {
  override name = 'MissingSubjectError';
}

/**
 * Decides how one event is counted, from the event and the current state of its subject. A payment is counted
 * from its current state, not from a snapshot: one refunded (or otherwise no longer complete) by the time the
 * event is processed is skipped, whatever the delay (a retry, a DLQ redrive, a replay). Pure: `countedAt` and
 * the state are arguments. Throws `MissingSubjectError` for a payment the platform does not know.
 */
export function planCount(event: ReportedEvent, countedAt: Date, current: CurrentState = {}): CountPlan {
  const payload = payloadOf(event);
  if (payload.type === 'PaymentCompleted') {
    const { payment } = current;
    if (!payment) {
      throw new MissingSubjectError(
        `payment ${payload.data.paymentId} of ${payload.data.userId} is not on the platform`,
      );
    }
    if (payment.status !== 'complete') {
      return { kind: 'skip', reason: `payment ${payment.paymentId} is ${payment.status} now: not revenue` };
    }
  }
  return { kind: 'count', writes: countEvent(event, countedAt, current) };
}

/**
 * The writes that count one event, to be applied in ONE transaction: the fact's marker, put only if absent,
 * then the increments. If the marker exists the whole transaction fails and nothing is counted twice.
 * Pure: `countedAt` is an argument; a payment's amount and currency come from its current state.
 */
export function countEvent(event: ReportedEvent, countedAt: Date, current: CurrentState = {}): TableWrite[] {
  const marker: TableWrite = {
    kind: 'put',
    item: {
      ...reportKeys.countedFact(countedFactOf(event)),
      eventId: event.metadata.id,
      eventType: event.metadata.type,
      countedAt: countedAt.toISOString(),
    },
    condition: { kind: 'notExists' },
  };
  return [marker, ...incrementsFor(payloadOf(event), current)];
}

function incrementsFor(payload: Payload, current: CurrentState): TableWrite[] {
  switch (payload.type) {
    case 'UserSignedUp': {
      const day = utcDay(payload.data.signedUpAt);
      return [
        { kind: 'increment', key: reportKeys.signupsOnDay(day), add: { signups: 1 }, set: { day } },
        { kind: 'increment', key: reportKeys.accountTotals(), add: { signedUp: 1, active: 1 } },
      ];
    }
    case 'PaymentCompleted': {
      const day = utcDay(payload.data.completedAt);
      if (!current.payment)
        throw new MissingSubjectError(`payment ${payload.data.paymentId}: no current state`);
      const { currency, amount } = current.payment;
      return [
        {
          kind: 'increment',
          key: reportKeys.revenueOnDay(day, currency),
          add: { amountMinor: amount, payments: 1 },
          set: { day, currency },
        },
      ];
    }
    case 'CourseCompleted': {
      const { courseId, courseTitle } = payload.data;
      return [
        {
          kind: 'increment',
          key: reportKeys.completionsOfCourse(courseId),
          add: { completions: 1 },
          set: { courseId, courseTitle },
        },
      ];
    }
    case 'AccountDeactivated':
      return [{ kind: 'increment', key: reportKeys.accountTotals(), add: { deactivated: 1, active: -1 } }];
  }
}
