/** IPv4 / IPv6 CIDR blocks for the IpAddress / NotIpAddress condition operators. */
export interface Cidr {
  version: 4 | 6
  network: bigint
  prefix: number
}

function parseIPv4(text: string): bigint | null {
  const parts = text.split('.')
  if (parts.length !== 4) return null
  let value = 0n
  for (const part of parts) {
    // A leading zero is refused: some readers take `010` as octal (8), and IAM does not say which it does.
    if (!/^(?:0|[1-9]\d{0,2})$/.test(part) || Number(part) > 255) return null
    value = (value << 8n) | BigInt(Number(part))
  }
  return value
}

function parseIPv6(text: string): bigint | null {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return null
  const halves = text.split('::')
  if (halves.length > 2) return null
  const groups = (half: string): string[] => (half === '' ? [] : half.split(':'))
  const head = groups(halves[0] ?? '')
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : []
  const expand = (list: string[]): number[] | null => {
    const out: number[] = []
    for (const group of list) {
      if (group.includes('.')) {
        const v4 = parseIPv4(group)
        if (v4 === null) return null
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn))
      } else if (/^[0-9a-fA-F]{1,4}$/.test(group)) out.push(parseInt(group, 16))
      else return null
    }
    return out
  }
  const h = expand(head)
  const t = expand(tail)
  if (!h || !t) return null
  const missing = 8 - h.length - t.length
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null
  const all = [...h, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...t]
  return all.reduce((acc, group) => (acc << 16n) | BigInt(group), 0n)
}

/** Parses `a.b.c.d`, `a.b.c.d/n` or the IPv6 forms; a bare address is a /32 (/128). The network part is masked. */
export function parseCidr(text: string): Cidr | null {
  const [address = '', prefixText, extra] = text.trim().split('/')
  if (extra !== undefined) return null
  const v4 = parseIPv4(address)
  const version: 4 | 6 = v4 !== null ? 4 : 6
  const value = v4 ?? parseIPv6(address)
  if (value === null) return null
  const bits = version === 4 ? 32 : 128
  if (prefixText !== undefined && !/^(?:0|[1-9]\d{0,2})$/.test(prefixText)) return null
  const prefix = prefixText === undefined ? bits : Number(prefixText)
  if (prefix > bits) return null
  const hostBits = BigInt(bits - prefix)
  return { version, network: (value >> hostBits) << hostBits, prefix }
}

export function formatCidr(cidr: Cidr): string {
  if (cidr.version === 4) {
    const octets = [24n, 16n, 8n, 0n].map((shift) => String((cidr.network >> shift) & 0xffn))
    return `${octets.join('.')}/${cidr.prefix}`
  }
  const groups: string[] = []
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(((cidr.network >> shift) & 0xffffn).toString(16))
  return `${groups.join(':')}/${cidr.prefix}`
}

/** Whether every address of `inner` lies in `outer`. */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  if (outer.version !== inner.version || outer.prefix > inner.prefix) return false
  const bits = BigInt((outer.version === 4 ? 32 : 128) - outer.prefix)
  return inner.network >> bits === outer.network >> bits
}
