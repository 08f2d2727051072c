// Aligned plain-text tables for terminal output. Columns are padded to their widest cell; the last column
// is never padded so long keys do not add trailing spaces.

export interface Column<T> {
  header: string;
  cell: (row: T) => string;
  align?: 'left' | 'right';
}

export function formatTable<T>(rows: T[], columns: Column<T>[], withHeader = true): string {
  const cells = rows.map((r) => columns.map((c) => c.cell(r)));
  const all = withHeader ? [columns.map((c) => c.header), ...cells] : cells;
  const widths = columns.map((_, i) => Math.max(0, ...all.map((row) => row[i].length)));
  return all
    .map((row) =>
      row
        .map((cell, i) => {
          if (i === columns.length - 1) return cell;
          return columns[i].align === 'right' ? cell.padStart(widths[i]) : cell.padEnd(widths[i]);
        })
        .join('  '),
    )
    .join('\n');
}

/** 1536 → "1.5 KiB". */
export function formatSize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** "2026-11-26 19:04:11" (UTC), or "" when unknown. */
export function formatDate(d: Date | undefined): string {
  return d ? d.toISOString().replace('T', ' ').slice(0, 19) : '';
}
