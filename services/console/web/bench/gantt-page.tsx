/**
 * The page bench/console-timeline.ts drives: the console's own Gantt inside its own providers (language,
 * session, zone), fed a generated timeline. `window.drawGantt(n)` mounts a fresh Gantt with n entries and
 * answers the milliseconds from the entries in hand until the frame that shows them all is painted;
 * `window.addGanttEntries(n)` then hands it n more, as WatchTimeline would, and answers the same.
 */
import { create } from '@bufbuild/protobuf';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ActionKind, MilestoneSchema, NationalActionSchema } from '@concord/web-contracts/planning';
import { I18nProvider } from '../src/i18n/i18n-provider';
import { loadCatalogue } from '../src/i18n/locales';
import { SessionProvider } from '../src/session/session-context';
import { ZoneProvider } from '../src/time/zone-provider';
import { Gantt } from '../src/views/timeline/gantt';
import type { GanttEntry } from '../src/views/timeline/timeline-items';
import '../src/styles.css';

declare global {
  interface Window {
    drawGantt?: (count: number) => Promise<number>;
    addGanttEntries?: (count: number) => Promise<number>;
  }
}

const agencies = ['AU', 'ID', 'TH', 'MY', 'SG'];
const hour = 3_600_000;
const period = { start: new Date('2027-03-01T00:00:00Z'), end: new Date('2027-03-31T00:00:00Z') };

/** A small seeded generator, so every run draws the same timeline. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Released actions (three in four) and milestones of five agencies, spread over the 30-day period. */
function entriesOf(count: number, prefix = 'entry', seed = count): { entries: GanttEntry[]; conflicting: Set<string> } {
  const next = random(seed);
  const span = period.end.getTime() - period.start.getTime();
  const entries = Array.from({ length: count }, (_, index): GanttEntry => {
    const agency = agencies[index % agencies.length]!;
    const start = new Date(period.start.getTime() + Math.floor(next() * (span - 48 * hour)));
    const end = new Date(start.getTime() + (2 + Math.floor(next() * 46)) * hour);
    const id = `${prefix}-${index}`;
    if (index % 4 === 3) return { kind: 'milestone', id, agency, start, end, milestone: create(MilestoneSchema, { id, title: `Milestone ${index}` }) };
    const kind = index % 2 === 0 ? ActionKind.VESSEL_INTERDICTION : ActionKind.PORT_INSPECTION;
    return { kind: 'action', id, agency, start, end, action: create(NationalActionSchema, { id, agency, kind, jurisdiction: 'Timor Sea', released: true }) };
  });
  return { entries, conflicting: new Set(entries.filter((_, index) => index % 50 === 0).map((entry) => entry.id)) };
}

interface Drawing {
  readonly round: number;
  readonly entries: GanttEntry[];
  readonly conflicting: Set<string>;
}

const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
const drawn = () => document.querySelectorAll('.gantt .vis-item').length;

/** Waits until `count` items are drawn, then one frame more (the one that paints them): the milliseconds since `started`. */
async function painted(count: number, started: number): Promise<number> {
  while (drawn() < count) {
    await frame();
    if (performance.now() - started > 30_000) throw new Error(`the Gantt drew ${drawn()} of ${count} items in 30 s`);
  }
  await frame();
  return performance.now() - started;
}

/** Offers `drawGantt` once the providers are ready (the session answered). */
function Bench() {
  const [drawing, setDrawing] = useState<Drawing>();
  useEffect(() => {
    let rounds = 0;
    let shown = 0;
    let added = 0;
    window.drawGantt = (count) => {
      const { entries, conflicting } = entriesOf(count);
      const started = performance.now();
      setDrawing({ round: ++rounds, entries, conflicting });
      shown = count;
      // Every entry and the period band.
      return painted(count + 1, started);
    };
    window.addGanttEntries = (count) => {
      const { entries } = entriesOf(count, `live${++added}`, -added);
      const started = performance.now();
      // A new array of entries, the earlier ones as they were: what the timeline view hands over on a live entry.
      setDrawing((previous) => previous && { ...previous, entries: [...previous.entries, ...entries] });
      shown += count;
      return painted(shown + 1, started);
    };
  }, []);
  return drawing ? <Gantt key={drawing.round} agencies={agencies} period={period} entries={drawing.entries} conflicting={drawing.conflicting} /> : null;
}

loadCatalogue('en').then(
  (messages) =>
    createRoot(document.getElementById('root')!).render(
      <StrictMode>
        <I18nProvider initial={{ locale: 'en', messages }}>
          <SessionProvider>
            <ZoneProvider>
              <Bench />
            </ZoneProvider>
          </SessionProvider>
        </I18nProvider>
      </StrictMode>,
    ),
  (error: unknown) => console.error(error),
);
