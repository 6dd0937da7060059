/**
 * The intel service of one agency: the alerts it published and those released to it. Its store holds
 * only sealed events (JetStream, erasable one event at a time); the plaintext lives in memory, opened
 * with the agency's own key. Other agencies reach it only through signed deliveries on the link.
 */
import type { AuditLog } from '@concord/audit';
import { IntelServiceService, type IntelServiceServer } from '@concord/contracts/intel';
import { protoFiles, protoRoot } from '@concord/contracts';
import { Capability, FederationLink, HopStage, markHop, type FederationLinkOptions } from '@concord/federation';
import { sealedEventHandlers } from '@concord/sealing';
import type { ServiceContext, ServiceInstance } from '@concord/service-kit';
import { AlertBook } from './alert-book.js';
import { alertCommands } from './alert-commands.js';
import { alertQueries } from './alert-queries.js';
import { auditRecordOf } from './audit-trail.js';
import { forwardDecisions } from './forward-decisions.js';
import { audit, type IntelContext } from './intel-context.js';
import { answerAlertQueries } from './internal-answers.js';
import { createIntelCodec } from './intel-wire.js';
import { askPlanningForParticipants } from './planning-participants.js';
import { receipts, type ReceiptBatching } from './receipts.js';
import { recipientCommands } from './recipient-commands.js';
import { retention } from './retention.js';

export interface IntelService extends ServiceInstance {
  readonly link: FederationLink;
  readonly book: AlertBook;
  readonly audit: AuditLog;
}

export interface IntelOptions {
  /** Injected wall clock, for tests of expiry. */
  readonly now?: () => Date;
  readonly link?: Pick<FederationLinkOptions, 'relay' | 'maxEventBytes'>;
  readonly expiryCheckMs?: number;
  /** How delivery receipts are gathered per originator (tests widen the window). */
  readonly receipts?: ReceiptBatching;
}

/** An alert event, sealed box and signature header included, is refused above this size. */
export const maxAlertEventBytes = 128 * 1024;

export async function createIntelService(service: ServiceContext, options: IntelOptions = {}): Promise<IntelService> {
  const { nc, identity, trust, log } = service;
  const agency = service.agency.id;
  const now = options.now ?? (() => new Date());
  const codec = createIntelCodec({ agency, encryptionKey: identity.encryptionKey }, trust);
  const book = new AlertBook(agency);
  // The service host owns the audit log: it opens it before the service and closes it after.
  const auditLog = service.audit;
  let live = false;

  const link = new FederationLink({
    nc,
    agency,
    capability: Capability.Intel,
    replicas: service.config.jetstreamReplicas,
    identity,
    trust,
    log,
    requests: service.requests,
    erasable: true,
    maxEventBytes: maxAlertEventBytes,
    ...sealedEventHandlers(codec, { apply: (event, stored) => book.apply(event, stored.seq), check: (event) => book.check(event, now()) }, log),
    ...options.link,
  });

  const context: IntelContext = { agency, trust, link, codec, book, audit: auditLog, now, log, participantsOf: (operationId) => askPlanningForParticipants(nc, operationId) };
  const keep = retention(context);
  const receipting = receipts(context, options.receipts);
  const forwarding = forwardDecisions(context);
  book.subscribe((change) => {
    keep.react(change);
    if (!live) return;
    const record = auditRecordOf(change, agency);
    if (record) void audit(context, record).then(() => markHop(agency, HopStage.audited, { scope: change.record.id }));
    receipting.react(change);
    forwarding.react(change);
  });

  await link.start();
  live = true;
  const alertAnswers = answerAlertQueries(nc, agency, book);
  keep.start(options.expiryCheckMs);
  receipting.reconcile();
  forwarding.reconcile();

  const queries = alertQueries(context);
  const implementation: IntelServiceServer = {
    ...alertCommands(context),
    ...recipientCommands(context),
    ...forwarding.handlers,
    ...queries.handlers,
  };

  return {
    grpc: { name: 'concord.v1.IntelService', definition: IntelServiceService, implementation, protoFile: protoFiles.intel, protoRoot },
    link,
    book,
    audit: auditLog,
    drain: () => queries.closeWatches(),
    stop: async () => {
      alertAnswers.unsubscribe();
      queries.closeWatches();
      await receipting.flush();
      await link.stop();
      await keep.stop();
    },
  };
}

