/** Confirmation of dangerous actions: the dialog and the page shown without JavaScript. */
export const confirm = {
  title: "Подтвердите действие",
  cancel: "Отмена",
  /** Under the question on the page without JavaScript. */
  pageHint: "Проверьте, что всё верно: после подтверждения действие выполнится сразу.",
};
