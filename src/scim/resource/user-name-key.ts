/**
 * The key userNames are unique by and compared with (`userName eq`, `sw`, `co`, sorting),
 * after RFC 7613's UsernameCaseMapped profile (RFC 8265 section 3.3), the reference
 * the IETF gives for comparing user names:
 *
 * 1. fullwidth and halfwidth forms mapped to their ordinary forms (`ＡＢＣ` is `ABC`);
 * 2. NFC: `é` as one code point and as `e` + U+0301 are one name;
 * 3. full Unicode case folding: JavaScript has none built in, so `toUpperCase()` then
 *    `toLowerCase()`, which folds `ß` with `ss` (`STRASSE`, `straße`), `ﬁ` with `fi`
 *    and final `ς` with `σ`, where `toLowerCase()` alone does not;
 * 4. NFC again, as case mapping may decompose.
 *
 * Turkish: `I` and `i` are one letter, and so is dotless `ı` (its upper case is `I`);
 * dotted `İ` folds to `i̇` (`i` + U+0307), not to `i`. No locale is applied: the key
 * must be the same on every server.
 *
 * The userName is stored as the IdP sent it; only this key is indexed.
 *
 * @example userNameKey('Straße') === userNameKey('STRASSE') // => true ('strasse')
 */
export function userNameKey(userName: string): string {
  const narrow = userName.replace(/[\uFF01-\uFFEE]/g, (c) => c.normalize('NFKC'));
  return narrow.normalize('NFC').toUpperCase().toLowerCase().normalize('NFC');
}
