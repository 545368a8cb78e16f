/**
 * The dashboard's charts: plain SVG written on the server, so the page needs no script at all
 * (its CSP allows none). Colours come from CSS classes, which follow the light or dark scheme.
 */

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface Bar {
  label: string;
  value: number;
  /** The value as displayed (formatted, with its unit). */
  text: string;
  /** The "other" fold, drawn apart. */
  other?: boolean;
}

/** Horizontal bars, one per group, largest first as given. */
export function horizontalBars(bars: readonly Bar[], ariaLabel: string): string {
  const width = 640;
  const labelWidth = 230;
  const barArea = 300;
  const row = 26;
  const height = bars.length * row + 4;
  const max = Math.max(...bars.map((bar) => bar.value), 0);
  const rows = bars.map((bar, index) => {
    const y = index * row + 2;
    const length = max > 0 ? Math.max(bar.value > 0 ? 2 : 0, (bar.value / max) * barArea) : 0;
    const label = bar.label.length > 34 ? `${bar.label.slice(0, 33)}…` : bar.label;
    return (
      `<g><title>${escapeHtml(`${bar.label}: ${bar.text}`)}</title>` +
      `<text class="label" x="${labelWidth - 8}" y="${y + 17}" text-anchor="end">${escapeHtml(label)}</text>` +
      `<rect class="${bar.other ? 'bar other' : 'bar'}" x="${labelWidth}" y="${y + 4}" width="${length.toFixed(1)}" height="${row - 8}" rx="3"></rect>` +
      `<text class="value" x="${(labelWidth + length + 6).toFixed(1)}" y="${y + 17}">${escapeHtml(bar.text)}</text></g>`
    );
  });
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(ariaLabel)}">${rows.join('')}</svg>`;
}

export interface Column {
  /** The x-axis label (a day or a week's Monday). */
  label: string;
  /** Null: withheld under k-anonymity, drawn as a hatched stub. */
  value: number | null;
  text: string;
}

/** Vertical columns over time, with the maximum on the y axis and a few x labels. */
export function columns(points: readonly Column[], ariaLabel: string, hiddenText: string, maxLabel: (max: number) => string): string {
  const width = 640;
  const height = 170;
  const left = 62;
  const top = 10;
  const plot = { width: width - left - 6, height: height - top - 30 };
  const max = Math.max(...points.map((point) => point.value ?? 0), 0);
  const step = points.length > 0 ? plot.width / points.length : plot.width;
  const barWidth = Math.max(1, step * 0.72);
  const every = Math.max(1, Math.ceil(points.length / 8));
  const parts: string[] = [
    `<line class="axis" x1="${left}" y1="${top + plot.height}" x2="${width - 6}" y2="${top + plot.height}"></line>`,
    `<line class="grid" x1="${left}" y1="${top}" x2="${width - 6}" y2="${top}"></line>`,
    `<text class="tick" x="${left - 6}" y="${top + 4}" text-anchor="end">${escapeHtml(maxLabel(max))}</text>`,
    `<text class="tick" x="${left - 6}" y="${top + plot.height + 4}" text-anchor="end">0</text>`,
  ];
  points.forEach((point, index) => {
    const x = left + index * step + (step - barWidth) / 2;
    const title = `<title>${escapeHtml(`${point.label}: ${point.value === null ? hiddenText : point.text}`)}</title>`;
    if (point.value === null) {
      parts.push(`<g>${title}<rect class="withheld" x="${x.toFixed(1)}" y="${top + plot.height - 6}" width="${barWidth.toFixed(1)}" height="6"></rect></g>`);
    } else {
      const barHeight = max > 0 ? (point.value / max) * plot.height : 0;
      parts.push(`<g>${title}<rect class="bar" x="${x.toFixed(1)}" y="${(top + plot.height - barHeight).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${barHeight.toFixed(1)}"></rect></g>`);
    }
    if (index % every === 0) parts.push(`<text class="tick" x="${(x + barWidth / 2).toFixed(1)}" y="${height - 8}" text-anchor="middle">${escapeHtml(point.label.slice(5))}</text>`);
  });
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(ariaLabel)}">${parts.join('')}</svg>`;
}
