/** Small intel calls shared by the integration tests. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  AlertContent,
  AlertKind,
  InformationCredibility,
  PublishAlertRequest,
  SourceReliability,
  TlpLabel,
  type Alert,
  type IntelServiceClient,
} from '@concord/contracts/intel';
import type { RequestOf, UnaryNames } from '@concord/service-kit';
import { callOnce } from './planning-helpers.js';
import { waitFor, type TestFederation } from '@concord/testkit';

/** Calls one intel RPC as `agency`. */
export const intel = <K extends UnaryNames<IntelServiceClient>>(federation: Pick<TestFederation, 'intelClient'>, agency: string, method: K, request: RequestOf<IntelServiceClient[K]>) =>
  callOnce(federation.intelClient(agency), method, request);

/** A vessel-of-interest alert whose body carries `canary`, to look for where it must never be. */
export function vesselAlert(canary: string, extra: Partial<AlertContent> = {}): AlertContent {
  return AlertContent.fromPartial({
    kind: AlertKind.ALERT_KIND_VESSEL_OF_INTEREST,
    title: 'KM Bintang Laut expected off Ashmore Reef',
    vessel: { name: 'KM Bintang Laut', imo: '9074729', mmsi: '525012345', flag: 'ID', callSign: 'PLBX', vesselType: 'wooden fishing vessel' },
    body: `Crew of four; about thirty passengers boarded at night. ${canary}`,
    place: 'IDKOE',
    eta: new Date(Date.now() + 3 * 24 * 3_600_000),
    sourceReliability: SourceReliability.SOURCE_RELIABILITY_B,
    informationCredibility: InformationCredibility.INFORMATION_CREDIBILITY_2,
    ...extra,
  });
}

export async function publish(federation: Pick<TestFederation, 'intelClient'>, from: string, to: string[], content: AlertContent, label = TlpLabel.TLP_LABEL_AMBER, extra: Partial<PublishAlertRequest> = {}): Promise<Alert> {
  const { alert } = await intel(federation, from, 'publishAlert', PublishAlertRequest.fromPartial({ content, label, releaseTo: to, ...extra }));
  return alert!;
}

/** Waits until `agency` holds the alert and it passes `check`. */
export function alertAt(federation: TestFederation, agency: string, alertId: string, check: (alert: Alert) => void = () => {}, timeoutMs = 10_000): Promise<Alert> {
  return waitFor(() => {
    const record = federation.intel(agency).book.get(alertId);
    if (!record) throw new Error(`${agency} does not hold alert ${alertId} yet`);
    return intel(federation, agency, 'getAlert', { alertId }).then(({ alert }) => {
      check(alert!);
      return alert!;
    });
  }, timeoutMs);
}

/** Every file under a directory, as one string, to search a store on disk. */
export async function bytesUnder(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  return (await Promise.all(files.map((f) => readFile(f, 'latin1')))).join('\n');
}

/** A stretch of an alert's sealed content as a hub observer saw it: to look for in stores afterwards. */
export function sealedFragment(hubTraffic: readonly string[], alertId: string): string {
  const delivery = hubTraffic.find((data) => data.includes(alertId) && data.includes('"box"'));
  const fragment = delivery?.match(/"content":"([A-Za-z0-9_-]{40})/)?.[1];
  if (!fragment) throw new Error(`no sealed delivery of alert ${alertId} crossed the hub`);
  return fragment;
}
