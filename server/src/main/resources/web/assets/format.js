// Number formatting for the page: money in the dataset's currency, counts, averages, changes.
// No DOM here, so that the browser tests can import it and format what they expect the same way.

/** Formats numbers of one dataset, in the reader's locale (or the one given). */
export class Formatter {
  constructor(currency, locale) {
    this.locale = locale || undefined;
    this.currency = currency || null;
    try {
      this.moneyFormat = new Intl.NumberFormat(this.locale, {style: 'currency', currency: this.currency});
      // money arrives as an integer of minor units: the currency says how many digits they are
      this.minorDigits = this.moneyFormat.resolvedOptions().maximumFractionDigits;
    } catch (e) {
      // a currency code Intl does not know: plain numbers with the code beside them, 2 digits
      this.moneyFormat = null;
      this.minorDigits = 2;
    }
    this.countFormat = new Intl.NumberFormat(this.locale, {maximumFractionDigits: 0});
    this.decimalFormat = new Intl.NumberFormat(this.locale, {minimumFractionDigits: 2, maximumFractionDigits: 2});
    this.shareFormat = new Intl.NumberFormat(this.locale, {style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1});
  }

  /** Minor units (e.g. öre) as major units (kronor), for charts. */
  major(minor) {
    return minor == null ? null : minor / 10 ** this.minorDigits;
  }

  /** Money given in minor units. */
  money(minor) {
    if (minor == null) { return '–'; }
    const major = this.major(minor);
    if (this.moneyFormat) { return this.moneyFormat.format(major); }
    return this.decimalFormat.format(major) + ' ' + (this.currency || '');
  }

  count(n) {
    return n == null ? '–' : this.countFormat.format(n);
  }

  decimal(n) {
    return n == null ? '–' : this.decimalFormat.format(n);
  }

  /** A share 0..1 as a percentage. */
  share(fraction) {
    return fraction == null ? '–' : this.shareFormat.format(fraction);
  }

  /** A metric's change: "+25.0%", or "–" when there is none (no comparison, or nothing before). */
  change(pct) {
    if (pct == null) { return '–'; }
    return (pct > 0 ? '+' : '') + pct.toFixed(1) + '%';
  }

  /** The formatter for a kind of value: 'money', 'count' or 'decimal'. */
  of(kind) {
    return kind === 'money' ? v => this.money(v) : kind === 'decimal' ? v => this.decimal(v) : v => this.count(v);
  }
}

/** The current date in a time zone, as YYYY-MM-DD. */
export function dateIn(timeZone, now = new Date()) {
  try {
    return new Intl.DateTimeFormat('en-CA', {timeZone, year: 'numeric', month: '2-digit', day: '2-digit'}).format(now);
  } catch (e) {
    return now.toISOString().slice(0, 10);
  }
}

/** A day plus n days (n may be negative), YYYY-MM-DD in and out. */
export function addDays(day, n) {
  const d = new Date(day + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
