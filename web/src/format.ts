// Numbers, dates and years as a Taiwanese user reads them: ROC years (民國) beside Gregorian
// ones, thousands separators, tonnes CO2e with the precision a register uses.
import { lang } from "./i18n";

/// The ROC (民國) year of a Gregorian year: 1912 is 民國元年 (year 1).
export function rocYear(gregorian: number): number {
  return gregorian - 1911;
}

/// "2024（民國113年）" in zh-TW, "2024 (ROC 113)" in English.
export function yearLabel(gregorian: number): string {
  const roc = rocYear(gregorian);
  return lang() === "zh-TW" ? `${gregorian}（民國${roc}年）` : `${gregorian} (ROC ${roc})`;
}

/// A "YYYY-MM" period with its ROC year: "2024-03（民國113年3月）".
export function periodLabel(period: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(period);
  if (!match) return period;
  const year = Number(match[1]);
  const month = Number(match[2]);
  return lang() === "zh-TW"
    ? `${period}（民國${rocYear(year)}年${month}月）`
    : `${period} (ROC ${rocYear(year)}/${month})`;
}

export function number(value: number, digits = 2): string {
  return value.toLocaleString(lang() === "zh-TW" ? "zh-TW" : "en-US", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/// kg CO2e shown as tonnes (t CO2e) with three decimals, the register's precision.
export function tonnes(kg: number): string {
  return number(kg / 1000, 3);
}

/// Whole New Taiwan dollars with thousands separators: "NT$ 58,621".
export function ntd(value: number): string {
  return `NT$ ${Math.round(value).toLocaleString("en-US")}`;
}

/// An ISO 8601 time as saved ("2024-03-05T08:00:00Z") as its date and minute (UTC) with the ROC
/// date: "2024-03-05 08:00（民國113年3月5日）".
export function timestampLabel(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}))?/.exec(iso);
  if (!match) return iso;
  const day = dateLabel(match[1]);
  return match[2] ? day.replace(match[1], `${match[1]} ${match[2]}`) : day;
}

/// A "YYYY-MM-DD" day with its ROC date: "2015-11-30（民國104年11月30日）", "2015-11-30 (ROC 104/11/30)".
export function dateLabel(day: string | null | undefined): string {
  if (!day) return "—";
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;
  const roc = rocYear(Number(match[1]));
  const month = Number(match[2]);
  const date = Number(match[3]);
  return lang() === "zh-TW" ? `${day}（民國${roc}年${month}月${date}日）` : `${day} (ROC ${roc}/${month}/${date})`;
}
