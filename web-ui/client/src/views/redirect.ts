/**
 * Where to go after logging in: the `next` query parameter, if it is a path of this app.
 * Anything else (absolute URLs, `//host`, `/\host`, which browsers treat as another site)
 * is ignored, so a crafted login link cannot send people elsewhere.
 */
export function safeNext(next: unknown, fallback = '/'): string {
  const value = Array.isArray(next) ? next[0] : next
  if (typeof value !== 'string' || !value.startsWith('/')) return fallback
  if (value.startsWith('//') || value.startsWith('/\\')) return fallback
  return value
}
