// The tables the entity-codes read model reads (the boundary tests hold it to this list).
export const reads = ['entity_identifiers'] as const
