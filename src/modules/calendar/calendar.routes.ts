import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { typed } from '../../http/typed.js'
import { ItemsOf, policyRoutes } from '../policies/index.js'
import { calendarPolicy } from './calendar.policy.js'
import {
  CalendarStatusSchema,
  WorkingDayAnswer,
  WorkingDaysQuery,
  YearData,
  YearEditOutcome,
  YearParams,
  YearVersion,
  YearVersionInfo,
} from './calendar.presenter.js'
import { calendarStatus, calendarYears, workingDays } from './calendar.service.js'

const tags = ['工作日历']

/**
 * The working-day calendar. Reading is public (the State Council's notices are public); loading a year needs
 * catalog.write (the calendar is policy data run by the credit office, like the catalog).
 */
export async function calendarRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const api = typed(app)
  const publicRate = { rateLimit: { max: ctx.config.publicRateLimit, timeWindow: '1 minute' } }

  api.get(
    '/api/v1/calendar/years',
    {
      schema: { tags, summary: '已导入的节假日安排（每年的当前版本）', response: { 200: ItemsOf(YearVersion) } },
      config: publicRate,
    },
    async () => ({ items: await calendarYears(ctx.db) }),
  )

  policyRoutes(app, ctx, calendarPolicy, {
    path: '/api/v1/calendar/years/:year',
    params: YearParams,
    tags,
    summaries: {
      get: '某一年的节假日安排（默认当前版本，?version= 指定历史版本）',
      versions: '某一年节假日安排的全部版本',
      edit: '导入或更正某一年的节假日安排（生成新版本，旧版本保留，记入审计）',
    },
    read: { config: publicRate },
    write: 'catalog.write',
    schemas: { served: YearVersion, version: YearVersionInfo },
    edit: { field: null, definitionSchema: YearData, baseVersion: false, reply: { outcome: YearEditOutcome } },
  })

  api.get(
    '/api/v1/calendar/status',
    {
      schema: {
        tags,
        summary: '工作日历状态：已导入的最后年份；自 10 月 1 日起缺少下一年节假日安排时提示（warn）',
        response: { 200: CalendarStatusSchema },
      },
      config: publicRate,
    },
    async () => calendarStatus(ctx),
  )

  api.get(
    '/api/v1/calendar/working-days',
    {
      schema: {
        tags,
        summary: '工作日查询：某日的类型，以及其后第 N 个工作日（办理期限）',
        querystring: WorkingDaysQuery,
        response: { 200: WorkingDayAnswer },
      },
      config: publicRate,
    },
    async (req) => workingDays(ctx.db, req.query.from, req.query.add),
  )
}
