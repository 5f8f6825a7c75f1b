/** `field|cidr`: the field holds an IP address inside the network, given as its first and last address. */
export interface CidrNode {
  readonly kind: 'cidr';
  readonly field: string;
  /** The network as written in the rule, for messages. */
  readonly network: string;
  readonly version: 4 | 6;
  readonly first: bigint;
  readonly last: bigint;
}

/** A frozen cidr node. */
export function cidrNode(field: string, network: string, version: 4 | 6, first: bigint, last: bigint): CidrNode {
  return Object.freeze({ kind: 'cidr', field, network, version, first, last });
}
