import type { EntityKind, EntityStatus } from '../../identifiers/index.js'

// The vocabulary of entity kinds, statuses and industry sections lives with the identifiers (a layer every module may
// use: search and the catalog validate against it without loading the entities module).
export {
  ENTITY_KINDS,
  ENTITY_STATUSES,
  type EntityKind,
  type EntityStatus,
  INDUSTRY_SECTIONS,
} from '../../identifiers/index.js'
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

/**
 * Why a subject could not be tied to one entity, more precisely than `reason`:
 * - `no_identifier`: neither a code, an ID number nor a name was given;
 * - `invalid_code`: every code given failed its check (the message says which check);
 * - `not_registered`: valid codes, none registered (and no entity of the name, if one was given);
 * - `name_not_found`: only a name, and no entity has it;
 * - `name_ambiguous`: the name belongs to several entities;
 * - `name_other_code`: the given USCC (or ID number) is not registered and the name belongs to an entity with another
 *   one (the code is authoritative: the name never pulls in that entity);
 * - `two_usccs`: two different USCCs were given;
 * - `codes_disagree`: the codes given belong to different entities;
 * - `uscc_mismatch`: a code belongs to an entity whose USCC differs from the USCC given;
 * - `code_taken`: a new subject cannot be registered because one of its codes (a USCC's embedded organisation code,
 *   an organisation code, a registration number) already belongs to another entity;
 * - `entity_invalid`: a new subject's data cannot be registered (the message lists the problems).
 */
export const UNRESOLVED_CAUSES = [
  'no_identifier',
  'invalid_code',
  'not_registered',
  'name_not_found',
  'name_ambiguous',
  'name_other_code',
  'two_usccs',
  'codes_disagree',
  'uscc_mismatch',
  'code_taken',
  'entity_invalid',
] as const
export type UnresolvedCause = (typeof UNRESOLVED_CAUSES)[number]

export interface ResolveCandidate {
  entityId: string
  name: string
  uscc: string | null
}

export type ResolveResult =
  | { status: 'matched'; entityId: string; reason: ResolveReason; name: string }
  | {
      status: 'unresolved'
      reason: 'not_found' | 'ambiguous' | 'conflict' | 'invalid_input'
      cause: UnresolvedCause
      candidates: ResolveCandidate[]
      /** Chinese: the actual cause (codes and names involved) and what to do. */
      message: string
    }

export interface ResolveQuery {
  uscc?: string | null
  codes?: string[]
  name?: string | null
  district?: string | null
  idNumber?: string | null
}
