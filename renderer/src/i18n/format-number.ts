const formats = new Map<string, Intl.NumberFormat>();

/**
 * One formatter per language and options, made once: building an `Intl.NumberFormat` costs far more than using it,
 * and every message's stats line formats several numbers each time it is shown.
 */
export function numberFormat(language: string, options: Pick<Intl.NumberFormatOptions, "minimumFractionDigits" | "maximumFractionDigits"> = {}): Intl.NumberFormat {
  const key = `${language}|${options.minimumFractionDigits ?? ""}|${options.maximumFractionDigits ?? ""}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(language, options);
    formats.set(key, format);
  }
  return format;
}

/** Every number the UI shows is written one way, in the UI's language ("2,048" in English and in Chinese). */
export function formatNumber(value: number, language: string, maximumFractionDigits = 2): string {
  return numberFormat(language, { maximumFractionDigits }).format(value);
}
