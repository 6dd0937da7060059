/** Protobuf wire format written by hand, to build requests no generated encoder would produce. */

export function varint(value: number): number[] {
  const bytes: number[] = [];
  let n = value;
  while (n > 0x7f) {
    bytes.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  bytes.push(n);
  return bytes;
}

/** A length-delimited field (string, bytes, message): its tag, its length, its bytes. */
export function lengthDelimited(field: number, content: Uint8Array | string): Buffer {
  const bytes = typeof content === 'string' ? Buffer.from(content) : Buffer.from(content);
  return Buffer.concat([Buffer.from([...varint(field * 8 + 2), ...varint(bytes.length)]), bytes]);
}

/** A varint field (int32, bool, enum). */
export function varintField(field: number, value: number): Buffer {
  return Buffer.from([...varint(field * 8), ...varint(value)]);
}
