/** How a single live number in prose is written, by the build and by the browser alike. */
export function valueText(v: number, digits: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '−∞';
  const text = new Intl.NumberFormat('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    useGrouping: Math.abs(v) >= 10_000,
  }).format(v);
  return text.replace('-', '−');
}
