import { describe, expect, it } from 'vitest'
import { permissionsOf } from '../../src/modules/access/index.js'
import type { CatalogClass } from '../../src/modules/catalog/index.js'
import {
  type DisclosureRecord,
  fieldsFor,
  governmentFields,
  hasAuthorizedContent,
  isInForce,
  isPublic,
  maskPersonName,
  maskPhone,
  publicFields,
  publicLastDay,
  publicUntil,
  visibleTo,
} from '../../src/modules/disclosure/index.js'

const base: DisclosureRecord = {
  scope: 'public',
  state: 'active',
  severity: 'general',
  minor_at_decision: 0,
  publish_from: '2026-05-28',
  publish_max_until: '2027-05-28',
  list_kind: null,
  list_until: null,
}
const cls = { scope: 'public', publishMinor: false } as const
const at = (iso: string) => new Date(iso)
const NOW = at('2026-06-01T02:00:00Z')

describe('isPublic: the one disclosure rule', () => {
  const table: [
    string,
    Partial<DisclosureRecord>,
    Partial<typeof cls> | Record<string, unknown>,
    Date,
    boolean,
    string | undefined,
  ][] = [
    ['active, public, inside the window', {}, {}, NOW, true, undefined],
    ['class scope government', {}, { scope: 'government' }, NOW, false, 'scope'],
    ['class scope authorized', {}, { scope: 'authorized' }, NOW, false, 'scope'],
    ['stored scope government', { scope: 'government' }, {}, NOW, false, 'scope'],
    ['revoked', { state: 'revoked' }, {}, NOW, false, 'state'],
    ['repaired', { state: 'repaired' }, {}, NOW, false, 'state'],
    ['superseded', { state: 'superseded' }, {}, NOW, false, 'state'],
    ['minor on the decision date', { minor_at_decision: 1 }, {}, NOW, false, 'minor'],
    [
      'minor on the decision date, even for a class that publishes 轻微',
      { minor_at_decision: 1, severity: 'minor' },
      { publishMinor: true },
      NOW,
      false,
      'minor',
    ],
    ['轻微, class does not publish 轻微', { severity: 'minor' }, {}, NOW, false, 'minor_severity'],
    ['轻微, class publishes 轻微', { severity: 'minor' }, { publishMinor: true }, NOW, true, undefined],
    ['严重', { severity: 'serious' }, {}, NOW, true, undefined],
    ['no severity (positive class)', { severity: null }, {}, NOW, true, undefined],
    ['no window', { publish_from: null, publish_max_until: null }, {}, NOW, false, 'window'],
    // the first day starts at 00:00 Shanghai (16:00 UTC the day before)
    ['one ms before the first day', {}, {}, at('2026-05-27T15:59:59.999Z'), false, 'window'],
    ['at 00:00 Shanghai of the first day', {}, {}, at('2026-05-27T16:00:00.000Z'), true, undefined],
    // the last day is inclusive: the window ends at 00:00 Shanghai of the following day
    ['23:59:59.999 Shanghai on the last day', {}, {}, at('2027-05-28T15:59:59.999Z'), true, undefined],
    ['00:00 Shanghai the day after the last day', {}, {}, at('2027-05-28T16:00:00.000Z'), false, 'window'],
    ['noon UTC on the last day (20:00 Shanghai)', {}, {}, at('2027-05-28T12:00:00Z'), true, undefined],
    ['open-ended window', { publish_max_until: '9999-12-31' }, {}, at('2090-01-01T00:00:00Z'), true, undefined],
    ['list entry inside its list period', { list_kind: 'black', list_until: '2026-12-31' }, {}, NOW, true, undefined],
    [
      'list entry on the last list day',
      { list_kind: 'black', list_until: '2026-12-31' },
      {},
      at('2026-12-31T15:59:59Z'),
      true,
      undefined,
    ],
    [
      'list entry after its list period',
      { list_kind: 'black', list_until: '2026-12-31' },
      {},
      at('2026-12-31T16:00:00Z'),
      false,
      'list_ended',
    ],
    [
      'list without an end date',
      { list_kind: 'focus', list_until: null },
      {},
      at('2027-01-01T00:00:00Z'),
      true,
      undefined,
    ],
    ['scope is checked before state', { state: 'revoked' }, { scope: 'government' }, NOW, false, 'scope'],
    [
      'state is checked before the window',
      { state: 'revoked', publish_max_until: '2026-01-01' },
      {},
      NOW,
      false,
      'state',
    ],
  ]
  it.each(table)('%s', (_name, rec, c, now, expected, reason) => {
    const v = isPublic({ ...base, ...rec }, { ...cls, ...c } as typeof cls, now)
    expect(v.public).toBe(expected)
    expect(v.reason).toBe(reason)
  })

  it('the rule reads the clock it is given, not the machine clock', () => {
    expect(isPublic(base, cls, at('2030-01-01T00:00:00Z'))).toEqual({ public: false, reason: 'window' })
    expect(isPublic(base, cls, at('2026-06-01T00:00:00Z'))).toEqual({ public: true })
  })

  it('isInForce: the window and list period without the publication-only rules', () => {
    expect(isInForce({ ...base, scope: 'government', minor_at_decision: 1, severity: 'minor' }, NOW)).toEqual({
      public: true,
    })
    expect(isInForce({ ...base, state: 'repaired' }, NOW)).toEqual({ public: false, reason: 'state' })
    expect(isInForce(base, at('2027-05-28T16:00:00.000Z'))).toEqual({ public: false, reason: 'window' })
    expect(isInForce({ ...base, list_kind: 'black', list_until: '2026-12-31' }, at('2027-01-01T00:00:00Z'))).toEqual({
      public: false,
      reason: 'list_ended',
    })
  })

  it('publicUntil is 00:00 Shanghai after the last day, the list end when earlier', () => {
    expect(publicUntil(base)).toBe('2027-05-28T16:00:00.000Z')
    expect(publicLastDay({ ...base, list_kind: 'black', list_until: '2026-12-31' })).toBe('2026-12-31')
    expect(publicUntil({ ...base, list_kind: 'black', list_until: '2026-12-31' })).toBe('2026-12-31T16:00:00.000Z')
    expect(publicUntil({ ...base, list_kind: 'red', list_until: '2030-01-01' })).toBe('2027-05-28T16:00:00.000Z')
    expect(publicUntil({ ...base, publish_max_until: null })).toBeNull()
  })
})

const penalty = {
  code: 'admin_penalty',
  subjectKinds: ['legal_person', 'natural_person'],
  list: null,
  fields: [
    {
      code: 'CF_XDR_MC',
      label: '行政相对人名称',
      type: 'string',
      role: 'subject_name',
      scope: 'public',
      mask: 'person_name',
    },
    { code: 'CF_XDR_LB', label: '行政相对人类别', type: 'enum', role: 'subject_category', scope: 'public' },
    { code: 'CF_XDR_ZJHM', label: '证件号码', type: 'code', role: 'id_number', scope: 'government', mask: 'id_number' },
    { code: 'CF_FR_ZJHM', label: '法定代表人证件号码', type: 'code', scope: 'government', mask: 'id_number' },
    { code: 'CF_WSH', label: '文书号', type: 'string', scope: 'public' },
    { code: 'PHONE', label: '联系电话', type: 'string', scope: 'public', mask: 'phone' },
    { code: 'SECRET', label: '内部编号', type: 'string', scope: 'public', mask: 'hidden' },
    { code: 'NOTE', label: '授权字段', type: 'string', scope: 'authorized' },
    { code: 'PUB_ID', label: '公开证件号', type: 'code', scope: 'public', mask: 'id_number' },
  ],
} as unknown as CatalogClass
const defaulter = {
  ...penalty,
  code: 'court_defaulter',
  list: { kind: 'black', periodMonths: 24, exitRules: [] },
} as unknown as CatalogClass

describe('fields: scope and masks from the catalog', () => {
  const personPayload = {
    CF_XDR_MC: '欧阳娜娜',
    CF_XDR_LB: '自然人',
    CF_XDR_ZJHM: '1101**********002X',
    CF_FR_ZJHM: '11010519491231002X',
    CF_WSH: '津罚〔2026〕1号',
    PHONE: '13812345678',
    SECRET: 'x',
    NOTE: 'authorised only',
    PUB_ID: '11010519491231002X',
    _sealed: { CF_XDR_ZJHM: 'cipher' },
    _hmac: { CF_XDR_ZJHM: 'hmac' },
  }

  it('the public sees public fields only, ID numbers and persons masked, nothing internal', () => {
    expect(publicFields(penalty, personPayload)).toEqual({
      CF_XDR_MC: '欧***',
      CF_XDR_LB: '自然人',
      CF_WSH: '津罚〔2026〕1号',
      PHONE: '138****5678',
      PUB_ID: '1101**********002X',
    })
  })

  it('organisations keep their names; black-list classes publish persons by name', () => {
    expect(
      publicFields(penalty, {
        ...personPayload,
        CF_XDR_LB: '法人及非法人组织',
        CF_XDR_MC: '天津某某有限公司',
        CF_XDR_ZJHM: '',
      }).CF_XDR_MC,
    ).toBe('天津某某有限公司')
    expect(publicFields(defaulter, personPayload).CF_XDR_MC).toBe('欧阳娜娜')
    expect(publicFields(penalty, { CF_XDR_MC: '张三' }, { naturalPerson: true }).CF_XDR_MC).toBe('张*')
  })

  it('the government view adds government fields, still masks ID numbers, never shows authorised-only ones', () => {
    expect(governmentFields(penalty, personPayload)).toEqual({
      CF_XDR_MC: '欧阳娜娜',
      CF_XDR_LB: '自然人',
      CF_XDR_ZJHM: '1101**********002X',
      CF_FR_ZJHM: '1101**********002X',
      CF_WSH: '津罚〔2026〕1号',
      PHONE: '13812345678',
      PUB_ID: '1101**********002X',
    })
    expect(fieldsFor(penalty, personPayload, 'authorized').NOTE).toBe('authorised only')
  })

  it('mask helpers', () => {
    expect(maskPersonName('张三')).toBe('张*')
    expect(maskPersonName('买买提·艾力')).toBe('买**·**')
    expect(maskPersonName('李')).toBe('*')
    expect(maskPhone('02212345678')).toBe('022****5678')
  })

  it('visibleTo: government permissions get the government view, everybody else the public one', () => {
    const anon = { permissions: permissionsOf('public') }
    expect(visibleTo(anon).audience).toBe('public')
    expect(visibleTo({ permissions: permissionsOf('consumer') }).audience).toBe('government')
    expect(visibleTo({ permissions: permissionsOf('provider') }).audience).toBe('government')
    expect(visibleTo({ permissions: permissionsOf('provider') }, '审批核查').audience).toBe('government')
    expect(visibleTo({ permissions: permissionsOf('agency') }, '授权查询').audience).toBe('public')
    expect(visibleTo({ permissions: permissionsOf('auditor') }, '审计').audience).toBe('public')
    // readers of authorised records get the authorised view only with a purpose
    expect(visibleTo({ permissions: permissionsOf('consumer') }, '审批核查')).toMatchObject({
      audience: 'authorized',
      purpose: '审批核查',
      withheld: [],
    })
    expect(visibleTo({ permissions: permissionsOf('operator') }).withheld).toEqual(['authorized'])
    expect(visibleTo({ permissions: permissionsOf('provider') }).withheld).toEqual([])
    const revoked = { ...base, state: 'revoked' }
    expect(visibleTo(anon).record(revoked, cls, NOW)).toEqual({ public: false, reason: 'state' })
    expect(visibleTo(anon).mask(penalty)(personPayload)).toEqual(publicFields(penalty, personPayload))
  })

  describe('visibleTo(principal, purpose).record: is this record visible to this principal for this purpose now?', () => {
    const roles = ['public', 'auditor', 'provider', 'consumer', 'operator'] as const
    const cases: [string, Partial<DisclosureRecord>, string, Record<(typeof roles)[number], string | true>][] = [
      ['public record', {}, 'public', { public: true, auditor: true, provider: true, consumer: true, operator: true }],
      [
        'government-shared record',
        { scope: 'government' },
        'government',
        { public: 'scope', auditor: 'scope', provider: true, consumer: true, operator: true },
      ],
      [
        'authorised record, no purpose',
        { scope: 'authorized' },
        'authorized',
        { public: 'scope', auditor: 'scope', provider: 'scope', consumer: 'purpose', operator: 'purpose' },
      ],
      [
        'revoked',
        { state: 'revoked' },
        'public',
        { public: 'state', auditor: 'state', provider: 'state', consumer: 'state', operator: 'state' },
      ],
      [
        'repaired',
        { state: 'repaired' },
        'public',
        { public: 'state', auditor: 'state', provider: 'state', consumer: 'state', operator: 'state' },
      ],
      [
        'expired window',
        { publish_max_until: '2026-05-31' },
        'public',
        { public: 'window', auditor: 'window', provider: 'window', consumer: 'window', operator: 'window' },
      ],
      [
        'list period over',
        { list_kind: 'black', list_until: '2026-05-31' },
        'public',
        {
          public: 'list_ended',
          auditor: 'list_ended',
          provider: 'list_ended',
          consumer: 'list_ended',
          operator: 'list_ended',
        },
      ],
      // publication-only rules do not hide records from government readers
      [
        'minor on the decision date',
        { minor_at_decision: 1 },
        'public',
        { public: 'minor', auditor: 'minor', provider: true, consumer: true, operator: true },
      ],
      [
        '轻微',
        { severity: 'minor' },
        'public',
        { public: 'minor_severity', auditor: 'minor_severity', provider: true, consumer: true, operator: true },
      ],
    ]
    for (const [name, over, scope, want] of cases)
      it(name, () => {
        const record = { ...base, ...over }
        const klass = { scope: scope as 'public', publishMinor: false }
        const got = Object.fromEntries(
          roles.map((r) => {
            const v = visibleTo({ permissions: permissionsOf(r) }).record(record, klass, NOW)
            return [r, v.public ? true : (v.reason as string)]
          }),
        )
        expect(got).toEqual(want)
      })

    it('hasAuthorizedContent: an authorised record, or a filled field of authorised scope (the reads to audit)', () => {
      const payload = { CF_XDR_MC: '某公司', CF_WSH: '津罚〔2026〕1号' }
      expect(hasAuthorizedContent({ ...penalty, scope: 'public' }, 'public', payload)).toBe(false)
      expect(hasAuthorizedContent({ ...penalty, scope: 'public' }, 'public', { ...payload, NOTE: '' })).toBe(false)
      expect(hasAuthorizedContent({ ...penalty, scope: 'public' }, 'public', { ...payload, NOTE: 'x' })).toBe(true)
      expect(hasAuthorizedContent({ ...penalty, scope: 'authorized' }, 'authorized', {})).toBe(true)
      expect(hasAuthorizedContent({ ...penalty, scope: 'public' }, 'authorized', payload)).toBe(true)
      // the authorised field shows only in the authorised view
      const withNote = { ...payload, NOTE: 'x' }
      expect(visibleTo({ permissions: permissionsOf('consumer') }).fields(penalty, withNote)).not.toHaveProperty('NOTE')
      expect(visibleTo({ permissions: permissionsOf('consumer') }, '核查').fields(penalty, withNote)).toHaveProperty(
        'NOTE',
        'x',
      )
    })

    it('an authorised record with a purpose: consumers and operators only; state and window still apply', () => {
      const record = { ...base, scope: 'authorized' }
      const klass = { scope: 'authorized' as const, publishMinor: false }
      const got = Object.fromEntries(
        roles.map((r) => {
          const v = visibleTo({ permissions: permissionsOf(r) }, '公务员录用考察').record(record, klass, NOW)
          return [r, v.public ? true : v.reason]
        }),
      )
      expect(got).toEqual({ public: 'scope', auditor: 'scope', provider: 'scope', consumer: true, operator: true })
      const consumer = visibleTo({ permissions: permissionsOf('consumer') }, '公务员录用考察')
      expect(consumer.record({ ...record, state: 'repaired' }, klass, NOW)).toEqual({ public: false, reason: 'state' })
      expect(consumer.scope({ scope: 'authorized' }, klass)).toEqual({ public: true })
    })
  })
})
