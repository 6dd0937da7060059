/**
 * `concord alert ...`: PIU alerts. The content is sealed for the agencies it is released to; the
 * originator updates, revokes or lets it expire, and every copy follows.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import {
  Alert,
  AlertChangeKind,
  AlertContent,
  AlertKind,
  AlertStatus,
  FeedbackKind,
  ForwardRequest,
  ForwardStatus,
  InformationCredibility,
  PublishAlertRequest,
  SourceReliability,
  TlpLabel,
  UpdateAlertRequest,
  type WatchAlertsResponse,
} from '@concord/contracts/intel';
import { ConcordError } from '@concord/errors';
import { callUnary as call } from '@concord/service-kit/client';
import { enumFlag } from '../enum-flag.js';
import { followStream } from '../follow-stream.js';
import { print, table } from '../output.js';
import { agencyList, withIntel } from '../service-client.js';
import { formatInstant, parseInstant } from '../time-zone.js';
import { commandSummaries } from '../command-summaries.js';

const kind = enumFlag(AlertKind, 'ALERT_KIND_');
const label = enumFlag(TlpLabel, 'TLP_LABEL_');
const source = enumFlag(SourceReliability, 'SOURCE_RELIABILITY_');
const credibility = enumFlag(InformationCredibility, 'INFORMATION_CREDIBILITY_');
const feedback = enumFlag(FeedbackKind, 'FEEDBACK_KIND_');
const status = enumFlag(AlertStatus, 'ALERT_STATUS_');
const forwardStatus = enumFlag(ForwardStatus, 'FORWARD_STATUS_');
const changeKind = enumFlag(AlertChangeKind, 'ALERT_CHANGE_KIND_');

const labelText = (value: number) => `TLP:${label.name(value).toUpperCase().replace('-', '+')}`;

interface ContentFlags {
  kind?: string;
  title?: string;
  body?: string;
  bodyFile?: string;
  place?: string;
  eta?: string;
  from?: string;
  until?: string;
  op?: string;
  source?: string;
  credibility?: string;
  vesselName?: string;
  imo?: string;
  mmsi?: string;
  flag?: string;
  callSign?: string;
  vesselType?: string;
  personName?: string;
  dob?: string;
  nationality?: string;
  passport?: string[];
  role?: string;
  documentType?: string;
  issuingCountry?: string;
  indicators?: string;
  waypoints?: string;
  mode?: string;
  method?: string;
}

const contentOptions = (command: Command) =>
  command
    .option('--kind <kind>', kind.help)
    .option('--title <text>', 'what the alert is about, in a line')
    .option('--body <text>', 'free text')
    .option('--body-file <path>', 'read the free text from a file')
    .option('--place <locode>', 'UN/LOCODE of the place, for example IDKOE')
    .option('--eta <when>', 'expected time of arrival')
    .option('--from <when>', 'start of the window it applies to')
    .option('--until <when>', 'end of that window')
    .option('--op <operation-id>', 'the operation it concerns')
    .option('--source <grade>', `Admiralty source reliability: ${source.help}`)
    .option('--credibility <grade>', `Admiralty information credibility: ${credibility.help}`)
    .option('--vessel-name <name>', 'vessel: name')
    .option('--imo <number>', 'vessel: IMO number')
    .option('--mmsi <number>', 'vessel: MMSI')
    .option('--flag <country>', 'vessel: flag state, ISO 3166 alpha-2')
    .option('--call-sign <sign>', 'vessel: call sign')
    .option('--vessel-type <type>', 'vessel: type')
    .option('--person-name <name>', 'person: full name')
    .option('--dob <date>', 'person: date of birth, YYYY-MM-DD')
    .option('--nationality <country>', 'person: ISO 3166 alpha-2')
    .option('--passport <number[:country]>', 'person: a travel document (repeatable)', (value: string, all: string[] = []) => [...all, value])
    .option('--role <role>', 'person: role in the scheme')
    .option('--document-type <type>', 'document fraud: passport, visa, seaman\'s book ...')
    .option('--issuing-country <country>', 'document fraud: the state the documents claim to come from')
    .option('--indicators <text>', 'document fraud: what an inspector should look for')
    .option('--waypoints <locodes>', 'route: comma-separated UN/LOCODEs from departure to destination')
    .option('--mode <mode>', 'route: sea, air or land')
    .option('--method <text>', 'route: how it is done');

/** The content the flags describe, over `base` (the current content, for an update). */
async function contentOf(flags: ContentFlags, zone: string, base?: AlertContent): Promise<AlertContent> {
  const current = base ?? AlertContent.fromPartial({ sourceReliability: SourceReliability.SOURCE_RELIABILITY_F, informationCredibility: InformationCredibility.INFORMATION_CREDIBILITY_6 });
  if (!base && !flags.kind) throw ConcordError.invalid([{ path: '--kind', message: `is required: ${kind.help}` }]);
  if (!base && !flags.title) throw ConcordError.invalid([{ path: '--title', message: 'is required' }]);
  if (flags.body !== undefined && flags.bodyFile !== undefined) throw ConcordError.invalid([{ path: '--body-file', message: 'give --body or --body-file, not both' }]);
  const body = flags.bodyFile !== undefined ? await readFile(flags.bodyFile, 'utf8').catch(() => Promise.reject(ConcordError.invalid([{ path: '--body-file', message: `cannot read ${flags.bodyFile}` }]))) : flags.body;
  const content: AlertContent = {
    ...current,
    ...(flags.kind !== undefined ? { kind: kind.parse('--kind', flags.kind) } : {}),
    ...(flags.title !== undefined ? { title: flags.title } : {}),
    ...(body !== undefined ? { body } : {}),
    ...(flags.place !== undefined ? { place: flags.place.toUpperCase() } : {}),
    ...(flags.op !== undefined ? { operationId: flags.op } : {}),
    ...(flags.source !== undefined ? { sourceReliability: source.parse('--source', flags.source.toLowerCase()) } : {}),
    ...(flags.credibility !== undefined ? { informationCredibility: credibility.parse('--credibility', flags.credibility) } : {}),
  };
  if (flags.eta !== undefined) content.eta = parseInstant('--eta', flags.eta, zone);
  if (flags.from !== undefined || flags.until !== undefined) {
    if (flags.from === undefined || flags.until === undefined) throw ConcordError.invalid([{ path: flags.from === undefined ? '--from' : '--until', message: 'a window needs both --from and --until' }]);
    content.window = { start: parseInstant('--from', flags.from, zone), end: parseInstant('--until', flags.until, zone) };
  }
  const details = kind.name(content.kind);
  if (details === 'vessel-of-interest' && (!base || flags.vesselName || flags.imo || flags.mmsi || flags.flag || flags.callSign || flags.vesselType)) {
    const v = content.vessel ?? { name: '', imo: '', mmsi: '', flag: '', callSign: '', vesselType: '' };
    content.vessel = { name: flags.vesselName ?? v.name, imo: flags.imo ?? v.imo, mmsi: flags.mmsi ?? v.mmsi, flag: (flags.flag ?? v.flag).toUpperCase(), callSign: flags.callSign ?? v.callSign, vesselType: flags.vesselType ?? v.vesselType };
  }
  if (details === 'person-of-interest' && (!base || flags.personName || flags.dob || flags.nationality || flags.passport || flags.role)) {
    const p = content.person ?? { fullName: '', dateOfBirth: '', nationality: '', documents: [], role: '' };
    const documents = flags.passport?.map((value) => {
      const [number = '', country = ''] = value.split(':');
      return { number, issuingCountry: country.toUpperCase() };
    });
    content.person = { fullName: flags.personName ?? p.fullName, dateOfBirth: flags.dob ?? p.dateOfBirth, nationality: (flags.nationality ?? p.nationality).toUpperCase(), documents: documents ?? p.documents, role: flags.role ?? p.role };
  }
  if (details === 'document-fraud-pattern' && (!base || flags.documentType || flags.issuingCountry || flags.indicators)) {
    const d = content.documentFraud ?? { documentType: '', issuingCountry: '', indicators: '' };
    content.documentFraud = { documentType: flags.documentType ?? d.documentType, issuingCountry: (flags.issuingCountry ?? d.issuingCountry).toUpperCase(), indicators: flags.indicators ?? d.indicators };
  }
  if (details === 'route-or-modus-operandi' && (!base || flags.waypoints || flags.mode || flags.method)) {
    const r = content.route ?? { waypoints: [], mode: '', method: '' };
    content.route = { waypoints: flags.waypoints ? agencyList(flags.waypoints.toUpperCase()) : r.waypoints, mode: flags.mode ?? r.mode, method: flags.method ?? r.method };
  }
  return content;
}

function describeContent(content: AlertContent, zone: string): string[][] {
  const rows = [
    ['kind', kind.name(content.kind)],
    ['title', content.title],
    ['grading', `${source.name(content.sourceReliability).toUpperCase()}${credibility.name(content.informationCredibility)}`],
  ];
  if (content.place) rows.push(['place', content.place]);
  if (content.eta) rows.push(['eta', formatInstant(content.eta, zone)]);
  if (content.window) rows.push(['window', `${formatInstant(content.window.start, zone)} to ${formatInstant(content.window.end, zone)}`]);
  if (content.operationId) rows.push(['operation', content.operationId]);
  const v = content.vessel;
  if (v) rows.push(['vessel', [v.name, v.imo && `IMO ${v.imo}`, v.mmsi && `MMSI ${v.mmsi}`, v.flag && `flag ${v.flag}`, v.callSign && `call sign ${v.callSign}`, v.vesselType].filter(Boolean).join(', ')]);
  const p = content.person;
  if (p) rows.push(['person', [p.fullName, p.dateOfBirth && `born ${p.dateOfBirth}`, p.nationality, ...p.documents.map((d) => `document ${d.number}${d.issuingCountry ? ` (${d.issuingCountry})` : ''}`), p.role].filter(Boolean).join(', ')]);
  const d = content.documentFraud;
  if (d) rows.push(['documents', [d.documentType, d.issuingCountry, d.indicators].filter(Boolean).join(', ')]);
  const r = content.route;
  if (r) rows.push(['route', `${r.waypoints.join(' > ')}${r.mode ? ` by ${r.mode}` : ''}${r.method ? `: ${r.method}` : ''}`]);
  return rows;
}

function describeAlert(alert: Alert, zone: string): string {
  const rows = [
    ['id', alert.id],
    ['origin', alert.origin],
    ['label', labelText(alert.label)],
    ['status', `${status.name(alert.status)} (version ${alert.version})${alert.revocationReason ? `: ${alert.revocationReason}` : ''}`],
    ['released to', alert.recipients.join(', ')],
    ['expires', formatInstant(alert.expiresAt, zone)],
    ...(alert.content ? describeContent(alert.content, zone) : [['content', 'purged']]),
  ];
  const lines = [table(rows)];
  if (alert.content?.body) lines.push('', alert.content.body);
  if (alert.deliveries.length > 0) {
    lines.push('', 'Deliveries:', table([['agency', 'delivered', 'acknowledged'], ...alert.deliveries.map((d) => [d.agency, d.deliveredVersion ? `v${d.deliveredVersion} ${formatInstant(d.deliveredAt, zone)}` : '-', d.acknowledgedVersion ? `v${d.acknowledgedVersion} ${formatInstant(d.acknowledgedAt, zone)}` : '-'])]));
  }
  if (alert.feedback.length > 0) {
    lines.push('', 'Feedback:', table(alert.feedback.map((f) => [formatInstant(f.observedAt ?? f.recordedAt, zone), f.agency, feedback.name(f.kind), f.place || '-', f.note])));
  }
  if (alert.forwardRequests.length > 0) {
    lines.push('', 'Forwarding requests:', table(alert.forwardRequests.map((f) => [f.id, `${f.requestedBy} > ${f.toAgency}`, forwardStatus.name(f.status), f.reason, f.decisionReason])));
  }
  return lines.join('\n');
}

export function registerAlerts(program: Command): void {
  const alert = program.command('alert').alias('intel').description(commandSummaries.alert);
  const show = (a: Alert, json: boolean, zone: string, heading = '') => print(json, Alert.toJSON(a), () => `${heading}${describeAlert(a, zone)}`);

  contentOptions(
    alert
      .command('publish')
      .description('publish an alert: signed, sealed for its recipients, delivered even to those offline now')
      .option('--to <agencies>', 'comma-separated agency ids to release it to')
      .option('--to-participants-of <operation-id>', 'or release it to every other participant of an operation')
      .requiredOption('--label <label>', `TLP 2.0 handling label: ${label.help}`)
      .option('--expires <when>', 'when every copy is purged (default: in 30 days; at most 90)'),
  ).action(async (flags: ContentFlags & { to?: string; toParticipantsOf?: string; label: string; expires?: string }, command: Command) =>
    withIntel(command, async ({ client, options, zone }) => {
      if (!flags.to === !flags.toParticipantsOf) throw ConcordError.invalid([{ path: '--to', message: 'give --to <agencies> or --to-participants-of <operation-id>' }]);
      const request = PublishAlertRequest.fromPartial({
        content: await contentOf(flags, zone),
        label: label.parse('--label', flags.label),
        releaseTo: flags.to ? agencyList(flags.to) : [],
        releaseToOperation: flags.toParticipantsOf ?? '',
        expiresAt: flags.expires ? parseInstant('--expires', flags.expires, zone) : undefined,
      });
      const { alert: published } = await call(client, 'publishAlert', request);
      show(published!, options.json, zone, 'Published.\n');
    }),
  );

  contentOptions(
    alert
      .command('update')
      .argument('<alert-id>')
      .description('issue a new version of an alert this agency published; every copy is replaced')
      .option('--label <label>', `a new TLP label: ${label.help}`)
      .option('--expires <when>', 'a new expiry'),
  ).action(async (alertId: string, flags: ContentFlags & { label?: string; expires?: string }, command: Command) =>
    withIntel(command, async ({ client, options, zone }) => {
      const { alert: current } = await call(client, 'getAlert', { alertId });
      if (!current?.content) throw ConcordError.invalid([{ path: '<alert-id>', message: `alert ${alertId} has no content left to update` }]);
      const request = UpdateAlertRequest.fromPartial({
        alertId,
        content: await contentOf(flags, zone, current.content),
        label: flags.label ? label.parse('--label', flags.label) : TlpLabel.TLP_LABEL_UNSPECIFIED,
        expiresAt: flags.expires ? parseInstant('--expires', flags.expires, zone) : undefined,
      });
      const { alert: updated } = await call(client, 'updateAlert', request);
      show(updated!, options.json, zone, 'Updated.\n');
    }),
  );

  alert
    .command('list')
    .description('alerts this agency published or received (kind and title; `show` reads one, audited)')
    .option('--all', 'also revoked and expired alerts', false)
    .option('--origin <agency>', 'only alerts of this originator', '')
    .action(async (flags: { all: boolean; origin: string }, command: Command) =>
      withIntel(command, async ({ client, options, zone }) => {
        const { alerts } = await call(client, 'listAlerts', { includeInactive: flags.all, origin: flags.origin });
        print(options.json, alerts.map((a) => Alert.toJSON(a)), () =>
          alerts.length === 0
            ? 'No alerts.'
            : table([
                ['id', 'origin', 'label', 'status', 'kind', 'title', 'expires'],
                ...alerts.map((a) => [a.id, a.origin, labelText(a.label), `${status.name(a.status)} v${a.version}`, a.content ? kind.name(a.content.kind) : '-', a.content?.title ?? '-', formatInstant(a.expiresAt, zone)]),
              ]),
        );
      }),
    );

  alert
    .command('show')
    .argument('<alert-id>')
    .description('one alert in full: content, deliveries, feedback, forwarding (recorded as opened in the audit log)')
    .action(async (alertId: string, _flags: unknown, command: Command) =>
      withIntel(command, async ({ client, options, zone }) => {
        const { alert: found } = await call(client, 'getAlert', { alertId });
        show(found!, options.json, zone);
      }),
    );

  alert
    .command('ack')
    .argument('<alert-id>')
    .description('acknowledge a received alert: the originator gets a signed acknowledgement')
    .action(async (alertId: string, _flags: unknown, command: Command) =>
      withIntel(command, async ({ client, options, zone }) => {
        const { alert: acknowledged } = await call(client, 'acknowledgeAlert', { alertId });
        show(acknowledged!, options.json, zone, 'Acknowledged.\n');
      }),
    );

  alert
    .command('sight')
    .argument('<alert-id>')
    .description('report a sighting or outcome; it goes to the originator and, where the label allows, the other recipients')
    .option('--kind <kind>', feedback.help, 'seen')
    .option('--note <text>', 'what was seen or done', '')
    .option('--place <locode>', 'UN/LOCODE where', '')
    .option('--at <when>', 'when it was seen (default: now)')
    .option('--originator-only', 'tell the originator only', false)
    .action(async (alertId: string, flags: { kind: string; note: string; place: string; at?: string; originatorOnly: boolean }, command: Command) =>
      withIntel(command, async ({ client, options, zone }) => {
        const request = { alertId, kind: feedback.parse('--kind', flags.kind), note: flags.note, place: flags.place.toUpperCase(), observedAt: flags.at ? parseInstant('--at', flags.at, zone) : new Date(), originatorOnly: flags.originatorOnly };
        const { alert: updated } = await call(client, 'addFeedback', request);
        show(updated!, options.json, zone, 'Reported.\n');
      }),
    );

  alert
    .command('forward')
    .argument('<alert-id>')
    .description('ask the originator to release a received alert to another agency (never under RED or AMBER+STRICT)')
    .requiredOption('--to <agency>', 'the agency to release it to')
    .option('--reason <text>', 'why it should have it', '')
    .action(async (alertId: string, flags: { to: string; reason: string }, command: Command) =>
      withIntel(command, async ({ client, options }) => {
        const { request } = await call(client, 'requestForward', { alertId, toAgency: flags.to, reason: flags.reason });
        print(options.json, ForwardRequest.toJSON(request!), () => `Requested (${request!.id}): the originator decides under TLP:AMBER; TLP:GREEN and CLEAR are released at once.`);
      }),
    );

  alert
    .command('decide')
    .argument('<alert-id>')
    .argument('<request-id>')
    .description('approve or refuse a request to forward an alert this agency published')
    .option('--approve', 'release the alert to the requested agency, sealed anew for it', false)
    .option('--refuse', 'refuse the request', false)
    .option('--reason <text>', 'told to the requester', '')
    .action(async (alertId: string, requestId: string, flags: { approve: boolean; refuse: boolean; reason: string }, command: Command) =>
      withIntel(command, async ({ client, options, zone }) => {
        if (flags.approve === flags.refuse) throw ConcordError.invalid([{ path: '--approve', message: 'give --approve or --refuse' }]);
        const { alert: decided } = await call(client, 'decideForward', { alertId, requestId, approve: flags.approve, reason: flags.reason });
        show(decided!, options.json, zone, flags.approve ? 'Approved and released.\n' : 'Refused.\n');
      }),
    );

  alert
    .command('revoke')
    .argument('<alert-id>')
    .description('revoke an alert this agency published: every recipient purges its copy')
    .option('--reason <text>', 'told to the recipients', '')
    .action(async (alertId: string, flags: { reason: string }, command: Command) =>
      withIntel(command, async ({ client, options, zone }) => {
        const { alert: revoked } = await call(client, 'revokeAlert', { alertId, reason: flags.reason });
        show(revoked!, options.json, zone, 'Revoked.\n');
      }),
    );

  alert
    .command('export')
    .argument('<alert-id>')
    .description('the alert as a STIX 2.1 bundle (JSON), for MISP, OpenCTI and other STIX tools')
    .action(async (alertId: string, _flags: unknown, command: Command) =>
      withIntel(command, async ({ client }) => {
        const { stixJson } = await call(client, 'exportAlert', { alertId });
        process.stdout.write(`${stixJson}\n`);
      }),
    );

  alert
    .command('watch')
    .description('follow every change to this agency\'s alerts, after the current state (Ctrl-C to stop)')
    .action(async (_flags: unknown, command: Command) =>
      withIntel(command, ({ client, options, zone }) =>
        followStream<WatchAlertsResponse>(client.watchAlerts({}), ({ change, alert: changed }) => {
          const what = changeKind.name(change);
          if (options.json) process.stdout.write(`${JSON.stringify({ change: what, alert: Alert.toJSON(changed!) })}\n`);
          else process.stdout.write(`${formatInstant(changed!.updatedAt, zone)}  ${what.padEnd(17)}  ${changed!.id}  ${changed!.origin}  ${labelText(changed!.label)}  ${status.name(changed!.status)} v${changed!.version}\n`);
        }),
      ),
    );
}
