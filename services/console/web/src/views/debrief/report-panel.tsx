/** The report: a preview of its Markdown, downloads as Markdown, CSV and JSON, and publishing it (the lead). */
import { useEffect, useState } from 'react';
import { FormattedMessage } from 'react-intl';
import { DebriefService, DebriefStatus, ReportFormat, type Debrief } from '@concord/web-contracts/debrief';
import { RefusalBanner } from '../../components/refusal-banner';
import { useRefusable } from '../../components/use-refusable';
import { debrief as debriefs } from '../../rpc/clients';
import { mayCall } from '../../session/session';
import { useSession } from '../../session/session-context';
import { saveFile } from './save-file';

const downloads = [
  [ReportFormat.MARKDOWN, 'debrief.report.markdown'],
  [ReportFormat.CSV, 'debrief.report.csv'],
  [ReportFormat.JSON, 'debrief.report.json'],
] as const;

interface ReportPanelProps {
  readonly debrief: Debrief;
  /** Changes whenever the debrief does, so the preview follows it. */
  readonly version: number;
  readonly onPublished: () => void;
}

export function ReportPanel({ debrief, version, onPublished }: ReportPanelProps) {
  const session = useSession();
  const { refusal, busy, run } = useRefusable();
  const [preview, setPreview] = useState<{ readonly text: string; readonly final: boolean } | undefined>(undefined);
  const operationId = debrief.operationId;
  useEffect(() => {
    debriefs.renderReport({ operationId, format: ReportFormat.MARKDOWN }).then(
      (report) => setPreview({ text: new TextDecoder().decode(report.content), final: report.final }),
      () => setPreview(undefined),
    );
  }, [operationId, version]);
  const download = (format: ReportFormat) =>
    run(async () => {
      const report = await debriefs.renderReport({ operationId, format });
      saveFile(report.content as Uint8Array<ArrayBuffer>, report.contentType, report.filename);
    }, () => {});
  const mayPublish = debrief.lead === session.agency && debrief.status === DebriefStatus.OPEN && mayCall(session, DebriefService, 'PublishReport');
  return (
    <section className="panel" aria-labelledby="report-heading">
      <h2 id="report-heading">
        <FormattedMessage id={preview?.final ? 'debrief.report.final' : 'debrief.report.draft'} />
      </h2>
      <RefusalBanner refusal={refusal} shownFields={[]} />
      <div className="button-row">
        {downloads.map(([format, label]) => (
          <button key={format} type="button" disabled={busy} onClick={() => download(format)}>
            <FormattedMessage id={label} />
          </button>
        ))}
        {mayPublish ? (
          <button type="button" disabled={busy} onClick={() => run(() => debriefs.publishReport({ operationId }), onPublished)}>
            <FormattedMessage id="debrief.report.publish" />
          </button>
        ) : null}
      </div>
      {preview ? (
        <pre className="report-preview" tabIndex={0} aria-labelledby="report-heading">
          {preview.text}
        </pre>
      ) : null}
    </section>
  );
}
