// The vocabulary of entities (一户一档): their kinds, registration statuses and GB/T 4754-2017 industry sections.

export const ENTITY_KINDS = [
  'legal_person',
  'unincorporated_org',
  'individual_business',
  'farmer_coop',
  'government_body',
  'public_institution',
  'social_org',
  'natural_person',
] as const
export type EntityKind = (typeof ENTITY_KINDS)[number]

/** 存续 / 吊销 / 注销 / 迁出 */
export const ENTITY_STATUSES = ['active', 'revoked', 'deregistered', 'moved_out'] as const
export type EntityStatus = (typeof ENTITY_STATUSES)[number]

/** GB/T 4754-2017 sections. */
export const INDUSTRY_SECTIONS = 'ABCDEFGHIJKLMNOPQRST'.split('')
