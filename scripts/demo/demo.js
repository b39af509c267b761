// The plain-DOM demo behind `npm start`: one runtime for the page, a Run and a Stop button per snippet.
import { createRuntime } from '/core/index.js'

const runtime = createRuntime({ assetsBaseUrl: '/runcell/' })

for (const section of document.querySelectorAll('.snippet')) {
  const { language, session } = section.dataset
  const code = section.querySelector('textarea')
  const run = Object.assign(document.createElement('button'), { textContent: 'Run' })
  const stop = Object.assign(document.createElement('button'), { textContent: 'Stop', disabled: true })
  const status = Object.assign(document.createElement('p'), { role: 'status' })
  const output = Object.assign(document.createElement('pre'), { role: 'log' })
  section.append(run, stop, status, output)

  run.addEventListener('click', async () => {
    output.replaceChildren()
    const execution = runtime.run({ language, code: code.value, session })
    run.disabled = true
    stop.disabled = false
    stop.onclick = () => execution.stop()
    for await (const event of execution.events) {
      if (event.type === 'status')
        status.textContent = event.stage ? `${event.phase} (${event.stage})` : event.phase
      if (event.type === 'stdout' || event.type === 'stderr') {
        output.append(
          Object.assign(document.createElement('span'), { className: event.type, textContent: event.text }),
        )
      }
      if (event.type === 'display') output.append(`${event.data}\n`)
      if (event.type === 'table') output.append(renderTable(event))
    }
    const result = await execution.result
    status.textContent = `${result.status} in ${Math.round(result.durationMs)} ms`
    if (result.error)
      output.append(
        Object.assign(document.createElement('span'), {
          className: 'stderr',
          textContent: `${result.error.name}: ${result.error.message}`,
        }),
      )
    run.disabled = false
    stop.disabled = true
  })
}

function renderTable({ columns, rows, truncated }) {
  const table = document.createElement('table')
  const head = table.createTHead().insertRow()
  for (const column of columns)
    head.append(Object.assign(document.createElement('th'), { textContent: column }))
  const body = table.createTBody()
  for (const row of rows) {
    const tr = body.insertRow()
    for (const cell of row) tr.insertCell().textContent = cell === null ? 'NULL' : String(cell)
  }
  if (truncated) table.createCaption().textContent = 'Truncated'
  return table
}
