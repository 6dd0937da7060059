/** The agency's link health per peer, as the console server reads it from the metrics endpoint (`/console/links`). */
export interface PeerLink {
  readonly peer: string;
  readonly connected: boolean;
  readonly pending: number;
  readonly lastDelivery: string | undefined;
  readonly refusalsLastHour: number;
}

export type LinkHealth = { readonly kind: 'peers'; readonly peers: readonly PeerLink[] } | { readonly kind: 'signed-out' } | { readonly kind: 'unavailable' };

// Checked by hand, as the session is: zod would weigh more than this view.
function peerOf(value: unknown): PeerLink | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { peer, connected, pending, lastDelivery, refusalsLastHour } = value as Record<string, unknown>;
  if (typeof peer !== 'string' || typeof connected !== 'boolean' || typeof pending !== 'number' || typeof refusalsLastHour !== 'number') return undefined;
  return { peer, connected, pending, refusalsLastHour, lastDelivery: typeof lastDelivery === 'string' ? lastDelivery : undefined };
}

export async function fetchLinkHealth(signal: AbortSignal): Promise<LinkHealth> {
  const response = await fetch('/console/links', { credentials: 'same-origin', headers: { accept: 'application/json' }, signal });
  if (response.status === 401) return { kind: 'signed-out' };
  if (!response.ok) return { kind: 'unavailable' };
  const body = (await response.json()) as { peers?: unknown };
  const peers = Array.isArray(body.peers) ? body.peers.map(peerOf) : [undefined];
  return peers.every((peer) => peer !== undefined) ? { kind: 'peers', peers } : { kind: 'unavailable' };
}
