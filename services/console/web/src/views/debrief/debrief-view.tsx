/**
 * Debrief: an operation's outcomes (entry per category, totals per country and overall with a chart),
 * the lessons cycle as a board, and the report's preview and downloads. Every member reads it; only
 * participants with the debrief role submit, and only the lead publishes.
 */
import { useCallback, useEffect, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { DebriefService, DebriefStatus, ReportFormat, type Debrief } from '@concord/web-contracts/debrief';
import { useChosenOperation } from '../../components/operation-picker';
import { StatusBoard } from '../../components/status-board';
import { debrief as debriefs } from '../../rpc/clients';
import { mayCall } from '../../session/session';
import { useSession } from '../../session/session-context';
import { useFormatInstant } from '../../time/format';
import { LessonCard } from './lesson-card';
import { LessonForm } from './lesson-form';
import { lessonColumns } from './lesson-stages';
import { OpenDebrief } from './open-debrief';
import { OutcomeTotalsPanel } from './outcome-totals';
import { OutcomesForm } from './outcomes-form';
import { ReportPanel } from './report-panel';
import { outcomeTotalsOf, type OutcomeTotals } from './report-totals';

const hasReport = (d: Debrief) => d.status === DebriefStatus.REPORTED || d.outcomes.length > 0 || d.lessons.length > 0;

interface Loaded {
  readonly debriefs: readonly Debrief[];
  readonly totals: OutcomeTotals | undefined;
  /** Counts every load, so the parts that fetch on their own follow. */
  readonly version: number;
}

export default function DebriefView() {
  const intl = useIntl();
  const session = useSession();
  const formatInstant = useFormatInstant();
  const [operationId, setOperationId] = useChosenOperation();
  const [loaded, setLoaded] = useState<Loaded>({ debriefs: [], totals: undefined, version: 0 });
  const [failed, setFailed] = useState(false);
  const reload = useCallback(() => {
    const load = async () => {
      const { debriefs: list } = await debriefs.listDebriefs({});
      // The service renders a report once something was submitted; before that there is nothing to total.
      if (!list.some((d) => d.operationId === operationId && hasReport(d))) return { list, totals: undefined };
      const report = await debriefs.renderReport({ operationId, format: ReportFormat.JSON });
      return { list, totals: outcomeTotalsOf(new TextDecoder().decode(report.content)) };
    };
    load().then(
      ({ list, totals }) => {
        setLoaded((last) => ({ debriefs: list, totals, version: last.version + 1 }));
        setFailed(false);
      },
      () => setFailed(true),
    );
  }, [operationId]);
  useEffect(reload, [reload]);
  const chosen = loaded.debriefs.find((d) => d.operationId === operationId);
  const open = chosen?.status === DebriefStatus.OPEN;
  const participates = Boolean(chosen?.participants.includes(session.agency));
  const mine = chosen?.outcomes.find((o) => o.agency === session.agency);
  return (
    <section aria-labelledby="debrief-heading">
      <h1 id="debrief-heading">
        <FormattedMessage id="debrief.heading" />
      </h1>
      <OpenDebrief debriefed={loaded.debriefs.map((d) => d.operationId)} onOpened={setOperationId} />
      <div className="field">
        <label htmlFor="debrief-picker">{intl.formatMessage({ id: 'debrief.pick' })}</label>
        <select id="debrief-picker" value={chosen ? operationId : ''} onChange={(event) => setOperationId(event.target.value)}>
          <option value="">{intl.formatMessage({ id: loaded.debriefs.length === 0 ? 'debrief.none' : 'debrief.pickNone' })}</option>
          {loaded.debriefs.map((d) => (
            <option key={d.operationId} value={d.operationId}>
              {d.operationName}
            </option>
          ))}
        </select>
      </div>
      {failed ? (
        <p role="alert" className="banner banner-error">
          <FormattedMessage id="debrief.loadFailed" />
        </p>
      ) : null}
      {chosen ? (
        <>
          <p className="inline-list">
            <span className="status">{intl.formatMessage({ id: open ? 'debrief.status.open' : 'debrief.status.reported' })}</span>
            <FormattedMessage id="debrief.summary" values={{ lead: chosen.lead, participants: intl.formatList(chosen.participants), opened: formatInstant(chosen.openedAt) }} />
          </p>
          <h2>
            <FormattedMessage id="debrief.outcomes" />
          </h2>
          {loaded.totals ? (
            <OutcomeTotalsPanel totals={loaded.totals} />
          ) : (
            <p>
              <FormattedMessage id="debrief.nothingYet" />
            </p>
          )}
          {open && participates && mayCall(session, DebriefService, 'SubmitOutcomes') ? (
            <OutcomesForm key={`${chosen.operationId}-${mine?.submittedAt?.seconds ?? 0}`} operationId={chosen.operationId} submitted={mine} onSubmitted={reload} />
          ) : null}
          <h2>
            <FormattedMessage id="debrief.lessons" />
          </h2>
          <StatusBoard
            label={intl.formatMessage({ id: 'debrief.lessons' })}
            columns={lessonColumns(chosen.lessons)}
            keyOf={(lesson) => lesson.id}
            card={(lesson) => <LessonCard lesson={lesson} operationId={chosen.operationId} lead={chosen.lead} onChanged={reload} />}
          />
          {chosen.pendingAnonymousLessons > 0 ? (
            <p>
              <FormattedMessage id="debrief.pendingAnonymous" values={{ count: chosen.pendingAnonymousLessons }} />
            </p>
          ) : null}
          {open && participates && mayCall(session, DebriefService, 'SubmitLesson') ? <LessonForm operationId={chosen.operationId} participants={chosen.participants} onSubmitted={reload} /> : null}
          {hasReport(chosen) ? <ReportPanel debrief={chosen} version={loaded.version} onPublished={reload} /> : null}
        </>
      ) : null}
    </section>
  );
}
