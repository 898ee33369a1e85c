import * as z from 'zod/mini';
import { personalField } from './personal-data-marks';

// Field schemas shared by several event payloads, so that "an id" or "a timestamp" means one thing everywhere.
export const IdSchema = z.string().check(z.minLength(1), z.maxLength(128));
export const TimestampSchema = z.iso.datetime({ offset: true });
/** A person's email address: personal data (redacted in logs, the console and the debug log). */
export const EmailSchema = personalField(z.email(), 'email');
/** The name of a thing (a course's or video's title); a person's name is {@link PersonNameSchema}. */
export const NameSchema = z.string().check(z.minLength(1), z.maxLength(256));
/** A person's name: the same constraints as {@link NameSchema}, marked as personal data. */
export const PersonNameSchema = personalField(z.string().check(z.minLength(1), z.maxLength(256)), 'name');
/** ISO 4217 alphabetic code, e.g. `GBP`. */
export const CurrencySchema = z
  .string()
  .check(z.regex(/^[A-Z]{3}$/, 'currency must be an ISO 4217 code such as GBP'));
/** Money in the currency's minor unit (pence, cents): integers only, never floats. */
export const MinorUnitsSchema = z.number().check(z.int(), z.nonnegative());
/** A key inside a bucket, never a URL: consumers sign their own short-lived links. */
export const ObjectKeySchema = z.string().check(z.minLength(1), z.maxLength(1024));
/** An http(s) address a person opens (a link in an email); http is for the local runtime. */
export const LinkSchema = z.url({ protocol: /^https?$/ }).check(z.maxLength(2048));
