/**
 * The debrief's report from a fixed fixture: totals checked by hand, the synthesis of a scripted
 * timeline, and the Markdown, JSON and CSV equal to checked-in golden files (CONCORD_UPDATE_GOLDEN=1
 * rewrites them, for a deliberate change of format).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { readCounts, renderJson, renderMarkdown, renderOutcomesCsv, synthesise, totalOutcomes, zeroCounts, type OutcomeSubmission, type ReportInput } from '@concord/debrief';

const counts = (given: Record<string, number>) => ({ ...zeroCounts(), ...given });
const outcomes: OutcomeSubmission[] = [
  { agency: 'AU', counts: counts({ 'smuggled-migrants-assisted': 31, 'vessels-intercepted': 2, arrests: 3, 'persons-charged': 2, 'enquiries-made': 14, 'training-sessions-held': 1, 'officers-trained': 24 }), intelligenceSummary: 'Departures from Kupang shifted to night hours; payments by mobile wallet.' },
  { agency: 'ID', counts: counts({ 'smuggled-migrants-assisted': 12, 'suspects-identified': 7, arrests: 4, 'search-warrants-executed': 3, 'fraudulent-documents-seized': 19, 'networks-disrupted': 1 }), intelligenceSummary: 'Two facilitators recruit crews from fishing villages on Rote.' },
  { agency: 'TH', counts: counts({ 'trafficked-persons-assisted': 9, 'victims-identified-and-referred': 9, arrests: 2, 'investigations-opened': 2, 'awareness-activities-held': 5 }), intelligenceSummary: '' },
  { agency: 'MY', counts: counts({ 'trafficked-persons-assisted': 4, 'victims-identified-and-referred': 3, 'suspects-identified': 2, 'enquiries-made': 6, 'awareness-activities-held': 2 }), intelligenceSummary: 'Seaman\'s books forged with a lifted laminate, as alerted in March.' },
];
const at = (iso: string) => new Date(iso);

const fixture: ReportInput = {
  operation: { id: 'op-coral-tide', name: 'Coral Tide', lead: 'AU', period: { start: at('2027-03-01T00:00:00Z'), end: at('2027-04-01T00:00:00Z') }, participants: ['AU', 'ID', 'TH', 'MY'] },
  agencies: [
    { id: 'AU', name: 'Australian Federal Police', country: 'AU' },
    { id: 'ID', name: 'Indonesian National Police', country: 'ID' },
    { id: 'TH', name: 'Royal Thai Police', country: 'TH' },
    { id: 'MY', name: 'Royal Malaysia Police', country: 'MY' },
  ],
  outcomes,
  lessons: [
    {
      id: 'l-2',
      agency: undefined,
      category: 'information-sharing',
      observation: 'Alerts reached the boarding teams a day late | twice.',
      lessonIdentified: 'Port units need alerts directly, not through headquarters.',
      remedialAction: { description: 'Give each port unit an analyst account', owner: 'ID', dueDate: '2027-06-30', status: 'open' },
      lessonLearned: '',
      evidence: ['evt-9', 'evt-3'],
    },
    { id: 'l-1', agency: 'TH', category: 'victim-protection', observation: 'Shelters were full on day 3.', lessonIdentified: 'Agree overflow shelters before the period.', remedialAction: undefined, lessonLearned: 'Overflow agreed with two NGOs; used in April.', evidence: [] },
    { id: 'l-3', agency: 'AU', category: 'legal', observation: 'Evidence from ID could not be used in AU courts without a formal request.', lessonIdentified: 'Start mutual legal assistance requests at planning.', remedialAction: { description: 'Template MLA request in the joint plan', owner: 'AU', dueDate: '2027-05-15', status: 'in-progress' }, lessonLearned: '', evidence: ['evt-12'] },
  ],
  synthesis: synthesise(
    ['AU', 'ID', 'TH', 'MY'],
    [
      { agency: 'AU', actionId: 'a1', status: 'completed', outsidePeriod: false, alertPublishedAt: at('2027-03-01T00:00:00Z'), releasedAt: at('2027-03-01T03:00:00Z') },
      { agency: 'AU', actionId: 'a2', status: 'completed', outsidePeriod: false },
      { agency: 'ID', actionId: 'a3', status: 'completed', outsidePeriod: true, alertPublishedAt: at('2027-03-02T00:00:00Z'), releasedAt: at('2027-03-02T09:00:00Z') },
      { agency: 'ID', actionId: 'a4', status: 'cancelled', outsidePeriod: false },
      { agency: 'TH', actionId: 'a5', status: 'started', outsidePeriod: false },
    ],
    [
      { from: 'AU', to: 'ID', outcome: 'fulfilled', requestedAt: at('2027-03-03T00:00:00Z'), closedAt: at('2027-03-04T12:00:00Z') },
      { from: 'TH', to: 'ID', outcome: 'declined', requestedAt: at('2027-03-05T00:00:00Z'), closedAt: at('2027-03-05T06:00:00Z') },
      { from: 'MY', to: 'ID', outcome: 'fulfilled', requestedAt: at('2027-03-06T00:00:00Z'), closedAt: at('2027-03-07T00:00:00Z') },
      { from: 'ID', to: 'AU', outcome: 'unable', requestedAt: at('2027-03-08T00:00:00Z'), closedAt: at('2027-03-10T00:00:00Z') },
    ],
  ),
  publishedAt: at('2027-04-20T09:00:00Z'),
};

const golden = (name: string) => new URL(`./fixtures/debrief-report.golden.${name}`, import.meta.url);
async function expectGolden(name: string, actual: string): Promise<void> {
  if (process.env.CONCORD_UPDATE_GOLDEN === '1') await writeFile(golden(name), actual);
  expect(actual).toBe(await readFile(golden(name), 'utf8'));
}

describe('the debrief report', () => {
  it('totals by country and overall, as checked by hand', () => {
    const totals = totalOutcomes(outcomes, (agency) => agency);
    expect(totals.overall).toMatchObject({ 'smuggled-migrants-assisted': 43, arrests: 9, 'trafficked-persons-assisted': 13, 'victims-identified-and-referred': 12, 'suspects-identified': 9, 'enquiries-made': 20, 'awareness-activities-held': 7, 'fraudulent-documents-seized': 19, 'officers-trained': 24 });
    expect(totals.byCountry.map((c) => [c.country, c.counts.arrests])).toEqual([
      ['AU', 3],
      ['ID', 4],
      ['MY', 0],
      ['TH', 2],
    ]);
  });

  it('computes the synthesis of the scripted timeline', () => {
    expect(fixture.synthesis).toEqual([
      { agency: 'AU', actionsPlanned: 2, actionsCompleted: 2, actionsCancelled: 0, actionsOutsidePeriod: 0, actionsOnAlerts: 1, medianAlertToActionHours: 3, requestsMade: 1, requestsAnswered: 1, requestsFulfilled: 0, medianAnswerHours: 48 },
      { agency: 'ID', actionsPlanned: 2, actionsCompleted: 1, actionsCancelled: 1, actionsOutsidePeriod: 1, actionsOnAlerts: 1, medianAlertToActionHours: 9, requestsMade: 1, requestsAnswered: 3, requestsFulfilled: 2, medianAnswerHours: 24 },
      { agency: 'MY', actionsPlanned: 0, actionsCompleted: 0, actionsCancelled: 0, actionsOutsidePeriod: 0, actionsOnAlerts: 0, medianAlertToActionHours: undefined, requestsMade: 1, requestsAnswered: 0, requestsFulfilled: 0, medianAnswerHours: undefined },
      { agency: 'TH', actionsPlanned: 1, actionsCompleted: 0, actionsCancelled: 0, actionsOutsidePeriod: 0, actionsOnAlerts: 0, medianAlertToActionHours: undefined, requestsMade: 1, requestsAnswered: 0, requestsFulfilled: 0, medianAnswerHours: undefined },
    ]);
  });

  it('renders Markdown, JSON and CSV equal to the golden files, whatever order the inputs came in', async () => {
    const shuffled = { ...fixture, outcomes: [...fixture.outcomes].reverse(), lessons: [...fixture.lessons].reverse() };
    expect(renderMarkdown(shuffled)).toBe(renderMarkdown(fixture));
    await expectGolden('md', renderMarkdown(fixture));
    await expectGolden('json', renderJson(fixture));
    await expectGolden('csv', renderOutcomesCsv(fixture));
  });

  it('says a report not yet published is a draft, and gives the times of a period shorter than a day', () => {
    const { publishedAt: _published, ...draft } = fixture;
    const markdown = renderMarkdown({ ...draft, operation: { ...fixture.operation, period: { start: at('2026-11-30T06:00:00Z'), end: at('2026-11-30T18:00:00Z') } } });
    expect(markdown).toContain('- Designated period: 2026-11-30 06:00 to 2026-11-30 18:00 UTC (end exclusive)\n');
    expect(markdown).toContain('- Status: Draft, not yet published by the lead\n');
    expect(markdown).not.toContain('Published');
    expect(JSON.parse(renderJson(draft))).toMatchObject({ publishedAt: null });
  });

  it('refuses negative, fractional and unknown counts, naming each', () => {
    expect(readCounts({ arrests: -1, 'vessels-intercepted': 2.5, kidnappings: 3, 'officers-trained': '4' })).toEqual({
      violations: [
        { path: 'counts.arrests', message: 'must not be negative (-1)' },
        { path: 'counts.vessels-intercepted', message: 'must be a whole number, not 2.5' },
        { path: 'counts.kidnappings', message: expect.stringMatching(/^is not an outcome category \(trafficked-persons-assisted, /) },
        { path: 'counts.officers-trained', message: 'must be a number' },
      ],
    });
    expect(readCounts({ arrests: 3 })).toEqual({ counts: { ...zeroCounts(), arrests: 3 } });
  });
});
