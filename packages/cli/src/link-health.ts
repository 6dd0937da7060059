/** An agency's per-peer link health, from its metrics endpoint (`/links`), with the scrape token endpoints.json names. */
import { readFile } from 'node:fs/promises';
// Not from the package's index, which brings gRPC (its guard) into `concord status`.
import { fetchJson } from '@concord/access/fetch-json';
import { ConcordError } from '@concord/errors';
import type { Endpoints } from '@concord/launcher/layout';
import { linkHealthSchema, type PeerHealth } from '@concord/metrics/link-health';

export type LinkHealthAnswer = { readonly peers: PeerHealth[]; readonly services?: Readonly<Record<string, 'SERVING' | 'NOT_SERVING'>> } | { readonly error: string };

export async function fetchLinkHealth(agency: Endpoints['agencies'][string], ca: string, timeoutMs = 3_000): Promise<LinkHealthAnswer> {
  if (!agency.metrics || !agency.metricsToken) return { error: 'no metrics endpoint in endpoints.json' };
  try {
    const token = (await readFile(agency.metricsToken, 'utf8')).trim();
    const { status, body } = await fetchJson(`${agency.metrics}/links`, { ca, caOnly: true, bearer: token, timeoutMs });
    if (status !== 200) return { error: `${agency.metrics} answered ${status}` };
    const parsed = linkHealthSchema.safeParse(body);
    return parsed.success ? { peers: parsed.data.peers, ...(parsed.data.services ? { services: parsed.data.services } : {}) } : { error: `${agency.metrics}/links answered something else than link health` };
  } catch (error) {
    return { error: ConcordError.from(error).message };
  }
}
