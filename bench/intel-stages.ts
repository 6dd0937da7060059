/**
 * Benchmark: where one alert's time goes, stage by stage, from the PublishAlert call until each of
 * five recipients has opened and stored it. The publisher's services run in this process, so its
 * link, book and audit log can be timed from outside; the recipients run in their own processes, timed by
 * what their servers and audit logs record (JetStream's store time of each message, the `at` of
 * each audit entry, to the millisecond). One alert at a time, so the stages of one do not overlap
 * another's.
 *
 *   npx tsx bench/intel-stages.ts       (BENCH_ROUNDS=100 by default)
 */
import { readFile } from 'node:fs/promises';
import { auditFileOf } from '@concord/audit';
import { PublishAlertRequest, TlpLabel } from '@concord/contracts/intel';
import { callUnary } from '@concord/service-kit';
import type { TestFederation } from '@concord/testkit';
import { vesselAlert } from '../test/intel-helpers.js';
import { runBench, until, watchStore, withBenchFederation } from './bench-federation.js';
import { ms, percentile, progress } from './stats.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 100);
const warmUp = 20;
const publisher = 'ID';
const recipients = ['AU', 'TH', 'MY', 'NZ', 'UNODC'];

/** Wall-clock milliseconds with the resolution of the monotonic clock: comparable with the servers' store times (watchStore's storedAt). */
const wallNow = () => performance.timeOrigin + performance.now();

/** When each recipient's intel service audited the alert as delivered (opened, checked, stored, applied). */
async function deliveredAudits(federation: TestFederation, agency: string): Promise<Map<string, number>> {
  const text = await readFile(auditFileOf(federation.prepared.paths.agency(agency).dir, 'intel'), 'utf8');
  const at = new Map<string, number>();
  for (const line of text.split('\n')) {
    const entry = line ? (JSON.parse(line.slice(line.indexOf(' ') + 1)) as { action: string; subject: string; at: string }) : undefined;
    if (entry?.action === 'delivered') at.set(entry.subject.slice('alert:'.length), Date.parse(entry.at));
  }
  return at;
}

interface Round {
  start: number;
  sealed?: number;
  followed?: number;
  applied?: number;
  answered?: number;
  alertId?: string;
  /** Audit writes that reached the disk between the call and its answer. */
  syncs: number;
  audits: { action: string; start: number; end?: number }[];
}

async function measure(federation: TestFederation): Promise<void> {
  const service = federation.intel(publisher);
  const rows: Round[] = [];
  let current: Round | undefined;

  // Timed from outside: the link's publish (entered once sealed and signed, resolved once stored and applied) and each audit append.
  const publish = service.link.publish.bind(service.link);
  service.link.publish = async (input) => {
    const round = current;
    if (round && round.sealed === undefined) round.sealed = wallNow();
    const stored = await publish(input);
    if (round && round.applied === undefined) round.applied = wallNow();
    return stored;
  };
  const apply = service.book.apply.bind(service.book);
  service.book.apply = (event, seq) => {
    if (current && current.followed === undefined && event.type === 'alert.version') current.followed = wallNow();
    apply(event, seq);
  };
  const synced = service.audit.onSync;
  service.audit.onSync = (seconds) => {
    if (current && current.answered === undefined) current.syncs += 1;
    synced?.(seconds);
  };
  const append = service.audit.append.bind(service.audit);
  service.audit.append = (record) => {
    const timing = current ? { action: record.action, start: wallNow() } : undefined;
    if (timing) current!.audits.push(timing);
    return append(record).then((entry) => {
      if (timing) (timing as { end?: number }).end = wallNow();
      return entry;
    });
  };

  const own = await watchStore(await federation.connectAgency(publisher, 'intel'), 'intel');
  const stores = await Promise.all(recipients.map(async (id) => watchStore(await federation.connectAgency(id, 'intel'), 'intel')));
  const client = federation.intelClient(publisher);
  const request = PublishAlertRequest.fromPartial({ content: vesselAlert('x'.repeat(600)), label: TlpLabel.TLP_LABEL_AMBER, releaseTo: recipients });

  progress(`${rounds} alerts, one at a time`);
  for (let i = 0; i < rounds + warmUp; i++) {
    const round: Round = { start: wallNow(), audits: [], syncs: 0 };
    current = round;
    const { alert } = await callUnary(client, 'publishAlert', request);
    round.answered = wallNow();
    round.alertId = alert!.id;
    await until(() => stores.every((s) => s.storedAt.has(alert!.id)));
    // Receipts and audits of this alert settle before the next one starts.
    await new Promise((resolve) => setTimeout(resolve, 40));
    current = undefined;
    if (i >= warmUp) rows.push(round);
  }
  client.close();
  await Promise.all([own, ...stores].map((s) => s.stop()));
  const delivered = await Promise.all(recipients.map((id) => deliveredAudits(federation, id)));

  const stages: [string, (r: Round) => number | undefined][] = [
    ['sealed and signed (link.publish entered)', (r) => r.sealed],
    ['own store write (JetStream store time)', (r) => own.storedAt.get(r.alertId!)],
    ['own store follower handed it to the book', (r) => r.followed],
    ['applied to own book (link.publish resolved)', (r) => r.applied],
    ['audit "published": appended', (r) => r.audits.find((a) => a.action === 'published')?.start],
    ['audit "published": on disk', (r) => r.audits.find((a) => a.action === 'published')?.end],
    ['audit "called": appended', (r) => r.audits.find((a) => a.action === 'called')?.start],
    ['audit "called": on disk', (r) => r.audits.find((a) => a.action === 'called')?.end],
    ['answered (client)', (r) => r.answered],
    ['recipient store write: first of 5', (r) => Math.min(...stores.map((s) => s.storedAt.get(r.alertId!) ?? NaN))],
    ['recipient store write: last of 5', (r) => Math.max(...stores.map((s) => s.storedAt.get(r.alertId!) ?? NaN))],
    ['recipient opened, applied, audited: last of 5 (ms resolution)', (r) => Math.max(...delivered.map((d) => d.get(r.alertId!) ?? NaN))],
  ];
  const lines = ['| stage, since the call started | n | p50 | p90 |', '|---|---|---|---|'];
  for (const [name, at] of stages) {
    const samples = rows
      .map((r) => (at(r) ?? NaN) - r.start)
      .filter((v) => Number.isFinite(v))
      .sort((a, b) => a - b);
    lines.push(`| ${name} | ${samples.length} | ${ms(percentile(samples, 50))} | ${ms(percentile(samples, 90))} |`);
  }
  const syncs = rows.map((r) => r.syncs).sort((a, b) => a - b);
  lines.push('', `Audit writes to disk at ${publisher} per PublishAlert before its answer: p50 ${percentile(syncs, 50)}, max ${syncs.at(-1)}.`);
  console.log(lines.join('\n'));
}

runBench(() => withBenchFederation([publisher, ...recipients], measure, [publisher]));
