export * from './aws-events';
export { createHandlers, HANDLER_EXPORTS, type HandlerDeps, type VideoPipelineHandlers } from './handler';
export { createSubscriptions, LOCAL_UPLOADS_BUCKET, SubscriptionId, subscriptions } from './subscription';
