import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely'
import type { ErrorTranslator } from './errors/index.js'

/** Wraps a Kysely dialect so that every driver error leaves as a coded AppError. */
export function translatingDialect(inner: Dialect, translate: ErrorTranslator, options: { beginSql?: string } = {}): Dialect {
  return {
    createAdapter: () => inner.createAdapter(),
    createIntrospector: (db) => inner.createIntrospector(db),
    createQueryCompiler: () => inner.createQueryCompiler(),
    createDriver: () => new TranslatingDriver(inner.createDriver(), translate, options.beginSql),
  }
}

class TranslatingConnection implements DatabaseConnection {
  constructor(
    readonly inner: DatabaseConnection,
    private readonly translate: ErrorTranslator,
  ) {}

  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    try {
      return await this.inner.executeQuery<R>(q)
    } catch (e) {
      throw this.translate(e)
    }
  }

  async *streamQuery<R>(q: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    try {
      yield* this.inner.streamQuery<R>(q, chunkSize)
    } catch (e) {
      throw this.translate(e)
    }
  }
}

class TranslatingDriver implements Driver {
  constructor(
    private readonly inner: Driver,
    private readonly translate: ErrorTranslator,
    private readonly beginSql: string | undefined,
  ) {}

  async init(): Promise<void> {
    try {
      await this.inner.init()
    } catch (e) {
      throw this.translate(e)
    }
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    try {
      return new TranslatingConnection(await this.inner.acquireConnection(), this.translate)
    } catch (e) {
      throw this.translate(e)
    }
  }

  private unwrap(c: DatabaseConnection): DatabaseConnection {
    return c instanceof TranslatingConnection ? c.inner : c
  }

  async beginTransaction(c: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    if (this.beginSql) {
      await c.executeQuery(CompiledQuery.raw(this.beginSql))
      return
    }
    try {
      await this.inner.beginTransaction(this.unwrap(c), settings)
    } catch (e) {
      throw this.translate(e)
    }
  }

  async commitTransaction(c: DatabaseConnection): Promise<void> {
    try {
      await this.inner.commitTransaction(this.unwrap(c))
    } catch (e) {
      throw this.translate(e)
    }
  }

  async rollbackTransaction(c: DatabaseConnection): Promise<void> {
    await this.inner.rollbackTransaction(this.unwrap(c))
  }

  async savepoint(c: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await this.inner.savepoint?.(this.unwrap(c), name, compile)
  }

  async rollbackToSavepoint(c: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await this.inner.rollbackToSavepoint?.(this.unwrap(c), name, compile)
  }

  async releaseSavepoint(c: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await this.inner.releaseSavepoint?.(this.unwrap(c), name, compile)
  }

  async releaseConnection(c: DatabaseConnection): Promise<void> {
    await this.inner.releaseConnection(this.unwrap(c))
  }

  async destroy(): Promise<void> {
    await this.inner.destroy()
  }
}
