// Message catalogues: English is the key set, zh-TW must have every key (the compiler checks).
// The language is zh-TW unless the user chose English; the choice is kept in localStorage.
import { en } from "./i18n/en";
import { zhTW } from "./i18n/zh-TW";

export type Key = keyof typeof en;
export type Lang = "zh-TW" | "en";
const catalogues: Record<Lang, Record<Key, string>> = { "zh-TW": zhTW, en };

let current: Lang = localStorage.getItem("cl_lang") === "en" ? "en" : "zh-TW";

export function lang(): Lang {
  return current;
}

export function setLang(next: Lang): void {
  current = next;
  localStorage.setItem("cl_lang", next);
  document.documentElement.lang = next;
}

/// The message `key` in the current language with {name} placeholders filled.
export function t(key: Key, params: Record<string, string | number> = {}): string {
  const text = catalogues[current][key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) =>
    name in params ? String(params[name]) : `{${name}}`,
  );
}
