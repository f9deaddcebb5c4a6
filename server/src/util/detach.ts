/**
 * A copy of a string that does not keep a larger string alive. V8 makes a
 * substring a view into its parent: a line sliced from a document keeps the
 * whole document in memory, and so does a memo key sliced from it. Values
 * that outlive their document version (lines taken over by the next version,
 * memo tables) are detached with this: concatenation gives a rope, which
 * slicing flattens into a new string of the line's own size.
 */
export function detach(text: string): string {
  return (' ' + text).slice(1);
}
