/** The URL with any password replaced by `***`, so connection strings can appear in messages. */
export function redactConnectionString(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}
