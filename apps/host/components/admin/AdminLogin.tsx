/** Props of {@link AdminLogin}. */
export interface AdminLoginProps {
  /** The previous attempt had a wrong token. */
  failed: boolean
  /** No ADMIN_TOKEN is configured, so nobody can sign in. */
  disabled: boolean
  /** The page's main heading. */
  heading?: string
}

/**
 * The admin login form: a plain form post to `/api/admin/session`, which sets the session cookie and redirects
 * back to `/admin`. Works without JavaScript.
 * @example
 * <AdminLogin failed={false} disabled={false} />
 */
export function AdminLogin({ failed, disabled, heading = 'Runcell admin' }: AdminLoginProps) {
  return (
    <main id="main">
      <h1>{heading}</h1>
      {disabled ? (
        <p role="alert">Admin is disabled: set ADMIN_TOKEN in the environment.</p>
      ) : (
        <form method="post" action="/api/admin/session" className="stack" aria-labelledby="login-heading">
          <h2 id="login-heading">Sign in</h2>
          {failed ? <p role="alert">That token is not right.</p> : null}
          <p>
            <label htmlFor="login-name">Your name</label>
            <input id="login-name" name="name" autoComplete="username" maxLength={64} />
          </p>
          <p>
            <label htmlFor="login-token">Admin token</label>
            <input id="login-token" name="token" type="password" autoComplete="current-password" required />
          </p>
          <button type="submit">Sign in</button>
        </form>
      )}
    </main>
  )
}
