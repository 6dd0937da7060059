/** What the compose form holds (strings, as typed) and the PublishAlertRequest made from it. */
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { AlertKind, InformationCredibility, PublishAlertRequestSchema, SourceReliability, TlpLabel, type AlertContentSchema, type PublishAlertRequest } from '@concord/web-contracts/intel';
import { instantOf } from '../../time/wall-time';

export interface Draft {
  readonly kind: AlertKind;
  readonly label: TlpLabel;
  readonly releaseTo: readonly string[];
  readonly source: SourceReliability;
  readonly credibility: InformationCredibility;
  /** Every text input by name: title, body, place, eta, expires and the kind's details. */
  readonly text: Readonly<Record<string, string>>;
}

export const emptyDraft: Draft = {
  kind: AlertKind.VESSEL_OF_INTEREST,
  label: TlpLabel.AMBER,
  releaseTo: [],
  source: SourceReliability.F,
  credibility: InformationCredibility.INFORMATION_CREDIBILITY_6,
  text: {},
};

/** Text inputs shared by every kind: input name, proto field path, input type. */
export const commonInputs = [
  ['title', 'content.title', 'text'],
  ['place', 'content.place', 'text'],
  ['eta', 'content.eta', 'datetime-local'],
  ['expires', 'expires_at', 'datetime-local'],
] as const;

/** Per kind, the detail inputs the form shows: input name and the proto field path the server names. */
export const detailInputs: Readonly<Record<AlertKind, ReadonlyArray<readonly [string, string]>>> = {
  [AlertKind.UNSPECIFIED]: [],
  [AlertKind.VESSEL_OF_INTEREST]: [
    ['vesselName', 'content.vessel.name'],
    ['imo', 'content.vessel.imo'],
    ['mmsi', 'content.vessel.mmsi'],
    ['flag', 'content.vessel.flag'],
    ['callSign', 'content.vessel.call_sign'],
  ],
  [AlertKind.PERSON_OF_INTEREST]: [
    ['personName', 'content.person.full_name'],
    ['dateOfBirth', 'content.person.date_of_birth'],
    ['nationality', 'content.person.nationality'],
    ['role', 'content.person.role'],
  ],
  [AlertKind.DOCUMENT_FRAUD_PATTERN]: [
    ['documentType', 'content.document_fraud.document_type'],
    ['issuingCountry', 'content.document_fraud.issuing_country'],
    ['indicators', 'content.document_fraud.indicators'],
  ],
  [AlertKind.ROUTE_OR_MODUS_OPERANDI]: [
    ['waypoints', 'content.route.waypoints'],
    ['mode', 'content.route.mode'],
    ['method', 'content.route.method'],
  ],
  [AlertKind.OTHER]: [],
};

function detailsOf(kind: AlertKind, t: (name: string) => string): MessageInitShape<typeof AlertContentSchema>['details'] {
  switch (kind) {
    case AlertKind.VESSEL_OF_INTEREST:
      return { case: 'vessel', value: { name: t('vesselName'), imo: t('imo'), mmsi: t('mmsi'), flag: t('flag'), callSign: t('callSign'), vesselType: '' } };
    case AlertKind.PERSON_OF_INTEREST:
      return { case: 'person', value: { fullName: t('personName'), dateOfBirth: t('dateOfBirth'), nationality: t('nationality'), role: t('role'), documents: [] } };
    case AlertKind.DOCUMENT_FRAUD_PATTERN:
      return { case: 'documentFraud', value: { documentType: t('documentType'), issuingCountry: t('issuingCountry'), indicators: t('indicators') } };
    case AlertKind.ROUTE_OR_MODUS_OPERANDI: {
      const waypoints = t('waypoints').split(',').map((point) => point.trim()).filter(Boolean);
      return { case: 'route', value: { waypoints, mode: t('mode'), method: t('method') } };
    }
    case AlertKind.OTHER:
    case AlertKind.UNSPECIFIED:
      return { case: undefined };
  }
}

/** The request; times are read in the chosen zone, and an empty or malformed one is left out for the server to name. */
export function publishRequestOf(draft: Draft, zone: string): PublishAlertRequest {
  const t = (name: string) => draft.text[name] ?? '';
  const eta = instantOf(t('eta'), zone);
  const expires = instantOf(t('expires'), zone);
  return create(PublishAlertRequestSchema, {
    label: draft.label,
    releaseTo: [...draft.releaseTo],
    ...(expires ? { expiresAt: timestampFromDate(expires) } : {}),
    content: {
      kind: draft.kind,
      title: t('title'),
      body: t('body'),
      place: t('place'),
      details: detailsOf(draft.kind, t),
      sourceReliability: draft.source,
      informationCredibility: draft.credibility,
      ...(eta ? { eta: timestampFromDate(eta) } : {}),
    },
  });
}
