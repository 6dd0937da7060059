/** The language and time-zone switches in the header. */
import { useIntl } from 'react-intl';
import { useLocaleChoice } from '../i18n/i18n-provider';
import { isLocale, locales } from '../i18n/locales';
import { useSession } from '../session/session-context';
import { decodeZoneChoice, encodeZoneChoice } from '../time/zone-choice';
import { useZone } from '../time/zone-provider';

export function Preferences() {
  const intl = useIntl();
  const { locale, setLocale } = useLocaleChoice();
  const { choice, setChoice } = useZone();
  const session = useSession();
  return (
    <div className="preferences">
      <label>
        {intl.formatMessage({ id: 'preferences.language' })}
        <select value={locale} onChange={(event) => isLocale(event.target.value) && setLocale(event.target.value)}>
          {locales.map((code) => (
            <option key={code} value={code} lang={code}>
              {intl.formatMessage({ id: `language.${code}` })}
            </option>
          ))}
        </select>
      </label>
      <label>
        {intl.formatMessage({ id: 'preferences.zone' })}
        <select value={encodeZoneChoice(choice)} onChange={(event) => setChoice(decodeZoneChoice(event.target.value))}>
          <option value="mine">{intl.formatMessage({ id: 'zone.mine' })}</option>
          {session.agencies.map((agency) => (
            <option key={agency.id} value={encodeZoneChoice({ kind: 'agency', agency: agency.id })}>
              {intl.formatMessage({ id: 'zone.agency' }, { agency: agency.id, zone: agency.timeZone })}
            </option>
          ))}
          <option value="utc">{intl.formatMessage({ id: 'zone.utc' })}</option>
        </select>
      </label>
    </div>
  );
}
