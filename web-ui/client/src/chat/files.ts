/**
 * Files in the chat: upload with progress, download and image previews. Downloads need the
 * room token in the Authorization header (tokens never go into URLs), so a plain link cannot
 * fetch them: we fetch the bytes, and hand the browser a blob URL.
 */
import { ApiError, toApiError } from '@/api/http'
import { chatPaths } from './chatApi'
import { parseMessage, type ChatMessage } from './types'

export interface UploadRequest {
  slug: string
  file: File
  /** Idempotency key: a retry with the same id and bytes gives the same message. */
  clientId: string
  token: string
  onProgress(loaded: number, total: number): void
  signal?: AbortSignal
}

/**
 * POSTs the file as the raw body. XMLHttpRequest rather than fetch because only it reports
 * upload progress. Rejects with an ApiError like the rest of the client (status 0 when no
 * answer came), or an AbortError when `signal` aborts.
 */
export function uploadFile(request: UploadRequest): Promise<ChatMessage> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', chatPaths.files(request.slug))
    xhr.setRequestHeader('Authorization', `Bearer ${request.token}`)
    xhr.setRequestHeader('X-File-Name', encodeURIComponent(request.file.name))
    xhr.setRequestHeader('X-Client-Id', request.clientId)
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.upload.onprogress = (event) => request.onProgress(event.loaded, event.lengthComputable ? event.total : request.file.size)
    xhr.onerror = () => reject(new ApiError(0, 'network_error', 'the upload did not reach the server'))
    xhr.onabort = () => reject(new DOMException('upload cancelled', 'AbortError'))
    xhr.onload = async () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        const message = parseMessage(safeJson(xhr.responseText))
        if (message) resolve(message)
        else reject(new ApiError(xhr.status, 'invalid_response', 'the upload answer is not a message'))
        return
      }
      const retryAfter = xhr.getResponseHeader('Retry-After')
      const response = new Response(xhr.responseText, {
        status: xhr.status,
        statusText: xhr.statusText,
        headers: retryAfter ? { 'Retry-After': retryAfter } : {},
      })
      reject(await toApiError(response))
    }
    request.signal?.addEventListener('abort', () => xhr.abort(), { once: true })
    xhr.send(request.file)
  })
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** The file's bytes, fetched with the room token. */
export async function fetchFileBlob(fileId: string, token: string): Promise<Blob> {
  let response: Response
  try {
    response = await fetch(chatPaths.file(fileId), { headers: { Authorization: `Bearer ${token}` } })
  } catch (error) {
    throw new ApiError(0, 'network_error', (error as Error)?.message ?? 'network error')
  }
  if (!response.ok) throw await toApiError(response)
  return response.blob()
}

/** Hands a blob to the browser as a download under its original name. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.rel = 'noopener'
  link.style.display = 'none'
  document.body.append(link)
  link.click()
  link.remove()
  // The browser reads the blob asynchronously; revoke once the download has surely started.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
