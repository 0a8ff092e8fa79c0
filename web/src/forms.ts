/**
 * Takes a form's submit from the browser and reads its fields: `value(name)` is the field's text,
 * trimmed ('' when absent).
 */
export function submitted(event: Event): (name: string) => string {
  event.preventDefault();
  const form = new FormData(event.currentTarget as HTMLFormElement);
  return (name) => String(form.get(name) ?? '').trim();
}
