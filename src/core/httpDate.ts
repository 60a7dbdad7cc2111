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
const IMF_FIXDATE = /^[a-z]{3}, (\d{1,2}) ([a-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) (?:gmt|utc)$/i
const RFC_850 = /^[a-z]{6,9}, (\d{2})-([a-z]{3})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) (?:gmt|utc)$/i
const ASCTIME = /^[a-z]{3} ([a-z]{3}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/i

/**
 * A two-digit year read as the RFC says: the one that is not more than 50
 * years after now.
 */
const fullYear = (twoDigits: number, nowMillis: number): number => {
  const nowYear = new Date(nowMillis).getUTCFullYear()
  const year = nowYear - (nowYear % 100) + twoDigits
  return year > nowYear + 50 ? year - 100 : year
}

const at = (year: number, month: string, day: string, hour: string, minute: string, second: string): number | undefined => {
  const index = MONTHS.indexOf(month.toLowerCase())
  const fields = [Number(day), Number(hour), Number(minute), Number(second)] as const
  const millis = Date.UTC(year, index, ...fields)
  const date = new Date(millis)
  // Date.UTC rolls "31 Feb" or "25:00" over into another day: such a date is no date.
  const exact = date.getUTCFullYear() === year && date.getUTCMonth() === index && date.getUTCDate() === fields[0] &&
    date.getUTCHours() === fields[1] && date.getUTCMinutes() === fields[2] && date.getUTCSeconds() === fields[3]
  return index !== -1 && exact ? millis : undefined
}

/**
 * The instant an HTTP-date names, in epoch millis, or undefined for text
 * that is not one. `nowMillis` places the two-digit year of the RFC 850 form.
 *
 * @internal
 */
export const parseHttpDate = (value: string | undefined, nowMillis: number): number | undefined => {
  const text = value?.trim() ?? ""
  const imf = IMF_FIXDATE.exec(text)
  if (imf !== null) return at(Number(imf[3]), imf[2]!, imf[1]!, imf[4]!, imf[5]!, imf[6]!)
  const rfc850 = RFC_850.exec(text)
  if (rfc850 !== null) return at(fullYear(Number(rfc850[3]), nowMillis), rfc850[2]!, rfc850[1]!, rfc850[4]!, rfc850[5]!, rfc850[6]!)
  const asctime = ASCTIME.exec(text)
  if (asctime !== null) return at(Number(asctime[6]), asctime[1]!, asctime[2]!, asctime[3]!, asctime[4]!, asctime[5]!)
  return undefined
}
