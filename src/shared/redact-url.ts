/**
 * Hides the password of a database URL, for messages and logs. Apart from the store so the
 * configuration (and with it `roster --help`) can use it without loading the drivers.
 *
 * @example redactUrl('postgres://roster:secret@db/roster') // 'postgres://roster:***@db/roster'
 */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}
