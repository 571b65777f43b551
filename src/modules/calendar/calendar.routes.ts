import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { policyRoutes } from '../policies/index.js'
import { addWorkingDays, dayInfo } from './calendar.core.js'
import { calendarPolicy } from './calendar.policy.js'
import { calendarYears, loadCalendar } from './calendar.service.js'

const tags = ['工作日历']
const yearParams = {
  type: 'object',
  required: ['year'],
  properties: { year: { type: 'integer', minimum: 1990, maximum: 2200 } },
} as const
const dateString = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const
const yearData = {
  type: 'object',
  required: ['source', 'holidays', 'workdays'],
  additionalProperties: false,
  properties: {
    source: { type: 'string', minLength: 4, maxLength: 500 },
    holidays: {
      type: 'array',
      minItems: 1,
      maxItems: 50,
      items: {
        type: 'object',
        required: ['name', 'dates'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 50 },
          dates: { type: 'array', minItems: 1, maxItems: 40, items: dateString },
        },
      },
    },
    workdays: { type: 'array', maxItems: 40, items: dateString },
  },
} as const
const versionMeta = {
  type: 'object',
  properties: {
    year: { type: 'integer' },
    version: { type: 'integer' },
    source: { type: 'string' },
    isCurrent: { type: 'boolean' },
    createdAt: { type: 'string' },
    createdBy: { type: ['string', 'null'] },
    reason: { type: ['string', 'null'] },
    hash: { type: 'string' },
  },
} as const
const yearVersion = { type: 'object', properties: { ...versionMeta.properties, data: yearData } } as const

/**
 * The working-day calendar. Reading is public (the State Council's notices are public); loading a year needs
 * catalog.write (the calendar is policy data run by the credit office, like the catalog).
 */
export async function calendarRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const publicRate = { rateLimit: { max: ctx.config.publicRateLimit, timeWindow: '1 minute' } }

  app.get(
    '/api/v1/calendar/years',
    {
      schema: {
        tags,
        summary: '已导入的节假日安排（每年的当前版本）',
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: yearVersion } } } },
      },
      config: publicRate,
    },
    async () => ({ items: await calendarYears(ctx.db) }),
  )

  policyRoutes(app, ctx, calendarPolicy, {
    path: '/api/v1/calendar/years/:year',
    params: yearParams,
    tags,
    summaries: {
      get: '某一年的节假日安排（默认当前版本，?version= 指定历史版本）',
      versions: '某一年节假日安排的全部版本',
      edit: '导入或更正某一年的节假日安排（生成新版本，旧版本保留，记入审计）',
    },
    read: { config: publicRate },
    write: 'catalog.write',
    schemas: { served: yearVersion, version: versionMeta },
    edit: {
      field: null,
      definitionSchema: yearData,
      baseVersion: false,
      reply: {
        outcome: {
          type: 'object',
          properties: { year: { type: 'integer' }, version: { type: 'integer' }, changed: { type: 'boolean' } },
        },
      },
    },
  })

  app.get<{ Querystring: { from: string; add?: number } }>(
    '/api/v1/calendar/working-days',
    {
      schema: {
        tags,
        summary: '工作日查询：某日的类型，以及其后第 N 个工作日（办理期限）',
        querystring: {
          type: 'object',
          required: ['from'],
          properties: { from: dateString, add: { type: 'integer', minimum: -366, maximum: 366 } },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              date: { type: 'string' },
              working: { type: 'boolean' },
              kind: { type: 'string' },
              holiday: { type: 'string' },
              add: { type: 'integer' },
              result: { type: 'string' },
            },
          },
        },
      },
      config: publicRate,
    },
    async (req) => {
      const cal = await loadCalendar(ctx.db)
      const info = dayInfo(cal, req.query.from)
      const add = req.query.add
      return add === undefined ? info : { ...info, add, result: addWorkingDays(cal, req.query.from, add) }
    },
  )
}
