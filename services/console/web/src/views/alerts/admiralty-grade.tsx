/** Admiralty grading: source reliability (A-F) and information credibility (1-6), code and meaning. */
import { FormattedMessage, useIntl } from 'react-intl';
import { SourceReliability, type InformationCredibility } from '@concord/web-contracts/intel';
import { credibilityDigit } from './credibility-digit';

export function AdmiraltyGrade({ source, credibility }: { readonly source: SourceReliability; readonly credibility: InformationCredibility }) {
  const intl = useIntl();
  const letter = SourceReliability[source];
  const digit = credibilityDigit(credibility);
  return (
    <FormattedMessage
      id="alerts.grade"
      values={{
        code: <strong className="grade">
            {letter}
            {digit}
          </strong>,
        source: intl.formatMessage({ id: `alerts.source.${letter}` }),
        credibility: intl.formatMessage({ id: `alerts.credibility.${digit}` }),
      }}
    />
  );
}
