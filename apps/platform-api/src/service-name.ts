/** Names the function, its logs and its resources. */
export const SERVICE_NAME = 'platform-api';
