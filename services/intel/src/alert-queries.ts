/** Reading alerts over gRPC: one (audited as opened), all, a live watch, and the STIX export. */
import { AlertContent, type IntelServiceServer, type WatchAlertsRequest, type WatchAlertsResponse } from '@concord/contracts/intel';
import { Code, ConcordError } from '@concord/errors';
import { findAgency } from '@concord/manifest';
import { parseRequest, ServerWatches, unary } from '@concord/service-kit';
import { changeKind, toAlert } from './grpc-mapping.js';
import { requireAlert, type IntelContext } from './intel-context.js';
import { alertIdRequest, listAlertsRequest } from './request-schemas.js';
import { toStixBundle } from './stix-export.js';

type AlertQueryHandlers = Pick<IntelServiceServer, 'getAlert' | 'listAlerts' | 'exportAlert' | 'watchAlerts'>;

export interface AlertQueries {
  readonly handlers: AlertQueryHandlers;
  /** Ends every open watch: the service is stopping. */
  closeWatches(): void;
}

export function alertQueries(context: IntelContext): AlertQueries {
  const { agency, book, trust, log } = context;
  const watches = new ServerWatches<WatchAlertsRequest, WatchAlertsResponse>();

  /** Disclosing content is audited first: a read that cannot be recorded does not happen. */
  const opened = async (alertId: string) => {
    const record = requireAlert(context, alertId);
    if (record.content) await context.audit.append({ action: 'opened', actor: agency, subject: `alert:${record.id}`, detail: { version: record.version } });
    return record;
  };

  const handlers: AlertQueryHandlers = {
    getAlert: unary(log, 'GetAlert', async (request) => {
      const { alertId } = parseRequest(alertIdRequest, request);
      return { alert: toAlert(await opened(alertId)) };
    }),

    listAlerts: unary(log, 'ListAlerts', (request) => {
      const input = parseRequest(listAlertsRequest, request);
      const alerts = book
        .all()
        .filter((r) => (input.includeInactive || r.status === 'active') && (!input.origin || r.origin === input.origin))
        .sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime() || a.id.localeCompare(b.id))
        // A list shows what each alert is (kind and title), not what it says: that is read one alert at a time, audited.
        .map((record) => {
          const alert = toAlert(record);
          return { ...alert, content: alert.content ? AlertContent.fromPartial({ kind: alert.content.kind, title: alert.content.title }) : undefined };
        });
      return { alerts };
    }),

    exportAlert: unary(log, 'ExportAlert', async (request) => {
      const { alertId } = parseRequest(alertIdRequest, request);
      const record = await opened(alertId);
      if (!record.content) throw new ConcordError(Code.FailedPrecondition, `alert ${alertId} is ${record.status}: its content is purged`);
      const bundle = toStixBundle(record, record.content, (id) => findAgency(trust, id)?.name ?? id);
      return { stixJson: JSON.stringify(bundle, null, 2) };
    }),

    watchAlerts: (call) => {
      // Current state and subscription in one synchronous step: nothing can arrive between them.
      for (const record of book.all()) call.write({ change: changeKind.toProto('current'), alert: { ...toAlert(record), content: undefined } });
      watches.open(call, book.subscribe((change) => call.write({ change: changeKind.toProto(change.kind), alert: { ...toAlert(change.record), content: undefined } })));
    },
  };

  return {
    handlers,
    closeWatches: () => watches.closeAll(),
  };
}
