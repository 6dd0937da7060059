/** Every debrief request validated at the gRPC boundary; errors name the proto field (snake_case). */
import { z } from 'zod';
import { ReportFormat } from '@concord/contracts/debrief';
import { idField, listField, textField } from '@concord/service-kit';
import { lessonCategories, remedialStatuses } from './domain/lessons.js';

const operationId = idField('an operation id');
const text = (max: number, required?: string) => textField({ max, multiline: true, ...(required ? { required } : {}) });

export const operationIdRequest = z.object({ operationId });

export const submitOutcomesRequest = z.object({
  operationId,
  counts: listField(z.object({ category: textField({ max: 64 }), count: z.number() }), { max: 50 }),
  intelligenceSummary: text(8000),
});

export const submitLessonRequest = z.object({
  operationId,
  category: z.enum(lessonCategories, { error: `must be one of ${lessonCategories.join(', ')}` }),
  observation: text(4000, 'is required'),
  lessonIdentified: text(4000, 'is required'),
  remedialAction: z
    .object({ description: text(2000, 'is required'), owner: textField({ max: 32, required: 'is required' }), dueDate: z.iso.date('must be a date, YYYY-MM-DD'), status: z.union([z.literal(''), z.enum(remedialStatuses)]).transform((s) => s || 'open') })
    .optional(),
  lessonLearned: text(4000),
  evidence: listField(idField('a timeline event id'), { max: 50, unique: true }),
  nonAttributable: z.boolean(),
});

export const updateRemedialRequest = z.object({ operationId, lessonId: z.uuid('must be a lesson id'), status: z.enum(remedialStatuses, { error: `must be one of ${remedialStatuses.join(', ')}` }) });

export const renderReportRequest = z.object({
  operationId,
  format: z.union([z.literal(ReportFormat.REPORT_FORMAT_MARKDOWN), z.literal(ReportFormat.REPORT_FORMAT_JSON), z.literal(ReportFormat.REPORT_FORMAT_CSV)], { error: 'must be MARKDOWN, JSON or CSV' }),
});
