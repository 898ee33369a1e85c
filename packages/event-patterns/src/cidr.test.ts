import { describe, expect, it } from 'vitest';
import { hexRangeMatches, ipToHex, parseCidr } from './cidr';
import { InvalidEventPatternError } from './errors';

describe('ipToHex', () => {
  it.each([
    ['10.0.0.1', '0A000001'],
    ['255.255.255.255', 'FFFFFFFF'],
    ['::1', '00000000000000000000000000000001'],
    ['2001:DB8::1', '20010DB8000000000000000000000001'],
    ['::ffff:a00:1', '0A000001'], // an IPv4-mapped address is the IPv4 address
  ])('reads %s as %s', (ip, hex) => {
    expect(ipToHex(ip)).toBe(hex);
  });

  it.each(['256.1.1.1', '010.0.0.1', '1.2.3', 'not-an-ip', '1::2::3', '12345::1', ' 10.0.0.1'])(
    'does not take %j for an address',
    (text) => {
      expect(ipToHex(text)).toBeUndefined();
    },
  );
});

describe('parseCidr', () => {
  it('starts the range at the address as written (host bits are not cleared)', () => {
    const range = parseCidr('10.0.0.5/24');
    expect(range).toStrictEqual({ bottom: '0A000005', openBottom: false, top: '0A0000FF', openTop: false });
    expect(hexRangeMatches(range, '0A000001')).toBe(false);
    expect(hexRangeMatches(range, '0A0000FE')).toBe(true);
  });

  it('judges a longer value on its leading digits', () => {
    const range = parseCidr('10.0.0.0/8');
    expect(hexRangeMatches(range, '0A000000000000000000000000000001')).toBe(true);
  });

  it.each([
    ['bad-filter', "Malformed CIDR, one '/' required"],
    ['bad-/64filter', 'Malformed CIDR, mask bits must be an integer'],
    ['10.0.0.0/-1', 'Malformed CIDR, mask bits must not be negative'],
    ['xx.11.xx/8', 'Nonstandard IP address: xx.11.xx'],
    ['256.1.1.1/8', 'Invalid IP address: 256.1.1.1'],
    ['10.0.0.0/32', 'IPv4 mask bits must be < 32'],
    ['::/128', 'IPv6 mask bits must be < 128'],
  ])('rejects %s', (cidr, reason) => {
    expect(() => parseCidr(cidr)).toThrow(new InvalidEventPatternError(reason));
  });
});
