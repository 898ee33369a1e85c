/**
 * An error EventBridge answers a whole request with: `type` is AWS's exception name (`ValidationException`,
 * `InvalidEventPatternException`, ...), sent as `__type` by the HTTP endpoint.
 */
export class EventBridgeApiError extends Error {
  override name = 'EventBridgeApiError';
  constructor(
    readonly type: string,
    message: string,
    readonly statusCode = 400,
  ) {
    super(message);
  }
}
