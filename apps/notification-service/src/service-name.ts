/** Names the logger's service, idempotency keys and the stack's resources. */
export const SERVICE_NAME = 'notification-service';
