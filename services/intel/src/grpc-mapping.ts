/** Between the domain's alert records and the generated gRPC messages. */
import { protoEnum } from '@concord/contracts';
import {
  AlertChangeKind,
  AlertKind,
  AlertStatus,
  FeedbackKind,
  ForwardStatus,
  InformationCredibility,
  SourceReliability,
  TlpLabel,
  type Alert,
  type AlertContent as AlertContentMessage,
  type ForwardRequest,
} from '@concord/contracts/intel';
import type { ChangeKind } from './alert-book.js';
import { alertKinds, informationCredibilities, sourceReliabilities, type AlertContent } from './domain/alert-content.js';
import { feedbackKinds, type AlertRecord, type ForwardRequestState } from './domain/alert-record.js';
import { tlpLabels } from './domain/handling.js';

export const alertKind = protoEnum(AlertKind, 'ALERT_KIND_', alertKinds);
export const tlpLabel = protoEnum(TlpLabel, 'TLP_LABEL_', tlpLabels);
export const sourceReliability = protoEnum(SourceReliability, 'SOURCE_RELIABILITY_', sourceReliabilities);
export const informationCredibility = protoEnum(InformationCredibility, 'INFORMATION_CREDIBILITY_', informationCredibilities);
export const feedbackKind = protoEnum(FeedbackKind, 'FEEDBACK_KIND_', feedbackKinds);
const alertStatus = protoEnum(AlertStatus, 'ALERT_STATUS_', ['active', 'revoked', 'expired'] as const);
const forwardStatus = protoEnum(ForwardStatus, 'FORWARD_STATUS_', ['pending', 'approved', 'refused'] as const);
export const changeKind = protoEnum(AlertChangeKind, 'ALERT_CHANGE_KIND_', ['current', 'published', 'updated', 'delivered', 'acknowledged', 'feedback', 'forward-requested', 'forward-decided', 'revoked', 'expired'] as const satisfies readonly (ChangeKind | 'current')[]);

export function toAlertContent(content: AlertContent): AlertContentMessage {
  return {
    kind: alertKind.toProto(content.kind),
    title: content.title,
    vessel: content.vessel,
    person: content.person ? { ...content.person, documents: content.person.documents.map((d) => ({ ...d })) } : undefined,
    documentFraud: content.documentFraud,
    route: content.route ? { ...content.route, waypoints: [...content.route.waypoints] } : undefined,
    body: content.body,
    place: content.place,
    window: content.window ? { ...content.window } : undefined,
    eta: content.eta,
    operationId: content.operationId,
    sourceReliability: sourceReliability.toProto(content.sourceReliability),
    informationCredibility: informationCredibility.toProto(content.informationCredibility),
  };
}

export function toForwardRequest(request: ForwardRequestState): ForwardRequest {
  return {
    id: request.id,
    requestedBy: request.requestedBy,
    toAgency: request.to,
    reason: request.reason,
    status: forwardStatus.toProto(request.status),
    decisionReason: request.decisionReason,
    requestedAt: request.requestedAt,
  };
}

export function toAlert(record: AlertRecord): Alert {
  return {
    id: record.id,
    origin: record.origin,
    version: record.version,
    label: tlpLabel.toProto(record.label),
    expiresAt: record.expiresAt,
    recipients: [...record.recipients].sort(),
    status: alertStatus.toProto(record.status),
    content: record.content ? toAlertContent(record.content) : undefined,
    publishedAt: record.publishedAt,
    updatedAt: record.updatedAt,
    deliveries: [...record.deliveries.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([agency, state]) => ({ agency, deliveredVersion: state.deliveredVersion, deliveredAt: state.deliveredAt, acknowledgedVersion: state.acknowledgedVersion, acknowledgedAt: state.acknowledgedAt })),
    feedback: record.feedback.map((f) => ({ id: f.id, agency: f.agency, kind: feedbackKind.toProto(f.kind), note: f.note, place: f.place, observedAt: f.observedAt, recordedAt: f.recordedAt })),
    forwardRequests: [...record.forwardRequests.values()].map(toForwardRequest),
    revocationReason: record.revocationReason,
  };
}
