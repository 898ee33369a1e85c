/** Names the logs, the idempotency keys and every AWS resource of this service. */
export const SERVICE_NAME = 'reporting-service';
