/**
 * Hostile requests for any RPC, built from its request's shape as reflection describes it: empty,
 * random, truncated, oversized, deeply nested, huge repeated fields, and strings that are NATS
 * syntax, control characters or not UTF-8. Deterministic: the same seed makes the same bytes.
 */
import { lengthDelimited, varint } from './protobuf-bytes.js';
import type { FieldShape, MessageShape } from './reflection.js';

export interface FuzzCase {
  readonly name: string;
  readonly bytes: Buffer;
}

/** Strings an id or a text field must refuse (or hold harmlessly), as raw bytes. */
export const hostileStrings: ReadonlyArray<readonly [string, Buffer]> = [
  ['dot', Buffer.from('.')],
  ['star', Buffer.from('*')],
  ['greater-than', Buffer.from('>')],
  ['spaces', Buffer.from('a b ')],
  ['subject wildcards', Buffer.from('a.*.>')],
  ['empty token', Buffer.from('x..y')],
  ['control characters', Buffer.from('\u0000\u0001\u001b[2J\r\n\u007f\u009b')],
  ['invalid UTF-8', Buffer.from([0xff, 0xfe, 0xfd, 0xfc, 0xfb, 0xc3])],
  ['path', Buffer.from('../../../etc/passwd')],
  ['bidi override', Buffer.from('\u202eevil\u2066')],
  ['format string', Buffer.from('%s%n${x}{{7*7}}')],
  ['100,000 characters', Buffer.from('A'.repeat(100_000))],
];

/** A small deterministic generator (mulberry32), so a failing case can be replayed. */
function randomBytes(seed: number, length: number): Buffer {
  let state = seed >>> 0;
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    bytes[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return bytes;
}

type ValueOf = (field: FieldShape, depth: number) => Buffer | undefined;

/** One field's bytes: its tag and value, or the value written `copies` times for a repeated field. */
function encodeField(field: FieldShape, value: Buffer, copies: number): Buffer {
  const wireType = { string: 2, bytes: 2, message: 2, varint: 0, fixed32: 5, fixed64: 1 }[field.kind];
  const tag = Buffer.from(varint(field.number * 8 + wireType));
  const one = wireType === 2 ? lengthDelimited(field.number, value) : Buffer.concat([tag, value]);
  return copies === 1 ? one : Buffer.concat(Array<Buffer>(copies).fill(one));
}

/** A message with every field set by `valueOf` (nested messages to `maxDepth`), repeated fields `copies` times. */
function encodeMessage(shape: MessageShape, valueOf: ValueOf, copies = 1, depth = 0, maxDepth = 3): Buffer {
  const parts: Buffer[] = [];
  for (const field of shape.fields) {
    let value: Buffer | undefined;
    if (field.kind === 'message') {
      const nested = depth < maxDepth ? field.message?.() : undefined;
      value = nested ? encodeMessage(nested, valueOf, Math.min(copies, 3), depth + 1, maxDepth) : Buffer.alloc(0);
    } else {
      value = valueOf(field, depth);
    }
    if (value) parts.push(encodeField(field, value, field.repeated ? copies : 1));
  }
  return Buffer.concat(parts);
}

/** Values a valid request might carry: an agency id for strings, 1 for numbers. */
const plausible: ValueOf = (field) => {
  switch (field.kind) {
    case 'string':
    case 'bytes':
      return Buffer.from('AU');
    case 'fixed32':
      return Buffer.alloc(4, 1);
    case 'fixed64':
      return Buffer.alloc(8, 1);
    default:
      return Buffer.from(varint(1));
  }
};

const withStrings =
  (text: Buffer): ValueOf =>
  (field, depth) =>
    field.kind === 'string' || field.kind === 'bytes' ? text : plausible(field, depth);

/** The largest varint (10 bytes): what -1 in an int32 or int64 field looks like. */
const hugeVarint = Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);

/** A request of about `size` bytes: its first string field that long, or an unknown field. */
function sized(shape: MessageShape, size: number): Buffer {
  const field = shape.fields.find((f) => f.kind === 'string' || f.kind === 'bytes');
  return lengthDelimited(field?.number ?? 15, Buffer.alloc(size, 0x41));
}

/** Unknown fields nested `levels` deep: a decoder that recursed on them would run out of stack. */
function nestedUnknown(levels: number): Buffer {
  let inner: Buffer = Buffer.alloc(0);
  for (let i = 0; i < levels; i++) inner = lengthDelimited(99, inner);
  return inner;
}

/** Start-group tags with no end: decoders skip groups recursively. */
const openGroups = (count: number) => Buffer.from(Array<number[]>(count).fill(varint(98 * 8 + 3)).flat());

export interface FuzzOptions {
  readonly seed: number;
  /** The size of the oversized request: over the server's limit, up to 4 MiB. */
  readonly oversizedBytes: number;
  /** The size of the large request the server reads, parses and validates: up to its limit. */
  readonly largeBytes: number;
}

/** Every hostile request for one RPC. A request without fields gets only what cannot parse. */
export function fuzzCases(shape: MessageShape, { seed, oversizedBytes, largeBytes }: FuzzOptions): FuzzCase[] {
  const unparsable: FuzzCase[] = [
    { name: 'open groups', bytes: openGroups(50_000) },
    { name: 'truncated varint', bytes: Buffer.from([0x08, 0xff]) },
  ];
  if (shape.fields.length === 0) return [{ name: 'empty', bytes: Buffer.alloc(0) }, ...unparsable];
  const valid = encodeMessage(shape, plausible);
  return [
    { name: 'empty', bytes: Buffer.alloc(0) },
    { name: 'random', bytes: randomBytes(seed, 96) },
    { name: 'plausible', bytes: valid },
    { name: 'truncated', bytes: valid.subarray(0, Math.max(1, Math.floor(valid.length / 2))) },
    { name: 'oversized', bytes: sized(shape, oversizedBytes) },
    { name: 'large', bytes: sized(shape, largeBytes) },
    { name: 'nested 2,000 deep', bytes: Buffer.concat([valid, nestedUnknown(2_000)]) },
    { name: 'huge numbers', bytes: encodeMessage(shape, (field, depth) => (field.kind === 'varint' ? hugeVarint : plausible(field, depth))) },
    { name: '100,000-element repeated fields', bytes: shape.fields.some((f) => f.repeated) ? encodeMessage(shape, withStrings(Buffer.from('AU')), 100_000, 0, 1) : Buffer.concat(Array<Buffer>(100_000).fill(Buffer.from([...varint(99 * 8), 1]))) },
    ...hostileStrings.map(([name, text]) => ({ name: `strings: ${name}`, bytes: encodeMessage(shape, withStrings(text)) })),
    ...unparsable,
  ];
}
