/**
 * Up to two capital letters for an avatar placeholder, from the first and last word:
 * "Test User" -> "TU", "Mary Jane Watson" -> "MW", "jane.doe@example.com" -> "JD".
 */
export function initialsOf(name: string): string {
  const words = (name.split('@')[0] ?? '').split(/[\s._-]+/).filter(Boolean);
  const picked = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  // Array.from splits by code point, so an emoji or astral letter is not cut in half.
  return (
    picked
      .map((word) => Array.from(word ?? '')[0] ?? '')
      .join('')
      .toUpperCase() || '?'
  );
}
