import { randomUUID } from 'node:crypto';
import { Controller, Get, Headers, Logger, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { outcomeReportCodebook, outcomeReportCsv } from '../../../../libs/reports/src/index.js';
import { AuthService } from '../auth/auth.service.js';
import { requireRole } from '../common/access.js';
import { AppError, GRAPHQL_CODE_BY_CATEGORY, unauthenticated } from '../common/app-error.js';
import { makeValidationPipe } from '../graphql/validation.js';
import { OutcomeReportInput, ReportFiltersInput } from './dto/outcome-report.input.js';
import { OutcomeReportService } from './outcome-report.service.js';

const STATUS = { BAD_INPUT: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409 } as const;
const LIST_PARAMS = ['timePoints', 'groupBy'] as const;
const FILTER_LISTS = ['hairLossTypes', 'sexes', 'ageBands', 'fitzpatrickTypes', 'countries', 'areasTreated', 'insuranceCoverages'] as const;
const FILTER_MONTHS = ['treatmentMonthFrom', 'treatmentMonthTo'] as const;

/** `a,b` or repeated `?x=a&x=b` → ['a', 'b']. */
const list = (v: unknown): string[] | undefined =>
  v === undefined ? undefined : (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(',')).filter((x) => x !== '');

// The researcher report as CSV, for download (GET with the same parameters as the GraphQL input,
// filters flattened: ?instrumentKey=RSES&scaleKey=RSES_TOTAL&timePoints=MONTH_3,MONTH_6&groupBy=SEX).
// Same service, same policy, same budget and audit as the GraphQL query.
@Controller('reports')
export class OutcomeReportCsvController {
  private readonly logger = new Logger('ReportsCsv');
  private readonly pipe = makeValidationPipe();

  constructor(
    private readonly auth: AuthService,
    private readonly reports: OutcomeReportService,
  ) {}

  @Get('outcome.csv')
  async outcome(@Query() query: Record<string, unknown>, @Headers('authorization') authorization: string | undefined, @Res() reply: FastifyReply) {
    await this.answer(reply, 'outcome-report.csv', async () => {
      const principal = await this.auth.principalFromBearer(authorization);
      if (principal === 'INVALID') throw unauthenticated('Invalid or expired token');
      const p = requireRole({ principal, requestId: '', ip: '' }, ['RESEARCHER']);
      const input = (await this.pipe.transform(this.toInput(query), { type: 'body', metatype: OutcomeReportInput })) as OutcomeReportInput;
      return outcomeReportCsv((await this.reports.report(p, input, 'CSV')).result);
    });
  }

  @Get('outcome-codebook.csv')
  async codebook(@Res() reply: FastifyReply) {
    await this.answer(reply, 'outcome-report-codebook.csv', async () => outcomeReportCodebook());
  }

  private toInput(q: Record<string, unknown>): Record<string, unknown> {
    const input: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(q)) {
      if ((LIST_PARAMS as readonly string[]).includes(k)) input[k] = list(v);
      else if ((FILTER_LISTS as readonly string[]).includes(k) || (FILTER_MONTHS as readonly string[]).includes(k)) continue;
      else if (k === 'live') input[k] = v === 'true' ? true : v === 'false' ? false : v;
      else input[k] = v;
    }
    const filters: Record<string, unknown> = {};
    for (const k of FILTER_LISTS) if (q[k] !== undefined) filters[k] = k === 'fitzpatrickTypes' ? list(q[k])?.map(Number) : list(q[k]);
    for (const k of FILTER_MONTHS) if (q[k] !== undefined) filters[k] = q[k];
    if (Object.keys(filters).length > 0) input['filters'] = Object.assign(new ReportFiltersInput(), filters);
    input['groupBy'] ??= [];
    return input;
  }

  private async answer(reply: FastifyReply, filename: string, work: () => Promise<string>): Promise<void> {
    try {
      const csv = await work();
      await reply
        .header('Content-Type', 'text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="${filename}"`)
        .header('Cache-Control', 'no-store')
        .send(csv);
    } catch (err) {
      if (err instanceof AppError) {
        await reply.status(STATUS[err.category]).send({
          errors: [{ message: err.message, extensions: { code: GRAPHQL_CODE_BY_CATEGORY[err.category], reason: err.reason, field: err.field } }],
        });
        return;
      }
      const errorId = randomUUID();
      this.logger.error(`errorId=${errorId} ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      await reply.status(500).send({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', errorId } }] });
    }
  }
}
