import { InvalidEventPatternError } from './errors';

/**
 * IP addresses and CIDR blocks. The engine turns an address into upper-case hex digits (8 for IPv4, 32 for
 * IPv6) and a CIDR block into a closed range of such digit strings, then matches values digit by digit. We keep
 * that representation because its edge cases are observable: an IPv4-mapped IPv6 literal such as
 * `::ffff:a00:1` is an IPv4 address, and a value longer than the range (an IPv6 address against an IPv4 block)
 * is judged on its leading digits. A block written with host bits is the network its address belongs to
 * (`10.0.0.5/24` = `10.0.0.0/24`), as in standard CIDR and the current reference engine; IPv4 parts with
 * leading zeros are decimal (`10.0.0.010` = `10.0.0.10`, never octal), in event values and patterns alike.
 */

/** A range over hex-digit strings of one length, as the engine stores CIDR blocks. */
export interface HexRange {
  readonly bottom: string;
  readonly openBottom: boolean;
  readonly top: string;
  readonly openTop: boolean;
}

// The engine only hands strings that look like addresses to the platform's parser (anything else could start a
// DNS lookup), so these shapes decide what is an address at all.
const IPV4_SHAPE = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;
const IPV6_SHAPE = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/;
const HEX = '0123456789ABCDEF';

/** The hex form of an IP address literal, or `undefined` if the text is not one. */
export function ipToHex(text: string): string | undefined {
  const bytes = parseIpBytes(text);
  return bytes === undefined ? undefined : toHex(bytes);
}

function parseIpBytes(text: string): number[] | undefined {
  if (IPV4_SHAPE.test(text)) return parseIpv4(text);
  if (IPV6_SHAPE.test(text)) return parseIpv6(text);
  return undefined;
}

function parseIpv4(text: string): number[] | undefined {
  const bytes: number[] = [];
  for (const part of text.split('.')) {
    // Decimal whatever the leading zeros (BSD parsers read `010` as octal 8; EventBridge's engine does not).
    const value = Number(part);
    if (value > 255) return undefined;
    bytes.push(value);
  }
  return bytes;
}

function parseIpv6(text: string): number[] | undefined {
  if (text.length < 2) return undefined;
  const doubleColon = text.indexOf('::');
  if (doubleColon >= 0 && text.indexOf('::', doubleColon + 1) >= 0) return undefined;
  const parseGroups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const groups: number[] = [];
    for (const group of part.split(':')) {
      if (group.length === 0 || group.length > 4) return undefined;
      groups.push(Number.parseInt(group, 16));
    }
    return groups;
  };
  let groups: number[];
  if (doubleColon >= 0) {
    const head = parseGroups(text.slice(0, doubleColon));
    const tail = parseGroups(text.slice(doubleColon + 2));
    if (head === undefined || tail === undefined) return undefined;
    // "::" stands for at least one group of zeros.
    if (head.length + tail.length > 7) return undefined;
    groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  } else {
    const all = parseGroups(text);
    if (all === undefined || all.length !== 8) return undefined;
    groups = all;
  }
  const bytes = groups.flatMap((g) => [g >> 8, g & 0xff]);
  // Java's InetAddress turns an IPv4-mapped IPv6 address into the IPv4 address.
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff)
    return bytes.slice(12);
  return bytes;
}

function toHex(bytes: readonly number[]): string {
  let out = '';
  for (const b of bytes) out += HEX.charAt(b >> 4) + HEX.charAt(b & 0x0f);
  return out;
}

/**
 * Parses the operand of `{"cidr": "..."}` into the range the engine stores, or throws the engine's error.
 */
export function parseCidr(cidr: string): HexRange {
  const parts = cidr.split('/');
  // Java's String.split drops trailing empty strings.
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length !== 2) throw new InvalidEventPatternError("Malformed CIDR, one '/' required");
  const [address = '', maskText = ''] = parts;
  if (!/^[+-]?[0-9]+$/.test(maskText) || Math.abs(Number(maskText)) > 2147483647) {
    throw new InvalidEventPatternError('Malformed CIDR, mask bits must be an integer');
  }
  const mask = Number(maskText);
  if (mask < 0) throw new InvalidEventPatternError('Malformed CIDR, mask bits must not be negative');
  let bytes: number[] | undefined;
  if (IPV4_SHAPE.test(address) || IPV6_SHAPE.test(address)) {
    bytes = parseIpBytes(address);
    if (bytes === undefined) throw new InvalidEventPatternError(`Invalid IP address: ${address}`);
  } else {
    throw new InvalidEventPatternError(`Nonstandard IP address: ${address}`);
  }
  if (bytes.length === 4 && mask > 31) throw new InvalidEventPatternError('IPv4 mask bits must be < 32');
  if (bytes.length === 16 && mask > 127) throw new InvalidEventPatternError('IPv6 mask bits must be < 128');
  // The network: host bits cleared at the bottom, set at the top.
  let hostBits = bytes.length * 8 - mask;
  const bottom = new Array<number>(bytes.length);
  const top = new Array<number>(bytes.length);
  for (let i = bytes.length - 1; i >= 0; i--) {
    const b = bytes[i] ?? 0;
    const hostMask = hostBits >= 8 ? 0xff : hostBits <= 0 ? 0 : (1 << hostBits) - 1;
    bottom[i] = b & ~hostMask;
    top[i] = b | hostMask;
    hostBits -= 8;
  }
  return { bottom: toHex(bottom), openBottom: false, top: toHex(top), openTop: false };
}

/**
 * Whether a hex address string falls in a range, reading it digit by digit as the engine's byte machine does:
 * the first digit that leaves the shared prefix of the bounds decides, and digits past the range's length are
 * ignored.
 */
export function hexRangeMatches(range: HexRange, value: string): boolean {
  const { bottom, top } = range;
  const last = bottom.length - 1;
  let fork = 0;
  while (fork <= last && bottom.charCodeAt(fork) === top.charCodeAt(fork)) fork++;
  if (fork > last) return value.startsWith(bottom); // degenerate single-address range
  let side = 0; // 0: on the shared prefix, 1: following the bottom bound, 2: following the top bound
  const n = Math.min(value.length, bottom.length);
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    const lo = bottom.charCodeAt(i);
    const hi = top.charCodeAt(i);
    if (i < fork) {
      if (c !== lo) return false;
    } else if (i === fork) {
      if (c > lo && c < hi) return true;
      if (i === last) return (c === lo && !range.openBottom) || (c === hi && !range.openTop);
      if (c === lo) side = 1;
      else if (c === hi) side = 2;
      else return false;
    } else if (side === 1) {
      if (c > lo) return true;
      if (c !== lo) return false;
      if (i === last) return !range.openBottom;
    } else {
      if (c < hi) return true;
      if (c !== hi) return false;
      if (i === last) return !range.openTop;
    }
  }
  return false;
}
