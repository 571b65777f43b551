// Shapes of the access module's answers as the server declares them (type-only: nothing of the server enters the
// bundle).
export type {
  ApiKeyView,
  CreatedApiKey,
  Department,
  UserSummary,
  UserView,
} from '../../../../src/modules/access/index.js'

/** GET /api/v1/roles (its schema marks no field required). */
export interface RoleCatalogAnswer {
  roles?: {
    code?: string
    label?: string
    principals?: string[]
    requires?: string[]
    permissions?: string[]
  }[]
  permissions?: { code?: string; label?: string }[]
}

/** POST /api/v1/users/:id/password */
export interface PasswordReset {
  username: string
  password: string | null
  sessionsEnded: number
}
