export interface DisplayTime {
  /** For `<time datetime>`. */
  iso: string;
  /** The server cannot know the reader's time zone, so it says which one it uses. */
  text: string;
}

const DATE_TIME = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const MINUTE_MS = 60_000;
// Intl formatting costs more than the rest of the card: the text only changes by the minute, and a
// page shows a handful of distinct minutes (a login, its deadlines), so the texts are kept.
const MAX_FORMATTED_MINUTES = 1000;
const formattedMinutes = new Map<number, string>();

/** The UTC text of the minute `date` falls in, formatted once per minute. */
function minuteText(date: Date): string {
  const minute = Math.floor(date.getTime() / MINUTE_MS);
  let text = formattedMinutes.get(minute);
  if (text === undefined) {
    text = `${DATE_TIME.format(date)} UTC`;
    if (formattedMinutes.size >= MAX_FORMATTED_MINUTES) formattedMinutes.clear();
    formattedMinutes.set(minute, text);
  }
  return text;
}

const UNITS: ReadonlyArray<[seconds: number, name: string]> = [
  [86_400, 'day'],
  [3_600, 'hour'],
  [60, 'minute'],
  [1, 'second'],
];

export function displayTime(date: Date): DisplayTime {
  return { iso: date.toISOString(), text: minuteText(date) };
}

/** 86400 -> "1 day", 1800 -> "30 minutes", 90 -> "90 seconds": the largest unit that divides it exactly. */
export function describeDuration(seconds: number): string {
  const [unitSeconds, name] = UNITS.find(([unit]) => seconds >= unit && seconds % unit === 0) ?? [1, 'second'];
  const count = seconds / unitSeconds;
  return `${count} ${name}${count === 1 ? '' : 's'}`;
}
