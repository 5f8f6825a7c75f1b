/** An IP network as the range of addresses it holds. */
export interface IpNetwork {
  readonly version: 4 | 6;
  readonly first: bigint;
  readonly last: bigint;
}

function ipv4ToBigInt(text: string): bigint | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  let n = 0n;
  for (const octet of m.slice(1)) {
    const v = Number(octet);
    if (v > 255) return undefined;
    n = n * 256n + BigInt(v);
  }
  return n;
}

function ipv6ToBigInt(text: string): bigint | undefined {
  const halves = text.toLowerCase().split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let n = 0n;
  for (const g of groups) {
    if (!/^[0-9a-f]{1,4}$/.test(g)) return undefined;
    n = n * 65536n + BigInt(`0x${g}`);
  }
  return n;
}

/**
 * Parses "10.0.0.0/8", "2001:db8::/32" or a bare address (a /32 or /128). Host bits in the address are masked
 * off rather than rejected: "10.1.2.3/8" means 10.0.0.0/8. Undefined when the text is not a network.
 */
export function parseCidr(text: string): IpNetwork | undefined {
  const [address = '', prefixText, extra] = text.trim().split('/');
  if (extra !== undefined) return undefined;
  const v4 = ipv4ToBigInt(address);
  const version: 4 | 6 = v4 === undefined ? 6 : 4;
  const value = v4 ?? ipv6ToBigInt(address);
  if (value === undefined) return undefined;
  const bits = version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits) return undefined;
  const hostBits = BigInt(bits - prefix);
  const hostMask = (1n << hostBits) - 1n;
  const first = value & ~hostMask & ((1n << BigInt(bits)) - 1n);
  return { version, first, last: first | hostMask };
}
