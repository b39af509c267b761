import { problem } from '../../../server/http/problem'
import { route } from '../../../server/http/route'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

const notFound = route('/api/*', async () => problem(404, 'Not Found', 'There is no API route at this path.'))

/** Any other /api/ path: a problem+json 404 that carries the API security headers, like every API response. */
export { notFound as DELETE, notFound as GET, notFound as PATCH, notFound as POST, notFound as PUT }
