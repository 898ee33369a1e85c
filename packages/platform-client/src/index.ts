export {
  createPlatformClient,
  PlatformApiError,
  PlatformClientError,
  type PlatformClientOptions,
} from './client';
export { type PlatformApiConfig, PlatformApiConfigShape, platformApiConfigOf } from './config';
export {
  createTableReader,
  type EnrolmentView,
  EnrolmentViewSchema,
  type PaymentView,
  PaymentViewSchema,
  type PlatformReader,
  type PlatformResource,
  parsePlatformPath,
  platformPath,
  readPlatformResource,
  type UserView,
  UserViewSchema,
} from './contract';
