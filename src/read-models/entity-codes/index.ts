// Read model "entity codes": which entity holds a code; see entity-codes.queries.ts.
export { codeOwner } from './entity-codes.queries.js'
export { reads } from './reads.js'
