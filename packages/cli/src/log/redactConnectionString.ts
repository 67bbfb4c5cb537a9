/**
 * Text with every PostgreSQL password hidden as `***`, in each form libpq accepts
 * (https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING): the URI's user
 * info (`postgres://user:secret@host`), a `password` query parameter (`?password=secret`,
 * `&password=secret`), and the `key=value` form (`password=secret`, `password = 'it''s \' secret'`).
 * Works on a whole message, so connection strings inside errors are hidden too. Pure.
 * @example redactConnectionString('host=db password=s3cret') // 'host=db password=***'
 */
export function redactConnectionString(text: string): string {
  return (
    text
      // URI user info: scheme://user:password@ (the password may hold any character but @ and /).
      .replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*):[^@/\s]*@/gi, '$1:***@')
      // URI query parameter: ?password=… or &password=… up to the next & or whitespace.
      .replace(/([?&]password=)[^&\s#]*/gi, '$1***')
      // key=value form: password = 'quoted with \' and '' escapes' or a bare word.
      .replace(/(\bpassword\s*=\s*)(?:'(?:[^'\\]|\\.|'')*'?|[^\s'&]+)/gi, '$1***')
  );
}
