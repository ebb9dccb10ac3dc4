import { nextTick } from 'vue'

/**
 * After a failed submit, moves keyboard focus to the first field marked invalid, so its
 * error (linked by aria-describedby) is read and the user can fix it right away.
 */
export async function focusFirstInvalid(form: HTMLElement | null | undefined): Promise<void> {
  await nextTick()
  form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
}
