import type { Flow } from './flow.ts';
import type { Ui } from './i18n.ts';

// The language switcher at the top of every respondent page: a link to this same page in
// each of the questionnaire's other languages, named in its own language (with lang and
// hreflang, and its direction). A respondent's progress is kept on the server, so the link
// keeps their place and answers; the page itself stores the language they chose.

export interface LanguageItem {
  text: string;
  lang: string;
  dir: 'ltr' | 'rtl';
  href: string;
  current: boolean;
}

/** The address with ?lang= (or &lang=) for a language. */
export function withLanguage(here: string, code: string): string {
  return `${here}${here.includes('?') ? '&' : '?'}lang=${encodeURIComponent(code)}`;
}

/** The switcher's links for a page at `here`; null when there is only one language. */
export function languageItems(flow: Flow, ui: Ui, here: string): LanguageItem[] | null {
  if (flow.languages.length < 2) return null;
  return flow.languages.map((l) => ({
    text: l.nativeName,
    lang: l.code,
    dir: l.dir,
    href: withLanguage(here, l.code),
    current: l.code === ui.language.code,
  }));
}
