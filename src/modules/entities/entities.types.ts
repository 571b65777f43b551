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

export type IdentifierScheme = 'uscc' | 'org_code' | 'reg_no'

export interface NewEntity {
  kind: EntityKind
  name: string
  formerNames?: { name: string; validTo?: string | null }[]
  uscc?: string | null
  orgCode?: string | null
  regNo?: string | null
  district?: string | null
  industry?: string | null
  status?: EntityStatus
  legalRep?: string | null
  establishedOn?: string | null
  /** Natural persons: resident ID number; stored only as HMAC + cipher + masked form. */
  idNumber?: string | null
}

export interface EntityName {
  name: string
  kind: 'current' | 'former'
  validFrom: string | null
  validTo: string | null
}

export interface Entity {
  id: string
  kind: EntityKind
  name: string
  uscc: string | null
  identifiers: { scheme: IdentifierScheme; value: string }[]
  names: EntityName[]
  district: string | null
  industry: string | null
  status: EntityStatus
  legalRep: string | null
  establishedOn: string | null
  idMasked: string | null
  /** Civil date on which a natural person turns 18. */
  adultOn: string | null
  version: number
  createdAt: string
  updatedAt: string
}

export type ResolveReason = 'uscc' | 'org_code' | 'reg_no' | 'id_number' | 'name_district' | 'name'

export type ResolveResult =
  | { status: 'matched'; entityId: string; reason: ResolveReason; name: string }
  | {
      status: 'unresolved'
      reason: 'not_found' | 'ambiguous' | 'conflict' | 'invalid_input'
      candidates: { entityId: string; name: string; uscc: string | null }[]
      message: string
    }

export interface ResolveQuery {
  uscc?: string | null
  codes?: string[]
  name?: string | null
  district?: string | null
  idNumber?: string | null
}
