/**
 * Like Nest's SetMetadata, but adds to what the decorated class or method already has instead
 * of replacing it: two stacked `@Roles(...)` are two requirements, never one silently dropped.
 */
export function appendMetadata<T>(key: string, items: readonly T[]): ClassDecorator & MethodDecorator {
  return (target: object, _property?: string | symbol, descriptor?: PropertyDescriptor): void => {
    const holder: object = descriptor === undefined ? target : (descriptor.value as object);
    const existing = (Reflect.getMetadata(key, holder) as T[] | undefined) ?? [];
    Reflect.defineMetadata(key, [...existing, ...items], holder);
  };
}
