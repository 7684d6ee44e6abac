/** A form field's error message, announced when it appears; link it to the field with aria-describedby={id}. */
export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} role="alert" className="mt-1 text-sm text-rose-700 dark:text-rose-300">
      {message}
    </p>
  );
}

/** The look of a text input or textarea in a form; red border when aria-invalid. */
export const FORM_INPUT_CLASS =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-sky-500 focus:ring-1 focus:ring-sky-500 focus:outline-none aria-[invalid=true]:border-rose-500 dark:border-slate-700 dark:bg-slate-900";
