/**
 * The TLP 2.0 label as FIRST prints it: the label in its colour on black, then what it allows, in the
 * viewer's language. The label itself stays in English, as TLP 2.0 asks.
 */
import { useIntl } from 'react-intl';
import { TlpLabel } from '@concord/web-contracts/intel';

export function TlpBanner({ label }: { readonly label: TlpLabel }) {
  const intl = useIntl();
  const name = TlpLabel[label];
  return (
    <p className={`tlp tlp-${name.toLowerCase().replace('_', '-')}`}>
      <strong className="tlp-label">{intl.formatMessage({ id: `alerts.tlp.${name}` })}</strong>
      <span className="tlp-meaning">{intl.formatMessage({ id: `alerts.tlpMeaning.${name}` })}</span>
    </p>
  );
}
