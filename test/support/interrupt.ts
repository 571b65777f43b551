// A context whose database fails at a chosen write: to interrupt a command part-way and see what it leaves.
import type {
  KyselyPlugin,
  OperationNode,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely'
import type { Ctx } from '../../src/core/context.js'

export class Interrupted extends Error {
  constructor(what: string) {
    super(`interrupted at ${what}`)
  }
}

function tableOf(node: OperationNode | undefined): string | undefined {
  const n = node as { kind?: string; table?: { identifier?: { name?: string } }; node?: OperationNode } | undefined
  if (n?.kind === 'TableNode') return n.table?.identifier?.name
  if (n?.kind === 'AliasNode') return tableOf(n.node)
  return undefined
}

/** The table an insert or update writes, as `insert:records` / `update:list_proposals`. */
function writeOf(node: RootOperationNode): string | undefined {
  if (node.kind === 'InsertQueryNode') return `insert:${tableOf(node.into)}`
  if (node.kind === 'UpdateQueryNode') return `update:${tableOf(node.table)}`
  return undefined
}

/**
 * The context with its database throwing `Interrupted` at the `nth` (1-based) write named `write` (`insert:records`,
 * `update:list_proposals`, ...); every other statement runs as usual, on the same connection.
 */
export function interruptedAt<C extends Ctx>(ctx: C, write: string, nth = 1): C {
  let seen = 0
  const plugin: KyselyPlugin = {
    transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
      if (writeOf(node) === write && ++seen === nth) throw new Interrupted(`${write} #${nth}`)
      return node
    },
    async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      return result
    },
  }
  return { ...ctx, db: ctx.db.withPlugin(plugin) }
}
