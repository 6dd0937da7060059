/** What an opened alert says: grading, body, place and time, and the kind's own details. */
import { FormattedMessage, useIntl } from 'react-intl';
import type { AlertContent } from '@concord/web-contracts/intel';
import { useFormatInstant } from '../../time/format';
import { AdmiraltyGrade } from './admiralty-grade';

type Facts = ReadonlyArray<readonly [string, string]>;

/** The kind's details as label and value, leaving out what was not given. */
function detailFacts(content: AlertContent): Facts {
  const { details } = content;
  switch (details.case) {
    case 'vessel':
      return [
        ['alerts.field.vesselName', details.value.name],
        ['alerts.field.imo', details.value.imo],
        ['alerts.field.mmsi', details.value.mmsi],
        ['alerts.field.flag', details.value.flag],
        ['alerts.field.callSign', details.value.callSign],
      ];
    case 'person':
      return [
        ['alerts.field.personName', details.value.fullName],
        ['alerts.field.dateOfBirth', details.value.dateOfBirth],
        ['alerts.field.nationality', details.value.nationality],
        ['alerts.field.role', details.value.role],
      ];
    case 'documentFraud':
      return [
        ['alerts.field.documentType', details.value.documentType],
        ['alerts.field.issuingCountry', details.value.issuingCountry],
        ['alerts.field.indicators', details.value.indicators],
      ];
    case 'route':
      return [
        ['alerts.field.waypoints', details.value.waypoints.join(' → ')],
        ['alerts.field.mode', details.value.mode],
        ['alerts.field.method', details.value.method],
      ];
    case undefined:
      return [];
  }
}

export function AlertDetails({ content }: { readonly content: AlertContent }) {
  const intl = useIntl();
  const formatInstant = useFormatInstant();
  const facts: Facts = [
    ...detailFacts(content),
    ['alerts.field.place', content.place],
    ['alerts.field.eta', formatInstant(content.eta)],
    ['alerts.field.window', content.window ? `${formatInstant(content.window.start)} – ${formatInstant(content.window.end)}` : ''],
    ['alerts.field.body', content.body],
  ];
  return (
    <dl className="alert-details">
      <dt>
        <FormattedMessage id="alerts.field.grading" />
      </dt>
      <dd>
        <AdmiraltyGrade source={content.sourceReliability} credibility={content.informationCredibility} />
      </dd>
      {facts
        .filter(([, value]) => value !== '')
        .map(([label, value]) => (
          <div key={label}>
            <dt>{intl.formatMessage({ id: label })}</dt>
            <dd>{value}</dd>
          </div>
        ))}
    </dl>
  );
}
