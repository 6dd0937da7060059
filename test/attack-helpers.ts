/** What the attack tests share: forging a signed event as some agency, and sending it as-is. */
import { headers, type NatsConnection } from 'nats';
import { HybridLogicalClock } from '@concord/clock';
import { decodeReply, SignatureHeader, signEvent, type Capability, type NewEvent } from '@concord/federation';
import type { AgencyIdentity } from '@concord/identity';

export interface Forged {
  readonly data: Uint8Array;
  readonly headers: ReturnType<typeof headers>;
  readonly signature: string;
}

/** An event signed with `key` and claiming to come from `origin`; both may be lies. */
export function forge(event: NewEvent, origin: string, key: AgencyIdentity, capability: Capability = 'planning'): Forged {
  const signed = signEvent(event, { origin, capability, signingKey: key.signingKey }, new HybridLogicalClock().tick());
  return withSignature(signed.data, signed.signature);
}

/** Bytes with a signature header: to send altered bytes under the signature of others. */
export function withSignature(data: Uint8Array, signature: string): Forged {
  const h = headers();
  h.set(SignatureHeader, signature);
  return { data, headers: h, signature };
}

/** The outcome of a request: the delivery reply, or the NATS error code (503: nobody answers). */
export async function attempt(nc: NatsConnection, subject: string, data: Uint8Array, h?: ReturnType<typeof headers>): Promise<string> {
  try {
    const reply = await nc.request(subject, data, { timeout: 1_500, ...(h ? { headers: h } : {}) });
    const text = new TextDecoder().decode(reply.data);
    return subject.startsWith('$JS') ? `answered: ${text}` : JSON.stringify(decodeReply(reply.data));
  } catch (error) {
    return `no answer (${(error as { code?: string }).code})`;
  }
}
