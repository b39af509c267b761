import { handleIngest } from '../../../server/ingest/handle-ingest'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

/** Telemetry ingest; see handleIngest. The front door answers it before Next's router; this is the same handler. */
export const POST = handleIngest
