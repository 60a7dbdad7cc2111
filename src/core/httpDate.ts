/**
 * HTTP-dates (RFC 9110 §5.6.7) in the three forms a recipient must accept,
 * always in UTC: `Date.parse` reads the asctime form in the machine's time
 * zone (hours off outside UTC: a cached response fresh too long, a
 * Retry-After wait wrong) and takes "1" or "-5" for years.
 *
 * @internal
 */

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

// IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT"; the obsolete RFC 850 form
// "Sunday, 06-Nov-94 08:49:37 GMT"; asctime "Sun Nov  6 08:49:37 1994".
// UTC is taken for GMT, a robustness the RFC encourages.
const TIME = "(?<h>[01]\\d|2[0-3]):(?<m>[0-5]\\d):(?<s>[0-5]\\d)"
const FORMS = [
  `^[a-z]{3}, (?<day>\\d\\d?) (?<month>[a-z]{3}) (?<year>\\d{4}) ${TIME} (?:gmt|utc)$`,
  `^[a-z]{6,9}, (?<day>\\d\\d)-(?<month>[a-z]{3})-(?<yy>\\d\\d) ${TIME} (?:gmt|utc)$`,
  `^[a-z]{3} (?<month>[a-z]{3}) +(?<day>\\d\\d?) ${TIME} (?<year>\\d{4})$`
].map((form) => new RegExp(form, "i"))

/** A two-digit year read as the RFC says: the one not more than 50 years after now. */
const fullYear = (twoDigits: string, nowMillis: number): number => {
  const nowYear = new Date(nowMillis).getUTCFullYear()
  const year = nowYear - (nowYear % 100) + Number(twoDigits)
  return year > nowYear + 50 ? year - 100 : year
}

/**
 * The instant an HTTP-date names, in epoch millis, or undefined for text
 * that is not one. `nowMillis` places the two-digit year of the RFC 850 form.
 *
 * @internal
 */
export const parseHttpDate = (value: string | undefined, nowMillis: number): number | undefined => {
  if (value === undefined) return undefined
  const text = value.trim()
  for (const form of FORMS) {
    const date = form.exec(text)?.groups
    if (date === undefined) continue
    const month = MONTHS.indexOf(date.month!.toLowerCase())
    const day = Number(date.day)
    const at = new Date(0)
    // Not Date.UTC: it reads years 0 to 99 as 1900 to 1999.
    at.setUTCFullYear(date.year === undefined ? fullYear(date.yy!, nowMillis) : Number(date.year), month, day)
    at.setUTCHours(Number(date.h), Number(date.m), Number(date.s))
    // An unknown month, or a day the month does not have ("31 Feb" rolls over into March), is no date.
    return month === -1 || at.getUTCDate() !== day ? undefined : at.getTime()
  }
  return undefined
}
