/** Every number the UI shows is written one way, in the UI's language ("2,048" in English and in Chinese). */
export function formatNumber(value: number, language: string, maximumFractionDigits = 2): string {
  return new Intl.NumberFormat(language, { maximumFractionDigits }).format(value);
}
