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
    ['010.0.0.01', '0A000001'], // leading zeros are decimal
    ['10.0.0.010', '0A00000A'], // not octal 8
    ['10.0.0.0255', '0A0000FF'],
  ])('reads %s as %s', (ip, hex) => {
    expect(ipToHex(ip)).toBe(hex);
  });

  it.each(['256.1.1.1', '10.0.0.0256', '1.2.3', 'not-an-ip', '1::2::3', '12345::1', ' 10.0.0.1'])(
    'does not take %j for an address',
    (text) => {
      expect(ipToHex(text)).toBeUndefined();
    },
  );
});

describe('parseCidr', () => {
  it('reads a block written with host bits as the network its address belongs to', () => {
    const range = parseCidr('10.0.0.5/24');
    expect(range).toStrictEqual(parseCidr('10.0.0.0/24'));
    expect(range).toStrictEqual({ bottom: '0A000000', openBottom: false, top: '0A0000FF', openTop: false });
    expect(hexRangeMatches(range, '0A000001')).toBe(true);
    expect(hexRangeMatches(range, '0A000100')).toBe(false);
    expect(parseCidr('10.1.2.3/12')).toStrictEqual(parseCidr('10.0.0.0/12'));
    expect(parseCidr('2001:db8::1/32').bottom).toBe('20010DB8000000000000000000000000');
  });

  it('reads leading zeros in the address as decimal', () => {
    expect(parseCidr('10.0.0.010/31')).toStrictEqual(parseCidr('10.0.0.10/31'));
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
