/** A parameter GET /login passes on to /authorize, and the rule its value must follow there. */
export interface LoginParameter {
  name: string;
  /** Why `value` is refused, or undefined when it may go to /authorize. */
  problem(value: string): string | undefined;
}

/** A parameter whose value is one of `values`, exactly. */
export function oneOf(name: string, values: readonly string[]): LoginParameter {
  return { name, problem: (value) => (values.includes(value) ? undefined : `must be one of ${values.join(', ')}`) };
}

/** A parameter of at most `maxLength` characters that `pattern` accepts whole. */
export function matching(name: string, maxLength: number, pattern: RegExp, shape: string): LoginParameter {
  return {
    name,
    problem(value) {
      if (value.length === 0 || value.length > maxLength) return `must be 1 to ${maxLength} characters`;
      return pattern.test(value) ? undefined : `must be ${shape}`;
    },
  };
}
