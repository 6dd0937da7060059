/** Small planning calls shared by the integration tests. */
import type { TimelineEntry } from '@concord/contracts/planning';
import { callUnary } from '@concord/service-kit';
import type { TestFederation } from '@concord/testkit';

export const nextMonth = () => {
  const start = new Date(Date.now() + 30 * 24 * 3_600_000);
  return { start, end: new Date(start.getTime() + 30 * 24 * 3_600_000) };
};

export async function createOperation(federation: TestFederation, lead: string, participants: string[], name = 'Coral Tide') {
  const client = federation.planningClient(lead);
  try {
    const { operation } = await callUnary(client, 'createOperation', { name, participants, period: nextMonth() });
    return operation!;
  } finally {
    client.close();
  }
}

export async function timelineOf(federation: TestFederation, agency: string, operationId = ''): Promise<TimelineEntry[]> {
  const client = federation.planningClient(agency);
  try {
    const entries: TimelineEntry[] = [];
    let pageToken = '';
    do {
      const page = await callUnary(client, 'listTimeline', { operationId, pageSize: 1000, pageToken });
      entries.push(...page.entries);
      pageToken = page.nextPageToken;
    } while (pageToken);
    return entries;
  } finally {
    client.close();
  }
}
