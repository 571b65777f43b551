import net from 'node:net'

export interface RawResponse {
  status: number
  headers: Record<string, string>
  body: string
}

/**
 * Sends bytes as they are over a real socket and reads the answer until the server closes the connection (or the
 * timeout): for requests Node's HTTP parser refuses before fastify sees them, which app.inject cannot produce.
 */
export function rawHttp(port: number, request: string, timeoutMs = 5000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    const socket = net.connect(port, '127.0.0.1', () => socket.write(request))
    const done = () => {
      clearTimeout(timer)
      try {
        resolve(parseRawResponse(Buffer.concat(chunks)))
      } catch (e) {
        reject(e)
      }
    }
    const timer = setTimeout(() => socket.destroy(), timeoutMs)
    socket.on('data', (d) => chunks.push(d))
    socket.on('close', done)
    socket.on('error', () => undefined)
  })
}

/** A request with Connection: close, so the server ends the socket after its answer. */
export function httpRequest(method: string, target: string, headers: Record<string, string> = {}, body = ''): string {
  const all: Record<string, string> = { Host: 'localhost', Connection: 'close', ...headers }
  if (body !== '' || ['POST', 'PUT', 'PATCH'].includes(method))
    all['Content-Length'] ??= String(Buffer.byteLength(body))
  return `${method} ${target} HTTP/1.1\r\n${Object.entries(all)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\n\r\n${body}`
}

/** Status, headers (lower-case names) and body of the bytes of one HTTP/1.1 answer. */
export function parseRawResponse(bytes: Buffer): RawResponse {
  const text = bytes.toString('utf8')
  const split = text.indexOf('\r\n\r\n')
  if (split < 0) throw new Error(`no HTTP answer: ${JSON.stringify(text.slice(0, 200))}`)
  const [statusLine = '', ...lines] = text.slice(0, split).split('\r\n')
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const i = line.indexOf(':')
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim()
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body: text.slice(split + 4) }
}
