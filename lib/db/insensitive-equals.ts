/**
 * A Prisma filter for text equal to `value` but for case. Prisma runs a case-insensitive `equals`
 * on PostgreSQL as ILIKE, where `%` and `_` are wildcards and `\` escapes, so they are escaped
 * here: unescaped, "Shop_2" would match "Shop 2", and "%" every row.
 */
export function insensitiveEquals(value: string): { equals: string; mode: "insensitive" } {
  return { equals: value.replace(/[\\%_]/g, "\\$&"), mode: "insensitive" };
}
