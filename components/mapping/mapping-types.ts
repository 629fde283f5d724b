/** A source column as the mapping editor offers it; `example` is already masked on the server. */
export interface MappingColumn {
  name: string;
  type: string;
  example: string | null;
}
