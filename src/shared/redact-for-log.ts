import { maskSecrets, mayHoldSecret } from '../tokens/token-secret.ts';

/** Percent-escapes, decoded one run at a time, so one bad escape leaves the rest decodable. */
function percentDecoded(text: string): string {
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/**
 * A filter comparison on `password` (`password eq "..."`, also under its schema URN): a
 * client probing for a password must not leave it in a log.
 */
const PASSWORD_COMPARISON = /(password"?[\s+]+(?:eq|ne|co|sw|ew|gt|ge|lt|le)[\s+]+)("(?:[^"\\]|\\.)*"?|[^\s)&]+)/gi;

// With the u flag a surrogate pair is one code point, so only unpaired halves match.
const LONE_SURROGATE = /\p{Surrogate}/gu;

/**
 * Text as any log may hold it (the server log's URL, every field of the provisioning
 * log): Roster secrets (`rst_…`, `rsa_…`) masked and `password` comparisons redacted, also where a client
 * percent-encoded them (`rst%5F…`, decoded up to three times); NUL characters and lone
 * surrogates, which PostgreSQL refuses to store, replaced by U+FFFD. Text that needs no
 * redaction keeps its encoding, so a URL stays as the client sent it.
 *
 * @example redactForLog('/Users/rst%5Fabcdefghij') // => '/Users/rst_[redacted]'
 */
export function redactForLog(text: string): string {
  let decoded = text;
  for (let i = 0; i < 3 && decoded.includes('%'); i++) {
    const next = percentDecoded(decoded);
    if (next === decoded) break;
    decoded = next;
  }
  // The decoded form replaces the text only when something in it must be hidden.
  const sensitive = mayHoldSecret(decoded) || /password/i.test(decoded);
  let out = sensitive ? maskSecrets(decoded).replace(PASSWORD_COMPARISON, '$1"[redacted]"') : text;
  if (sensitive && out === decoded) out = text;
  return out.replaceAll('\u0000', '\uFFFD').replace(LONE_SURROGATE, '\uFFFD');
}
