// Copy buttons: <button data-copy="element-id">. Everything else works without script.
document.addEventListener('click', async (event) => {
  const button = event.target instanceof Element ? event.target.closest('button[data-copy]') : null;
  if (!button) return;
  const source = document.getElementById(button.getAttribute('data-copy'));
  if (!source) return;
  const text = 'value' in source ? source.value : source.textContent;
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Without clipboard permission, select the text so the user can copy it themselves.
    if ('select' in source) source.select();
  }
  const done = button.getAttribute('data-copied') || 'Copied';
  const label = button.textContent;
  button.textContent = done;
  button.setAttribute('aria-live', 'polite');
  setTimeout(() => {
    button.textContent = label;
  }, 2000);
});
// Forms marked data-confirm ask before they submit (the server asks again where it matters).
document.addEventListener('submit', (event) => {
  const form = event.target;
  const question = form instanceof HTMLFormElement ? form.getAttribute('data-confirm') : null;
  if (question && !window.confirm(question)) event.preventDefault();
});
