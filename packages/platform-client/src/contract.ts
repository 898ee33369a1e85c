import {
  EnrolmentItemSchema,
  type ItemKey,
  keys,
  PaymentItemSchema,
  type TableStore,
  UserItemSchema,
} from '@sfe/records';
import * as z from 'zod/mini';

// The platform API's contract: its paths and the views it answers with. The views are picked from the platform
// table's item schemas (`@sfe/records`), so a view cannot name a field the table does not hold.

/** A learner's current state. */
export const UserViewSchema = z.pick(UserItemSchema, {
  userId: true,
  email: true,
  name: true,
  status: true,
  createdAt: true,
});
export type UserView = z.infer<typeof UserViewSchema>;

/** An enrolment's current state. */
export const EnrolmentViewSchema = z.pick(EnrolmentItemSchema, {
  userId: true,
  courseId: true,
  courseTitle: true,
  enrolledAt: true,
  completedAt: true,
  progress: true,
});
export type EnrolmentView = z.infer<typeof EnrolmentViewSchema>;

/** A payment's current state (`status` tells a refunded payment from a complete one). */
export const PaymentViewSchema = z.pick(PaymentItemSchema, {
  paymentId: true,
  userId: true,
  courseId: true,
  amount: true,
  currency: true,
  status: true,
  completedAt: true,
});
export type PaymentView = z.infer<typeof PaymentViewSchema>;

/** The three resources and how each is addressed: the paths are the same in AWS and in the local runtime. */
export type PlatformResource =
  | { readonly kind: 'user'; readonly userId: string }
  | { readonly kind: 'enrolment'; readonly userId: string; readonly courseId: string }
  | { readonly kind: 'payment'; readonly userId: string; readonly paymentId: string };

const segment = (value: string) => encodeURIComponent(value);

/** The path of a resource: `/users/<userId>`, `/users/<userId>/enrolments/<courseId>`, `/users/<userId>/payments/<paymentId>`. */
export function platformPath(resource: PlatformResource): string {
  const user = `/users/${segment(resource.userId)}`;
  switch (resource.kind) {
    case 'user':
      return user;
    case 'enrolment':
      return `${user}/enrolments/${segment(resource.courseId)}`;
    case 'payment':
      return `${user}/payments/${segment(resource.paymentId)}`;
  }
}

const PATH = /^\/users\/([^/]+)(?:\/(enrolments|payments)\/([^/]+))?\/?$/;

/** The resource a path names, or undefined when it names none (the inverse of {@link platformPath}). */
export function parsePlatformPath(path: string): PlatformResource | undefined {
  const match = PATH.exec(path);
  if (!match?.[1]) return undefined;
  try {
    const userId = decodeURIComponent(match[1]);
    const id = match[3] === undefined ? undefined : decodeURIComponent(match[3]);
    if (id === undefined) return { kind: 'user', userId };
    return match[2] === 'enrolments'
      ? { kind: 'enrolment', userId, courseId: id }
      : { kind: 'payment', userId, paymentId: id };
  } catch {
    return undefined; // a malformed %-escape names nothing
  }
}

/** The current state of each resource, read back: over HTTP (the client) or straight from the table. */
export interface PlatformReader {
  /** The learner, or undefined when there is none. */
  getUser(userId: string): Promise<UserView | undefined>;
  getEnrolment(userId: string, courseId: string): Promise<EnrolmentView | undefined>;
  getPayment(userId: string, paymentId: string): Promise<PaymentView | undefined>;
}

/** A resource's view, or undefined when no item of its kind is stored under its key. */
export async function readPlatformResource(
  store: TableStore,
  resource: PlatformResource,
): Promise<UserView | EnrolmentView | PaymentView | undefined> {
  const { key, schema } = sourceOf(resource);
  const item = await store.get(key);
  // Strongly consistent in DynamoDB (TableStore reads are): the call-back sees every committed write.
  return item === undefined ? undefined : (schema.parse(item) as UserView | EnrolmentView | PaymentView);
}

function sourceOf(resource: PlatformResource): { key: ItemKey; schema: z.ZodMiniType } {
  switch (resource.kind) {
    case 'user':
      return { key: keys.user(resource.userId), schema: UserViewSchema };
    case 'enrolment':
      return { key: keys.enrolment(resource.userId, resource.courseId), schema: EnrolmentViewSchema };
    case 'payment':
      return { key: keys.payment(resource.userId, resource.paymentId), schema: PaymentViewSchema };
  }
}

/**
 * The reader over the platform table itself: what the platform API serves, for the API and for tests of
 * consumers (the HTTP client is {@link createPlatformClient}).
 */
export function createTableReader(store: TableStore): PlatformReader {
  return {
    getUser: (userId) =>
      readPlatformResource(store, { kind: 'user', userId }) as Promise<UserView | undefined>,
    getEnrolment: (userId, courseId) =>
      readPlatformResource(store, { kind: 'enrolment', userId, courseId }) as Promise<
        EnrolmentView | undefined
      >,
    getPayment: (userId, paymentId) =>
      readPlatformResource(store, { kind: 'payment', userId, paymentId }) as Promise<PaymentView | undefined>,
  };
}
