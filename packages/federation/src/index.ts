export { Capability, capabilities } from './capability.js';
export { decodeBatch, decodeBatchReply, encodeBatch } from './delivery-batch.js';
export type { BatchAnswer, BatchItem } from './delivery-batch.js';
export { decodeReply, deliveryReplySchema, encodeReply } from './delivery-reply.js';
export type { DeliveryReply } from './delivery-reply.js';
export { eventEnvelopeSchema, eventIdFor, eventKey, eventTypeSchema, MessageIdHeader, scopeSchema, SignatureHeader, signEvent } from './event-envelope.js';
export type { EventEnvelope, NewEvent, SignedEvent } from './event-envelope.js';
export { defaultMaxEventBytes, FederationLink } from './federation-link.js';
export { HopStage, markHop } from './hop-trace.js';
export type { HopMark } from './hop-trace.js';
export type { FederationLinkOptions, FederationLinkStats, PeerStats, RequestScope, StoredEvent } from './federation-link.js';
export type { PeerRelayStats } from './peer-relay.js';
export { RecentCount } from './recent-count.js';
export { defaultPeerQuota, InboundQuotas } from './inbound-quotas.js';
export type { PeerQuota, PeerQuotaStats, QuotaLimit } from './inbound-quotas.js';
export { Rejection, RejectionCounter } from './rejection.js';
export type { Refusal } from './rejection.js';
export { batchDeliveryType, FederationSubjects, parseDeliverySubject, readySignalType, StoreSubjects } from './subjects.js';
export type { DeliveryAddress } from './subjects.js';
export { verifyDelivery } from './verify-delivery.js';
export type { Delivery, DeliveryContext, Verified } from './verify-delivery.js';
export {
  actionAnswerSchema,
  actionQuerySchema,
  alertAnswerSchema,
  alertQuerySchema,
  answerInternal,
  askInternal,
  commandAnswerSchema,
  InternalSubjects,
  operationFactsAnswerSchema,
  operationFactsQuerySchema,
  participantsAnswerSchema,
  participantsQuerySchema,
  releaseRequestCommandSchema,
  teamReadableAnswerSchema,
  teamReadableQuerySchema,
  timelineEntriesAnswerSchema,
  timelineEntriesQuerySchema,
} from './internal-queries.js';
export type { ActionAnswer, AlertAnswer, CommandAnswer, OperationFactsAnswer, ParticipantsAnswer, ReleaseRequestCommand, TeamReadableAnswer, TimelineEntriesAnswer } from './internal-queries.js';
