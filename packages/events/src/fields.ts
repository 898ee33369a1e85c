import { z } from 'zod';

// Field schemas shared by several event payloads, so that "an id" or "a timestamp" means one thing everywhere.
export const IdSchema = z.string().min(1).max(128);
export const TimestampSchema = z.iso.datetime({ offset: true });
export const EmailSchema = z.email();
export const NameSchema = z.string().min(1).max(256);
/** ISO 4217 alphabetic code, e.g. `GBP`. */
export const CurrencySchema = z.string().regex(/^[A-Z]{3}$/, 'currency must be an ISO 4217 code such as GBP');
/** Money in the currency's minor unit (pence, cents): integers only, never floats. */
export const MinorUnitsSchema = z.number().int().nonnegative();
/** A key inside a bucket, never a URL: consumers sign their own short-lived links. */
export const ObjectKeySchema = z.string().min(1).max(1024);
/** An http(s) address a person opens (a link in an email); http is for the local runtime. */
export const LinkSchema = z.url({ protocol: /^https?$/ }).max(2048);
